import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { FormFieldKind } from './form-rules';

registerEnumType(FormFieldKind, { name: 'FormFieldKind' });

@ObjectType()
export class FormFieldModel {
  @Field({ description: "Key of the value in a submission's fields." })
  name: string;

  @Field()
  label: string;

  @Field(() => FormFieldKind)
  kind: FormFieldKind;

  @Field()
  required: boolean;

  @Field(() => [String], { nullable: true })
  options: string[] | null;
}

@ObjectType({
  description:
    'A form visitors submit at POST /cms/public/forms/{id}/submissions (email, firstName, lastName, company, anonymousId, fields, consent, consentVersion).',
})
export class Form {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID, { nullable: true, description: 'The entry it is shown on; it takes submissions only while that entry is live.' })
  entryId: string | null;

  @Field(() => [FormFieldModel])
  fields: FormFieldModel[];

  @Field()
  consentText: string;

  @Field({ description: 'Submissions must name this version: consent is given to the text shown.' })
  consentVersion: string;

  @Field(() => ID, { nullable: true, description: 'A gated download: the asset a submission unlocks.' })
  gatedAssetId: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'What a visitor submitted, with the consent they gave.' })
export class FormSubmission {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  formId: string;

  @Field()
  email: string;

  @Field(() => String, { nullable: true })
  firstName: string | null;

  @Field(() => String, { nullable: true })
  lastName: string | null;

  @Field(() => String, { nullable: true })
  company: string | null;

  @Field(() => String, { nullable: true })
  anonymousId: string | null;

  @Field()
  consentVersion: string;

  @Field()
  submittedAt: Date;
}

@ObjectType()
export class FormConnection extends Connection(Form) {}

@ObjectType()
export class FormSubmissionConnection extends Connection(FormSubmission) {}
