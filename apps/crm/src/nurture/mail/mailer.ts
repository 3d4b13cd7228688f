import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { activityLoggedV1, type EventData, type Outbox } from '@platform/events';
import type { MailTransport } from './mail-transport';
import { messageIdOf, nextAttemptDelay } from './retry-policy';

interface PendingEmail {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  contactId: string | null;
  leadId: string | null;
  customerId: string | null;
}

/**
 * Sends one due pending email. The row is claimed FOR UPDATE SKIP LOCKED
 * and marked sent (with its email_sent activity) in the transaction that
 * sent it; a failure records the error and the next attempt time, or gives
 * up after the last attempt. Returns false when nothing is due.
 */
export async function sendDueEmail(dataSource: DataSource, outbox: Outbox, transport: MailTransport, from: string): Promise<boolean> {
  // Idle polls cost one indexed statement, not a transaction of three.
  const [{ due }]: { due: boolean }[] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM outbound_emails WHERE status = 'pending' AND next_attempt_at <= now()) AS due`);
  if (!due) return false;
  return dataSource.transaction(async (manager) => {
    const [email]: PendingEmail[] = await manager.query(
      `SELECT o.id, o.recipient, o.subject, o.body, o.attempts,
              e.contact_id AS "contactId", CASE WHEN e.contact_id IS NULL THEN e.lead_id END AS "leadId", c.customer_id AS "customerId"
       FROM outbound_emails o
       LEFT JOIN nurture_enrolments e ON e.id = o.enrolment_id
       LEFT JOIN contacts c ON c.id = e.contact_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= now()
       ORDER BY o.next_attempt_at LIMIT 1
       FOR UPDATE OF o SKIP LOCKED`,
    );
    if (!email) return false;
    if (email.contactId) {
      // Held while sending: a merge cannot delete the contact under the email_sent entry, which
      // would roll back the bookkeeping of a message already handed over and send it again.
      const [held] = await manager.query(`SELECT 1 FROM contacts WHERE id = $1 FOR KEY SHARE SKIP LOCKED`, [email.contactId]);
      if (!held) {
        // A merge holds the contact: send once it has committed (the enrolment then names the survivor).
        await manager.query(`UPDATE outbound_emails SET next_attempt_at = now() + interval '5 seconds' WHERE id = $1`, [email.id]);
        return true;
      }
    }
    try {
      await transport.send({ messageId: messageIdOf(email.id), from, to: email.recipient, subject: email.subject, text: email.body });
    } catch (err) {
      const attempts = email.attempts + 1;
      const delay = nextAttemptDelay(attempts);
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      await manager.query(
        `UPDATE outbound_emails SET attempts = $2, last_error = $3,
           status = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = CASE WHEN $4::int IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::int / 1000.0) END
         WHERE id = $1`,
        [email.id, attempts, error, delay],
      );
      return true;
    }
    const [[{ sentAt }]]: [{ sentAt: Date }[], number] = await manager.query(
      `UPDATE outbound_emails SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1 RETURNING sent_at AS "sentAt"`,
      [email.id],
    );
    if (email.contactId || email.leadId) {
      const activityId = randomUUID();
      const subject = email.subject.slice(0, 300) || '(no subject)';
      await manager.query(
        `INSERT INTO activities (id, kind, subject, body, customer_id, contact_id, lead_id, actor, source_event_id, occurred_at)
         VALUES ($1, 'email_sent', $2, $3, $4, $5, $6, 'nurture', $7, $8)`,
        [activityId, subject, email.body.slice(0, 20000), email.customerId, email.contactId, email.leadId, `outbound_email:${email.id}`, sentAt],
      );
      const data: EventData<typeof activityLoggedV1> = {
        activityId,
        kind: 'email_sent',
        subject,
        customerId: email.customerId,
        contactId: email.contactId,
        dealId: null,
        leadId: email.leadId,
        actor: 'nurture',
        occurredAt: sentAt.toISOString(),
      };
      await outbox.emit(manager, activityLoggedV1, activityId, data, { time: sentAt });
    }
    return true;
  });
}
