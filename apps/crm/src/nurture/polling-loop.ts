import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { Waker } from '@platform/events';

/** Channels whose NOTIFY (delivered at commit) wakes a loop early, on every replica. */
export const ENROLMENTS_CHANNEL = 'nurture_enrolments';
export const OUTBOUND_EMAILS_CHANNEL = 'nurture_outbound_emails';

/**
 * Runs `work` until it reports nothing left to do, then sleeps up to `pollMs`
 * or until a NOTIFY on `channel` arrives. A wake-up that arrives while work is
 * running is kept, so work committed meanwhile is not left for the next poll.
 * stop() waits for the work in progress (its transaction) to finish.
 */
export class PollingLoop {
  private running = false;
  private loop?: Promise<void>;
  private listener?: Client;
  private readonly waker = new Waker();
  private reconnect?: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly dataSource: DataSource,
    private readonly channel: string,
    private readonly pollMs: number,
    /** Does one unit of work; true when it did something (and more may be waiting). */
    private readonly work: () => Promise<boolean>,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    try {
      await this.listen();
    } catch (err) {
      this.running = false;
      throw err;
    }
    this.loop = this.run();
  }

  /**
   * A fresh LISTEN connection. When it drops (the database restarted, a
   * connection was killed) it is replaced, and the loop woken for what was
   * notified meanwhile; otherwise wake-ups would be lost until the next poll.
   */
  private async listen(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url, application_name: `crm-${this.name}` });
    client.on('error', () => undefined);
    client.on('notification', () => this.wake());
    client.on('end', () => {
      if (this.listener === client) this.relisten();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (!this.running) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  /** Retried after 1 s, doubling to 30 s while the database stays away. */
  private relisten(attempt = 0): void {
    this.listener = undefined;
    if (!this.running || this.reconnect) return;
    this.reconnect = setTimeout(
      () => {
        this.reconnect = undefined;
        if (!this.running) return;
        this.listen().then(
          () => this.wake(),
          () => this.relisten(attempt + 1),
        );
      },
      Math.min(Math.min(this.pollMs, 1000) * 2 ** attempt, 30_000),
    );
  }

  wake(): void {
    this.waker.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnect);
    this.reconnect = undefined;
    this.wake();
    await this.loop;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let busy = false;
      try {
        busy = await this.work();
        failures = 0;
      } catch (err) {
        // A database outage: back off, keep going; the work is retried from the database state.
        failures++;
        this.log(`${this.name}: ${err instanceof Error ? err.message : String(err)} (failure ${failures})`);
        await this.sleep(Math.min(this.pollMs * 2 ** Math.min(failures, 6), 60_000));
        continue;
      }
      if (!busy && this.running) await this.sleep(this.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.waker.wait(ms);
  }
}
