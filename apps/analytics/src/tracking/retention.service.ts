import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@platform/service';
import { TrackingRepository } from './tracking.repository';

const HOUR_MS = 3_600_000;

/**
 * Keeps raw events for RAW_EVENTS_RETENTION_DAYS: whole monthly partitions
 * older than that are dropped (no row-by-row delete), and the message ids
 * that de-duplicated them go with them. Profiles keep what was learnt.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tracking: TrackingRepository,
    @Inject(SERVICE_CONFIG) private readonly config: { RAW_EVENTS_RETENTION_DAYS: number },
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.run().catch((err: Error) => this.logger.error(`retention failed: ${err.message}`)), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Drops what is past retention at `now`; returns the partitions dropped. */
  async run(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.config.RAW_EVENTS_RETENTION_DAYS * 86_400_000);
    return this.dataSource.transaction(async (manager) => {
      const dropped = await this.tracking.dropPartitionsBefore(manager, cutoff);
      await this.tracking.pruneMessageIds(manager, cutoff);
      if (dropped.length) this.logger.log(`dropped ${dropped.join(', ')}`);
      return dropped;
    });
  }
}
