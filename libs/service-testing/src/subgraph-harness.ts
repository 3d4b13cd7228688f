import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type Identity, Role, signInternalToken } from '@platform/auth';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { connectAndMigrate } from '@platform/database';
import { createSubgraphApp, loadServiceConfig, type SubgraphService } from '@platform/service';
import { createTestDatabase } from '@platform/testing';

export interface TestSubgraph {
  app: INestApplication;
  dataSource: DataSource;
  url: string;
  /** The database it runs on: pass it as `options.databaseUrl` to start another instance on the same data. */
  databaseUrl: string;
  /**
   * POSTs an operation to /graphql with a gateway credential for `as`
   * (default: an admin; null: no credential) and returns the parsed body.
   */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: Identity | null): Promise<GraphQLBody<T>>;
  /** SQL statements sent so far while serving requests. */
  queryCount(): Promise<number>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestSubgraphOptions {
  /**
   * Start on this existing database (e.g. another TestSubgraph's databaseUrl)
   * instead of a fresh one: a restart, or a second replica.
   */
  databaseUrl?: string;
}

/** The service in-process on a fresh database of its own (or `options.databaseUrl`), migrated, listening on a free loopback port. */
export async function startTestSubgraph(service: SubgraphService, env: NodeJS.ProcessEnv = {}, options: TestSubgraphOptions = {}): Promise<TestSubgraph> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase(service.name));
  const secret = randomBytes(32).toString('hex');
  const app = await createSubgraphApp(
    service,
    loadServiceConfig(service, { LOG_LEVEL: 'error', ...env, DATABASE_URL: databaseUrl, INTERNAL_JWT_SECRET: secret }),
  );
  const dataSource = app.get(DataSource);
  await connectAndMigrate(dataSource, { log: () => undefined });
  await app.listen(0, '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
  return {
    app,
    dataSource,
    url,
    databaseUrl,
    async request<T>(query: string, variables?: Record<string, unknown>, as: Identity | null = { sub: 'test-admin', roles: [Role.Admin] }) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as) headers.authorization = `Bearer ${await signInternalToken(as, secret)}`;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GraphQLBody<T>;
    },
    async queryCount() {
      const metric = await register.getSingleMetric('db_queries_total')?.get();
      return metric?.values.find((v) => v.labels.origin === 'request')?.value ?? 0;
    },
    close: () => app.close(),
  };
}
