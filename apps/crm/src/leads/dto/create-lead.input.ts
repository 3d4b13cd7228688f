import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { EmailField, NameField, PersonNameField, PhoneField, UserIdField } from '../../shared/input-fields';
import { LeadSource } from '../lead.model';

@InputType()
export class CreateLeadInput {
  @EmailField({ example: 'ada@example.com', description: 'One lead per email, compared case-insensitively.' })
  email: string;

  @PersonNameField({ optional: true, mayBeEmpty: true, isString: true })
  firstName?: string | null;

  @PersonNameField({ optional: true, mayBeEmpty: true, isString: true })
  lastName?: string | null;

  @NameField({ optional: true })
  company?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @EnumField(LeadSource, { optional: true, description: 'MANUAL unless given.' })
  source?: LeadSource | null;

  @UserIdField({ optional: true, description: 'Owning user; the caller unless given.' })
  ownerId?: string | null;
}
