import type { DataSource } from 'typeorm';
import type { ActivitiesService } from '../../activities/activities.service';
import type { ContactsService } from '../../contacts/contacts.service';
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
}

/** The operations of the areas a sent email reaches: the contact it is for, the timeline it lands on. */
export interface MailAreas {
  contacts: ContactsService;
  activities: ActivitiesService;
}

/**
 * Sends one due pending email. The row is claimed FOR UPDATE SKIP LOCKED
 * and marked sent (with its email_sent activity) in the transaction that
 * sent it; a failure records the error and the next attempt time, or gives
 * up after the last attempt. Returns false when nothing is due.
 */
export async function sendDueEmail(dataSource: DataSource, areas: MailAreas, transport: MailTransport, from: string): Promise<boolean> {
  // Idle polls cost one indexed statement, not a transaction of three.
  const [{ due }]: { due: boolean }[] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM outbound_emails WHERE status = 'pending' AND next_attempt_at <= now()) AS due`,
  );
  if (!due) return false;
  return dataSource.transaction(async (manager) => {
    const [email]: PendingEmail[] = await manager.query(
      `SELECT o.id, o.recipient, o.subject, o.body, o.attempts,
              e.contact_id AS "contactId", CASE WHEN e.contact_id IS NULL THEN e.lead_id END AS "leadId"
       FROM outbound_emails o
       LEFT JOIN nurture_enrolments e ON e.id = o.enrolment_id
       WHERE o.status = 'pending' AND o.next_attempt_at <= now()
       ORDER BY o.next_attempt_at LIMIT 1
       FOR UPDATE OF o SKIP LOCKED`,
    );
    if (!email) return false;
    // Held while sending: a merge cannot delete the contact under the email_sent entry, which
    // would roll back the bookkeeping of a message already handed over and send it again.
    const contact = email.contactId ? await areas.contacts.holdIn(manager, email.contactId) : undefined;
    if (email.contactId && !contact) {
      // A merge holds the contact: send once it has committed (the enrolment then names the survivor).
      await manager.query(`UPDATE outbound_emails SET next_attempt_at = now() + interval '5 seconds' WHERE id = $1`, [email.id]);
      return true;
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
      // The email's id is the entry's source: one entry per email, however it got here.
      await areas.activities.appendIn(
        manager,
        {
          kind: 'email_sent',
          subject: email.subject.slice(0, 300) || '(no subject)',
          body: email.body,
          links: { customerId: contact?.customerId ?? null, contactId: email.contactId, dealId: null, leadId: email.leadId },
          actor: 'nurture',
          occurredAt: sentAt,
        },
        { sourceEventId: `outbound_email:${email.id}` },
      );
    }
    return true;
  });
}
