// Composes the supergraph from the five subgraphs' code-first schemas, without
// starting servers or databases, and writes apps/gateway/supergraph.graphql.
// --check fails when the checked-in file differs from a fresh composition.
import 'reflect-metadata';
import { composeServices } from '@apollo/composition';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSubgraphSchema } from '@apollo/subgraph';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'graphql';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSubgraphApp, loadServiceConfig, type SubgraphService } from '@platform/service';
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS } from '@platform/config';

const target = join(__dirname, '..', '..', '..', 'apps', 'gateway', 'supergraph.graphql');

/**
 * The subgraph SDL of one service. Nest keeps code-first type metadata in a
 * process-wide store, so each service is loaded in a process of its own.
 */
async function printSubgraph(name: string): Promise<void> {
  const module = require(`../../apps/${name}/src/${name}.subgraph`) as Record<string, SubgraphService>;
  const service = module[`${name}Subgraph`];
  // The database is never connected: the URL only has to be well-formed.
  const config = loadServiceConfig(service, {
    DATABASE_URL: 'postgres://offline@127.0.0.1/offline',
    LOG_LEVEL: 'error',
    INTERNAL_JWT_SECRET: 'offline-composition-never-serves-requests',
  });
  const app = await createSubgraphApp(service, config);
  try {
    await app.init();
    process.stdout.write(printSubgraphSchema(app.get(GraphQLSchemaHost).schema));
  } finally {
    await app.close();
  }
}

export async function composeSupergraph(): Promise<string> {
  const run = promisify(execFile);
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const { stdout } = await run(process.execPath, [__filename, '--print', name], { maxBuffer: 64 * 1024 * 1024 });
      return { name, url: `http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`, typeDefs: parse(stdout) };
    }),
  );
  const result = composeServices(subgraphs);
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

async function main() {
  const print = process.argv.indexOf('--print');
  if (print > 0) return printSubgraph(process.argv[print + 1]);
  const check = process.argv.includes('--check');
  const supergraph = await composeSupergraph();
  if (check) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== supergraph) {
      console.error('supergraph: apps/gateway/supergraph.graphql is stale; run `npm run supergraph` and commit it');
      process.exit(1);
    }
    console.log('supergraph: apps/gateway/supergraph.graphql is up to date');
    return;
  }
  await writeFile(target, supergraph);
  console.log(`supergraph: wrote apps/gateway/supergraph.graphql (${SUBGRAPH_NAMES.length} subgraphs)`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
