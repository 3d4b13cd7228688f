// Published-content reads through the gateway, as a frontend makes them:
// the built platform (five subgraphs and the gateway, each a process) on an
// embedded Postgres of its own, seeded through the graph.
//
//   npm run bench:cms
//
// Seed: 20 authors and BENCH_CMS_ARTICLES (500) articles, published; each
// article has a rich-text body, one author and three related articles
// (references, resolved in the same request).
// Load: BENCH_CMS_SECONDS (15) of publishedEntry(contentType, slug) for a
// random article, selecting its data (rich text rendered, author and related
// articles resolved) and its references, from BENCH_CMS_CONNECTIONS (16)
// connections, without a token when the gateway lets publishedEntry through
// anonymously (PUBLIC_ROOT_FIELDS), else with a token of a role without any
// other permission. Then the same for publishedEntries(first: 20).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, signUserToken } from '@platform/auth';
import { SUBGRAPH_NAMES } from '@platform/config';
import { startPlatform } from '@platform/local-runtime';

const root = join(__dirname, '..', '..', '..');
const SECONDS = Number(process.env.BENCH_CMS_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CMS_CONNECTIONS ?? 16);
const ARTICLES = Number(process.env.BENCH_CMS_ARTICLES ?? 500);
const AUTHORS = 20;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const paragraph = (text: string) => ({ type: 'paragraph', children: [{ type: 'text', text }] });

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'cms-bench-'));
  const secrets = { jwtSecret: randomBytes(32).toString('hex'), internalJwtSecret: randomBytes(32).toString('hex') };
  const ports = Object.fromEntries(await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, await freePort()])));
  const platform = await startPlatform({
    distDir: join(root, 'dist'),
    postgresDir: join(dir, 'postgres'),
    postgresPort: await freePort(),
    secrets,
    ports,
    env: { LOG_LEVEL: 'error', CMS_ASSET_DIR: join(dir, 'assets') },
    output: () => undefined,
  });
  try {
    const admin = `Bearer ${await signUserToken({ sub: 'bench', roles: [Role.Admin] }, secrets.jwtSecret)}`;
    const graph = async <T>(
      query: string,
      variables: Record<string, unknown> = {},
      authorization: string | null = admin,
    ): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> => {
      const response = await fetch(platform.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
    };
    const must = async <T>(query: string, variables: Record<string, unknown> = {}) => {
      const body = await graph<T>(query, variables);
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const createType = `mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`;
    await must(createType, { i: { apiId: 'author', name: 'Author', fields: [{ apiId: 'bio', name: 'Bio', kind: 'RICH_TEXT' }] } });
    await must(createType, {
      i: {
        apiId: 'article',
        name: 'Article',
        fields: [
          { apiId: 'summary', name: 'Summary', kind: 'TEXT', required: true },
          { apiId: 'body', name: 'Body', kind: 'RICH_TEXT' },
          { apiId: 'author', name: 'Author', kind: 'REFERENCE', referenceType: 'author' },
          { apiId: 'related', name: 'Related', kind: 'LIST', itemKind: 'REFERENCE', referenceType: 'article' },
        ],
      },
    });
    const create = async (contentType: string, title: string, slug: string, data: Record<string, unknown>) => {
      const { createEntry } = await must<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
        i: { contentType, locale: 'en', title, slug, data },
      });
      await must(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: createEntry.id });
      return createEntry.id;
    };
    const seeded = Date.now();
    const authors: string[] = [];
    for (let i = 0; i < AUTHORS; i++)
      authors.push(await create('author', `Author ${i}`, `author-${i}`, { bio: { type: 'doc', children: [paragraph(`Writes about topic ${i}.`)] } }));
    const articles: string[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const related = articles.length >= 3 ? [articles[i - 1], articles[i - 2], articles[i - 3]] : [];
      const body = { type: 'doc', children: Array.from({ length: 6 }, (_, p) => paragraph(`Paragraph ${p} of article ${i}: `.padEnd(400, 'lorem ipsum '))) };
      articles.push(
        await create('article', `Article ${i}`, `article-${i}`, { summary: `Summary of article ${i}`, body, author: authors[i % AUTHORS], related }),
      );
    }
    console.error(`seeded ${AUTHORS} authors and ${ARTICLES} articles through the gateway in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

    const read = `query($slug: String!) { publishedEntry(contentType: "article", slug: $slug) { id title version etag data references { id contentType title } } }`;
    const probe = await graph(read, { slug: 'article-10' }, null);
    const anonymous = !probe.errors;
    const authorization = anonymous ? undefined : `Bearer ${await signUserToken({ sub: 'bench-reader', roles: [Role.Analyst] }, secrets.jwtSecret)}`;
    if (!anonymous)
      console.error(
        `anonymous publishedEntry refused (${probe.errors?.[0]?.extensions?.code}): the gateway does not list it in PUBLIC_ROOT_FIELDS; reading with an analyst's token instead`,
      );
    const check = await graph<{ publishedEntry: { references: unknown[] } }>(read, { slug: 'article-10' }, authorization ?? null);
    if (check.errors || check.data!.publishedEntry.references.length !== 4) throw new Error(`unexpected answer: ${JSON.stringify(check)}`);

    const load = (body: () => string) =>
      autocannon({
        url: platform.gatewayUrl,
        connections: CONNECTIONS,
        duration: SECONDS,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      });
    const one = await load(() => JSON.stringify({ query: read, variables: { slug: `article-${Math.floor(Math.random() * ARTICLES)}` } }));
    const list = await load(() =>
      JSON.stringify({
        query: `{ publishedEntries(contentType: "article", first: 20) { nodes { id title data references { id title } } pageInfo { hasNextPage } } }`,
      }),
    );
    const row = (what: string, r: autocannon.Result) =>
      `| ${what} | ${Math.round(r.requests.total / r.duration)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} |`;
    console.log(
      [
        `cms delivery through the gateway, ${anonymous ? 'anonymous' : 'with a token'}: ${CONNECTIONS} connections, ${SECONDS} s each, ${cpus().length} CPUs, ${ARTICLES} articles`,
        '',
        '| read | requests/s | p50 ms | p99 ms | failed |',
        '|---|---|---|---|---|',
        row('publishedEntry (body rendered, author and 3 related resolved)', one),
        row('publishedEntries(first: 20), each resolved', list),
      ].join('\n'),
    );
  } finally {
    await platform.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
