import { InputType } from '@nestjs/graphql';
import { EnumField, RecordIdField, TextField } from '@platform/graphql';
import { IdentifierKind } from '../../people/person-profile.model';

@InputType()
export class MergeProfilesInput {
  @RecordIdField('Profile', { description: 'The profile to merge.' })
  profileId: string;

  @RecordIdField('Profile', { description: 'The profile it joins.' })
  intoProfileId: string;
}

@InputType()
export class SplitIdentifierInput {
  @EnumField(IdentifierKind)
  kind: IdentifierKind;

  @TextField(320)
  value: string;
}
