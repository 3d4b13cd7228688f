/** What the sitemap and the feeds need of a live entry. */
export interface FeedItem {
  id: string;
  contentType: string;
  locale: string;
  slug: string;
  title: string;
  description: string | null;
  canonicalUrl: string | null;
  publishedAt: Date;
  updatedAt: Date;
}

/** Characters XML 1.0 can carry: tab, line breaks and everything from space up. */
const xmlChar = (ch: string) => ch >= ' ' || ch === '\t' || ch === '\n' || ch === '\r';

const xml = (text: string) =>
  [...text].filter(xmlChar).join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Where the frontend shows an entry: its canonical URL when it has one, else {site}/{locale}/{type}/{slug}. */
export const entryUrl = (site: string, item: FeedItem) => item.canonicalUrl ?? `${site}/${item.locale}/${item.contentType}/${item.slug}`;

/** sitemap.xml (sitemaps.org 0.9) of the given live entries. */
export function sitemap(site: string, items: readonly FeedItem[]): string {
  const urls = items.map((i) => `  <url><loc>${xml(entryUrl(site, i))}</loc><lastmod>${i.updatedAt.toISOString()}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}${urls.length ? '\n' : ''}</urlset>\n`;
}

/** An RSS 2.0 feed of the given live entries, newest first as given. */
export function rss(site: string, channel: { title: string; link: string }, items: readonly FeedItem[]): string {
  const entries = items.map((i) =>
    [
      '    <item>',
      `      <title>${xml(i.title)}</title>`,
      `      <link>${xml(entryUrl(site, i))}</link>`,
      `      <guid isPermaLink="false">${i.id}</guid>`,
      `      <pubDate>${i.publishedAt.toUTCString()}</pubDate>`,
      ...(i.description ? [`      <description>${xml(i.description)}</description>`] : []),
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '  <channel>',
    `    <title>${xml(channel.title)}</title>`,
    `    <link>${xml(channel.link)}</link>`,
    `    <description>${xml(channel.title)}</description>`,
    ...entries,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}
