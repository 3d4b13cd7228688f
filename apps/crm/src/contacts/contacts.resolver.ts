import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { can } from '@platform/auth';
import { IdArg, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer } from '../customers/customer.model';
import { CustomersService } from '../customers/customers.service';
import { Contact, ContactConnection } from './contact.model';
import type { ContactRow } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ContactsArgs } from './dto/contacts.args';
import { CreateContactInput } from './dto/create-contact.input';
import { UpdateContactInput } from './dto/update-contact.input';

@Resolver(() => Contact)
export class ContactsResolver {
  constructor(
    private readonly service: ContactsService,
    private readonly customers: CustomersService,
  ) {}

  @Allow('contact:write')
  @Mutation(() => Contact, {
    description:
      'Creates a contact owned by the caller unless ownerId is given. CONFLICT (extensions.existingId) if the email is taken; NOT_FOUND for an unknown customerId.',
  })
  async createContact(@Args('input') input: CreateContactInput, @Context() context: RequestContext): Promise<ContactRow> {
    return this.service.create(input, context.identity);
  }

  @Allow('contact:write')
  @Mutation(() => Contact, {
    description:
      'Changes the given fields of a contact. NOT_FOUND; CONFLICT if the new email is taken; CONTACT_ALREADY_MERGED (naming the survivor) for a merged-away id.',
  })
  async updateContact(@IdArg('id', 'Contact') id: string, @Args('input') input: UpdateContactInput): Promise<ContactRow> {
    return this.service.update(id, input);
  }

  @Allow('contact:read')
  @Query(() => Contact, { description: 'One contact; an id merged into another resolves to the survivor. NOT_FOUND if there is none.' })
  contact(@IdArg('id', 'Contact') id: string): Promise<ContactRow> {
    return this.service.get(id);
  }

  @Allow('contact:read')
  @Query(() => ContactConnection, { description: 'Contacts, filtered and sorted; oldest first unless a sort is given.' })
  async contacts(@Args() { first, after, filter, sort }: ContactsArgs, @Context() context: RequestContext): Promise<ContactConnection> {
    const personalData = !!context.identity && can(context.identity.roles, 'contact.pii:read');
    return (await this.service.list(first, after, filter, sort, personalData)) as ContactConnection;
  }

  @Allow('customer:read')
  @ResolveField('customer', () => Customer, { nullable: true })
  customer(@Parent() contact: ContactRow, @Context() context: RequestContext): Promise<Customer | null> | null {
    return contact.customerId ? this.customers.load(context, contact.customerId) : null;
  }

  @Allow('contact.pii:read')
  @ResolveField('email', () => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  email(@Parent() contact: ContactRow): string | null {
    return contact.email;
  }

  @Allow('contact.pii:read')
  @ResolveField('phone', () => String, { nullable: true, description: 'Personal data: needs contact.pii:read.' })
  phone(@Parent() contact: ContactRow): string | null {
    return contact.phone;
  }
}
