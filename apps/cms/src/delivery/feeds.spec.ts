import { entryUrl, type FeedItem, rss, sitemap } from './feeds';

const item = (more: Partial<FeedItem> = {}): FeedItem => ({
  id: '0b0e1e44-8c5a-4e8e-9a55-1d6f3c1c2a10',
  contentType: 'article',
  locale: 'en',
  slug: 'spring-launch',
  title: 'Spring & <launch>',
  description: 'Fresh "news"',
  canonicalUrl: null,
  publishedAt: new Date('2026-03-01T10:00:00Z'),
  updatedAt: new Date('2026-03-02T10:00:00Z'),
  ...more,
});

describe('feeds', () => {
  it('builds entry URLs from the site, or takes the canonical one', () => {
    expect(entryUrl('https://example.com', item())).toBe('https://example.com/en/article/spring-launch');
    expect(entryUrl('https://example.com', item({ canonicalUrl: 'https://other.example/x' }))).toBe('https://other.example/x');
  });

  it('writes a sitemap with escaped locations', () => {
    expect(sitemap('https://example.com', [item({ canonicalUrl: 'https://e.com/?a=1&b=2' })])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '  <url><loc>https://e.com/?a=1&amp;b=2</loc><lastmod>2026-03-02T10:00:00.000Z</lastmod></url>\n</urlset>\n',
    );
    expect(sitemap('https://example.com', [])).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>');
  });

  it('writes RSS items with escaped text and RFC 822 dates', () => {
    const feed = rss('https://example.com', { title: 'Articles', link: 'https://example.com' }, [item({ title: 'A\u0001<b>' })]);
    expect(feed).toContain('<title>A&lt;b&gt;</title>');
    expect(feed).toContain('<pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate>');
    expect(feed).toContain('<description>Fresh &quot;news&quot;</description>');
    expect(feed).not.toContain('\u0001');
  });
});
