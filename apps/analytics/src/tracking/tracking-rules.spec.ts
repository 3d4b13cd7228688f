import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { correctedTimestamp, eventsOfCall, TrackingError, uniqueByMessageId, writeKeyOf } from './tracking-rules';

const receivedAt = new Date('2026-05-01T12:00:10.000Z');
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof TrackingError ? [err.status, err.code] : err;
  }
  return 'accepted';
};

describe('tracking rules', () => {
  it('corrects the timestamp by the delay the client measured between the event and sending it', () => {
    expect(correctedTimestamp(receivedAt, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:03Z'))).toEqual(new Date('2026-05-01T12:00:07.000Z'));
    expect(correctedTimestamp(receivedAt, new Date('2020-01-01T00:00:00Z'), null)).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(correctedTimestamp(receivedAt, null, new Date('2030-01-01T00:00:03Z'))).toEqual(receivedAt);
  });

  it("merges the batch context under each event's own and takes the batch sentAt", () => {
    const [event] = eventsOfCall(
      'batch',
      {
        batch: [{ type: 'track', userId: 42, event: 'E', timestamp: '2026-05-01T12:00:00Z', context: { ip: '1.2.3.4' } }],
        context: { ip: 'x', locale: 'fr' },
        sentAt: '2026-05-01T12:00:02Z',
      },
      100,
      receivedAt,
    );
    expect(event).toMatchObject({
      userId: '42',
      context: { ip: '1.2.3.4', locale: 'fr' },
      timestamp: '2026-05-01T12:00:08.000Z',
      sentAt: '2026-05-01T12:00:02.000Z',
    });
    expect(event.messageId).toMatch(/^srv-/);
  });

  it("reads identify traits from the call and other calls' from context.traits", () => {
    const [identify] = eventsOfCall('identify', { userId: 'u', traits: { email: 'a@b.co' } }, 10, receivedAt);
    const [page] = eventsOfCall('page', { anonymousId: 'a', context: { traits: { plan: 'pro' } } }, 10, receivedAt);
    expect(identify.traits).toEqual({ email: 'a@b.co' });
    expect(page.traits).toEqual({ plan: 'pro' });
  });

  it.each([
    ['no id', 'track', { event: 'E' }],
    ['blank ids', 'track', { event: 'E', userId: ' ', anonymousId: '' }],
    ['an object id', 'track', { event: 'E', userId: { id: 1 } }],
    ['a track without event', 'track', { userId: 'u' }],
    ['a group without groupId', 'group', { userId: 'u' }],
    ['an alias without previousId', 'alias', { userId: 'u' }],
    ['properties that are a list', 'track', { userId: 'u', event: 'E', properties: [1] }],
    ['an empty batch', 'batch', { batch: [] }],
    ['a batch that is not a list', 'batch', { batch: {} }],
  ])('refuses %s as INVALID_EVENT (400)', (_, route, body) => {
    expect(code(() => eventsOfCall(route as never, body, 10, receivedAt))).toEqual([400, AnalyticsErrorCode.InvalidEvent]);
  });

  it('refuses an event over 32 KB and a single call whose body is over 32 KB', () => {
    const big = { userId: 'u', event: 'E', properties: { blob: 'x'.repeat(33 * 1024) } };
    expect(code(() => eventsOfCall('batch', { batch: [{ type: 'track', ...big }] }, 40_000, receivedAt))).toEqual([400, AnalyticsErrorCode.PayloadTooLarge]);
    expect(code(() => eventsOfCall('track', { userId: 'u', event: 'E' }, 33 * 1024, receivedAt))).toEqual([400, AnalyticsErrorCode.PayloadTooLarge]);
  });

  it('takes the write key from Basic auth first, then the body', () => {
    const basic = `Basic ${Buffer.from('wk_abc:').toString('base64')}`;
    expect(writeKeyOf(basic, { writeKey: 'other' })).toBe('wk_abc');
    expect(writeKeyOf(undefined, { writeKey: 'wk_body' })).toBe('wk_body');
    expect(code(() => writeKeyOf('Bearer x', {}))).toEqual([401, AnalyticsErrorCode.WriteKeyMissing]);
  });

  it('keeps the first event of a repeated messageId', () => {
    const events = eventsOfCall(
      'batch',
      {
        batch: [
          { type: 'track', userId: 'u', event: 'A', messageId: 'm' },
          { type: 'track', userId: 'u', event: 'B', messageId: 'm' },
        ],
      },
      10,
      receivedAt,
    );
    expect(uniqueByMessageId(events).map((e) => e.event)).toEqual(['A']);
  });
});
