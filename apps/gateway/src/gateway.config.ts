import { join } from 'node:path';
import { z } from 'zod';
import { GATEWAY_PORT, httpUrl, loadConfig, serviceShape, SUBGRAPH_NAMES, SUBGRAPH_PORTS, subgraphUrlVariable } from '@platform/config';

/** Where each subgraph is: CRM_URL, FINANCE_URL, ... defaulting to the local ports. */
const urlShape = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), httpUrl().default(`http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`)]),
);

export const gatewayShape = {
  ...serviceShape(GATEWAY_PORT),
  /** static: the checked-in supergraph (default, production). introspect: compose from running subgraphs (development only). */
  SUPERGRAPH_MODE: z.enum(['static', 'introspect']).default('static'),
  SUPERGRAPH_PATH: z.string().min(1).default(join(__dirname, '..', 'supergraph.graphql')),
};

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig({ ...gatewayShape, ...urlShape }, env);
  const urls = new Map(SUBGRAPH_NAMES.map((name) => [name as string, String((config as Record<string, unknown>)[subgraphUrlVariable(name)])]));
  return { ...config, urls };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
