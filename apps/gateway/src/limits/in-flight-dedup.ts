import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import { createHash } from 'node:crypto';
import type { GatewayContext } from '../auth/gateway-auth';

interface Shared {
  response: Promise<GraphQLResponse | null>;
  settle(response: GraphQLResponse | null): void;
}

/**
 * Identical queries that arrive while the first of them is still being
 * answered wait for that answer instead of being planned and fetched again:
 * a page that 50 people open at once costs one execution. Only queries
 * (never mutations), and only between requests that would get the same
 * answer: the same caller (subject and roles), the same document, operation
 * name, variables and accepted media type. One user's answer is never
 * served to another.
 */
export function inFlightDeduplication(options: { maxWaitMs: number }): ApolloServerPlugin<GatewayContext> {
  const inFlight = new Map<string, Shared>();
  return {
    async requestDidStart() {
      let led: { key: string; shared: Shared } | undefined;
      return {
        async responseForOperation({ operation, request, contextValue }) {
          if (operation.operation !== 'query') return null;
          const identity = contextValue.identity;
          const caller = identity ? JSON.stringify([identity.sub, [...identity.roles].sort()]) : 'anonymous';
          const key = createHash('sha256')
            .update(
              JSON.stringify([caller, request.query, request.operationName ?? null, request.variables ?? null, request.http?.headers.get('accept') ?? null]),
            )
            .digest('base64');
          const existing = inFlight.get(key);
          if (existing) {
            let timer: NodeJS.Timeout | undefined;
            const waited = await Promise.race([
              existing.response,
              new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), options.maxWaitMs))),
            ]);
            clearTimeout(timer);
            // Past the wait, or when the first request ended without a single answer, this one runs itself.
            return waited;
          }
          let settle!: (response: GraphQLResponse | null) => void;
          const shared = { response: new Promise<GraphQLResponse | null>((resolve) => (settle = resolve)), settle };
          inFlight.set(key, shared);
          led = { key, shared };
          // Whatever becomes of this request, its place is given up in time.
          setTimeout(() => {
            if (inFlight.get(key) === shared) inFlight.delete(key);
            settle(null);
          }, options.maxWaitMs).unref();
          return null;
        },
        async willSendResponse({ response }) {
          if (!led) return;
          inFlight.delete(led.key);
          led.shared.settle(
            response.body.kind === 'single'
              ? { body: response.body, http: { status: response.http.status, headers: new HeaderMap(response.http.headers) } }
              : null,
          );
        },
      };
    },
  };
}
