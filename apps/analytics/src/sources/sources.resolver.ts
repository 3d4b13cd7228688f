import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '@platform/graphql';
import { Allow } from '@platform/service';
import { CreateTrackingSourceInput } from './dto/create-tracking-source.input';
import { CreatedTrackingSource, TrackingSource } from './source.model';
import type { SourceRow } from './sources.repository';
import { SourcesService } from './sources.service';

@Resolver(() => TrackingSource)
export class SourcesResolver {
  constructor(private readonly sources: SourcesService) {}

  @Allow('analytics:manage')
  @Mutation(() => CreatedTrackingSource, { description: 'A new tracking source and its write key (shown this once).' })
  createTrackingSource(@Args('input') input: CreateTrackingSourceInput): Promise<CreatedTrackingSource> {
    return this.sources.create(input.name);
  }

  @Allow('analytics:manage')
  @Mutation(() => TrackingSource, { description: "Stops accepting the source's write key (within 30 seconds on every replica). NOT_FOUND for an unknown id." })
  disableTrackingSource(@IdArg('id', 'TrackingSource') id: string): Promise<SourceRow> {
    return this.sources.disable(id);
  }

  @Allow('analytics:manage')
  @Query(() => [TrackingSource], { description: 'Every tracking source, oldest first (a handful per platform).' })
  trackingSources(): Promise<SourceRow[]> {
    return this.sources.list();
  }
}
