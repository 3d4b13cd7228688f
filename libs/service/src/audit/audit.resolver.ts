import { type Type } from '@nestjs/common';
import { Args, Directive, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { badUserInput, MAX_PAGE_SIZE } from '@platform/graphql';
import { Allow } from '../auth';
import { AuditLog, type AuditRecord } from './audit-log';

@ObjectType({ description: 'A privileged action: who, what, when, from where.' })
@Directive('@shareable')
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({ description: 'Subject of the token that acted.' })
  actor: string;

  @Field(() => [String])
  roles: string[];

  @Field({ description: 'e.g. createCustomer' })
  action: string;

  @Field({ description: 'Id of what was acted on.' })
  target: string;

  @Field(() => String, { nullable: true, description: 'Client address the gateway saw.' })
  ip: string | null;
}

/** `<name>(first, before)`: this service's audit trail, newest first, for admins. */
export function auditLogResolver(name: string): Type<unknown> {
  @Resolver(() => AuditEntry)
  class AuditLogResolver {
    constructor(private readonly audit: AuditLog) {}

    @Allow('audit:read')
    @Query(() => [AuditEntry], { name, description: 'Privileged actions in this service, newest first.' })
    entries(
      @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
      @Args('before', { type: () => ID, nullable: true }) before?: string,
    ): Promise<AuditRecord[]> {
      if (first < 1 || first > MAX_PAGE_SIZE) throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
      if (before && !/^\d+$/.test(before)) throw badUserInput(`before must be the id of an audit entry, got "${before}"`);
      return this.audit.list(first, before);
    }
  }
  return AuditLogResolver;
}
