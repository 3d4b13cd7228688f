import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';
import { eventually } from '@platform/testing';
import { platform } from './platform';

/**
 * The analytics rows of the authorisation matrix. Each write gets a person
 * of its own, tracked through the Tracking API with a write key an admin
 * created, so a role allowed to make it succeeds whatever ran before.
 */
export function analyticsOperations(admin: GraphQLClient): Record<string, (client: GraphQLClient) => Promise<unknown>> {
  let key: Promise<string> | undefined;
  const writeKey = () =>
    (key ??= admin
      .request<{ createTrackingSource: { writeKey: string } }>(`mutation { createTrackingSource(input: { name: "Matrix" }) { writeKey } }`)
      .then((r) => r.createTrackingSource.writeKey));
  /** A person tracked by userId; resolves to their profile id once analytics has applied the call. */
  const person = async () => {
    const userId = `matrix-${randomUUID()}`;
    const response = await fetch(`${platform().serviceUrls.analytics}/v1/identify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${await writeKey()}:`).toString('base64')}` },
      body: JSON.stringify({ userId, traits: { email: `${userId}@example.test`, plan: 'pro' } }),
    });
    if (response.status !== 200) throw new Error(`tracking answered ${response.status}`);
    const { profiles } = await eventually(async () => {
      const found = await admin.request<{ profiles: { nodes: { id: string; identities: { value: string }[] }[] } }>(
        `query($since: DateTime) { profiles(first: 100, filter: { seenSince: $since }) { nodes { id identities { value } } } }`,
        { since: new Date(Date.now() - 60_000).toISOString() },
      );
      return found.profiles.nodes.some((n) => n.identities.some((i) => i.value === userId)) && found;
    }, `the profile of ${userId}`);
    return { id: profiles.nodes.find((n) => n.identities.some((i) => i.value === userId))!.id, userId };
  };
  let shared: Promise<{ id: string; userId: string }> | undefined;
  const sharedPerson = () => (shared ??= person());
  let made: Promise<string> | undefined;
  const segment = () =>
    (made ??= admin
      .request<{ createSegment: { id: string } }>(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }`, {
        i: { name: `matrix-${randomUUID()}`, rule: '{"trait":"plan","equals":"pro"}' },
      })
      .then((r) => r.createSegment.id));
  const PROFILE = (fields: string) => async (c: GraphQLClient) =>
    c.request(`query($id: ID!) { profile(id: $id) { ${fields} } }`, { id: (await sharedPerson()).id });

  return {
    'Query.profile': PROFILE('id traits { name value }'),
    'Query.profiles': (c) => c.request(`{ profiles(first: 1) { nodes { id } } }`),
    'Profile.personalTraits': PROFILE('personalTraits { name value }'),
    'Profile.traitHistory': PROFILE('traitHistory(name: "plan") { value }'),
    'Profile.identities': PROFILE('identities { kind value }'),
    'Query.trackingSources': (c) => c.request(`{ trackingSources { id } }`),
    'Mutation.createTrackingSource': (c) => c.request(`mutation { createTrackingSource(input: { name: "M" }) { writeKey } }`),
    'Mutation.disableTrackingSource': async (c) => {
      const { createTrackingSource } = await admin.request<{ createTrackingSource: { source: { id: string } } }>(
        `mutation { createTrackingSource(input: { name: "Disable me" }) { source { id } } }`,
      );
      return c.request(`mutation($id: ID!) { disableTrackingSource(id: $id) { id } }`, { id: createTrackingSource.source.id });
    },
    'Mutation.mergeProfiles': async (c) => {
      const [a, b] = await Promise.all([person(), person()]);
      return c.request(`mutation($i: MergeProfilesInput!) { mergeProfiles(input: $i) { id } }`, { i: { profileId: a.id, intoProfileId: b.id } });
    },
    'Mutation.splitIdentifier': async (c) => {
      const { userId } = await person();
      return c.request(`mutation($v: String!) { splitIdentifier(input: { kind: EMAIL, value: $v }) { id } }`, { v: `${userId}@example.test` });
    },
    'Mutation.eraseProfile': async (c) => c.request(`mutation($id: ID!) { eraseProfile(id: $id) { events } }`, { id: (await person()).id }),
    'Mutation.rebuildProfiles': (c) => c.request(`mutation { rebuildProfiles { profiles } }`),
    'Query.analyticsAuditLog': (c) => c.request(`{ analyticsAuditLog(first: 1) { id } }`),
    'Query.segment': async (c) =>
      c.request(`query($id: ID!) { segment(id: $id) { id size members(first: 1) { nodes { profileId } } } }`, { id: await segment() }),
    'Query.metrics': (c) =>
      c.request(`query($p: MetricsPeriodInput!) { metrics(period: $p) { leadToOpportunity churnRate } }`, {
        p: { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date().toISOString() },
      }),
    'Query.segments': (c) => c.request(`{ segments(first: 1) { nodes { id } } }`),
    'Mutation.createSegment': (c) =>
      c.request(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id } }`, {
        i: { name: `matrix-${randomUUID()}`, rule: '{"trait":"plan","equals":"pro"}' },
      }),
  };
}
