import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsBoolean, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EnumField, inputField, TextField } from '@platform/graphql';
import { FieldKind } from '../../shared/fields';
import { JSONValue } from '../../shared/json.scalar';
import { IsJsonValue } from '../../shared/json-input';
import { API_ID } from '../../shared/api-id';

const API_ID_MESSAGE = '$property must be camelCase letters and digits, 2 to 64 characters, e.g. heroImage';

@InputType({ description: 'A field of a content type. Rules that do not apply to its kind are ignored.' })
export class FieldDefinitionInput {
  @inputField(() => String, {}, Matches(API_ID, { message: API_ID_MESSAGE }))
  apiId: string;

  @TextField(200)
  name: string;

  @EnumField(FieldKind)
  kind: FieldKind;

  @Field({ defaultValue: false })
  @IsBoolean()
  required: boolean;

  @Field({ defaultValue: false })
  @IsBoolean()
  unique: boolean;

  @inputField(() => Int, { optional: true }, IsInt(), Min(0), Max(1_000_000))
  minLength?: number | null;

  @inputField(() => Int, { optional: true }, IsInt(), Min(1), Max(1_000_000))
  maxLength?: number | null;

  @inputField(() => Float, { optional: true }, IsNumber({ allowNaN: false, allowInfinity: false }))
  min?: number | null;

  @inputField(() => Float, { optional: true }, IsNumber({ allowNaN: false, allowInfinity: false }))
  max?: number | null;

  @inputField(() => [String], { optional: true }, ArrayNotEmpty(), ArrayMaxSize(200), IsString({ each: true }), MaxLength(200, { each: true }))
  values?: string[] | null;

  @inputField(() => String, { optional: true }, Matches(API_ID, { message: API_ID_MESSAGE }))
  referenceType?: string | null;

  @EnumField(FieldKind, { optional: true })
  itemKind?: FieldKind | null;

  @inputField(() => JSONValue, { optional: true }, IsJsonValue(10_000))
  defaultValue?: unknown;
}
