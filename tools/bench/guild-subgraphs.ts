// The four subgraphs of The Guild's federation gateway benchmark
// (graphql-hive/graphql-gateways-benchmark): accounts, inventory, products
// and reviews, with the same schema shape and a small fixed data set, served
// "statically": each distinct request is executed once and its answer
// replayed, so the subgraphs cost next to nothing and the gateway in front
// of them is what is measured. One process, one path per subgraph.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, type GraphQLSchema, parse } from 'graphql';
import { createServer } from 'node:http';

const FEDERATION =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

const LOREM = [
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam.',
  'Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam.',
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi.',
];

const PRODUCTS = ['Table', 'Couch', 'Glass', 'Chair', 'TV', 'Lamp', 'Grill', 'Fridge', 'Sofa'].map((name, i) => ({
  upc: String(i + 1),
  name,
  price: [899, 1299, 15, 499, 1299, 6999, 3999, 100000, 9999][i],
  weight: [100, 1000, 20, 100, 1000, 300, 2000, 6000, 800][i],
}));
const USERS = Array.from({ length: 6 }, (_, i) => ({ id: String(i + 1), name: `User ${i + 1}`, username: `user${i + 1}`, birthday: 1_000_000 + i }));
// Four reviews for each of the first products, fewer after: nested lists of a few items, as in the original.
const REVIEWS = Array.from({ length: 11 }, (_, i) => ({
  id: String(i + 1),
  body: LOREM[i % LOREM.length],
  upc: String(i < 4 ? 1 : i < 8 ? 2 : i - 5),
  authorId: '1',
}));

const subgraphs: Record<string, { typeDefs: string; resolvers: Record<string, unknown> }> = {
  accounts: {
    typeDefs: `${FEDERATION}
      type Query { me: User users: [User] user(id: ID!): User }
      type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
    resolvers: {
      Query: { me: () => USERS[0], users: () => USERS, user: (_: unknown, { id }: { id: string }) => USERS.find((u) => u.id === id) },
      User: { __resolveReference: ({ id }: { id: string }) => USERS.find((u) => u.id === id) },
    },
  },
  products: {
    typeDefs: `${FEDERATION}
      type Query { topProducts(first: Int = 5): [Product] }
      type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
    resolvers: {
      Query: { topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first) },
      Product: { __resolveReference: ({ upc }: { upc: string }) => PRODUCTS.find((p) => p.upc === upc) },
    },
  },
  inventory: {
    typeDefs: `${FEDERATION}
      type Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }`,
    resolvers: {
      Product: {
        __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ref,
        inStock: ({ upc }: { upc: string }) => upc !== '3',
        // Free for expensive items, else by weight.
        shippingEstimate: ({ price, weight }: { price?: number; weight?: number }) =>
          price === undefined || weight === undefined ? null : price > 1000 ? 0 : Math.round(weight * 0.5),
      },
    },
  },
  reviews: {
    typeDefs: `${FEDERATION}
      type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
      type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
      type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
    resolvers: {
      Review: {
        __resolveReference: ({ id }: { id: string }) => REVIEWS.find((r) => r.id === id),
        product: (review: (typeof REVIEWS)[number]) => ({ upc: review.upc }),
        author: (review: (typeof REVIEWS)[number]) => ({ id: review.authorId, username: `user${review.authorId}` }),
      },
      User: { __resolveReference: (ref: { id: string }) => ref, reviews: ({ id }: { id: string }) => REVIEWS.filter((r) => r.authorId === id).slice(0, 2) },
      Product: { __resolveReference: (ref: { upc: string }) => ref, reviews: ({ upc }: { upc: string }) => REVIEWS.filter((r) => r.upc === upc) },
    },
  },
};

export const GUILD_SUBGRAPHS = Object.keys(subgraphs);
export const guildTypeDefs = (name: string) => subgraphs[name].typeDefs;

/** The benchmark's query: users and top products, their reviews, the reviews' products and authors, three levels deep. */
export const GUILD_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;

function main() {
  const port = Number(process.argv[2]);
  const schemas = new Map<string, GraphQLSchema>(
    Object.entries(subgraphs).map(([name, { typeDefs, resolvers }]) => [
      name,
      buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never }),
    ]),
  );
  const answers = new Map<string, Buffer>();
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const name = (req.url ?? '').split('/')[1];
      const body = Buffer.concat(chunks).toString();
      const key = `${name}\n${body}`;
      let answer = answers.get(key);
      if (!answer) {
        const schema = schemas.get(name);
        if (!schema) {
          res.writeHead(404).end();
          return;
        }
        const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        answer = Buffer.from(JSON.stringify(await execute({ schema, document: parse(query), variableValues: variables, operationName })));
        answers.set(key, answer);
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  }).listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
}

if (require.main === module) main();
