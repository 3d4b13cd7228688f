import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { DomainError } from '@platform/graphql';
import { SERVICE_CONFIG } from '@platform/service';
import { EntriesService } from '../entries/entries.service';
import { ScheduledAction } from './schedule.model';
import { SchedulesRepository } from './schedules.repository';

/**
 * Runs due schedules from bootstrap to shutdown, every CMS_SCHEDULE_POLL_MS.
 * A schedule is claimed (FOR UPDATE SKIP LOCKED), carried out and marked
 * done in one transaction: it runs exactly once whatever the number of
 * replicas, and one whose time came while no replica ran is run at the
 * next start. A refusal (nothing to publish, approval missing) is recorded
 * as its outcome rather than retried forever; any other failure rolls the
 * claim back and is retried on the next poll.
 */
@Injectable()
export class PublishingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('publishing-scheduler');
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: AbortController;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schedules: SchedulesRepository,
    private readonly entries: EntriesService,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_SCHEDULE_POLL_MS: number },
  ) {}

  onApplicationBootstrap(): void {
    // Offline schema composition builds the app without a database: nothing to run then.
    if (!this.dataSource.isInitialized) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Before the database closes: the schedule in progress commits (or rolls back) first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wakeUp?.abort();
    await this.loop;
  }

  /** Runs one due schedule; false when none is due. */
  async runOne(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const due = await this.schedules.claimDueIn(manager);
      if (!due) return false;
      const actor = { sub: due.createdBy ?? 'scheduler', roles: [] };
      let outcome: string;
      try {
        // A savepoint: a refused command leaves the claim's transaction usable.
        await manager.transaction((inner) =>
          due.action === ScheduledAction.PUBLISH ? this.entries.publishIn(inner, due.entryId, actor) : this.entries.unpublishIn(inner, due.entryId, actor),
        );
        outcome = due.action === ScheduledAction.PUBLISH ? 'PUBLISHED' : 'UNPUBLISHED';
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        outcome = `${String(err.extensions.code)}: ${err.message}`;
      }
      await this.schedules.finishIn(manager, due.id, outcome);
      return true;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = await this.runOne();
      } catch (err) {
        this.logger.error(`schedule failed, retried on the next poll: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (busy || !this.running) continue;
      this.wakeUp = new AbortController();
      await sleep(this.config.CMS_SCHEDULE_POLL_MS, undefined, { signal: this.wakeUp.signal }).catch(() => undefined);
    }
  }
}
