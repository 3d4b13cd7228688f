import { GraphQLClient } from 'graphql-request';
import { Client } from 'pg';
import { Role, signUserToken } from '@platform/auth';

/** Where the global setup started the platform. */
export function platform() {
  const gatewayUrl = process.env.E2E_GATEWAY_URL;
  const services = process.env.E2E_SERVICE_URLS;
  if (!gatewayUrl || !services) throw new Error('E2E_GATEWAY_URL is not set: run e2e specs through jest (global setup)');
  return { gatewayUrl, serviceUrls: JSON.parse(services) as Record<string, string>, postgresUrl: process.env.E2E_POSTGRES_URL };
}

/** A user token signed like the embedded default's (the e2e platform's JWT_SECRET). */
export function tokenFor(roles: Role[], sub = `e2e-${roles.join('-') || 'nobody'}`): Promise<string> {
  const secret = process.env.E2E_JWT_SECRET;
  if (!secret) throw new Error('E2E_JWT_SECRET is not set: run e2e specs through jest (global setup)');
  return signUserToken({ sub, roles }, secret);
}

/** A GraphQL client of the gateway, signed in with `roles` (none: anonymous). */
export const gatewayClient = (roles: Role[] | null = [Role.Admin]) =>
  new GraphQLClient(platform().gatewayUrl, {
    requestMiddleware: async (request) => {
      if (!roles) return request;
      const headers = new Headers(request.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('authorization', `Bearer ${await tokenFor(roles)}`);
      return { ...request, headers };
    },
  });

/** Runs SQL against one service's database (to seed what no API writes yet, and to check nothing was written). */
export async function sql<T = Record<string, unknown>>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const url = new URL(platform().postgresUrl ?? '');
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Sum of a counter's samples in a service's /metrics; `name` may carry a label selector: db_queries_total{origin="request"}. */
export async function counter(service: string, name: string): Promise<number> {
  const text = await (await fetch(`${platform().serviceUrls[service]}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(name.includes('{') ? name.slice(0, -1) : `${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
