import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { groupByKey, IdArg, loaderFor, notFound, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { randomUUID } from 'node:crypto';
import { EntriesService } from '../entries/entries.service';
import { Entry } from '../entries/entry.model';
import type { EntryRow } from '../entries/entries.repository';
import { ScheduleEntryArgs } from './dto/schedule.args';
import { EntrySchedule } from './schedule.model';
import { type ScheduleRow, SchedulesRepository } from './schedules.repository';

@Resolver(() => Entry)
export class SchedulesResolver {
  constructor(
    private readonly repository: SchedulesRepository,
    private readonly entries: EntriesService,
  ) {}

  @Allow('entry:publish')
  @Mutation(() => EntrySchedule, { description: 'Publishes or unpublishes the entry at a set time, once, whatever restarts happen meanwhile.' })
  async scheduleEntry(@Args() { id, action, at }: ScheduleEntryArgs, @Context() context: RequestContext): Promise<ScheduleRow> {
    await this.entries.get(id);
    return this.repository.insert({ id: randomUUID(), entryId: id, action, runAt: at, createdBy: context.identity?.sub ?? null });
  }

  @Allow('entry:publish')
  @Mutation(() => EntrySchedule, { description: 'Cancels a pending schedule. NOT_FOUND if it already ran or was cancelled.' })
  async cancelEntrySchedule(@IdArg('id', 'EntrySchedule') id: string): Promise<ScheduleRow> {
    const cancelled = await this.repository.cancel(id);
    if (!cancelled) throw notFound('EntrySchedule', id);
    return cancelled;
  }

  @Allow('entry:read')
  @ResolveField(() => [EntrySchedule], { description: 'Its schedules, pending and past, by time.' })
  schedules(@Parent() entry: EntryRow, @Context() context: RequestContext): Promise<ScheduleRow[]> {
    return loaderFor<string, ScheduleRow[]>(context, 'cms.entrySchedules', async (ids) =>
      groupByKey(ids, await this.repository.ofEntries(ids), (s) => s.entryId),
    ).load(entry.id);
  }
}
