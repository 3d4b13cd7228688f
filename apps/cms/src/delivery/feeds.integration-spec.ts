import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { cmsSubgraph } from '../cms.subgraph';

describe('cms sitemap and RSS (real Postgres)', () => {
  let cms: TestSubgraph;
  let base: string;

  const entry = async (title: string, slug: string, publish: boolean, seo: Record<string, unknown> = {}, locale = 'en') => {
    const created = await cms.request<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
      i: { contentType: 'post', locale, title, slug, data: {}, seo },
    });
    expect(created.errors).toBeUndefined();
    if (publish)
      expect((await cms.request(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: created.data!.createEntry.id })).errors).toBeUndefined();
    return created.data!.createEntry.id;
  };

  beforeAll(async () => {
    cms = await startTestSubgraph(cmsSubgraph, { CMS_SITE_URL: 'https://www.example.com' });
    base = cms.url.replace(/\/graphql$/, '');
    await cms.request(`mutation { createContentType(input: { apiId: "post", name: "Post" }) { id } }`);
    await entry('Hello & welcome', 'hello', true, { description: 'The first post' });
    await entry('Hidden', 'hidden', true, { noIndex: true });
    await entry('Canonical', 'canonical', true, { canonicalUrl: 'https://blog.example.com/canonical' });
    await entry('Draft only', 'draft-only', false);
    await entry('Hallo', 'hallo', true, {}, 'de');
  });
  afterAll(() => cms?.close());

  it('lists live, indexable entries in sitemap.xml', async () => {
    const response = await fetch(`${base}/cms/public/sitemap.xml`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/xml; charset=utf-8']);
    const locs = [...(await response.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    expect(locs).toEqual(['https://blog.example.com/canonical', 'https://www.example.com/de/post/hallo', 'https://www.example.com/en/post/hello']);
  });

  it('serves an RSS feed of a type in a locale, live entries only', async () => {
    const response = await fetch(`${base}/cms/public/feeds/post/rss.xml`);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const feed = await response.text();
    const titles = [...feed.matchAll(/<item>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]).sort();
    expect(titles).toEqual(['Canonical', 'Hello &amp; welcome', 'Hidden']);
    expect(feed).toContain('<description>The first post</description>');
    const german = await (await fetch(`${base}/cms/public/feeds/post/rss.xml?locale=de`)).text();
    expect([...german.matchAll(/<item>/g)].length).toBe(1);
    expect((await fetch(`${base}/cms/public/feeds/Not%20A%20Type/rss.xml`)).status).toBe(404);
  });
});
