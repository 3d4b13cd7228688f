import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ActivitiesService } from '../activities/activities.service';
import { DealsService } from '../deals/deals.service';
import { LeadsService } from '../leads/leads.service';
import { NurtureSequencesService } from '../nurture/sequences/nurture-sequences.service';
import { TasksService } from '../tasks/tasks.service';
import { TicketsService } from '../tickets/tickets.service';
import { contactMissing } from './contact-errors';
import { contactEvents } from './contact-events';
import { fieldsToFill } from './contact-rules';
import { type ContactRow, contactsRepository } from './contacts.repository';

/**
 * Folds a duplicate contact into another. Each area moves its own rows to
 * the survivor through its `...In(manager)` operation, all in the merge's
 * transaction.
 */
@Injectable()
export class ContactMergeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly activities: ActivitiesService,
    private readonly tasks: TasksService,
    private readonly tickets: TicketsService,
    private readonly deals: DealsService,
    private readonly leads: LeadsService,
    private readonly nurture: NurtureSequencesService,
  ) {}

  /**
   * Folds `mergedId` into `survivorId` in one transaction: every reference
   * moves to the survivor, the survivor's empty fields are filled from the
   * merged contact, the merged id keeps resolving (contact_merges) and the
   * merged row goes.
   */
  async merge(survivorId: string, mergedId: string, actor?: Identity): Promise<ContactRow> {
    if (survivorId === mergedId)
      throw badUserInput('A contact cannot be merged into itself: pass two different contacts', { mergedId: ['must differ from survivorId'] });
    return this.dataSource.transaction(async (manager) => {
      // Both rows locked in id order, so two merges of the same pair cannot deadlock.
      const rows = await contactsRepository.lockInOrder(manager, [survivorId, mergedId]);
      const survivor = rows.find((r) => r.id === survivorId);
      const merged = rows.find((r) => r.id === mergedId);
      // The same merge again (a retry, or two users at once): it is done, the survivor answers and nothing more is written.
      if (survivor && !merged && (await contactsRepository.survivorOf(manager, mergedId))?.id === survivorId) return survivor;
      if (!survivor) throw await contactMissing(manager, survivorId);
      if (!merged) throw await contactMissing(manager, mergedId);

      const from = [mergedId];
      await this.activities.reassignContactIn(manager, from, survivorId);
      await this.tasks.reassignContactIn(manager, from, survivorId);
      await this.tickets.reassignContactIn(manager, from, survivorId);
      await this.deals.reassignContactIn(manager, from, survivorId);
      await this.leads.reassignConvertedContactIn(manager, from, survivorId);
      await this.nurture.reassignContactIn(manager, from, survivorId);
      const mergedAt = await contactsRepository.recordMerge(manager, { mergedId, survivorId, mergedBy: actor?.sub ?? null, mergedEmail: merged.email });
      // Deleted before the fill, so the survivor can take over its email.
      await contactsRepository.delete(manager, mergedId);

      const filled = fieldsToFill(survivor, merged);
      const result = filled.length
        ? await contactsRepository.write(
            manager,
            survivorId,
            filled,
            filled.map((field) => merged[field]),
          )
        : survivor;
      await this.outbox.append(manager, [
        contactEvents.merged(survivorId, mergedId, mergedAt),
        ...(filled.length ? [contactEvents.updated(result, filled)] : []),
      ]);
      await this.audit.record(manager, actor, 'mergeContacts', survivorId, { mergedId, filled });
      return result;
    });
  }
}
