import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { DomainField, EmailField, NameField, PhoneField, UserIdField } from '../../shared/input-fields';

/** Fields left out stay as they are; null clears an optional field (domain, phone, ownerId). */
@InputType()
export class UpdateCustomerInput {
  @NameField({ optional: 'not-null' })
  name?: string;

  @EmailField({ example: 'ops@example.com', optional: 'not-null' })
  email?: string;

  @EnumField(CustomerKind, { optional: 'not-null', message: 'kind must be ORGANISATION or INDIVIDUAL' })
  kind?: CustomerKind;

  @DomainField({ optional: true })
  domain?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @UserIdField({ optional: true })
  ownerId?: string | null;
}
