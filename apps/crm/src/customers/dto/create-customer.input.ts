import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { CustomerKind } from '../customer.model';
import { DomainField, EmailField, NameField, PhoneField, UserIdField } from '../../shared/input-fields';

@InputType()
export class CreateCustomerInput {
  @NameField({ description: 'Display name, 1 to 200 characters.' })
  name: string;

  @EmailField({ example: 'ops@example.com', description: 'Contact email; unique across customers, compared case-insensitively.' })
  email: string;

  @Field(() => CustomerKind, { nullable: true, description: 'ORGANISATION unless given.' })
  @IsOptional()
  @IsEnum(CustomerKind)
  kind?: CustomerKind | null;

  @DomainField({ optional: true, description: 'Web domain, e.g. acme.com.' })
  domain?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @UserIdField({ optional: true, description: 'Owning user; the caller unless given.' })
  ownerId?: string | null;
}
