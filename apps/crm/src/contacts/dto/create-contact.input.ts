import { InputType } from '@nestjs/graphql';
import { UuidField } from '@platform/graphql';
import { EmailField, NameField, PersonNameField, PhoneField, UserIdField } from '../../shared/input-fields';

@InputType()
export class CreateContactInput {
  @PersonNameField({ description: '1 to 100 characters.' })
  firstName: string;

  @PersonNameField({ optional: true, mayBeEmpty: true, description: 'Up to 100 characters.' })
  lastName?: string | null;

  @EmailField({ example: 'ada@example.com', optional: true, description: 'Unique across contacts, compared case-insensitively.' })
  email?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @NameField({ optional: true, description: 'Job title, up to 200 characters.' })
  title?: string | null;

  @UuidField({ optional: true, mustBe: 'a customer id', description: 'The customer this person belongs to.' })
  customerId?: string | null;

  @UserIdField({ optional: true, description: 'Owning user; the caller unless given.' })
  ownerId?: string | null;
}
