import { join } from 'node:path';
import { GATEWAY_PORT, SUBGRAPH_NAMES, SUBGRAPH_PORTS, type SubgraphName, subgraphUrlVariable } from '@platform/config';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { Supervisor } from './supervisor';

export interface PlatformOptions {
  /** The compiled tree (dist/) holding apps/<name>/src/main.js. */
  distDir: string;
  /** Embedded Postgres data directory and port; unused where every service has its own DATABASE_URL. */
  postgresDir: string;
  postgresPort: number;
  persistent?: boolean;
  /** Keep the embedded Postgres out of the terminal's Ctrl-C (see EmbeddedPostgresOptions); the launcher stops it last. */
  postgresOwnProcessGroup?: boolean;
  /** Per-service database URLs, e.g. { crm: 'postgres://...' }: those services use a real server. */
  databaseUrls?: Partial<Record<SubgraphName, string>>;
  /** Ports to listen on; defaults are the fixed platform ports. */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** The embedded event log's database; defaults to an `events` database on the embedded server. */
  eventsDatabaseUrl?: string;
  /** JWT_SECRET (user tokens, gateway) and INTERNAL_JWT_SECRET (gateway to subgraphs). */
  secrets: { jwtSecret: string; internalJwtSecret: string };
  /** Extra environment for every process (KAFKA_BROKERS selects Kafka for events). */
  env?: NodeJS.ProcessEnv;
  /** Where crm appends the email it would send (MAIL_LOG_PATH), unless SMTP_URL is set in the environment. */
  mailLogPath?: string;
  output?: (name: string, line: string) => void;
  /** Extra Node options for every process (e.g. --cpu-prof for a benchmark's profile). */
  nodeArgs?: string[];
}

export interface RunningPlatform {
  gatewayUrl: string;
  serviceUrls: Record<SubgraphName | 'gateway', string>;
  /** The crm mail log, when one was asked for. */
  mailLogPath?: string;
  postgres?: RunningPostgres;
  supervisor: Supervisor;
  stop(): Promise<void>;
}

/** Embedded Postgres (when needed), the five subgraphs and the gateway, each a process of its own. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const given = options.databaseUrls ?? {};
  const embedded = SUBGRAPH_NAMES.filter((name) => !given[name]);
  const needsEventLog = !options.eventsDatabaseUrl && !(options.env?.KAFKA_BROKERS ?? process.env.KAFKA_BROKERS);
  const postgres =
    embedded.length || needsEventLog
      ? await startEmbeddedPostgres({
          dataDir: options.postgresDir,
          port: options.postgresPort,
          databases: needsEventLog ? [...embedded, 'events'] : embedded,
          persistent: options.persistent,
          ownProcessGroup: options.postgresOwnProcessGroup,
          log: (line) => options.output?.('postgres', line),
        })
      : undefined;

  const port = (name: SubgraphName | 'gateway') => options.ports?.[name] ?? (name === 'gateway' ? GATEWAY_PORT : SUBGRAPH_PORTS[name]);
  const base = (name: SubgraphName | 'gateway') => `http://127.0.0.1:${port(name)}`;
  const supervisor = new Supervisor({ output: options.output });
  const node = (name: string) => ({
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), '--enable-source-maps', join(options.distDir, 'apps', name, 'src', 'main.js')],
  });
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', ...options.env, INTERNAL_JWT_SECRET: options.secrets.internalJwtSecret };

  const stop = async () => {
    await supervisor.stop();
    await postgres?.stop();
  };
  try {
    await Promise.all(
      SUBGRAPH_NAMES.map((name) =>
        supervisor.start({
          name,
          ...node(name),
          env: {
            ...baseEnv,
            PORT: String(port(name)),
            DATABASE_URL: given[name] ?? postgres?.url(name),
            ...(name === 'crm' && options.mailLogPath && !baseEnv.MAIL_LOG_PATH ? { MAIL_LOG_PATH: options.mailLogPath } : {}),
            // The cms takes editors' uploads (multipart, outside the graph) with the same user tokens as the gateway.
            ...(name === 'cms' ? { JWT_SECRET: options.secrets.jwtSecret } : {}),
            ...(baseEnv.KAFKA_BROKERS ? {} : { EVENTS_DATABASE_URL: options.eventsDatabaseUrl ?? postgres?.url('events') }),
          },
          readyUrl: `${base(name)}/health/ready`,
        }),
      ),
    );
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [subgraphUrlVariable(name), `${base(name)}/graphql`]));
    await supervisor.start({
      name: 'gateway',
      ...node('gateway'),
      env: { ...baseEnv, ...urls, PORT: String(port('gateway')), JWT_SECRET: options.secrets.jwtSecret },
      readyUrl: `${base('gateway')}/health/ready`,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const serviceUrls = Object.fromEntries([...SUBGRAPH_NAMES, 'gateway' as const].map((name) => [name, base(name)])) as RunningPlatform['serviceUrls'];
  return { gatewayUrl: `${base('gateway')}/graphql`, serviceUrls, mailLogPath: options.mailLogPath, postgres, supervisor, stop };
}
