import { z } from 'zod';

/** Person events from other services a rule may ask about (matched by the person's email). */
export const PERSON_EVENTS = ['cms.content.downloaded', 'cms.form.submitted', 'crm.lead.created'] as const;
/** Customer events a rule may ask about (matched by the person's crm customer). */
export const CUSTOMER_EVENTS = [
  'crm.deal.won',
  'crm.deal.lost',
  'crm.ticket.opened',
  'crm.ticket.resolved',
  'finance.invoice.posted',
  'finance.invoice.paid',
  'inventory.order.shipped',
] as const;

const days = z.number().int().min(1).max(3650);
const name = z.string().trim().min(1).max(200);

export type SegmentRule =
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule }
  | { trait: string; equals?: unknown; exists?: boolean }
  | { tracked: string; withinDays?: number; atLeast?: number }
  | { reported: (typeof PERSON_EVENTS)[number]; withinDays?: number }
  | { customer: (typeof CUSTOMER_EVENTS)[number]; withinDays?: number };

/**
 * The rule language of segments, as JSON:
 * - `{ "all": [...] }`, `{ "any": [...] }`, `{ "not": rule }`;
 * - `{ "trait": "plan", "equals": "pro" }` or `{ "trait": "plan", "exists": true }`;
 * - `{ "tracked": "Signed Up", "withinDays": 30, "atLeast": 2 }`: track calls of that event;
 * - `{ "reported": "cms.content.downloaded", "withinDays": 30 }`: a person event naming their email;
 * - `{ "customer": "crm.deal.won", "withinDays": 90 }`: an event about their crm customer.
 */
export const segmentRule: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(segmentRule).min(1).max(20) }),
    z.strictObject({ any: z.array(segmentRule).min(1).max(20) }),
    z.strictObject({ not: segmentRule }),
    z
      .strictObject({ trait: name, equals: z.json().optional(), exists: z.boolean().optional() })
      .refine((r) => (r.equals === undefined) !== (r.exists === undefined), {
        message: 'a trait condition takes equals or exists',
      }),
    z.strictObject({ tracked: name, withinDays: days.optional(), atLeast: z.number().int().min(1).max(1000).optional() }),
    z.strictObject({ reported: z.enum(PERSON_EVENTS), withinDays: days.optional() }),
    z.strictObject({ customer: z.enum(CUSTOMER_EVENTS), withinDays: days.optional() }),
  ]),
);

/** The rule read from its JSON text, or the reason it is refused. */
export function parseRule(text: string): { rule: SegmentRule } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'rule is not valid JSON' };
  }
  const parsed = segmentRule.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `rule${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}` };
  }
  if (depth(parsed.data) > 6) return { error: 'rule nests deeper than 6 levels' };
  return { rule: parsed.data };
}

function depth(rule: SegmentRule): number {
  if ('all' in rule) return 1 + Math.max(...rule.all.map(depth));
  if ('any' in rule) return 1 + Math.max(...rule.any.map(depth));
  if ('not' in rule) return 1 + depth(rule.not);
  return 1;
}

/** Whether time alone can change the rule's answer (a window): such segments are re-checked as time passes. */
export function hasTimeWindow(rule: SegmentRule): boolean {
  if ('all' in rule) return rule.all.some(hasTimeWindow);
  if ('any' in rule) return rule.any.some(hasTimeWindow);
  if ('not' in rule) return hasTimeWindow(rule.not);
  return 'withinDays' in rule && rule.withinDays !== undefined;
}

/**
 * The rule as a SQL condition over `person_profiles p`, its values as bind
 * parameters appended to `params` (never spliced into the text).
 */
export function ruleSql(rule: SegmentRule, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const since = (column: string, withinDays?: number) => (withinDays ? ` AND ${column} >= now() - ${param(withinDays)}::int * interval '1 day'` : '');
  if ('all' in rule) return `(${rule.all.map((r) => ruleSql(r, params)).join(' AND ')})`;
  if ('any' in rule) return `(${rule.any.map((r) => ruleSql(r, params)).join(' OR ')})`;
  if ('not' in rule) return `NOT ${ruleSql(rule.not, params)}`;
  if ('trait' in rule) {
    return rule.exists !== undefined
      ? `(p.traits ? ${param(rule.trait)}) = ${param(rule.exists)}`
      : `coalesce(p.traits -> ${param(rule.trait)} = ${param(JSON.stringify(rule.equals))}::jsonb, false)`;
  }
  if ('tracked' in rule) {
    const event = param(rule.tracked);
    const window = since('e."timestamp"', rule.withinDays);
    const by = (kind: string, column: string) =>
      `SELECT e.seq, e.received_at FROM identities i JOIN raw_events e ON e.${column} = i.value
        WHERE i.profile_id = p.id AND i.kind = '${kind}' AND e.type = 'track' AND e.event = ${event}${window}`;
    return `(SELECT count(*) FROM (${by('user_id', 'user_id')} UNION ${by('anonymous_id', 'anonymous_id')}) tracked) >= ${param(rule.atLeast ?? 1)}`;
  }
  if ('reported' in rule) {
    return `EXISTS (SELECT 1 FROM identities i JOIN domain_events d ON lower(d.data->>'email') = i.value
                     WHERE i.profile_id = p.id AND i.kind = 'email' AND d.type = ${param(rule.reported)}${since('d.occurred_at', rule.withinDays)})`;
  }
  return `EXISTS (SELECT 1 FROM domain_events d WHERE d.customer_id = p.customer_id AND d.type = ${param(rule.customer)}${since('d.occurred_at', rule.withinDays)})`;
}
