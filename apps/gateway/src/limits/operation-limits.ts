import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type DocumentNode, type FragmentDefinitionNode, GraphQLError, Kind } from 'graphql';
import { operationSize, type OperationSize } from './operation-size';

/**
 * Limits every operation must fit before it is planned (OWASP GraphQL cheat
 * sheet, Apollo Router's operation limits, GitHub's node limit).
 */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  /** Nodes one query may ask for, lists sized from their arguments and variables (GitHub's limit). */
  maxNodes: 500_000,
  /** Field selections once fragments are expanded. */
  maxFields: 1_000,
} as const;

export function operationLimits() {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: OPERATION_LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives, exposeLimits: true },
    // Counted by graphql-js' own parser instead (parseOptions in the gateway):
    // armor's token counter answers every syntax error with a 500.
    maxTokens: { enabled: false },
    // Replaced by operationSizePlugin: armor's cost reads literal list sizes
    // only and prices an ordinary list view (50 customers with four short
    // lists each) above any sensible limit.
    costLimit: { enabled: false },
    // Field suggestions ("did you mean ...") would map the schema for an attacker.
    blockFieldSuggestion: { enabled: true },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: [...plugins, operationSizePlugin()], validationRules };
}

/** The operation name and variables as text; none for variables too deep to write out (graphql-js refuses those itself). */
function keyOf(operationName: string | undefined | null, variables: unknown): string | undefined {
  try {
    return JSON.stringify([operationName ?? null, variables ?? null]);
  } catch {
    return undefined;
  }
}

const tooLarge = (message: string, limit: number, found: number) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, found, http: { status: 400 } } });

/** Refuses, once variables are known and before planning, operations that ask for too many nodes or fields. */
export function operationSizePlugin(limits: { maxNodes: number; maxFields: number } = OPERATION_LIMITS): ApolloServerPlugin {
  // Apollo hands identical documents over as the same parsed object: their sizes, per operation and variables, are counted once.
  const sizes = new WeakMap<DocumentNode, Map<string, OperationSize>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let known = sizes.get(document);
          if (!known) sizes.set(document, (known = new Map()));
          const key = keyOf(request.operationName, request.variables);
          let size = key === undefined ? undefined : known.get(key);
          if (!size) {
            const fragments: Record<string, FragmentDefinitionNode> = {};
            for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
            size = operationSize(schema, operation, fragments, request.variables ?? {});
            // Bounded: a document sent with ever new variables keeps only its latest sizes.
            if (known.size >= 100) known.clear();
            if (key !== undefined) known.set(key, size);
          }
          if (size.fields > limits.maxFields) {
            throw tooLarge(
              `The operation selects ${size.fields} fields once fragments are expanded; the limit is ${limits.maxFields}`,
              limits.maxFields,
              size.fields,
            );
          }
          if (size.nodes > limits.maxNodes) {
            throw tooLarge(
              `The operation asks for up to ${size.nodes} nodes (each list counted at its first/last size); the limit is ${limits.maxNodes}: ask for smaller pages`,
              limits.maxNodes,
              size.nodes,
            );
          }
        },
      };
    },
  };
}
