import { Role } from '@platform/auth';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { eventually } from '@platform/testing';
import { cmsSubgraph } from '../cms.subgraph';

const publisher = { sub: 'pat', roles: [Role.ContentPublisher] };
const SCHEDULE = `mutation($id: ID!, $action: ScheduledAction!, $at: DateTime!) { scheduleEntry(id: $id, action: $action, at: $at) { id runAt doneAt } }`;

describe('cms scheduled publishing (real Postgres)', () => {
  const started: TestSubgraph[] = [];
  const start = async (pollMs: string, databaseUrl?: string) => {
    const cms = await startTestSubgraph(cmsSubgraph, { CMS_SCHEDULE_POLL_MS: pollMs }, databaseUrl ? { databaseUrl } : {});
    started.push(cms);
    return cms;
  };
  afterAll(async () => {
    for (const cms of started) await cms.close().catch(() => undefined);
  });

  const entryOn = async (cms: TestSubgraph, slug: string) => {
    const created = await cms.request<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
      i: { contentType: 'page', locale: 'en', title: slug, slug, data: {} },
    });
    expect(created.errors).toBeUndefined();
    return created.data!.createEntry.id;
  };
  const published = async (cms: TestSubgraph, id: string) =>
    Number((await cms.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE key = $1 AND envelope->>'type' = 'cms.content.published'`, [id]))[0].n);

  it('runs a schedule whose time came while no instance ran at the next start, once, with two instances polling', async () => {
    // Polls rarely: it must not be the one that runs the schedule.
    const first = await start('3600000');
    expect((await first.request(`mutation { createContentType(input: { apiId: "page", name: "Page" }) { id } }`)).errors).toBeUndefined();
    const id = await entryOn(first, 'launch');
    const at = new Date(Date.now() + 300);
    const scheduled = await first.request<{ scheduleEntry: { id: string; doneAt: string | null } }>(
      SCHEDULE,
      { id, action: 'PUBLISH', at: at.toISOString() },
      publisher,
    );
    expect(scheduled.errors).toBeUndefined();
    expect(scheduled.data!.scheduleEntry.doneAt).toBeNull();
    await first.close();
    started.splice(started.indexOf(first), 1);
    while (Date.now() < at.getTime() + 50) await new Promise((resolve) => setTimeout(resolve, 50));

    // Two replicas come up on the same database and both poll.
    const [a, b] = await Promise.all([start('20', first.databaseUrl), start('20', first.databaseUrl)]);
    const schedule = await eventually(async () => {
      const [row] = await a.dataSource.query(`SELECT done_at, outcome FROM entry_schedules WHERE id = $1`, [scheduled.data!.scheduleEntry.id]);
      return row.done_at ? row : undefined;
    }, 'the schedule to run');
    expect(schedule.outcome).toBe('PUBLISHED');
    // Let both keep polling a while: nothing runs twice.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await published(b, id)).toBe(1);
    // A second run would have been refused (already live) and recorded that refusal over the outcome.
    const [after] = await b.dataSource.query(`SELECT done_at, outcome FROM entry_schedules WHERE id = $1`, [scheduled.data!.scheduleEntry.id]);
    expect(after).toEqual(schedule);
    const live = await b.request<{ publishedEntry: { id: string } }>(
      `{ publishedEntry(contentType: "page", slug: "launch") { id } }`,
      {},
      { sub: 'anonymous', roles: [] },
    );
    expect(live.data?.publishedEntry.id).toBe(id);
  });

  it('unpublishes on time, records a refusal instead of retrying it, and cancels what is pending', async () => {
    const cms = await start('20');
    expect((await cms.request(`mutation { createContentType(input: { apiId: "page", name: "Page", reviewRequired: true }) { id } }`)).errors).toBeUndefined();
    const unreviewed = await entryOn(cms, 'unreviewed');
    const refused = await cms.request<{ scheduleEntry: { id: string } }>(
      SCHEDULE,
      { id: unreviewed, action: 'PUBLISH', at: new Date().toISOString() },
      publisher,
    );
    const outcome = await eventually(async () => {
      const [row] = await cms.dataSource.query(`SELECT outcome FROM entry_schedules WHERE id = $1 AND done_at IS NOT NULL`, [refused.data!.scheduleEntry.id]);
      return row?.outcome as string | undefined;
    }, 'the refused schedule to be recorded');
    expect(outcome).toMatch(/^ILLEGAL_REVIEW_TRANSITION: /);
    expect(await published(cms, unreviewed)).toBe(0);

    const approved = await entryOn(cms, 'approved');
    for (const step of ['submitEntryForReview', 'approveEntry', 'publishEntry']) {
      expect((await cms.request(`mutation($id: ID!) { ${step}(id: $id) { id } }`, { id: approved })).errors).toBeUndefined();
    }
    const later = await cms.request<{ scheduleEntry: { id: string } }>(
      SCHEDULE,
      { id: approved, action: 'UNPUBLISH', at: new Date(Date.now() + 3_600_000).toISOString() },
      publisher,
    );
    const cancelled = await cms.request<{ cancelEntrySchedule: { cancelledAt: string } }>(
      `mutation($id: ID!) { cancelEntrySchedule(id: $id) { cancelledAt } }`,
      { id: later.data!.scheduleEntry.id },
      publisher,
    );
    expect(cancelled.data?.cancelEntrySchedule.cancelledAt).toEqual(expect.any(String));
    expect(
      (await cms.request(`mutation($id: ID!) { cancelEntrySchedule(id: $id) { id } }`, { id: later.data!.scheduleEntry.id }, publisher)).errors?.[0].extensions
        ?.code,
    ).toBe('NOT_FOUND');

    await cms.request(SCHEDULE, { id: approved, action: 'UNPUBLISH', at: new Date().toISOString() }, publisher);
    await eventually(async () => {
      const [row] = await cms.dataSource.query(`SELECT published_version FROM entries WHERE id = $1`, [approved]);
      return row.published_version === null || undefined;
    }, 'the entry to be unpublished');
    const entry = await cms.request<{ contentEntry: { status: string; schedules: { action: string; outcome: string | null; cancelledAt: string | null }[] } }>(
      `query($id: ID!) { contentEntry(id: $id) { status schedules { action outcome cancelledAt } } }`,
      { id: approved },
    );
    expect(entry.data?.contentEntry.status).toBe('DRAFT');
    expect(entry.data?.contentEntry.schedules.map((s) => [s.action, s.outcome, !!s.cancelledAt])).toEqual([
      ['UNPUBLISH', 'UNPUBLISHED', false],
      ['UNPUBLISH', null, true],
    ]);
  });
});
