import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';

type Ids<K extends string> = Record<K, { id: string }>;

/** No asset exists in an empty platform: a caller allowed to look gets NOT_FOUND, which is not a refusal. */
const notFoundIsAllowed = (err: { response?: { errors?: { extensions?: { code?: string } }[] } }) => {
  if (err.response?.errors?.every((e) => e.extensions?.code === 'NOT_FOUND')) return undefined;
  throw err;
};

/**
 * The CMS rows of the authorisation matrix. Each write gets an entry of its
 * own, made by an admin in the state the write needs (a draft, an entry in
 * review, a live one), so a role allowed to make it succeeds whatever ran
 * before.
 */
export function cmsOperations(admin: GraphQLClient): Record<string, (client: GraphQLClient) => Promise<unknown>> {
  let type: Promise<string> | undefined;
  const contentType = () =>
    (type ??= (async () => {
      const apiId = `matrixCms${randomUUID().slice(0, 8)}`;
      await admin.request(`mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`, {
        i: { apiId, name: 'Matrix', fields: [{ apiId: 'summary', name: 'Summary', kind: 'TEXT' }] },
      });
      return apiId;
    })());
  const entry = async (state: 'draft' | 'review' | 'live' = 'draft') => {
    const slug = `matrix-${randomUUID().slice(0, 8)}`;
    const { createEntry } = await admin.request<Ids<'createEntry'>>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
      i: { contentType: await contentType(), locale: 'en', title: 'Matrix', slug, data: { summary: 'x' } },
    });
    if (state === 'review') await admin.request(`mutation($id: ID!) { submitEntryForReview(id: $id) { id } }`, { id: createEntry.id });
    if (state === 'live') await admin.request(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: createEntry.id });
    return { id: createEntry.id, slug };
  };
  const byId = (mutation: string, state?: 'draft' | 'review' | 'live') => async (c: GraphQLClient) => {
    const { id } = await entry(state);
    return c.request(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id });
  };
  let formId: Promise<string> | undefined;
  const form = () =>
    (formId ??= admin
      .request<Ids<'createForm'>>(`mutation { createForm(input: { name: "Matrix", consentText: "You may email me.", consentVersion: "v1" }) { id } }`)
      .then((r) => r.createForm.id));
  const read = (query: string) => async (c: GraphQLClient) => c.request(query, { id: (await entry()).id });

  return {
    'Mutation.updateContentType': async (c) =>
      c.request(`mutation($i: UpdateContentTypeInput!) { updateContentType(input: $i) { id } }`, { i: { apiId: await contentType(), name: 'Matrix' } }),
    'Query.contentEntry': read(`query($id: ID!) { contentEntry(id: $id) { id } }`),
    'Query.contentEntries': async (c) =>
      c.request(`query($t: String!) { contentEntries(contentType: $t, first: 1) { nodes { id } } }`, { t: await contentType() }),
    'Query.entryVersion': read(`query($id: ID!) { entryVersion(id: $id, version: 1) { version } }`),
    'Query.compareEntryVersions': read(`query($id: ID!) { compareEntryVersions(id: $id, from: 1, to: 1) { changedFields } }`),
    'Query.previewEntry': read(`query($id: ID!) { previewEntry(id: $id) { id } }`),
    'Mutation.createEntry': async (c) =>
      c.request(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
        i: { contentType: await contentType(), locale: 'en', title: `Matrix ${randomUUID()}`, data: {} },
      }),
    'Mutation.updateEntry': async (c) =>
      c.request(`mutation($i: UpdateEntryInput!) { updateEntry(input: $i) { id } }`, { i: { id: (await entry()).id, title: 'Changed' } }),
    'Mutation.revertEntry': async (c) => c.request(`mutation($id: ID!) { revertEntry(id: $id, version: 1) { id } }`, { id: (await entry()).id }),
    'Mutation.submitEntryForReview': byId('submitEntryForReview'),
    'Mutation.approveEntry': byId('approveEntry', 'review'),
    'Mutation.rejectEntry': byId('rejectEntry', 'review'),
    'Mutation.publishEntry': byId('publishEntry'),
    'Mutation.unpublishEntry': byId('unpublishEntry', 'live'),
    'Mutation.scheduleEntry': async (c) =>
      c.request(`mutation($id: ID!, $at: DateTime!) { scheduleEntry(id: $id, action: PUBLISH, at: $at) { id } }`, {
        id: (await entry()).id,
        at: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    'Mutation.cancelEntrySchedule': async (c) => {
      const { scheduleEntry } = await admin.request<Ids<'scheduleEntry'>>(
        `mutation($id: ID!, $at: DateTime!) { scheduleEntry(id: $id, action: PUBLISH, at: $at) { id } }`,
        {
          id: (await entry()).id,
          at: new Date(Date.now() + 86_400_000).toISOString(),
        },
      );
      return c.request(`mutation($id: ID!) { cancelEntrySchedule(id: $id) { id } }`, { id: scheduleEntry.id });
    },
    'Query.publishedEntry': async (c) => {
      const { slug } = await entry('live');
      return c.request(`query($t: String!, $s: String!) { publishedEntry(contentType: $t, slug: $s) { id } }`, { t: await contentType(), s: slug });
    },
    'Query.asset': (c) => c.request(`query($id: ID!) { asset(id: $id) { id } }`, { id: randomUUID() }).catch(notFoundIsAllowed),
    'Query.assets': (c) => c.request(`{ assets(first: 1) { nodes { id } } }`),
    'Mutation.createForm': (c) =>
      c.request(`mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`, {
        i: { name: 'Matrix', consentText: 'You may email me.', consentVersion: 'v1' },
      }),
    'Query.form': async (c) => c.request(`query($id: ID!) { form(id: $id) { id } }`, { id: await form() }),
    'Query.forms': (c) => c.request(`{ forms(first: 1) { nodes { id } } }`),
    'Query.formSubmissions': async (c) => c.request(`query($id: ID!) { formSubmissions(formId: $id, first: 1) { nodes { id } } }`, { id: await form() }),
    'Query.publishedEntries': async (c) =>
      c.request(`query($t: String!) { publishedEntries(contentType: $t, first: 1) { nodes { id } } }`, { t: await contentType() }),
  };
}
