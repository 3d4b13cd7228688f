import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { cmsSubgraph } from '../cms.subgraph';
import { publishedBySlugQuery, publishedListQuery } from './entries.repository';

/** The plans of the delivery statements on a few thousand entries: each is an index lookup, not a scan. */
describe('cms delivery plans (real Postgres)', () => {
  let cms: TestSubgraph;
  let typeId: string;

  beforeAll(async () => {
    cms = await startTestSubgraph(cmsSubgraph);
    [{ id: typeId }] = await cms.dataSource.query(`INSERT INTO content_types (id, api_id, name) VALUES (gen_random_uuid(), 'article', 'Article') RETURNING id`);
    await cms.dataSource.query(`INSERT INTO content_types (id, api_id, name) VALUES (gen_random_uuid(), 'other', 'Other')`);
    await cms.dataSource.query(
      `INSERT INTO entries (id, content_type_id, group_id, locale, slug, published_slug, draft_version, published_version, published_at)
       SELECT id, CASE WHEN i % 2 = 0 THEN $1 ELSE (SELECT id FROM content_types WHERE api_id = 'other') END, id,
              (ARRAY['en', 'de', 'fr'])[1 + i % 3], 'slug-' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'slug-' || i END,
              1, CASE WHEN i % 5 = 0 THEN NULL ELSE 1 END, CASE WHEN i % 5 = 0 THEN NULL ELSE now() - make_interval(secs => i) END
         FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, 6000) i) g`,
      [typeId],
    );
    await cms.dataSource.query(`ANALYZE entries`);
  });
  afterAll(() => cms?.close());

  const plan = async ({ sql, parameters }: { sql: string; parameters: unknown[] }) =>
    (await cms.dataSource.query(`EXPLAIN ${sql}`, parameters)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');

  it('finds a live entry by type and slug through the published-slug index', async () => {
    const text = await plan(publishedBySlugQuery(typeId, 'slug-42', ['de-AT', 'de', 'en']));
    expect(text).toMatch(/Index Scan using entries_published_slug_key/);
    expect(text).not.toMatch(/Seq Scan/);
  });

  it('pages live entries of a type and locale through the published index, newest first', async () => {
    const first = await plan(publishedListQuery(typeId, 'en', 20));
    expect(first).toMatch(/Index Scan Backward using entries_published_idx/);
    const [{ at, id }] = await cms.dataSource.query(
      `SELECT published_at AS at, id FROM entries WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1 OFFSET 500`,
    );
    const cursor = Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
    const next = await plan(publishedListQuery(typeId, 'en', 20, cursor));
    expect(next).toMatch(/Index Scan Backward using entries_published_idx/);
    expect(next).not.toMatch(/Seq Scan/);
  });
});
