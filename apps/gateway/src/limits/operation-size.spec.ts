import { buildSchema, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { operationSize } from './operation-size';

const schema = buildSchema(`
  type Query { customers(first: Int = 20, after: String): CustomerConnection! customer(id: ID!): Customer node(id: ID!): Node }
  interface Node { id: ID! }
  type CustomerConnection { nodes: [Customer!]! }
  type Customer implements Node {
    id: ID! name: String!
    contacts(first: Int! = 20): ContactConnection!
    deals(first: Int!): DealConnection!
    timeline(first: Int! = 10): ContactConnection!
    tickets(first: Int! = 10): ContactConnection!
    orders(first: Int): [Order!]!
  }
  type ContactConnection { nodes: [Contact!]! }
  type Contact { id: ID! name: String! }
  type DealConnection { nodes: [Deal!]! }
  type Deal { id: ID! customer: Customer! }
  type Order { id: ID! }
`);

function size(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return operationSize(schema, operation, fragments, variables);
}

describe('operationSize', () => {
  it('counts a list view of 100 customers with five relations of five each as 2,600 nodes', () => {
    const query = `query ($n: Int!) { customers(first: 100) { nodes { id name
      contacts(first: 5) { nodes { id name } } deals(first: $n) { nodes { id } } timeline(first: 5) { nodes { id } }
      tickets(first: 5) { nodes { id } } orders(first: 5) { id } } } }`;
    expect(size(query, { n: 5 })).toEqual({ nodes: 100 + 100 * 25, fields: 19 });
  });

  it('reads sizes from variables, variable defaults and the schema defaults', () => {
    expect(size('query ($n: Int!) { customers(first: $n) { nodes { id } } }', { n: 42 }).nodes).toBe(42);
    expect(size('query ($n: Int = 7) { customers(first: $n) { nodes { id } } }').nodes).toBe(7);
    expect(size('{ customers { nodes { id contacts { nodes { id } } } } }').nodes).toBe(20 + 20 * 20);
    // A size left to the subgraph (no value, no default) counts as the largest page.
    expect(size('{ customer(id: "1") { orders { id } } }').nodes).toBe(100);
  });

  it('multiplies nested lists, so three levels of 100 are a million nodes', () => {
    const query = 'query ($n: Int!) { customers(first: 100) { nodes { deals(first: $n) { nodes { customer { deals(first: 100) { nodes { id } } } } } } } }';
    expect(size(query, { n: 100 }).nodes).toBe(100 + 100 * 100 + 100 * 100 * 100);
    expect(size(query, { n: 1 }).nodes).toBe(100 + 100 + 100 * 100);
  });

  it('scales fragments and inline fragments by the list they are spread in, each fragment counted once', () => {
    const query = `{ customers(first: 10) { nodes { ...C ... on Customer { tickets(first: 2) { nodes { id } } } } } node(id: "1") { ... on Customer { ...C } } }
      fragment C on Customer { contacts(first: 3) { nodes { id } } }`;
    expect(size(query).nodes).toBe(10 + 10 * 3 + 10 * 2 + 3);
  });

  it('counts a fragment fan-out without expanding it', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');
    const result = size(`query { ...F${levels} } fragment F0 on Query { __typename } ${fragments}`);
    expect(result.fields).toBe(2 ** levels);
  });

  it('asks for nothing where a size is malformed (the subgraph refuses it)', () => {
    expect(size('{ customers(first: -5) { nodes { id } } }').nodes).toBe(0);
    expect(size('query ($n: Int) { customers(first: $n) { nodes { id } } }', { n: 'lots' }).nodes).toBe(0);
  });
});
