import { randomUUID } from 'node:crypto';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';

/** Segment's limits: a batch body up to 500 KB, one event (or a single call's body) up to 32 KB. */
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_EVENT_BYTES = 32 * 1024;

export const EVENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The paths of the Tracking API, with the browser library's short ones. */
export const ROUTES: Record<string, EventType | 'batch'> = {
  identify: 'identify',
  track: 'track',
  page: 'page',
  screen: 'screen',
  group: 'group',
  alias: 'alias',
  batch: 'batch',
  import: 'batch',
  i: 'identify',
  t: 'track',
  p: 'page',
  s: 'screen',
  g: 'group',
  a: 'alias',
  b: 'batch',
};

/** A refusal of the Tracking API: its HTTP status, a stable code and the reason. */
export class TrackingError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly code: AnalyticsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** One event as stored: Segment's fields, timestamps corrected for the client's clock. */
export interface TrackedEvent {
  messageId: string;
  type: EventType;
  userId: string | null;
  anonymousId: string | null;
  event: string | null;
  name: string | null;
  groupId: string | null;
  previousId: string | null;
  timestamp: string;
  originalTimestamp: string | null;
  sentAt: string | null;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
  properties: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (where: string, message: string) => new TrackingError(400, AnalyticsErrorCode.InvalidEvent, `${where}: ${message}`);

/** Segment accepts numeric ids and reads them as text; an empty or blank one is no id. */
function idOf(value: unknown, where: string, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalid(where, `${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length > 200) throw invalid(where, `${field} is longer than 200 characters`);
  return trimmed === '' ? null : trimmed;
}

function textOf(value: unknown, where: string, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(where, `${field} must be a string`);
  return value;
}

function timeOf(value: unknown, where: string, field: string): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid(where, `${field} must be an ISO 8601 time`);
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalid(where, `${field} must be an ISO 8601 time`);
  return time;
}

function objectOf(value: unknown, where: string, field: string): Json {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid(where, `${field} must be an object`);
  return value;
}

/**
 * Segment's clock-skew correction: a client whose clock is off sends both
 * when the event happened and when it sent it, by its own clock; the delay
 * between the two is kept and anchored to the server's receipt.
 */
export function correctedTimestamp(receivedAt: Date, timestamp: Date | null, sentAt: Date | null): Date {
  if (!timestamp) return receivedAt;
  if (!sentAt) return timestamp;
  return new Date(receivedAt.getTime() - (sentAt.getTime() - timestamp.getTime()));
}

/** What the batch (or a single call) carries for all of its events. */
export interface BatchDefaults {
  context: Json;
  sentAt: Date | null;
  receivedAt: Date;
}

/**
 * One event of a call, checked and normalised as Segment defines it. `type`
 * comes from the path of a single call, from the item in a batch.
 */
export function normaliseEvent(raw: unknown, routeType: EventType | null, defaults: BatchDefaults, where: string, mayBeOversized = true): TrackedEvent {
  if (!isObject(raw)) throw invalid(where, 'must be an object');
  if (mayBeOversized && Buffer.byteLength(JSON.stringify(raw)) > MAX_EVENT_BYTES) {
    throw new TrackingError(400, AnalyticsErrorCode.PayloadTooLarge, `${where}: an event may be at most 32 KB`);
  }
  const type = routeType ?? raw.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw invalid(where, `type must be one of ${EVENT_TYPES.join(', ')}`);
  }
  const userId = idOf(raw.userId, where, 'userId');
  const anonymousId = idOf(raw.anonymousId, where, 'anonymousId');
  if (!userId && !anonymousId) throw invalid(where, 'needs a userId or an anonymousId');
  const event = textOf(raw.event, where, 'event');
  if (type === 'track' && !event?.trim()) throw invalid(where, 'a track call needs an event name');
  const groupId = idOf(raw.groupId, where, 'groupId');
  if (type === 'group' && !groupId) throw invalid(where, 'a group call needs a groupId');
  const previousId = idOf(raw.previousId, where, 'previousId');
  if (type === 'alias' && (!previousId || !userId)) throw invalid(where, 'an alias call needs a previousId and a userId');
  const messageId = idOf(raw.messageId, where, 'messageId') ?? `srv-${randomUUID()}`;
  const timestamp = timeOf(raw.timestamp, where, 'timestamp');
  const sentAt = timeOf(raw.sentAt, where, 'sentAt') ?? defaults.sentAt;
  const context = { ...defaults.context, ...objectOf(raw.context, where, 'context') };
  // identify carries traits at the top level; other calls may carry them in context.traits.
  const traits = type === 'identify' || type === 'group' ? objectOf(raw.traits, where, 'traits') : objectOf(context.traits, where, 'context.traits');
  return {
    messageId,
    type: type as EventType,
    userId,
    anonymousId,
    event,
    name: textOf(raw.name, where, 'name'),
    groupId,
    previousId,
    timestamp: correctedTimestamp(defaults.receivedAt, timestamp, sentAt).toISOString(),
    originalTimestamp: timestamp?.toISOString() ?? null,
    sentAt: sentAt?.toISOString() ?? null,
    context,
    traits,
    properties: objectOf(raw.properties, where, 'properties'),
  };
}

/** The events of one call: a single event, or every item of a batch (all or none). */
export function eventsOfCall(route: EventType | 'batch', body: unknown, bodyBytes: number, receivedAt: Date): TrackedEvent[] {
  if (!isObject(body)) throw new TrackingError(400, AnalyticsErrorCode.MalformedJson, 'The body must be a JSON object');
  if (route !== 'batch' && bodyBytes > MAX_EVENT_BYTES) {
    throw new TrackingError(400, AnalyticsErrorCode.PayloadTooLarge, 'A single call may be at most 32 KB; send larger volumes to /v1/batch');
  }
  const defaults: BatchDefaults = {
    receivedAt,
    sentAt: timeOf(body.sentAt, 'batch', 'sentAt'),
    context: route === 'batch' ? objectOf(body.context, 'batch', 'context') : {},
  };
  if (route !== 'batch') return [normaliseEvent(body, route, defaults, route)];
  if (!Array.isArray(body.batch)) throw invalid('batch', 'must be an array of events');
  if (!body.batch.length) throw invalid('batch', 'holds no events');
  // No event of a body within 32 KB can be over 32 KB: measuring each one costs a serialisation per event.
  const mayBeOversized = bodyBytes > MAX_EVENT_BYTES;
  return body.batch.map((item, index) => normaliseEvent(item, null, defaults, `batch[${index}]`, mayBeOversized));
}

/** The write key of a call: the Basic credential's user name, or `writeKey` in the body. */
export function writeKeyOf(authorization: string | undefined, body: unknown): string {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) return user;
  }
  if (isObject(body) && typeof body.writeKey === 'string' && body.writeKey) return body.writeKey;
  throw new TrackingError(
    401,
    AnalyticsErrorCode.WriteKeyMissing,
    'Send the source write key as the Basic user name (empty password) or as writeKey in the body',
  );
}

/** The first event of each messageId: a client that retries a batch sends the same ids again. */
export function uniqueByMessageId(events: TrackedEvent[]): TrackedEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.messageId) ? false : (seen.add(e.messageId), true)));
}
