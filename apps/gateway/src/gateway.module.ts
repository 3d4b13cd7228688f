import { IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { formatError, graphqlMetricsPlugin } from '@platform/graphql';
import { HealthController } from '@platform/service';
import { signInternalToken, userTokenVerifier } from '@platform/auth';
import { authenticationPlugin, gatewayContext, SubgraphDataSource } from './auth/gateway-auth';
import { SubgraphHttp } from './auth/subgraph-http';
import type { GatewayConfig } from './gateway.config';
import { OPERATION_LIMITS, operationLimits } from './limits/operation-limits';

function supergraphSource(config: GatewayConfig) {
  if (config.SUPERGRAPH_MODE === 'introspect') {
    return {
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [...config.urls].map(([name, url]) => ({ name, url })),
        introspectionHeaders: async () => ({
          authorization: `Bearer ${await signInternalToken({ sub: 'gateway', roles: [] }, config.INTERNAL_JWT_SECRET)}`,
        }),
      }),
    };
  }
  try {
    return { supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8') };
  } catch {
    throw new Error(`config: SUPERGRAPH_PATH is malformed: cannot read ${config.SUPERGRAPH_PATH} (run npm run supergraph)`);
  }
}

/** Verifies user tokens (and remembers the verified ones); one per gateway, shared by admission and the request context. */
export const userVerifier = (config: GatewayConfig) =>
  userTokenVerifier({ secret: config.JWT_SECRET, jwksUrl: config.JWT_JWKS_URL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, verifyUser = userVerifier(config)): DynamicModule {
    const armor = operationLimits();
    const connections = new SubgraphHttp({ maxSockets: config.SUBGRAPH_CONNECTIONS, timeoutMs: config.QUERY_TIMEOUT_MS });
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
            csrfPrevention: true,
            formatError: formatError('gateway', { downstream: true }),
            context: gatewayContext(verifyUser),
            plugins: [authenticationPlugin(), ...armor.plugins, graphqlMetricsPlugin(), ApolloServerPluginInlineTraceDisabled()],
            validationRules: armor.validationRules,
            // A longer document is refused while parsing: 400 GRAPHQL_PARSE_FAILED.
            parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens },
          },
          gateway: {
            ...supergraphSource(config),
            // The URLs in the supergraph are local defaults; each deployment says where its subgraphs are.
            buildService: ({ name, url }) => new SubgraphDataSource(config.urls.get(name) ?? String(url), config.INTERNAL_JWT_SECRET, connections),
          },
        }),
      ],
      controllers: [HealthController],
    };
  }
}
