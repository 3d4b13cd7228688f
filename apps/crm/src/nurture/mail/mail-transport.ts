import { Logger } from '@nestjs/common';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailMessage {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Delivers one message; resolves once the receiver has accepted it, throws otherwise. */
export interface MailTransport {
  readonly description: string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** An SMTP server (smtp:// or smtps:// URL with credentials). */
export class SmtpTransport implements MailTransport {
  private readonly transporter: Transporter;
  readonly description: string;

  constructor(url: string) {
    this.transporter = createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
    const parsed = new URL(url);
    this.description = `SMTP ${parsed.protocol}//${parsed.host}`;
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ messageId: message.messageId, from: message.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transporter.close();
  }
}

/** The local default: one JSON line per email appended to a file, for a developer to read. */
export class MailLogTransport implements MailTransport {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `mail log ${path}`;
  }

  async send(message: MailMessage): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify({ ...message, date: new Date().toISOString() })}\n`);
  }

  close(): void {
    // Nothing held open between messages.
  }
}

/** Neither SMTP_URL nor MAIL_LOG_PATH: the service log, so nothing is silently dropped. */
export class ConsoleTransport implements MailTransport {
  readonly description = 'the service log (set SMTP_URL or MAIL_LOG_PATH)';
  private readonly logger = new Logger('mail');

  async send(message: MailMessage): Promise<void> {
    // A warning: it must show at the default log level, since the mail goes nowhere else.
    this.logger.warn(`not sent (no SMTP_URL or MAIL_LOG_PATH): ${JSON.stringify(message)}`);
  }

  close(): void {
    // Nothing held open between messages.
  }
}

export function mailTransportFor(config: { SMTP_URL?: string; MAIL_LOG_PATH?: string }): MailTransport {
  if (config.SMTP_URL) return new SmtpTransport(config.SMTP_URL);
  if (config.MAIL_LOG_PATH) return new MailLogTransport(config.MAIL_LOG_PATH);
  return new ConsoleTransport();
}
