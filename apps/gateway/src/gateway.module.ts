import { IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { formatError, graphqlMetricsPlugin } from '@platform/graphql';
import { HealthController } from '@platform/service';
import type { GatewayConfig } from './gateway.config';

function supergraphSource(config: GatewayConfig) {
  if (config.SUPERGRAPH_MODE === 'introspect') {
    return { supergraphSdl: new IntrospectAndCompose({ subgraphs: [...config.urls].map(([name, url]) => ({ name, url })) }) };
  }
  try {
    return { supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8') };
  } catch {
    throw new Error(`config: SUPERGRAPH_PATH is malformed: cannot read ${config.SUPERGRAPH_PATH} (run npm run supergraph)`);
  }
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            playground: false,
            introspection: config.NODE_ENV !== 'production',
            includeStacktraceInErrorResponses: false,
            formatError: formatError('gateway'),
            plugins: [graphqlMetricsPlugin(), ApolloServerPluginInlineTraceDisabled()],
          },
          gateway: {
            ...supergraphSource(config),
            // The URLs in the supergraph are local defaults; each deployment says where its subgraphs are.
            buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: config.urls.get(name) ?? url }),
          },
        }),
      ],
      controllers: [HealthController],
    };
  }
}
