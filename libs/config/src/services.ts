/** The platform's processes and their fixed default ports (each overridable by PORT). */
export const GATEWAY_PORT = 4000;

export const SUBGRAPH_PORTS = {
  crm: 4001,
  finance: 4002,
  inventory: 4003,
  cms: 4004,
  analytics: 4005,
} as const;

export type SubgraphName = keyof typeof SUBGRAPH_PORTS;
export const SUBGRAPH_NAMES = Object.keys(SUBGRAPH_PORTS) as SubgraphName[];

/** The environment variable that tells the gateway (and the launcher) where a subgraph is, e.g. CRM_URL. */
export const subgraphUrlVariable = (name: SubgraphName) => `${name.toUpperCase()}_URL`;
