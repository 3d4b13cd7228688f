import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@platform/service';
import { ContactsService } from '../../contacts/contacts.service';
import { CustomersService } from '../../customers/customers.service';
import { LeadsService } from '../../leads/leads.service';
import { TasksService } from '../../tasks/tasks.service';
import { ENROLMENTS_CHANNEL, PollingLoop } from '../polling-loop';
import { runDueStep } from './step-runner';

/**
 * Runs due nurture steps from application bootstrap to shutdown: every
 * NURTURE_POLL_MS, and at once when an enrolment is created (NOTIFY at commit).
 * Any number of replicas may run it on one database.
 */
@Injectable()
export class NurtureScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('nurture-scheduler');
  private loop?: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: { NURTURE_POLL_MS: number },
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
    private readonly customers: CustomersService,
    private readonly tasks: TasksService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Offline schema composition builds the app without a database: nothing to run then.
    if (!this.dataSource.isInitialized) return;
    const areas = { contacts: this.contacts, leads: this.leads, customers: this.customers, tasks: this.tasks };
    this.loop = new PollingLoop(
      'nurture-scheduler',
      this.dataSource,
      ENROLMENTS_CHANNEL,
      this.config.NURTURE_POLL_MS,
      () => runDueStep(this.dataSource, areas),
      (line) => this.logger.error(line),
    );
    await this.loop.start();
  }

  /** Before the database closes: the step in progress commits (or rolls back) first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  wake(): void {
    this.loop?.wake();
  }
}
