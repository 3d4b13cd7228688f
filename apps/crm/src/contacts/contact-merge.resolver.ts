import { Context, Mutation, Resolver } from '@nestjs/graphql';
import { IdArg, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { Contact } from './contact.model';
import { ContactMergeService } from './contact-merge';
import type { ContactRow } from './contacts.repository';

@Resolver(() => Contact)
export class ContactMergeResolver {
  constructor(private readonly merges: ContactMergeService) {}

  @Allow('contact:merge')
  @Mutation(() => Contact, {
    description:
      'Merges a duplicate into survivorId: its timeline, tasks, tickets, deals and enrolments move over, empty fields are filled, and mergedId resolves to the survivor from then on. Returns the survivor; repeating a merge that happened returns it unchanged. CONTACT_ALREADY_MERGED (naming the survivor) for an id merged elsewhere.',
  })
  async mergeContacts(
    @IdArg('survivorId', 'Contact') survivorId: string,
    @IdArg('mergedId', 'Contact') mergedId: string,
    @Context() context: RequestContext,
  ): Promise<ContactRow> {
    return this.merges.merge(survivorId, mergedId, context.identity);
  }
}
