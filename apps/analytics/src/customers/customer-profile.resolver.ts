import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { loaderFor, Money, minorFromDecimal, moneyFromMinor, Reference, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import type { CustomerFacts, CustomerMoney } from '../domain/domain-events.repository';
import type { PersonProfileRow } from '../people/people.repository';
import { PeopleService } from '../people/people.service';
import { PersonProfile } from '../people/person-profile.model';
import { ChurnRisk, churnRisk } from '../people/computed-traits';
import { Profile } from '../profiles/profile.model';
import { ProfilesService } from '../profiles/profiles.service';
import { Customer } from './customer.model';
import { CustomerReference } from './dto/customer.reference';

/** A sum of decimal amounts as Postgres gives it (trailing zeros past the currency's digits allowed). */
function money(amount: string, currency: string): Money {
  const trimmed = amount.includes('.') ? amount.replace(/0+$/, '').replace(/\.$/, '') : amount;
  return moneyFromMinor(minorFromDecimal(trimmed, currency), currency);
}

@Resolver(() => Customer)
export class CustomerProfileResolver {
  constructor(private readonly profiles: ProfilesService) {}

  @Allow('customer.profile:read')
  @ResolveField(() => Profile)
  profile(@Reference() customer: CustomerReference, @Context() context: RequestContext): Promise<Profile> {
    return loaderFor<string, Profile>(context, 'profileByCustomer', async (ids) => {
      const profiles = await this.profiles.forCustomers(ids);
      return ids.map((id) => profiles.get(id) ?? new Error(`no profile for customer ${id}`));
    }).load(customer.id);
  }
}

/** The rolled-up fields of a customer's profile, each one statement per request whatever the number of customers. */
@Resolver(() => Profile)
export class ProfileFieldsResolver {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly peopleService: PeopleService,
  ) {}

  private facts(context: RequestContext, profile: Profile): Promise<CustomerFacts> {
    return loaderFor<string, CustomerFacts>(context, 'customerFacts', async (ids) => {
      const facts = await this.profiles.factsOf(ids);
      return ids.map((id) => facts.get(id)!);
    }).load(profile.customerId);
  }

  private money(context: RequestContext, profile: Profile, measure: CustomerMoney['measure']): Promise<Money[]> {
    return loaderFor<string, CustomerMoney[]>(context, 'customerMoney', async (ids) => {
      const found = await this.profiles.moneyOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    })
      .load(profile.customerId)
      .then((rows) => rows.filter((r) => r.measure === measure).map((r) => money(r.amount, r.currency)));
  }

  private peopleOf(context: RequestContext, profile: Profile): Promise<PersonProfileRow[]> {
    return loaderFor<string, PersonProfileRow[]>(context, 'customerPeople', async (ids) => {
      const found = await this.peopleService.byCustomers(ids, 100);
      return ids.map((id) => found.get(id) ?? []);
    }).load(profile.customerId);
  }

  @Allow('customer.profile:read')
  @ResolveField(() => [PersonProfile])
  people(@Parent() profile: Profile, @Context() context: RequestContext): Promise<PersonProfileRow[]> {
    return this.peopleOf(context, profile);
  }

  @Allow('customer.profile:read')
  @ResolveField(() => Date, { nullable: true })
  async lastSeenAt(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Date | null> {
    const [facts, people] = await Promise.all([this.facts(context, profile), this.peopleOf(context, profile)]);
    const times = [facts.lastEventAt, ...people.map((p) => p.lastSeenAt)].filter((t): t is Date => !!t).map((t) => t.getTime());
    return times.length ? new Date(Math.max(...times)) : null;
  }

  @Allow('customer.profile:read')
  @ResolveField(() => ChurnRisk)
  async churnRisk(@Parent() profile: Profile, @Context() context: RequestContext): Promise<ChurnRisk> {
    return churnRisk(await this.lastSeenAt(profile, context), new Date());
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async wonDeals(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).wonDeals;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async lostDeals(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).lostDeals;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async openTickets(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).openTickets;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async resolvedTickets(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).resolvedTickets;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async orders(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).orders;
  }

  @Allow('customer.profile:read')
  @ResolveField(() => Date, { nullable: true })
  async lastOrderAt(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Date | null> {
    return (await this.facts(context, profile)).lastOrderAt;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  wonRevenue(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Money[]> {
    return this.money(context, profile, 'won');
  }

  @Allow('customer.profile:read')
  @ResolveField()
  invoiced(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Money[]> {
    return this.money(context, profile, 'invoiced');
  }

  @Allow('customer.profile:read')
  @ResolveField(() => [Money])
  async openBalance(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Money[]> {
    const [invoiced, paid] = await Promise.all([this.money(context, profile, 'invoiced'), this.money(context, profile, 'paid')]);
    const open = new Map(invoiced.map((m) => [m.currency, minorFromDecimal(m.amount, m.currency)]));
    for (const m of paid) open.set(m.currency, (open.get(m.currency) ?? 0n) - minorFromDecimal(m.amount, m.currency));
    return [...open].filter(([, minor]) => minor !== 0n).map(([currency, minor]) => moneyFromMinor(minor, currency));
  }

  @Allow('customer.profile:read')
  @ResolveField()
  async overdueInvoices(@Parent() profile: Profile, @Context() context: RequestContext): Promise<number> {
    return (await this.facts(context, profile)).overdueInvoices;
  }

  @Allow('customer.profile:read')
  @ResolveField()
  paid(@Parent() profile: Profile, @Context() context: RequestContext): Promise<Money[]> {
    return this.money(context, profile, 'paid');
  }
}
