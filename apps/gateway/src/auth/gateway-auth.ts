import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import { GraphQLError, type OperationDefinitionNode } from 'graphql';
import { bearerToken, type Identity, signInternalToken } from '@platform/auth';
import type { SubgraphHttp } from './subgraph-http';

/**
 * Root fields anyone may call without signing in. Deliberately short: the
 * cms's published-content reads (which the cms also grants to anonymous
 * callers, `content:deliver`); everything else needs a valid token. Form
 * submissions are the cms's own public REST endpoint, not the graph.
 */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set<string>(['publishedEntry', 'publishedEntries']);

export interface GatewayContext {
  identity: Identity | null;
  /** Why a token that was sent is not accepted. */
  authError?: string;
}

/** Builds each request's context from its bearer token. */
export function gatewayContext(verify: (token: string) => Promise<Identity>) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const token = bearerToken(req.headers.authorization);
    if (!token) return { identity: null };
    try {
      return { identity: { ...(await verify(token)), ip: req.ip } };
    } catch (err) {
      return { identity: null, authError: err instanceof Error ? err.message : String(err) };
    }
  };
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Refuses, before any planning, operations from callers without a valid token, except public ones. */
export function authenticationPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, request }) {
          if (!contextValue.identity) {
            if (contextValue.authError) throw unauthenticated(`Your token was refused: ${contextValue.authError}`);
            if (!operation || !isPublic(operation)) throw unauthenticated('Sign in first: send Authorization: Bearer <token>');
          }
          if (!operation) {
            throw new GraphQLError(
              request.operationName ? `No operation named "${request.operationName}" in the document` : 'Name the operation to run: the document has several',
              {
                extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

function isPublic(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === 'Field' && (selection.name.value === '__typename' || PUBLIC_ROOT_FIELDS.has(selection.name.value)),
  );
}

const ANONYMOUS: Identity = { sub: 'anonymous', roles: [] };

/**
 * Calls a subgraph on the user's behalf with a short-lived credential the
 * gateway signs (the subgraph verifies it and checks permissions), over the
 * gateway's pool of kept-alive connections, within a time limit.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
    connections: SubgraphHttp,
  ) {
    super({
      url,
      fetcher: ((input: string, init: { headers: Record<string, string>; body: string }) => connections.post(input, init.headers, init.body)) as never,
    });
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const identity = context?.identity ?? ANONYMOUS;
    request.http?.headers.set('authorization', `Bearer ${await signInternalToken(identity, this.secret)}`);
  }
}
