import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, ValidateIf } from 'class-validator';
import { EmailField, NameField, PersonNameField, PhoneField, UserIdField } from '../../shared/input-fields';
import { LeadStatus } from '../lead.model';

/** Fields left out stay as they are; null clears company, phone, ownerId (and names, to ""). */
@InputType()
export class UpdateLeadInput {
  @EmailField({ example: 'ada@example.com', optional: 'not-null' })
  email?: string;

  @PersonNameField({ optional: true, mayBeEmpty: true })
  firstName?: string | null;

  @PersonNameField({ optional: true, mayBeEmpty: true })
  lastName?: string | null;

  @NameField({ optional: true })
  company?: string | null;

  @PhoneField({ optional: true })
  phone?: string | null;

  @Field(() => LeadStatus, { nullable: true, description: 'NEW, CONTACTED, QUALIFIED or UNQUALIFIED; convertLead sets CONVERTED.' })
  @ValidateIf((o: UpdateLeadInput) => o.status !== undefined)
  @IsEnum(LeadStatus, { message: 'status must be NEW, CONTACTED, QUALIFIED or UNQUALIFIED' })
  status?: LeadStatus;

  @UserIdField({ optional: true })
  ownerId?: string | null;
}
