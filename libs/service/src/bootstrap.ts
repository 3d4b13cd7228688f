import 'reflect-metadata';
import { type DynamicModule, Global, type INestApplication, type LogLevel, Module, type Type } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { z, type ZodRawShape } from 'zod';
import { loadConfig, postgresUrl, serviceShape } from '@platform/config';
import { connectAndMigrate, DatabaseModule, type DatabaseOptions, pingDatabase, requestScope } from '@platform/database';
import { createEventBus, Outbox, platformEvents } from '@platform/events';
import { type ErrorCodes, SubgraphModule } from '@platform/graphql';
import { AuditLog } from './audit/audit-log';
import { auditLogResolver } from './audit/audit.resolver';
import { gatewayCredentialMiddleware, PermissionGuard } from './auth';
import { type EventConsumerType, EventsRuntime } from './events.runtime';
import { HealthController } from './health.controller';

/** What makes a domain service: its name, default port, database and feature modules. */
export interface SubgraphService {
  name: string;
  defaultPort: number;
  database: Omit<DatabaseOptions, 'url'>;
  imports: Array<Type<unknown> | DynamicModule>;
  /** Other services' entities this one adds fields to. */
  extendedEntities?: Type<unknown>[];
  /** Service-specific environment variables, validated with the common ones before anything starts. */
  config?: ZodRawShape;
  /** Providers (in `imports`) that consume other services' events. */
  consumers?: EventConsumerType[];
  /** The service's own error codes (an enum); the generic ones of libs/graphql need no registration. */
  errorCodes?: ErrorCodes;
  /** Name of the admin query over this service's audit log, e.g. crmAuditLog (needs the AuditLog migration). */
  auditQuery?: string;
  /**
   * Express middleware the service mounts ahead of Nest's body parsers and
   * the gateway-credential check, for routes that are not the graph (e.g. a
   * tracking API with its own body limits and authentication).
   */
  configureApp?: (app: INestApplication) => void;
}

/** Injection token of the service's validated configuration. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** The common variables (HOST, PORT, DATABASE_URL, ...) plus the service's own. */
export function loadServiceConfig(service: SubgraphService, env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceShape(service.defaultPort),
      DATABASE_URL: postgresUrl(),
      INTERNAL_JWT_SECRET: z
        .string({ error: 'must be set to the secret the gateway signs subgraph credentials with' })
        .min(32, { error: 'must be at least 32 characters' }),
      KAFKA_BROKERS: z
        .string()
        .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { error: 'must be host:port[,host:port...]' })
        .optional(),
      EVENTS_DATABASE_URL: postgresUrl().optional(),
      /**
       * Count SQL of requests apart from background work (db_queries_total's
       * origin label). It follows each request's async context, which costs
       * every request 10 to 20% more CPU: on by default except in production.
       */
      SQL_ORIGIN_METRICS: z.enum(['on', 'off']).optional(),
      ...service.config,
    },
    env,
  );
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const levelsFrom = (level: string) => LEVELS.slice(0, Math.max(1, LEVELS.indexOf(level as LogLevel) + 1));

/** The root module of a subgraph service: database, GraphQL, health and its features. */
export function subgraphRootModule(service: SubgraphService, config: ServiceConfig): Type<unknown> {
  @Global()
  @Module({
    providers: [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: Outbox, useValue: new Outbox(service.name, platformEvents) },
      { provide: APP_GUARD, useClass: PermissionGuard },
      EventsRuntime,
      AuditLog,
      ...(service.auditQuery ? [auditLogResolver(service.auditQuery)] : []),
    ],
    exports: [SERVICE_CONFIG, Outbox, AuditLog],
  })
  class ServiceConfigModule {}

  @Module({
    imports: [
      ServiceConfigModule,
      DatabaseModule.forRoot({ ...service.database, url: config.DATABASE_URL }),
      SubgraphModule.forRoot({ service: service.name, extendedEntities: service.extendedEntities, errorCodes: service.errorCodes }),
      ...service.imports,
    ],
    controllers: [HealthController],
  })
  class SubgraphRoot {}
  Object.defineProperty(SubgraphRoot, 'name', { value: `${service.name}Root` });
  return SubgraphRoot;
}

/**
 * Creates the Nest application without connecting to anything, so the
 * GraphQL schema can also be read offline (supergraph composition).
 */
export async function createSubgraphApp(service: SubgraphService, config: ServiceConfig): Promise<INestApplication> {
  const app = await NestFactory.create(subgraphRootModule(service, config), { logger: levelsFrom(config.LOG_LEVEL), abortOnError: false });
  app.enableShutdownHooks();
  if ((config.SQL_ORIGIN_METRICS ?? (config.NODE_ENV === 'production' ? 'off' : 'on')) === 'on') {
    app.use((_req: unknown, _res: unknown, next: () => void) => requestScope.run(true, next));
  }
  service.configureApp?.(app);
  app.use('/graphql', gatewayCredentialMiddleware(config.INTERNAL_JWT_SECRET));
  const dataSource = app.get(DataSource);
  HealthController.register(app, { name: 'database', check: () => pingDatabase(dataSource) });
  return app;
}

/** Validates the environment, connects the database, applies migrations and listens. */
export async function startSubgraph(service: SubgraphService, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const config = loadServiceConfig(service, env);
  const bus = createEventBus(config, service.name);
  if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ labels: { service: service.name } });
  const app = await createSubgraphApp(service, config);
  try {
    const dataSource = app.get(DataSource);
    await connectAndMigrate(dataSource);
    await app.get(EventsRuntime).start(
      bus,
      dataSource,
      (service.consumers ?? []).map((consumer) => app.get(consumer)),
    );
    await app.listen(config.PORT, config.HOST);
  } catch (err) {
    await app.close();
    throw err;
  }
  console.log(`${service.name}: listening on http://${config.HOST}:${config.PORT}/graphql`);
  return app;
}

/** main.ts body: any start-up failure is one clear line and exit code 1. */
export function runMain(start: () => Promise<unknown>): void {
  start().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
