import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { type EventData, type EventEnvelope, leadCreatedV1, type Outbox } from '@platform/events';

export interface CapturedPerson {
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  source: 'web_form' | 'content_download' | 'import' | 'manual';
}

/**
 * The lead with this email (case-insensitive), created with crm.lead.created
 * (caused by `causation`) when there is none, otherwise completed with
 * whatever it lacked. Same contract as LeadsService.captureIn, which replaces
 * it once the leads area lands.
 */
export async function captureLead(
  manager: EntityManager,
  outbox: Outbox,
  person: CapturedPerson,
  causation?: Pick<EventEnvelope, 'id' | 'correlationId'>,
): Promise<{ leadId: string; created: boolean }> {
  const email = person.email.trim();
  const firstName = person.firstName?.trim() ?? '';
  const lastName = person.lastName?.trim() ?? '';
  const company = person.company?.trim() || null;
  const inserted: { id: string; createdAt: Date }[] = await manager.query(
    `INSERT INTO leads (id, email, first_name, last_name, company, source) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (lower(email)) DO NOTHING RETURNING id, created_at AS "createdAt"`,
    [randomUUID(), email, firstName, lastName, company, person.source],
  );
  if (inserted.length) {
    const lead = inserted[0];
    const data: EventData<typeof leadCreatedV1> = { leadId: lead.id, email, firstName, lastName, company, source: person.source, createdAt: lead.createdAt.toISOString() };
    await outbox.append(manager, [{ type: leadCreatedV1.type, version: leadCreatedV1.version, subject: lead.id, data, time: lead.createdAt, causation }]);
    return { leadId: lead.id, created: true };
  }
  const [[lead]]: [{ id: string }[], number] = await manager.query(
    `UPDATE leads SET
       first_name = CASE WHEN first_name = '' THEN $2 ELSE first_name END,
       last_name = CASE WHEN last_name = '' THEN $3 ELSE last_name END,
       company = coalesce(company, $4),
       updated_at = CASE WHEN (first_name = '' AND $2 <> '') OR (last_name = '' AND $3 <> '') OR (company IS NULL AND $4::text IS NOT NULL) THEN date_trunc('milliseconds', now()) ELSE updated_at END
     WHERE lower(email) = lower($1) RETURNING id`,
    [email, firstName, lastName, company],
  );
  return { leadId: lead.id, created: false };
}
