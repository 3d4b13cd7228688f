import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { EmailField, NameField, PersonNameField, PhoneField, UserIdField } from '../../shared/input-fields';
import { LeadStatus } from '../lead.model';

/** Fields left out stay as they are; null clears company, phone, ownerId (and names, to ""). */
@InputType()
export class UpdateLeadInput {
  @EmailField({ example: 'ada@example.com', optional: 'not-null' })
  email?: string;

  @PersonNameField({ optional: true, mayBeEmpty: true, isString: true })
  firstName?: string | null;

  @PersonNameField({ optional: true, mayBeEmpty: true, isString: true })
  lastName?: string | null;

  @NameField({ optional: true })
  company?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @EnumField(LeadStatus, {
    optional: 'not-null',
    message: 'status must be NEW, CONTACTED, QUALIFIED or UNQUALIFIED',
    description: 'NEW, CONTACTED, QUALIFIED or UNQUALIFIED; convertLead sets CONVERTED.',
  })
  status?: LeadStatus;

  @UserIdField({ optional: true })
  ownerId?: string | null;
}
