import { randomUUID } from 'node:crypto';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { analyticsSubgraph } from '../analytics.subgraph';
import { RetentionService } from './retention.service';
import { TrackingRepository } from './tracking.repository';

describe('analytics raw event retention (real Postgres)', () => {
  let analytics: TestSubgraph;
  beforeAll(async () => {
    analytics = await startTestSubgraph(analyticsSubgraph, { RAW_EVENTS_RETENTION_DAYS: '60' });
  });
  afterAll(() => analytics?.close());

  const partitions = async () =>
    (
      await analytics.dataSource.query(
        `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'raw_events' ORDER BY 1`,
      )
    ).map((r: { relname: string }) => r.relname);

  it('drops whole months past retention and the message ids that went with them, keeping the rest', async () => {
    const tracking = analytics.app.get(TrackingRepository);
    const store = async (receivedAt: Date) => {
      await tracking.ensurePartition(analytics.dataSource, receivedAt);
      await tracking.insertBatch(analytics.dataSource, randomUUID(), receivedAt, [
        {
          messageId: randomUUID(),
          type: 'track',
          userId: 'u',
          anonymousId: null,
          event: 'E',
          name: null,
          groupId: null,
          previousId: null,
          timestamp: receivedAt.toISOString(),
          originalTimestamp: null,
          sentAt: null,
          context: {},
          traits: {},
          properties: {},
        },
      ]);
    };
    await store(new Date('2026-01-15T00:00:00Z'));
    await store(new Date('2026-03-10T00:00:00Z'));
    await store(new Date('2026-04-20T00:00:00Z'));
    expect(await partitions()).toEqual(['raw_events_2026_01', 'raw_events_2026_03', 'raw_events_2026_04']);
    // 60 days before 2026-05-05 is 2026-03-06: January goes; March holds events inside the window and stays.
    expect(await analytics.app.get(RetentionService).run(new Date('2026-05-05T00:00:00Z'))).toEqual(['raw_events_2026_01']);
    expect(await partitions()).toEqual(['raw_events_2026_03', 'raw_events_2026_04']);
    const ids = await analytics.dataSource.query(`SELECT to_char(received_at, 'YYYY-MM') AS month FROM tracked_message_ids ORDER BY 1`);
    expect(ids.map((r: { month: string }) => r.month)).toEqual(['2026-03', '2026-04']);
    expect(await analytics.dataSource.query(`SELECT count(*)::int AS n FROM raw_events`)).toEqual([{ n: 2 }]);
  });

  it('refuses a retention under a month at start-up', async () => {
    await expect(startTestSubgraph(analyticsSubgraph, { RAW_EVENTS_RETENTION_DAYS: '7' })).rejects.toThrow(/RAW_EVENTS_RETENTION_DAYS/);
  });
});
