import { Client } from 'pg';
import { createTestDatabase } from '@platform/testing';
import { defineTable, int, oldestPerParent, timestamptz, uuid } from './table';

const items = defineTable('items', 'i', { id: uuid(), parentId: uuid(), n: int(), createdAt: timestamptz() });

describe('oldestPerParent', () => {
  const parents = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: await createTestDatabase('per_parent') });
    await db.connect();
    await db.query(`CREATE TABLE items (id uuid PRIMARY KEY, parent_id uuid NOT NULL, n int NOT NULL, created_at timestamptz NOT NULL)`);
    // Parent a: five items, two of them created in the same millisecond (the id breaks the tie); parent b: one; parent c: none.
    await db.query(
      `INSERT INTO items (id, parent_id, n, created_at) VALUES
         ('00000000-0000-4000-8000-000000000105', $1, 5, '2026-01-05T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000101', $1, 1, '2026-01-01T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000103', $1, 3, '2026-01-03T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000102', $1, 2, '2026-01-03T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000104', $1, 4, '2026-01-04T00:00:00Z'),
         ('00000000-0000-4000-8000-000000000201', $2, 1, '2026-01-02T00:00:00Z')`,
      [parents[0], parents[1]],
    );
  });
  afterAll(() => db.end());
  // Answers rows as TypeORM's query() does.
  let statements = 0;
  const rows = {
    query: async (sql: string, parameters?: unknown[]) => {
      statements++;
      return (await db.query(sql, parameters)).rows;
    },
  };

  const ns = (rows: { parentId: string; n: number }[], parent: string) => rows.filter((r) => r.parentId === parent).map((r) => r.n);

  it("cuts each parent's list at the limit, oldest first, ties by id, in one statement", async () => {
    statements = 0;
    const found = await oldestPerParent(rows, items, 'parent_id', parents, 3);
    expect(statements).toBe(1);
    expect(ns(found, parents[0])).toEqual([1, 2, 3]);
    expect(ns(found, parents[1])).toEqual([1]);
    expect(ns(found, parents[2])).toEqual([]);
  });

  it('starts past the cursor, inside a tie too', async () => {
    const after = { at: new Date('2026-01-03T00:00:00Z'), id: '00000000-0000-4000-8000-000000000102' };
    expect(ns(await oldestPerParent(rows, items, 'parent_id', [parents[0]], 2, after), parents[0])).toEqual([3, 4]);
    expect(ns(await oldestPerParent(rows, items, 'parent_id', [parents[0]], 10, { ...after, at: after.at.toISOString() }), parents[0])).toEqual([3, 4, 5]);
  });

  it('asks nothing for no parents', async () => {
    expect(await oldestPerParent({ query: () => Promise.reject(new Error('no statement expected')) }, items, 'parent_id', [], 5)).toEqual([]);
  });
});
