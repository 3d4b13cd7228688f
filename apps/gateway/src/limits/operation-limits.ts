import { ApolloArmor } from '@escape.tech/graphql-armor';

/** Limits every operation must fit before it is planned (OWASP GraphQL cheat sheet, Apollo Router's operation limits). */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 2000,
  maxCost: 5000,
} as const;

export function operationLimits() {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: OPERATION_LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives, exposeLimits: true },
    // Counted by graphql-js' own parser instead (parseOptions in the gateway):
    // armor's token counter answers every syntax error with a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost, exposeLimits: true },
    // Field suggestions ("did you mean ...") would map the schema for an attacker.
    blockFieldSuggestion: { enabled: true },
  });
  return armor.protect();
}
