import 'reflect-metadata';
import { type DynamicModule, Global, type INestApplication, type LogLevel, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { collectDefaultMetrics, register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { ZodRawShape } from 'zod';
import { loadConfig, postgresUrl, serviceShape } from '@platform/config';
import { connectAndMigrate, DatabaseModule, type DatabaseOptions, pingDatabase } from '@platform/database';
import { SubgraphModule } from '@platform/graphql';
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
}

/** Injection token of the service's validated configuration. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** The common variables (HOST, PORT, DATABASE_URL, ...) plus the service's own. */
export function loadServiceConfig(service: SubgraphService, env: NodeJS.ProcessEnv = process.env) {
  return loadConfig({ ...serviceShape(service.defaultPort), DATABASE_URL: postgresUrl(), ...service.config }, env);
}

export type ServiceConfig = ReturnType<typeof loadServiceConfig>;

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const levelsFrom = (level: string) => LEVELS.slice(0, Math.max(1, LEVELS.indexOf(level as LogLevel) + 1));

/** The root module of a subgraph service: database, GraphQL, health and its features. */
export function subgraphRootModule(service: SubgraphService, config: ServiceConfig): Type<unknown> {
  @Global()
  @Module({ providers: [{ provide: SERVICE_CONFIG, useValue: config }], exports: [SERVICE_CONFIG] })
  class ServiceConfigModule {}

  @Module({
    imports: [
      ServiceConfigModule,
      DatabaseModule.forRoot({ ...service.database, url: config.DATABASE_URL }),
      SubgraphModule.forRoot({ service: service.name, extendedEntities: service.extendedEntities }),
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
  const dataSource = app.get(DataSource);
  HealthController.register(app, { name: 'database', check: () => pingDatabase(dataSource) });
  return app;
}

/** Validates the environment, connects the database, applies migrations and listens. */
export async function startSubgraph(service: SubgraphService, env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const config = loadServiceConfig(service, env);
  if (!register.getSingleMetric('process_cpu_seconds_total')) collectDefaultMetrics({ labels: { service: service.name } });
  const app = await createSubgraphApp(service, config);
  try {
    await connectAndMigrate(app.get(DataSource));
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
