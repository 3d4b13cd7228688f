import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { contentDownloadedV1, type EventEnvelope, formSubmittedV1, type HandlerBinding, on } from '@platform/events';
import type { EventConsumer } from '@platform/service';
import { enrolIn } from '../sequences/enrol';
import { ActivitiesService } from '../../activities/activities.service';
import { ContactsService } from '../../contacts/contacts.service';
import { LeadsService } from '../../leads/leads.service';

interface Capture {
  event: EventEnvelope;
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  source: 'web_form' | 'content_download';
  activity: { kind: 'form_submitted' | 'content_downloaded'; subject: string; body: string | null; occurredAt: string };
  trigger: { kind: 'form_submission' | 'content_download'; ref: string };
}

/**
 * Turns cms form submissions and gated downloads into leads: the lead is
 * created or completed, the timeline gets an entry (on the contact with that
 * email when there is one, else on the lead), and the person is enrolled in
 * every active sequence triggered by that form or content. The inbox makes a
 * redelivery a no-op; the activity's source_event_id and the enrolment keys
 * would too.
 */
@Injectable()
export class ContentLeadsConsumer implements EventConsumer {
  readonly group = 'crm.content-leads';
  readonly bindings: HandlerBinding[];

  constructor(
    private readonly leads: LeadsService,
    private readonly contacts: ContactsService,
    private readonly activities: ActivitiesService,
  ) {
    this.bindings = [
      on(formSubmittedV1, (data, event, manager) => {
        const fields = Object.entries(data.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n');
        return this.capture(manager, {
          event,
          ...data,
          source: 'web_form',
          activity: { kind: 'form_submitted', subject: `Submitted form "${data.formName}"`, body: fields || null, occurredAt: data.submittedAt },
          trigger: { kind: 'form_submission', ref: data.formId },
        });
      }),
      on(contentDownloadedV1, (data, event, manager) =>
        this.capture(manager, {
          event,
          ...data,
          source: 'content_download',
          activity: { kind: 'content_downloaded', subject: `Downloaded "${data.contentTitle}"`, body: null, occurredAt: data.downloadedAt },
          trigger: { kind: 'content_download', ref: data.contentId },
        }),
      ),
    ];
  }

  private async capture(manager: EntityManager, c: Capture): Promise<void> {
    const { lead } = await this.leads.captureIn(
      manager,
      { email: c.email, firstName: c.firstName, lastName: c.lastName, company: c.company, source: c.source },
      c.event,
    );
    const leadId = lead.id;
    const contact = await this.contacts.withEmailIn(manager, c.email.trim());
    await this.activities.appendIn(
      manager,
      {
        kind: c.activity.kind,
        subject: c.activity.subject,
        body: c.activity.body,
        links: { customerId: contact?.customerId ?? null, contactId: contact?.id ?? null, dealId: null, leadId: contact ? null : leadId },
        actor: 'cms',
        occurredAt: c.activity.occurredAt,
      },
      { sourceEventId: c.event.id, causation: c.event },
    );
    const sequences: { id: string }[] = await manager.query(
      `SELECT id FROM nurture_sequences WHERE active AND trigger_kind = $1 AND trigger_ref = $2 ORDER BY created_at, id`,
      [c.trigger.kind, c.trigger.ref],
    );
    const person = contact
      ? { contactId: contact.id, leadId: null, email: contact.email ?? c.email.trim() }
      : { contactId: null, leadId, email: c.email.trim() };
    for (const sequence of sequences) await enrolIn(manager, sequence.id, person);
  }
}
