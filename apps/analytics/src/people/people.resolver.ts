import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg, IntRange, loaderFor, type RequestContext, TextLength, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import type { IdentityRow } from '../identity/identity.repository';
import { ProfilesArgs } from './dto/profiles.args';
import { ChurnRisk, churnRisk, ENGAGEMENT_WINDOW_DAYS, engagementScore } from './computed-traits';
import { isPersonalTrait } from './people-rules';
import { TimelineEntry } from './timeline';
import type { PersonProfileRow } from './people.repository';
import { PeopleService, type TraitValue } from './people.service';
import { ContentActivityCounts, IdentifierKind, PersonProfile, PersonProfileConnection, ProfileIdentity, Trait } from './person-profile.model';

@Resolver(() => PersonProfile)
export class PeopleResolver {
  constructor(private readonly people: PeopleService) {}

  @Allow('profile:read')
  @Query(() => PersonProfile, {
    description: "One person profile; NOT_FOUND if there is none with this id (a merged profile takes its strongest identifier's id).",
  })
  profile(@IdArg('id', 'Profile') id: string): Promise<PersonProfileRow> {
    return this.people.get(id);
  }

  @Allow('profile:read')
  @Query(() => PersonProfileConnection, { description: 'Person profiles, oldest first, filtered by customer or last seen.' })
  async profiles(@Args() { first, after, filter }: ProfilesArgs): Promise<PersonProfileConnection> {
    const page = await this.people.list(filter ?? {}, first, after);
    return toConnection(page, (p) => ({ at: p.createdAt, id: p.id })) as PersonProfileConnection;
  }

  private allTraits(context: RequestContext, profile: PersonProfileRow): Promise<TraitValue[]> {
    return loaderFor<string, TraitValue[]>(context, 'personTraits', async (ids) => {
      const traits = await this.people.traitsOf(ids);
      return ids.map((id) => traits.get(id) ?? []);
    }).load(profile.id);
  }

  @Allow('profile:read')
  @ResolveField('traits', () => [Trait], { description: 'Traits that are not personal data, by name.' })
  async traits(@Parent() profile: PersonProfileRow, @Context() context: RequestContext): Promise<TraitValue[]> {
    return (await this.allTraits(context, profile)).filter((t) => !isPersonalTrait(t.name));
  }

  @Allow('contact.pii:read')
  @ResolveField(() => [Trait], { nullable: true, description: 'Personal data (email, names, phone, address...): needs contact.pii:read.' })
  async personalTraits(@Parent() profile: PersonProfileRow, @Context() context: RequestContext): Promise<TraitValue[]> {
    return (await this.allTraits(context, profile)).filter((t) => isPersonalTrait(t.name));
  }

  @Allow('contact.pii:read')
  @ResolveField(() => [Trait], { nullable: true, description: 'Every value a trait had, newest first (up to `first`). Personal data: needs contact.pii:read.' })
  traitHistory(
    @Parent() profile: PersonProfileRow,
    @Args('name', new TextLength(200)) name: string,
    @Args('first', { type: () => Int, defaultValue: 20 }, new IntRange(1, 100)) first: number,
  ): Promise<TraitValue[]> {
    return this.people.traitHistory(profile.id, name, first);
  }

  @Allow('profile:read')
  @ResolveField(() => Int)
  engagementScore(@Parent() profile: PersonProfileRow, @Context() context: RequestContext): Promise<number> {
    return loaderFor<string, number>(context, 'personActiveDays', async (ids) => {
      const days = await this.people.activeDays(ids, ENGAGEMENT_WINDOW_DAYS);
      return ids.map((id) => days.get(id) ?? 0);
    })
      .load(profile.id)
      .then(engagementScore);
  }

  @Allow('profile:read')
  @ResolveField(() => [TimelineEntry], { description: 'What the person did, newest first: up to `first` entries before `before` (a cursor of an entry).' })
  timeline(
    @Parent() profile: PersonProfileRow,
    @Args('first', { type: () => Int, defaultValue: 20 }, new IntRange(1, 100)) first: number,
    @Args('before', { type: () => String, nullable: true }, new TextLength(500)) before: string | null,
    @Context() context: RequestContext,
  ): Promise<TimelineEntry[]> {
    // One loader per page shape: every profile of the request asking the same page shares one statement.
    return loaderFor<string, TimelineEntry[]>(context, `personTimeline:${first}:${before ?? ''}`, async (ids) => {
      const found = await this.people.timelines(ids, first, before);
      return ids.map((id) => found.get(id) ?? []);
    }).load(profile.id);
  }

  @Allow('profile:read')
  @ResolveField(() => ContentActivityCounts)
  content(@Parent() profile: PersonProfileRow, @Context() context: RequestContext): Promise<ContentActivityCounts> {
    return loaderFor<string, ContentActivityCounts>(context, 'personContent', async (ids) => {
      const found = await this.people.contentActivity(ids);
      return ids.map((id) => found.get(id) ?? { pagesViewed: 0, contentDownloaded: 0, formsSubmitted: 0 });
    }).load(profile.id);
  }

  @Allow('profile:read')
  @ResolveField(() => ChurnRisk)
  churnRisk(@Parent() profile: PersonProfileRow): ChurnRisk {
    return churnRisk(profile.lastSeenAt, new Date());
  }

  @Allow('contact.pii:read')
  @ResolveField(() => [ProfileIdentity], {
    nullable: true,
    description: 'The identifiers resolved to this person (user ids, emails, devices): personal data, needs contact.pii:read.',
  })
  identities(@Parent() profile: PersonProfileRow, @Context() context: RequestContext): Promise<ProfileIdentity[]> {
    return loaderFor<string, IdentityRow[]>(context, 'personIdentities', async (ids) => {
      const found = await this.people.identitiesOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    })
      .load(profile.id)
      .then((rows) => rows.map((r) => ({ kind: r.kind as IdentifierKind, value: r.value, firstSeenAt: r.firstSeenAt, lastSeenAt: r.lastSeenAt })));
  }
}
