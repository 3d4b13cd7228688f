import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { cmsSubgraph } from '../cms.subgraph';

const editor = { sub: 'erin', roles: [Role.ContentEditor] };
const publisher = { sub: 'pat', roles: [Role.ContentPublisher] };
const anonymous = { sub: 'anonymous', roles: [] };

const CREATE_TYPE = `mutation($input: CreateContentTypeInput!) { createContentType(input: $input) { id apiId } }`;
const CREATE = `mutation($input: CreateEntryInput!) { createEntry(input: $input) { id status draftVersion publishedVersion } }`;
const UPDATE = `mutation($input: UpdateEntryInput!) { updateEntry(input: $input) { id status draftVersion publishedVersion } }`;
const PUBLISH = `mutation($id: ID!) { publishEntry(id: $id) { id status draftVersion publishedVersion publishedAt } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishEntry(id: $id) { id status publishedVersion } }`;
const REVERT = `mutation($id: ID!, $version: Int!) { revertEntry(id: $id, version: $version) { id status draftVersion publishedVersion } }`;
const LIVE = `query($type: String!, $slug: String!, $locale: String) {
  publishedEntry(contentType: $type, slug: $slug, locale: $locale) { id locale slug title version data etag references { id title } seo { title noIndex } }
}`;

const doc = (text: string) => ({ type: 'doc', children: [{ type: 'paragraph', children: [{ type: 'text', text }] }] });

