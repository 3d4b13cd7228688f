import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
}

/** Unfolds headers and splits a raw RFC 5322 message into header map and body. */
function parse(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return { headers, body: body.replace(/\r\n$/, '') };
}

/**
 * A real SMTP server on 127.0.0.1 (free port, no auth, no TLS) that keeps
 * what it accepts. `refuse` makes it answer 451 to every message.
 */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly messages: ReceivedMail[],
    private readonly control: { refuse: boolean },
  ) {}

  get refuse(): boolean {
    return this.control.refuse;
  }

  set refuse(value: boolean) {
    this.control.refuse = value;
  }

  static async start(): Promise<SmtpSink> {
    const messages: ReceivedMail[] = [];
    const control = { refuse: false };
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        if (control.refuse) return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const { headers, body } = parse(Buffer.concat(chunks).toString('utf8'));
          messages.push({
            messageId: headers.get('message-id') ?? '',
            to: headers.get('to') ?? '',
            from: headers.get('from') ?? '',
            subject: headers.get('subject') ?? '',
            text: body,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return new SmtpSink(server, port, messages, control);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
