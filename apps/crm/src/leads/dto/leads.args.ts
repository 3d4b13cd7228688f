import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '@platform/graphql';
import { RecordSort } from '../../shared/list-sort';
import { LeadSource, LeadStatus } from '../lead.model';

@InputType()
export class LeadFilter {
  @Field(() => LeadStatus, { nullable: true })
  @IsOptional()
  @IsEnum(LeadStatus)
  status?: LeadStatus | null;

  @Field(() => LeadSource, { nullable: true })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource | null;

  @Field(() => String, { nullable: true, description: 'Words matched as prefixes against name, email and company; all must match.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  ownerId?: string | null;
}

@ArgsType()
export class LeadsArgs extends PageArgs {
  @Field(() => LeadFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilter)
  filter?: LeadFilter | null;

  @Field(() => RecordSort, { nullable: true, description: 'Oldest first unless given.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordSort)
  sort?: RecordSort | null;
}
