import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from 'graphql-request';
import { eventually } from '@platform/testing';
import { platform } from './platform';

type FoundProfile = {
  id: string;
  traits: { name: string; value: string }[];
  personalTraits: { name: string; value: string }[];
  identities: { kind: string; value: string }[];
};

/**
 * The profile holding a userId, once analytics has applied the call: pages
 * through the profiles seen in the last ten minutes (other specs add
 * profiles of their own meanwhile).
 */
export function findProfile(admin: GraphQLClient, userId: string): Promise<FoundProfile> {
  return eventually(async () => {
    let after: string | null = null;
    for (;;) {
      const { profiles }: { profiles: { nodes: FoundProfile[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await admin.request(
        `query($since: DateTime, $after: String) { profiles(first: 100, after: $after, filter: { seenSince: $since }) {
           nodes { id traits { name value } personalTraits { name value } identities { kind value } } pageInfo { hasNextPage endCursor } } }`,
        { since: new Date(Date.now() - 600_000).toISOString(), after },
      );
      const found = profiles.nodes.find((p) => p.identities.some((i) => i.value === userId));
      if (found) return found;
      if (!profiles.pageInfo.hasNextPage) return undefined;
      after = profiles.pageInfo.endCursor;
    }
  }, `the profile of ${userId}`);
}

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
    return { id: (await findProfile(admin, userId)).id, userId };
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
