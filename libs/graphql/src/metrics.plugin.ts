import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, register } from 'prom-client';

const requests =
  (register.getSingleMetric('graphql_requests_total') as Counter<'kind'> | undefined) ??
  new Counter({ name: 'graphql_requests_total', help: 'GraphQL operations received', labelNames: ['kind'] });

/** Counts operations by kind: query, mutation, or entities (a gateway fetching entity references). */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          const kind = /\b_entities\b/.test(request.query ?? '') ? 'entities' : (operation?.operation ?? 'unknown');
          requests.inc({ kind });
        },
      };
    },
  };
}
