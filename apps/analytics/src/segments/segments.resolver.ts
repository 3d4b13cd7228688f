import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IdArg, loaderFor, PageArgs, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import type { PersonProfileRow } from '../people/people.repository';
import { PeopleService } from '../people/people.service';
import { PersonProfile } from '../people/person-profile.model';
import { CreateSegmentInput, SegmentMembersArgs } from './dto/segments.inputs';
import { Segment, SegmentConnection, SegmentMember, SegmentMemberConnection } from './segment.model';
import type { MemberRow, SegmentRow } from './segments.repository';
import { SegmentsService } from './segments.service';

const toSegment = (row: SegmentRow): Segment => ({ id: row.id, name: row.name, rule: JSON.stringify(row.rule), createdAt: row.createdAt });

@Resolver(() => Segment)
export class SegmentsResolver {
  constructor(private readonly service: SegmentsService) {}

  @Allow('segment:manage')
  @Mutation(() => Segment, {
    description: 'A new segment, its members found at once. INVALID_SEGMENT_RULE for a bad rule; CONFLICT (existingId) for a taken name.',
  })
  async createSegment(@Args('input') input: CreateSegmentInput): Promise<Segment> {
    return toSegment(await this.service.create(input.name, input.rule));
  }

  @Allow('segment:read')
  @Query(() => Segment, { description: 'One segment; NOT_FOUND if there is none with this id.' })
  async segment(@IdArg('id', 'Segment') id: string): Promise<Segment> {
    return toSegment(await this.service.get(id));
  }

  @Allow('segment:read')
  @Query(() => SegmentConnection, { description: 'Segments, oldest first.' })
  async segments(@Args() { first, after }: PageArgs): Promise<SegmentConnection> {
    const page = await this.service.list(first, after);
    return toConnection({ ...page, nodes: page.nodes.map(toSegment) }, (s) => ({ at: s.createdAt, id: s.id })) as SegmentConnection;
  }

  @Allow('segment:read')
  @ResolveField()
  size(@Parent() segment: Segment, @Context() context: RequestContext): Promise<number> {
    return loaderFor<string, number>(context, 'segmentSize', async (ids) => {
      const sizes = await this.service.sizes(ids);
      return ids.map((id) => sizes.get(id) ?? 0);
    }).load(segment.id);
  }

  @Allow('segment:read')
  @ResolveField(() => SegmentMemberConnection)
  async members(@Parent() segment: Segment, @Args() { first, after }: SegmentMembersArgs): Promise<SegmentMemberConnection> {
    const page = await this.service.members(segment.id, first, after);
    return toConnection(page, (m) => ({ at: m.enteredAt, id: m.profileId })) as SegmentMemberConnection;
  }
}

@Resolver(() => SegmentMember)
export class SegmentMemberResolver {
  constructor(private readonly people: PeopleService) {}

  @Allow('segment:read')
  @ResolveField(() => PersonProfile, { nullable: true })
  profile(@Parent() member: MemberRow, @Context() context: RequestContext): Promise<PersonProfileRow | null> {
    return loaderFor<string, PersonProfileRow | null>(context, 'profileById', async (ids) => {
      const found = await this.people.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }).load(member.profileId);
  }
}
