import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ENROLMENTS_CHANNEL } from '../polling-loop';

export interface Person {
  contactId: string | null;
  leadId: string | null;
  email: string;
}

/**
 * Enrols a person in a sequence, starting now, unless they already are (the
 * same contact, the same lead, or anyone with the same email: a lead that
 * became a contact is not mailed twice). Returns the enrolment and whether
 * this call created it. The NOTIFY wakes the schedulers when it commits.
 */
export async function enrolIn(manager: EntityManager, sequenceId: string, person: Person): Promise<{ enrolmentId: string; created: boolean }> {
  // Serialises enrolments of one email in one sequence, which the unique indexes (per contact, per lead) cannot.
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1 || lower($2)))`, [sequenceId, person.email]);
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO nurture_enrolments (id, sequence_id, contact_id, lead_id, email, next_run_at)
     SELECT $1, $2, $3, $4, $5, now()
     WHERE NOT EXISTS (SELECT 1 FROM nurture_enrolments WHERE sequence_id = $2 AND lower(email) = lower($5))
     ON CONFLICT DO NOTHING RETURNING id`,
    [randomUUID(), sequenceId, person.contactId, person.leadId, person.email],
  );
  if (rows.length) {
    await manager.query(`SELECT pg_notify($1, '')`, [ENROLMENTS_CHANNEL]);
    return { enrolmentId: rows[0].id, created: true };
  }
  const [existing]: { id: string }[] = await manager.query(
    `SELECT id FROM nurture_enrolments
     WHERE sequence_id = $1 AND (contact_id = $2 OR (lead_id = $3 AND contact_id IS NULL) OR lower(email) = lower($4))
     ORDER BY created_at LIMIT 1`,
    [sequenceId, person.contactId, person.leadId, person.email],
  );
  return { enrolmentId: existing.id, created: false };
}
