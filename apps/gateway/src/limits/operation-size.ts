import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  valueFromASTUntyped,
} from 'graphql';

/**
 * What an operation asks for, counted the way GitHub's GraphQL API limits
 * it: every field with a `first` (or `last`) argument returns up to that
 * many nodes, and each of them asks again for what is selected below it.
 * `customers(first: 100) { nodes { deals(first: 5) { ... } } }` is
 * 100 + 100 x 5 = 600 nodes. The sizes are read from literals, variables and
 * the schema's argument defaults alike. `fields` counts field selections
 * once fragments are expanded, which catches fragment fan-outs.
 */
export interface OperationSize {
  nodes: number;
  fields: number;
}

const SIZE_ARGUMENTS = ['first', 'last'];
/** A list whose size is left to the subgraph counts as its largest page. */
const ASSUMED_PAGE = 100;

export function operationSize(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): OperationSize {
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  // A fragment's size does not depend on where it is spread (only scaled by it): count each once.
  const fragmentSizes = new Map<string, OperationSize>();

  const given = { ...variableDefaults(operation), ...variables };
  const listSize = (field: GraphQLField<unknown, unknown> | undefined, node: FieldNode): number | undefined => {
    for (const name of SIZE_ARGUMENTS) {
      const argument = node.arguments?.find((arg) => arg.name.value === name);
      const declared = field?.args.find((arg) => arg.name === name);
      if (!argument && !declared) continue;
      const value = argument ? valueFromASTUntyped(argument.value, given) : declared?.defaultValue;
      if (value === undefined || value === null) return ASSUMED_PAGE;
      // A malformed size is the subgraph's to refuse; it asks for nothing here.
      return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
    }
    return undefined;
  };

  const sizeOf = (selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | null | undefined): OperationSize => {
    const size = { nodes: 0, fields: 0 };
    for (const selection of selectionSet?.selections ?? []) {
      let inner: OperationSize;
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(schema, parent, selection.name.value);
        const child = sizeOf(selection.selectionSet, field ? getNamedType(field.type) : undefined);
        const n = listSize(field, selection);
        inner = n === undefined ? { nodes: child.nodes, fields: child.fields + 1 } : { nodes: n + n * child.nodes, fields: child.fields + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = sizeOf(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent);
      } else {
        const name = selection.name.value;
        let known = fragmentSizes.get(name);
        if (!known) {
          const fragment = fragments[name];
          known = fragment ? sizeOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value)) : { nodes: 0, fields: 0 };
          fragmentSizes.set(name, known);
        }
        inner = known;
      }
      size.nodes += inner.nodes;
      size.fields += inner.fields;
    }
    return size;
  };

  return sizeOf(operation.selectionSet, root);
}

function variableDefaults(operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return defaults;
}

function fieldOf(schema: GraphQLSchema, parent: GraphQLNamedType | null | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__schema' && parent === schema.getQueryType()) return SchemaMetaFieldDef;
  if (name === '__type' && parent === schema.getQueryType()) return TypeMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}
