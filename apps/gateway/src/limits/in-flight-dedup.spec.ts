import { ApolloServer } from '@apollo/server';
import { Role } from '@platform/auth';
import type { GatewayContext } from '../auth/gateway-auth';
import { inFlightDeduplication } from './in-flight-dedup';

/** A server whose resolvers count their runs and hold until released, so requests overlap for certain. */
async function server() {
  const runs = { slow: 0, bump: 0 };
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs: 'type Query { slow(n: Int): String } type Mutation { bump: Int }',
    resolvers: {
      Query: {
        slow: async (_: unknown, { n }: { n?: number }, context: GatewayContext) => (
          runs.slow++,
          await gate,
          `${context.identity?.sub ?? 'anonymous'}:${n ?? '-'}`
        ),
      },
      Mutation: { bump: async () => (await gate, ++runs.bump) },
    },
    plugins: [inFlightDeduplication({ maxWaitMs: 5_000 })],
  });
  await apollo.start();
  const run = (query: string, identity: GatewayContext['identity'], variables?: Record<string, unknown>) =>
    apollo.executeOperation({ query, variables }, { contextValue: { identity } }).then((r) => (r.body.kind === 'single' ? r.body.singleResult : null));
  return { apollo, runs, release, run };
}

const alice = { sub: 'alice', roles: [Role.Sales, Role.Support] };

describe('inFlightDeduplication', () => {
  it('answers identical queries of one caller with one execution', async () => {
    const s = await server();
    const answers = Promise.all([1, 2, 3, 4, 5].map(() => s.run('{ slow }', alice)));
    await new Promise((r) => setTimeout(r, 20));
    s.release();
    expect((await answers).map((a) => a?.data)).toEqual(Array(5).fill({ slow: 'alice:-' }));
    expect(s.runs.slow).toBe(1);
    // Once answered, the next identical query runs again: only in-flight requests are shared.
    await s.run('{ slow }', alice);
    expect(s.runs.slow).toBe(2);
    await s.apollo.stop();
  });

  it('never shares between callers, variables or documents, and never shares mutations', async () => {
    const s = await server();
    const answers = Promise.all([
      s.run('{ slow }', alice),
      s.run('{ slow }', { ...alice, roles: [Role.Support, Role.Sales] }),
      s.run('{ slow }', { sub: 'bob', roles: alice.roles }),
      s.run('{ slow }', { sub: 'alice', roles: [Role.Sales] }),
      s.run('{ slow }', null),
      s.run('query($n: Int) { slow(n: $n) }', alice, { n: 1 }),
      s.run('query($n: Int) { slow(n: $n) }', alice, { n: 2 }),
      s.run('{ slow(n: 3) }', alice),
      s.run('mutation { bump }', alice),
      s.run('mutation { bump }', alice),
    ]);
    await new Promise((r) => setTimeout(r, 20));
    s.release();
    const data = (await answers).map((a) => a?.data);
    expect(data).toEqual([
      { slow: 'alice:-' },
      { slow: 'alice:-' },
      { slow: 'bob:-' },
      { slow: 'alice:-' },
      { slow: 'anonymous:-' },
      { slow: 'alice:1' },
      { slow: 'alice:2' },
      { slow: 'alice:3' },
      { bump: expect.any(Number) },
      { bump: expect.any(Number) },
    ]);
    // The same roles in another order are the same caller: 8 queries, 7 executions; both mutations ran.
    expect(s.runs.slow).toBe(7);
    expect(s.runs.bump).toBe(2);
    await s.apollo.stop();
  });
});
