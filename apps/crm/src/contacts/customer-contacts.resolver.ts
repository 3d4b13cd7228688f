import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, PageArgs, type Page, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Customer } from '../customers/customer.model';
import { ContactConnection } from './contact.model';
import type { ContactRow } from './contacts.repository';
import { ContactsService } from './contacts.service';

/** Customer.contacts: one statement per batch of customers, whatever their number. */
@Resolver(() => Customer)
export class CustomerContactsResolver {
  constructor(private readonly service: ContactsService) {}

  @Allow('contact:read')
  @ResolveField('contacts', () => ContactConnection, { description: 'The people at this customer, oldest first.' })
  async contacts(@Parent() customer: Customer, @Args() { first, after }: PageArgs, @Context() context: RequestContext): Promise<ContactConnection> {
    // Parents asking for the same page size and cursor share one batch.
    const loader = loaderFor<string, Page<ContactRow>>(context, `customerContacts:${first}:${after ?? ''}`, (ids) =>
      this.service.pagesForCustomers(ids, first, after),
    );
    return toConnection(await loader.load(customer.id), (c) => ({ at: c.createdAt, id: c.id })) as ContactConnection;
  }
}
