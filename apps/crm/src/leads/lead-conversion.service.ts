import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { AuditLog } from '@platform/service';
import { ActivitiesService } from '../activities/activities.service';
import type { ContactRow } from '../contacts/contacts.repository';
import { ContactsService } from '../contacts/contacts.service';
import type { CustomerRow } from '../customers/customers.repository';
import { CustomersService } from '../customers/customers.service';
import { DealsService } from '../deals/deals.service';
import { TasksService } from '../tasks/tasks.service';
import type { ConvertLeadInput } from './dto/convert-lead.input';
import { contactFirstName, customerFromLead } from './lead-conversion';
import { LeadStatus } from './lead.model';
import type { LeadRow } from './leads.repository';
import { leadAlreadyConverted, LeadsService } from './leads.service';

export interface ConvertedLead {
  lead: LeadRow;
  customer: CustomerRow;
  contact: ContactRow;
  dealId: string | null;
}

/**
 * Lead conversion, a flow across areas: each area creates or links its own
 * records through its `...In(manager)` operation, in one transaction. Its
 * own module, as the areas it reaches (activities, tasks) reach leads too.
 */
@Injectable()
export class LeadConversionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly leads: LeadsService,
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
    private readonly deals: DealsService,
    private readonly activities: ActivitiesService,
    private readonly tasks: TasksService,
  ) {}

  /**
   * Converts a lead in one transaction: the customer (given, found by the
   * lead's email, or created), the contact (found by email or created under
   * the customer), optionally a deal in the first stage of a pipeline, and
   * the lead marked converted with their ids. Unqualified leads convert too:
   * qualification is advice to the user, not a gate.
   */
  async convert(id: string, input: ConvertLeadInput, actor?: Identity): Promise<ConvertedLead> {
    return this.dataSource.transaction(async (manager) => {
      const lead = await this.leads.lockIn(manager, id);
      if (lead.status === LeadStatus.CONVERTED) throw leadAlreadyConverted(lead);
      const { email } = lead;
      const owner = lead.ownerId ?? actor?.sub ?? null;

      let customer: CustomerRow | undefined;
      if (input.customerId) {
        customer = await this.customers.getIn(manager, input.customerId);
      } else {
        customer = await this.customers.findByEmailIn(manager, email);
        customer ??= await this.customers.createIn(
          manager,
          { ...customerFromLead(lead, input.customerName), email, phone: lead.company ? null : lead.phone, ownerId: owner },
          actor,
        );
      }

      let contact = await this.contacts.findByEmailIn(manager, email);
      // The person found joins the customer unless they are already someone's; a contact elsewhere stays there.
      if (contact && !contact.customerId) contact = await this.contacts.adoptIn(manager, contact.id, customer.id);
      contact ??= await this.contacts.createIn(
        manager,
        { firstName: contactFirstName(lead), lastName: lead.lastName, email, phone: lead.phone, customerId: customer.id, ownerId: owner },
        actor,
      );

      const dealId = input.deal
        ? (await this.deals.createIn(manager, { ...input.deal, customerId: customer.id, contactId: contact.id, ownerId: owner }, actor, { leadId: id })).id
        : null;

      // The lead's history (a download, a form, calls, open tasks) joins the customer's timeline.
      await this.activities.attachLeadIn(manager, id, { contactId: contact.id, customerId: customer.id });
      await this.tasks.attachLeadIn(manager, id, { contactId: contact.id, customerId: customer.id });

      const converted = await this.leads.markConvertedIn(manager, id, { customerId: customer.id, contactId: contact.id, dealId });
      await this.audit.record(manager, actor, 'convertLead', id, { customerId: customer.id, contactId: contact.id, dealId });
      return { lead: converted, customer, contact, dealId };
    });
  }
}
