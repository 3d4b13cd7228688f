import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, GATEWAY_PORT, httpUrl, loadConfig, serviceShape, SUBGRAPH_NAMES, SUBGRAPH_PORTS, subgraphUrlVariable } from '@platform/config';

/** Where each subgraph is: CRM_URL, FINANCE_URL, ... defaulting to the local ports. */
const urlShape = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), httpUrl().default(`http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`)]),
);

export const gatewayShape = {
  ...serviceShape(GATEWAY_PORT),
  /** static: the checked-in supergraph (default, production). introspect: compose from running subgraphs (development only). */
  SUPERGRAPH_MODE: z.enum(['static', 'introspect']).default('static'),
  SUPERGRAPH_PATH: z
    .string()
    .min(1)
    .default(join(__dirname, '..', 'supergraph.graphql')),
  /** HS256 secret of user tokens (the embedded default); or JWT_JWKS_URL for an identity provider's RS256/ES256 keys. */
  JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  JWT_JWKS_URL: httpUrl().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Signs the short-lived credentials subgraphs accept; shared with every subgraph. */
  INTERNAL_JWT_SECRET: z.string({ error: 'must be set to the secret shared with the subgraphs' }).min(32, { error: 'must be at least 32 characters' }),
  /** Time limit of each subgraph call. */
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Most kept-alive connections to each subgraph; calls beyond them wait for a free one. */
  SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
  /**
   * Load shedding: requests served at once, how many more may wait for a
   * place and for how long; beyond that 503 with Retry-After. Size the
   * in-flight limit near the concurrency at which throughput stops growing.
   */
  GATEWAY_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(32),
  GATEWAY_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(64),
  GATEWAY_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** Per caller (a signed-in user, else a client address): sustained requests a second and the burst above it; beyond that 429. */
  GATEWAY_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1_000_000).default(50),
  GATEWAY_RATE_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Largest accepted request body. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
};

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig({ ...gatewayShape, ...urlShape }, env);
  if (!config.JWT_SECRET && !config.JWT_JWKS_URL) {
    throw new ConfigError('JWT_SECRET', 'is required (or JWT_JWKS_URL): the gateway must be able to verify user tokens');
  }
  const urls = new Map(SUBGRAPH_NAMES.map((name) => [name as string, String((config as Record<string, unknown>)[subgraphUrlVariable(name)])]));
  return { ...config, urls };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
