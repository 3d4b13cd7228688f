import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { IdArg, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import type { PersonProfileRow } from '../people/people.repository';
import { PeopleService } from '../people/people.service';
import { PersonProfile } from '../people/person-profile.model';
import { MergeProfilesInput, SplitIdentifierInput } from './dto/profile-admin.inputs';
import { ErasureResult, RebuildResult } from './profile-admin.model';
import { ProfileAdminService } from './profile-admin.service';

@Resolver()
export class ProfileAdminResolver {
  constructor(
    private readonly admin: ProfileAdminService,
    private readonly people: PeopleService,
  ) {}

  @Allow('analytics:manage')
  @Mutation(() => PersonProfile, {
    description: 'Joins two person profiles whatever the identifier limits. NOT_FOUND for an unknown profile; ILLEGAL_PROFILE_MERGE for the same one twice.',
  })
  async mergeProfiles(@Args('input') input: MergeProfilesInput, @Context() context: RequestContext): Promise<PersonProfileRow> {
    return this.people.get(await this.admin.merge(input.profileId, input.intoProfileId, context.identity));
  }

  @Allow('analytics:manage')
  @Mutation(() => PersonProfile, {
    description: 'Takes an identifier out of its profile for good; returns the profile it now forms. NOT_FOUND for an unknown identifier.',
  })
  async splitIdentifier(@Args('input') input: SplitIdentifierInput, @Context() context: RequestContext): Promise<PersonProfileRow> {
    return this.people.get(await this.admin.split(input.kind, input.value, context.identity));
  }

  @Allow('analytics:manage')
  @Mutation(() => ErasureResult, {
    description:
      "Right to erasure: deletes the person's events, identifiers and traits and suppresses the identifiers, so later events with them are not stored.",
  })
  async eraseProfile(@IdArg('id', 'Profile') id: string, @Context() context: RequestContext): Promise<ErasureResult> {
    return { profileId: id, ...(await this.admin.erase(id, context.identity)) };
  }

  @Allow('analytics:manage')
  @Mutation(() => RebuildResult, { description: 'Drops the identity graph and person profiles and builds them again from the stored events.' })
  rebuildProfiles(@Context() context: RequestContext): Promise<RebuildResult> {
    return this.admin.rebuild(context.identity);
  }
}
