import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { can } from '@platform/auth';
import { IdArg, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Contact } from '../contacts/contact.model';
import type { ContactRow } from '../contacts/contacts.repository';
import { ContactsService } from '../contacts/contacts.service';
import { Customer } from '../customers/customer.model';
import { CustomersService } from '../customers/customers.service';
import { CreateLeadInput } from './dto/create-lead.input';
import { LeadsArgs } from './dto/leads.args';
import { UpdateLeadInput } from './dto/update-lead.input';
import { Lead, LeadConnection } from './lead.model';
import type { LeadRow } from './leads.repository';
import { LeadsService } from './leads.service';

@Resolver(() => Lead)
export class LeadsResolver {
  constructor(
    private readonly service: LeadsService,
    private readonly customers: CustomersService,
    private readonly contacts: ContactsService,
  ) {}

  @Allow('lead:write')
  @Mutation(() => Lead, {
    description:
      'Creates a lead (source MANUAL unless given), owned by the caller unless ownerId is given. CONFLICT (extensions.existingId) if a lead has the email.',
  })
  createLead(@Args('input') input: CreateLeadInput, @Context() context: RequestContext): Promise<LeadRow> {
    return this.service.create(input, context.identity);
  }

  @Allow('lead:write')
  @Mutation(() => Lead, {
    description: 'Changes the given fields and status. LEAD_ALREADY_CONVERTED for a converted lead; status CONVERTED is BAD_USER_INPUT (use convertLead).',
  })
  updateLead(@IdArg('id', 'Lead') id: string, @Args('input') input: UpdateLeadInput): Promise<LeadRow> {
    return this.service.update(id, input);
  }

  @Allow('lead:read')
  @Query(() => Lead, { description: 'One lead; NOT_FOUND if there is none with this id.' })
  lead(@IdArg('id', 'Lead') id: string): Promise<LeadRow> {
    return this.service.get(id);
  }

  @Allow('lead:read')
  @Query(() => LeadConnection, { description: 'Leads, filtered and sorted; oldest first unless a sort is given.' })
  async leads(@Args() { first, after, filter, sort }: LeadsArgs, @Context() context: RequestContext): Promise<LeadConnection> {
    const personalData = !!context.identity && can(context.identity.roles, 'contact.pii:read');
    return (await this.service.list(first, after, filter, sort, personalData)) as LeadConnection;
  }

  @Allow('contact.pii:read')
  @ResolveField('email', () => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  email(@Parent() lead: LeadRow): string | null {
    return lead.email;
  }

  @Allow('contact.pii:read')
  @ResolveField('phone', () => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  phone(@Parent() lead: LeadRow): string | null {
    return lead.phone;
  }

  @Allow('customer:read')
  @ResolveField('convertedCustomer', () => Customer, { nullable: true })
  convertedCustomer(@Parent() lead: LeadRow, @Context() context: RequestContext): Promise<Customer | null> | null {
    return lead.convertedCustomerId ? this.customers.load(context, lead.convertedCustomerId) : null;
  }

  @Allow('contact:read')
  @ResolveField('convertedContact', () => Contact, { nullable: true })
  convertedContact(@Parent() lead: LeadRow, @Context() context: RequestContext): Promise<ContactRow | null> | null {
    return lead.convertedContactId ? this.contacts.load(context, lead.convertedContactId) : null;
  }
}
