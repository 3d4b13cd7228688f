import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { DomainField, EmailField, NameField, PhoneField, UserIdField } from '../../shared/input-fields';

@InputType()
export class CreateCustomerInput {
  @NameField({ description: 'Display name, 1 to 200 characters.' })
  name: string;

  @EmailField({ example: 'ops@example.com', description: 'Contact email; unique across customers, compared case-insensitively.' })
  email: string;

  @EnumField(CustomerKind, { optional: true, description: 'ORGANISATION unless given.' })
  kind?: CustomerKind | null;

  @DomainField({ optional: true, description: 'Web domain, e.g. acme.com.' })
  domain?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @UserIdField({ optional: true, description: 'Owning user; the caller unless given.' })
  ownerId?: string | null;
}
