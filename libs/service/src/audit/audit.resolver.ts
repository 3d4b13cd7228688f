import { type Type } from '@nestjs/common';
import { Args, Directive, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PAGE_SIZE, Pattern } from '@platform/graphql';
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
      @Args('first', { type: () => Int, defaultValue: 50 }, PAGE_SIZE) first: number,
      @Args('before', { type: () => ID, nullable: true }, new Pattern(/^\d{1,18}$/, 'the id of an audit entry')) before?: string,
    ): Promise<AuditRecord[]> {
      return this.audit.list(first, before);
    }
  }
  return AuditLogResolver;
}
