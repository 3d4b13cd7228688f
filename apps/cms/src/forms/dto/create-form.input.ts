import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsBoolean, IsString, Matches, MaxLength } from 'class-validator';
import { EnumField, inputField, NestedField, RecordIdField, TextField } from '@platform/graphql';
import { FormFieldKind, HONEYPOT } from '../form-rules';

const RESERVED = ['email', 'firstName', 'lastName', 'company', 'anonymousId', 'consent', 'consentVersion', HONEYPOT];

@InputType()
export class FormFieldInput {
  @inputField(
    () => String,
    { description: 'Key of the value in a submission, camelCase.' },
    Matches(new RegExp(`^(?!(${RESERVED.join('|')})$)[a-z][a-zA-Z0-9]{0,63}$`), {
      message: `$property must be camelCase, 1 to 64 characters, and not one of ${RESERVED.join(', ')}`,
    }),
  )
  name: string;

  @TextField(200)
  label: string;

  @EnumField(FormFieldKind)
  kind: FormFieldKind;

  @Field({ defaultValue: false })
  @IsBoolean()
  required: boolean;

  @inputField(() => [String], { optional: true }, ArrayNotEmpty(), ArrayMaxSize(100), IsString({ each: true }), MaxLength(200, { each: true }))
  options?: string[] | null;
}

@InputType()
export class CreateFormInput {
  @TextField(200)
  name: string;

  @RecordIdField('Entry', { optional: true, description: 'The entry it is shown on.' })
  entryId?: string | null;

  @NestedField(FormFieldInput, { list: true, optional: true }, ArrayMaxSize(50))
  fields?: FormFieldInput[] | null;

  @TextField(5000, { description: 'What the visitor agrees to.' })
  consentText: string;

  @TextField(100, { description: 'Its version; change it whenever the text changes.' })
  consentVersion: string;

  @RecordIdField('Asset', { optional: true, description: 'Makes it a gated download of this asset (needs entryId).' })
  gatedAssetId?: string | null;
}
