import { ArgsType, InputType } from '@nestjs/graphql';
import { PageArgs, TextField } from '@platform/graphql';

@InputType()
export class CreateSegmentInput {
  @TextField(100, { description: '1 to 100 characters, unique.' })
  name: string;

  @TextField(10_000, {
    description:
      'JSON of the rule language, e.g. {"all":[{"reported":"cms.content.downloaded","withinDays":30},{"not":{"customer":"crm.deal.won"}}]}. INVALID_SEGMENT_RULE says what is wrong.',
  })
  rule: string;
}

@ArgsType()
export class SegmentMembersArgs extends PageArgs {}
