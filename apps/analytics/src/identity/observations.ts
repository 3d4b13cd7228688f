import { edge, type IdKey, identifier, type IdKind, ID_KINDS, parseKey } from './identity-rules';

/**
 * What one event says about people: the identifiers it carries (linked to
 * each other), traits it states and when. Tracked calls and domain events
 * both reduce to this, and a rebuild replays the same reduction.
 */
export interface Observation {
  /** Event id or messageId: orders two trait values stated at the same time. */
  eventId: string;
  at: Date;
  ids: IdKey[];
  traits: Record<string, unknown>;
  /** A crm contact's customer, learnt from crm's contact events. */
  contactCustomer?: { contactId: string; customerId: string | null };
}

/** The links an observation makes: from its strongest identifier to each of the others. */
export function linksOf(observation: Observation): [IdKey, IdKey][] {
  const ids = [...new Set(observation.ids)];
  if (ids.length < 2) return [];
  const strongest = [...ids].sort((a, b) => ID_KINDS.indexOf(parseKey(a).kind) - ID_KINDS.indexOf(parseKey(b).kind) || (a < b ? -1 : 1))[0];
  return ids.filter((id) => id !== strongest).map((id) => edge(strongest, id));
}

const ids = (...pairs: [IdKind, unknown][]): IdKey[] => pairs.map(([kind, value]) => identifier(kind, value)).filter((k): k is IdKey => !!k);

/** The raw event columns the reduction reads. */
export interface TrackedRow {
  messageId: string;
  type: string;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  timestamp: Date;
  traits: Record<string, unknown>;
}

/** identify/alias/other calls: userId, anonymousId, a traits email, and alias's previousId (a userId or an anonymousId). */
export function observeTracked(row: TrackedRow): Observation {
  const found = ids(['user_id', row.userId], ['anonymous_id', row.anonymousId], ['email', row.traits.email]);
  // Segment's alias: previousId is what identified the visitor before the userId, a device's anonymousId.
  if (row.type === 'alias') found.push(...ids(['anonymous_id', row.previousId]));
  const traits = row.type === 'identify' ? row.traits : {};
  return { eventId: row.messageId, at: row.timestamp, ids: found, traits };
}

/** The person a domain event speaks of, by the event's type. Events about companies only say nothing here. */
export function observeDomain(type: string, eventId: string, at: Date, data: Record<string, unknown>): Observation | null {
  const text = (key: string) => (typeof data[key] === 'string' && data[key] ? (data[key] as string) : null);
  const person = () =>
    Object.fromEntries(
      Object.entries({ firstName: text('firstName'), lastName: text('lastName'), company: text('company'), email: text('email')?.toLowerCase() }).filter(
        ([, v]) => v,
      ),
    );
  switch (type) {
    case 'crm.contact.created':
    case 'crm.contact.updated':
      return {
        eventId,
        at,
        ids: ids(['contact_id', data.contactId], ['email', data.email]),
        traits: person(),
        contactCustomer: { contactId: data.contactId as string, customerId: (data.customerId as string | null) ?? null },
      };
    case 'crm.lead.created':
      return {
        eventId,
        at,
        ids: ids(['lead_id', data.leadId], ['email', data.email]),
        traits: person(),
      };
    case 'crm.lead.converted':
      return {
        eventId,
        at,
        ids: ids(['lead_id', data.leadId], ['contact_id', data.contactId]),
        traits: {},
        contactCustomer: { contactId: data.contactId as string, customerId: (data.customerId as string | null) ?? null },
      };
    case 'cms.form.submitted':
    case 'cms.content.downloaded':
      return {
        eventId,
        at,
        ids: ids(['email', data.email], ['anonymous_id', data.anonymousId]),
        traits: person(),
      };
    default:
      return null;
  }
}
