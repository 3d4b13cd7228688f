import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { cmsSubgraph } from '../cms.subgraph';

const CREATE = `mutation($input: CreateContentTypeInput!) { createContentType(input: $input) { id apiId name } }`;

describe('cms content types (real Postgres)', () => {
  let cms: TestSubgraph;
  const count = async () => Number((await cms.dataSource.query('SELECT count(*) AS n FROM content_types'))[0].n);

  beforeAll(async () => {
    cms = await startTestSubgraph(cmsSubgraph);
  });
  afterAll(() => cms?.close());

  it('creates a content type and finds it by apiId', async () => {
    const created = await cms.request<{ createContentType: { id: string } }>(CREATE, { input: { apiId: 'blogPost', name: 'Blog post' } });
    expect(created.errors).toBeUndefined();
    const found = await cms.request(`{ contentType(apiId: "blogPost") { id name } }`);
    expect(found.data).toEqual({ contentType: { id: created.data!.createContentType.id, name: 'Blog post' } });
  });

  it('answers CONFLICT for a taken apiId, BAD_USER_INPUT for a malformed one, and writes nothing', async () => {
    const before = await count();
    const duplicate = await cms.request(CREATE, { input: { apiId: 'blogPost', name: 'Again' } });
    expect(duplicate.errors?.[0].extensions?.code).toBe('CONFLICT');
    const malformed = await cms.request(CREATE, { input: { apiId: 'Blog Post!', name: 'x' } });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { apiId: [expect.stringContaining('camelCase')] } });
    expect(await count()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown apiId and pages the list', async () => {
    expect((await cms.request(`{ contentType(apiId: "nothing") { id } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await cms.request(CREATE, { input: { apiId: 'landingPage', name: 'Landing page' } });
    const page = await cms.request<{ contentTypes: { nodes: { apiId: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ contentTypes(first: 1) { nodes { apiId } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.data!.contentTypes.nodes).toEqual([{ apiId: 'blogPost' }]);
    expect(page.data!.contentTypes.pageInfo.hasNextPage).toBe(true);
    const next = await cms.request(`query($after: String) { contentTypes(first: 5, after: $after) { nodes { apiId } pageInfo { hasNextPage } } }`, {
      after: page.data!.contentTypes.pageInfo.endCursor,
    });
    expect(next.data).toEqual({ contentTypes: { nodes: [{ apiId: 'landingPage' }], pageInfo: { hasNextPage: false } } });
  });
});
