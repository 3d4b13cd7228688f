// Stock @apollo/gateway with Apollo Server's defaults, as the Guild benchmark
// runs it: the reference the platform's gateway is compared with.
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';

async function main() {
  const [supergraphPath, port] = process.argv.slice(2);
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') }) });
  await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
  process.stdout.write('listening\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