describe('cms entries: drafts, versions, publishing (real Postgres)', () => {
  let cms: TestSubgraph;
  let authorId: string;
  const scalar = async (sql: string, params: unknown[] = []) => Number((await cms.dataSource.query(sql, params))[0].n);
  const written = async () => ({
    entries: await scalar('SELECT count(*) AS n FROM entries'),
    versions: await scalar('SELECT count(*) AS n FROM entry_versions'),
    outbox: await scalar('SELECT count(*) AS n FROM outbox'),
  });
  const ok = <T>(body: { data?: T | null; errors?: unknown }): T => {
    expect(body.errors).toBeUndefined();
    return body.data!;
  };

  beforeAll(async () => {
    cms = await startTestSubgraph(cmsSubgraph);
    ok(
      await cms.request(CREATE_TYPE, {
        input: { apiId: 'author', name: 'Author', fields: [{ apiId: 'name', name: 'Name', kind: 'TEXT', required: true, maxLength: 100 }] },
      }),
    );
    ok(
      await cms.request(CREATE_TYPE, {
        input: {
          apiId: 'article',
          name: 'Article',
          fields: [
            { apiId: 'summary', name: 'Summary', kind: 'TEXT', required: true, minLength: 5, maxLength: 200 },
            { apiId: 'body', name: 'Body', kind: 'RICH_TEXT' },
            { apiId: 'author', name: 'Author', kind: 'REFERENCE', referenceType: 'author' },
            { apiId: 'rating', name: 'Rating', kind: 'NUMBER', min: 1, max: 5 },
            { apiId: 'tags', name: 'Tags', kind: 'LIST', itemKind: 'ENUM', values: ['news', 'guide'] },
            { apiId: 'hero', name: 'Hero image', kind: 'ASSET' },
          ],
        },
      }),
    );
    const author = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'author', locale: 'en', title: 'Ada', data: { name: 'Ada Lovelace' } } },
        editor,
      ),
    );
    authorId = author.createEntry.id;
    ok(await cms.request(PUBLISH, { id: authorId }, publisher));
  });
  afterAll(() => cms?.close());

  it('keeps the live version while a draft is edited, publishes, reverts and unpublishes', async () => {
    const created = ok(
      await cms.request<{ createEntry: { id: string; status: string; draftVersion: number } }>(
        CREATE,
        {
          input: {
            contentType: 'article',
            locale: 'en',
            title: 'Spring launch',
            data: { summary: 'First words', body: doc('one'), author: authorId, tags: ['news'] },
          },
        },
        editor,
      ),
    ).createEntry;
    expect(created).toMatchObject({ status: 'DRAFT', draftVersion: 1 });
    // A draft is not delivered.
    expect((await cms.request(LIVE, { type: 'article', slug: 'spring-launch' }, anonymous)).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    expect(ok(await cms.request<{ publishEntry: unknown }>(PUBLISH, { id: created.id }, publisher)).publishEntry).toMatchObject({
      status: 'PUBLISHED',
      publishedVersion: 1,
    });
    const live1 = ok(
      await cms.request<{ publishedEntry: { data: { summary: string; author: { title: string } }; references: unknown[]; etag: string } }>(
        LIVE,
        { type: 'article', slug: 'spring-launch' },
        anonymous,
      ),
    ).publishedEntry;
    expect(live1.data.summary).toBe('First words');
    expect(live1.data.author).toMatchObject({ id: authorId, title: 'Ada', data: { name: 'Ada Lovelace' } });
    expect(live1.references).toEqual([{ id: authorId, title: 'Ada' }]);

    // Editing makes a draft; visitors still get version 1.
    expect(
      ok(
        await cms.request<{ updateEntry: unknown }>(
          UPDATE,
          { input: { id: created.id, data: { summary: 'Second words', author: authorId, rating: 4 } } },
          editor,
        ),
      ).updateEntry,
    ).toMatchObject({
      status: 'CHANGED',
      draftVersion: 2,
      publishedVersion: 1,
    });
    const stillLive = ok(
      await cms.request<{ publishedEntry: { version: number; data: { summary: string }; etag: string } }>(
        LIVE,
        { type: 'article', slug: 'spring-launch' },
        anonymous,
      ),
    ).publishedEntry;
    expect(stillLive).toMatchObject({ version: 1, data: { summary: 'First words' }, etag: live1.etag });

    ok(await cms.request(PUBLISH, { id: created.id }, publisher));
    const live2 = ok(
      await cms.request<{ publishedEntry: { version: number; data: { summary: string; rating: number }; etag: string } }>(
        LIVE,
        { type: 'article', slug: 'spring-launch' },
        anonymous,
      ),
    ).publishedEntry;
    expect(live2).toMatchObject({ version: 2, data: { summary: 'Second words', rating: 4 } });
    expect(live2.etag).not.toBe(live1.etag);

    // Versions record who changed which fields; compare names the differences.
    const history = ok(
      await cms.request<{ contentEntry: { versions: { version: number; changedFields: string[]; createdBy: string }[] } }>(
        `query($id: ID!) { contentEntry(id: $id) { versions { version changedFields createdBy } } }`,
        { id: created.id },
        editor,
      ),
    ).contentEntry.versions;
    expect(history).toEqual([
      { version: 2, changedFields: ['body', 'rating', 'summary', 'tags'], createdBy: 'erin' },
      { version: 1, changedFields: ['author', 'body', 'summary', 'tags', 'title', 'slug', 'seo'], createdBy: 'erin' },
    ]);
    const compared = ok(
      await cms.request<{ compareEntryVersions: { changedFields: string[] } }>(
        `query($id: ID!) { compareEntryVersions(id: $id, from: 1, to: 2) { changedFields from { version } to { version } } }`,
        { id: created.id },
        editor,
      ),
    );
    expect(compared.compareEntryVersions.changedFields).toEqual(['body', 'rating', 'summary', 'tags']);

    // Revert to version 1: a new draft (3) with version 1's data; live stays 2 until published.
    expect(ok(await cms.request<{ revertEntry: unknown }>(REVERT, { id: created.id, version: 1 }, editor)).revertEntry).toMatchObject({
      draftVersion: 3,
      publishedVersion: 2,
      status: 'CHANGED',
    });
    expect(
      ok(await cms.request<{ publishedEntry: { version: number } }>(LIVE, { type: 'article', slug: 'spring-launch' }, anonymous)).publishedEntry.version,
    ).toBe(2);
    ok(await cms.request(PUBLISH, { id: created.id }, publisher));
    expect(
      ok(await cms.request<{ publishedEntry: { version: number; data: { summary: string } } }>(LIVE, { type: 'article', slug: 'spring-launch' }, anonymous))
        .publishedEntry,
    ).toMatchObject({
      version: 3,
      data: { summary: 'First words' },
    });
    const reverted = ok(
      await cms.request<{ entryVersion: { revertedFrom: number } }>(
        `query($id: ID!) { entryVersion(id: $id, version: 3) { revertedFrom } }`,
        { id: created.id },
        editor,
      ),
    );
    expect(reverted.entryVersion.revertedFrom).toBe(1);

    expect(ok(await cms.request<{ unpublishEntry: unknown }>(UNPUBLISH, { id: created.id }, publisher)).unpublishEntry).toMatchObject({
      status: 'DRAFT',
      publishedVersion: null,
    });
    expect((await cms.request(LIVE, { type: 'article', slug: 'spring-launch' }, anonymous)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await cms.request(UNPUBLISH, { id: created.id }, publisher)).errors?.[0].extensions?.code).toBe('NOTHING_TO_PUBLISH');

    const events = await cms.dataSource.query(`SELECT topic, envelope FROM outbox WHERE key = $1 ORDER BY id`, [created.id]);
    expect(events.map((e: { envelope: { type: string; data: { version?: number } } }) => [e.envelope.type, e.envelope.data.version ?? null])).toEqual([
      ['cms.content.published', 1],
      ['cms.content.published', 2],
      ['cms.content.published', 3],
      ['cms.content.unpublished', null],
    ]);
    expect(events[0].topic).toBe('cms.content');
    expect(events[0].envelope.data).toMatchObject({
      entryId: created.id,
      contentType: 'article',
      slug: 'spring-launch',
      references: [{ entryId: authorId, contentType: 'author', title: 'Ada' }],
      data: { author: { id: authorId, title: 'Ada' }, body: { html: '<p>one</p>' } },
    });
    expect(events[3].envelope.data).toMatchObject({ entryId: created.id, slug: 'spring-launch' });
  });

  it('refuses data that does not fit the type, naming the fields, and writes nothing', async () => {
    const before = await written();
    const bad = await cms.request(
      CREATE,
      {
        input: {
          contentType: 'article',
          locale: 'en',
          title: 'Bad',
          data: {
            summary: 'tiny',
            rating: 9,
            tags: ['gossip'],
            author: '00000000-0000-4000-8000-000000000000',
            hero: '00000000-0000-4000-8000-000000000001',
            colour: 'red',
          },
        },
      },
      editor,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: {
        'data.summary': ['must be at least 5 characters'],
        'data.rating': ['must be at most 5'],
        'data.tags': ['item 0 must be one of news, guide'],
        'data.colour': ['is not a field of this content type'],
        'data.author': ['entry 00000000-0000-4000-8000-000000000000 does not exist'],
        'data.hero': ['asset 00000000-0000-4000-8000-000000000001 does not exist'],
      },
    });
    const article = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'article', locale: 'en', title: 'Wrong ref', data: { summary: 'Fine words' } } },
        editor,
      ),
    ).createEntry;
    const wrongType = await cms.request(
      CREATE,
      { input: { contentType: 'article', locale: 'en', title: 'Self', data: { summary: 'Fine words', author: article.id } } },
      editor,
    );
    expect(wrongType.errors?.[0].extensions?.fields).toEqual({ 'data.author': [`entry ${article.id} is a article, not a author`] });
    const missing = await cms.request(CREATE, { input: { contentType: 'article', locale: 'en', title: 'Missing', data: {} } }, editor);
    expect(missing.errors?.[0].extensions?.fields).toEqual({ 'data.summary': ['is required'] });
    const malformedSlug = await cms.request(
      CREATE,
      { input: { contentType: 'article', locale: 'en', title: 'X', slug: 'Not A Slug', data: { summary: 'Fine words' } } },
      editor,
    );
    expect(malformedSlug.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const failedUpdate = await cms.request(UPDATE, { input: { id: article.id, data: { summary: 'no' } } }, editor);
    expect(failedUpdate.errors?.[0].extensions?.fields).toEqual({ 'data.summary': ['must be at least 5 characters'] });
    expect(await written()).toEqual({ ...before, entries: before.entries + 1, versions: before.versions + 1 });
  });

  it('keeps slugs unique per type and locale, and serves a locale from its fallbacks', async () => {
    const en = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'article', locale: 'en', title: 'Pricing', data: { summary: 'Our prices' } } },
        editor,
      ),
    ).createEntry;
    const before = await written();
    const clash = await cms.request(
      CREATE,
      { input: { contentType: 'article', locale: 'en', title: 'Pricing', data: { summary: 'Our prices again' } } },
      editor,
    );
    expect(clash.errors?.[0].extensions).toMatchObject({ code: 'SLUG_TAKEN', entryId: en.id, slug: 'pricing' });
    expect(await written()).toEqual(before);
    // Another type may use it, and so may another locale (as a variant of the same content).
    ok(await cms.request(CREATE, { input: { contentType: 'author', locale: 'en', title: 'Pricing', data: { name: 'P' } } }, editor));
    const de = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'article', locale: 'de', title: 'Pricing', variantOf: en.id, data: { summary: 'Unsere Preise' } } },
        editor,
      ),
    ).createEntry;
    const twice = await cms.request(
      CREATE,
      { input: { contentType: 'article', locale: 'de', title: 'Preise', variantOf: en.id, data: { summary: 'Unsere Preise' } } },
      editor,
    );
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: de.id });

    ok(await cms.request(PUBLISH, { id: en.id }, publisher));
    // de is a draft: de-AT falls back to de (none live) and then to en.
    expect(
      ok(await cms.request<{ publishedEntry: { locale: string } }>(LIVE, { type: 'article', slug: 'pricing', locale: 'de-AT' }, anonymous)).publishedEntry
        .locale,
    ).toBe('en');
    ok(await cms.request(PUBLISH, { id: de.id }, publisher));
    expect(
      ok(
        await cms.request<{ publishedEntry: { locale: string; data: { summary: string } } }>(
          LIVE,
          { type: 'article', slug: 'pricing', locale: 'de-AT' },
          anonymous,
        ),
      ).publishedEntry,
    ).toMatchObject({
      locale: 'de',
      data: { summary: 'Unsere Preise' },
    });

    // Renaming a slug in a draft frees nothing until published: the live slug stays taken.
    ok(await cms.request(UPDATE, { input: { id: en.id, slug: 'prices' } }, editor));
    const onLiveSlug = await cms.request(
      CREATE,
      { input: { contentType: 'article', locale: 'en', title: 'Pricing', data: { summary: 'Sneaky words' } } },
      editor,
    );
    expect(onLiveSlug.errors?.[0].extensions?.code).toBe('SLUG_TAKEN');
  });

  it('renders stored script in rich text harmlessly', async () => {
    const body = {
      type: 'doc',
      children: [
        { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
        { type: 'html', html: '<p onmouseover="steal()">Hi<script>alert(2)</script><img src="x" onerror="alert(3)"></p>' },
        { type: 'link', href: 'javascript:alert(4)', children: [{ type: 'text', text: 'click' }] },
      ],
    };
    const entry = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'article', locale: 'en', title: 'Hostile', data: { summary: 'Hostile words', body } } },
        editor,
      ),
    ).createEntry;
    const preview = ok(
      await cms.request<{ previewEntry: { data: { body: { html: string } } } }>(`query($id: ID!) { previewEntry(id: $id) { data } }`, { id: entry.id }, editor),
    );
    ok(await cms.request(PUBLISH, { id: entry.id }, publisher));
    const live = ok(await cms.request<{ publishedEntry: { data: { body: { html: string } } } }>(LIVE, { type: 'article', slug: 'hostile' }, anonymous));
    for (const html of [preview.previewEntry.data.body.html, live.publishedEntry.data.body.html]) {
      expect(html).not.toMatch(/<script|onmouseover|onerror|javascript:/i);
      expect(html).toContain('&lt;script&gt;');
    }
    const [event] = await cms.dataSource.query(`SELECT envelope FROM outbox WHERE key = $1`, [entry.id]);
    expect(JSON.stringify(event.envelope.data.data.body.html)).not.toMatch(/<script|onerror|javascript:/i);
  });

  it('lets anonymous callers read published content and nothing else', async () => {
    const entry = ok(
      await cms.request<{ createEntry: { id: string } }>(
        CREATE,
        { input: { contentType: 'article', locale: 'en', title: 'Secret plan', data: { summary: 'Not yet public' } } },
        editor,
      ),
    ).createEntry;
    const refused = [
      [`query($id: ID!) { contentEntry(id: $id) { id } }`, { id: entry.id }],
      [`query($id: ID!) { previewEntry(id: $id) { id } }`, { id: entry.id }],
      [`{ contentEntries(contentType: "article") { nodes { id } } }`, {}],
      [`{ contentTypes { nodes { id } } }`, {}],
      [PUBLISH, { id: entry.id }],
      [CREATE, { input: { contentType: 'article', locale: 'en', title: 'Anon', data: { summary: 'Anonymous words' } } }],
    ] as const;
    for (const [query, variables] of refused)
      expect([query, (await cms.request(query, variables, anonymous)).errors?.[0].extensions?.code]).toEqual([query, 'FORBIDDEN']);
    expect((await cms.request(LIVE, { type: 'article', slug: 'secret-plan' }, anonymous)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await cms.request(LIVE, { type: 'noSuchType', slug: 'secret-plan' }, anonymous)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const list = ok(
      await cms.request<{ publishedEntries: { nodes: { slug: string }[] } }>(
        `{ publishedEntries(contentType: "article", first: 100) { nodes { slug } } }`,
        {},
        anonymous,
      ),
    );
    expect(list.publishedEntries.nodes.map((n) => n.slug)).not.toContain('secret-plan');
    expect(list.publishedEntries.nodes.length).toBeGreaterThan(0);
  });
  it('reads a page of entries with their drafts, live versions and histories in the same statements whatever its size', async () => {
    const page = (first: number) =>
      `{ contentEntries(contentType: "article", first: ${first}) { nodes { id contentType draft { version } published { version } versions(first: 2) { version } } } }`;
    const statements = async (first: number) => {
      const before = await cms.queryCount();
      const body = await cms.request<{ contentEntries: { nodes: { versions: unknown[] }[] } }>(page(first), {}, editor);
      expect(body.errors).toBeUndefined();
      expect(body.data!.contentEntries.nodes.length).toBe(first);
      return (await cms.queryCount()) - before;
    };
    expect(await statements(6)).toBe(await statements(2));
  });
});
