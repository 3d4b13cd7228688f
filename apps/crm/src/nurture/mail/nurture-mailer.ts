import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '@platform/service';
import { ActivitiesService } from '../../activities/activities.service';
import { ContactsService } from '../../contacts/contacts.service';
import { OUTBOUND_EMAILS_CHANNEL, PollingLoop } from '../polling-loop';
import { type MailTransport, mailTransportFor } from './mail-transport';
import { sendDueEmail } from './mailer';

interface MailConfig {
  SMTP_URL?: string;
  MAIL_LOG_PATH?: string;
  MAIL_FROM: string;
  NURTURE_POLL_MS: number;
}

/** Sends pending outbound emails from application bootstrap to shutdown, through SMTP or the mail log. */
@Injectable()
export class NurtureMailer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('nurture-mailer');
  private loop?: PollingLoop;
  private transport?: MailTransport;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: MailConfig,
    private readonly contacts: ContactsService,
    private readonly activities: ActivitiesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const transport = mailTransportFor(this.config);
    this.transport = transport;
    this.logger.log(`sending nurture email through ${transport.description}`);
    this.loop = new PollingLoop(
      'nurture-mailer',
      this.dataSource,
      OUTBOUND_EMAILS_CHANNEL,
      this.config.NURTURE_POLL_MS,
      () => sendDueEmail(this.dataSource, { contacts: this.contacts, activities: this.activities }, transport, this.config.MAIL_FROM),
      (line) => this.logger.error(line),
    );
    await this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
    this.transport?.close();
  }
}
