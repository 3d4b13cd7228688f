import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Waker } from '@platform/events';
import { SERVICE_CONFIG } from '@platform/service';
import { ReservationsService } from './reservations.service';

/**
 * Expires unconfirmed holds whose time has come, every
 * RESERVATION_EXPIRY_POLL_MS from bootstrap to shutdown. Nothing is kept in
 * memory: after a restart the due holds are found in the table again, and
 * each expires through one conditional UPDATE, so a hold expires once however
 * many replicas run this (or a release races it).
 */
@Injectable()
export class ReservationExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('reservation-expiry');
  private readonly waker = new Waker();
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reservations: ReservationsService,
    @Inject(SERVICE_CONFIG) private readonly config: { RESERVATION_EXPIRY_POLL_MS: number },
  ) {}

  onApplicationBootstrap(): void {
    // Offline schema composition builds the app without a database: nothing to run then.
    if (!this.dataSource.isInitialized) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Before the database closes: the expiry in progress commits (or rolls back) first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.waker.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let busy = false;
      try {
        busy = (await this.reservations.expireDue(100)) === 100;
      } catch (err) {
        this.logger.error(`expiring holds: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!busy && this.running) await this.waker.wait(this.config.RESERVATION_EXPIRY_POLL_MS);
    }
  }
}
