import { InputType } from '@nestjs/graphql';
import { UuidField } from '@platform/graphql';
import { EmailField, NameField, PersonNameField, PhoneField, UserIdField } from '../../shared/input-fields';

/** Fields left out stay as they are; null clears an optional one (email, phone, title, customerId, ownerId). */
@InputType()
export class UpdateContactInput {
  @PersonNameField({ optional: 'not-null' })
  firstName?: string;

  @PersonNameField({ optional: true, mayBeEmpty: true, isString: true, description: 'null or "" clears it.' })
  lastName?: string | null;

  @EmailField({ example: 'ada@example.com', optional: true })
  email?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @NameField({ optional: true })
  title?: string | null;

  @UuidField({ optional: true, mustBe: 'a customer id' })
  customerId?: string | null;

  @UserIdField({ optional: true })
  ownerId?: string | null;
}
