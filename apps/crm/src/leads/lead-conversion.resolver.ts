import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { IdArg, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { ConvertLeadInput } from './dto/convert-lead.input';
import { ConvertLeadResult, Lead } from './lead.model';
import { LeadConversionService } from './lead-conversion.service';

@Resolver(() => Lead)
export class LeadConversionResolver {
  constructor(private readonly conversions: LeadConversionService) {}

  @Allow('lead:convert')
  @Mutation(() => ConvertLeadResult, {
    description:
      'Converts a lead (unqualified ones too): links input.customerId, or the customer with the lead’s email, or creates one; links the contact with that email or creates one; opens a deal if input.deal is given; the lead’s activities and tasks join the contact and customer. LEAD_ALREADY_CONVERTED if it was converted.',
  })
  async convertLead(
    @IdArg('id', 'Lead') id: string,
    @Args('input', { type: () => ConvertLeadInput, nullable: true }) input: ConvertLeadInput = {},
    @Context() context: RequestContext,
  ): Promise<ConvertLeadResult> {
    const result = await this.conversions.convert(id, input ?? {}, context.identity);
    return { lead: result.lead, customer: result.customer, contact: result.contact, dealId: result.dealId };
  }
}
