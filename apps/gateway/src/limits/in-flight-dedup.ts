import type { NextFunction, Request, Response } from 'express';
import { Kind, parse } from 'graphql';

/** Who is asking, as far as it changes the answer: a verified user, anonymous, or unknown (a token that does not verify). */
export type CallerKey = (req: Request) => Promise<string | null>;

interface Answer {
  status: number;
  headers: Record<string, number | string | string[]>;
  body: Buffer;
}

/**
 * Identical queries that arrive while the first of them is still being
 * answered wait for that answer, and get its very bytes, instead of being
 * planned, fetched and serialised again: a page that 50 people open at once
 * costs one execution. Only queries (never mutations or subscriptions), and
 * only between requests that get the same answer: the same caller (subject
 * and roles), document, operation name, variables and accepted media type.
 * One user's answer is never served to another; a request whose token does
 * not verify is never shared.
 */
export class InFlightDeduplication {
  private readonly inFlight = new Map<string, Promise<Answer | null>>();
  /** Whether a document's chosen operation is a query, by document and operation name; bounded. */
  private readonly kinds = new Map<string, boolean>();

  constructor(private readonly options: { maxWaitMs: number }) {}

  get size(): number {
    return this.inFlight.size;
  }

  middleware(callerKey: CallerKey) {
    return (req: Request, res: Response, next: NextFunction) => {
      void this.handle(req, res, next, callerKey).catch(next);
    };
  }

  private async handle(req: Request, res: Response, next: NextFunction, callerKey: CallerKey) {
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown } | undefined;
    if (req.method !== 'POST' || typeof body?.query !== 'string' || !this.isQuery(body.query, body.operationName)) return next();
    const caller = await callerKey(req);
    if (caller === null) return next();
    let key: string;
    try {
      key = JSON.stringify([caller, body.query, body.operationName ?? null, body.variables ?? null, req.headers.accept ?? null]);
    } catch {
      // Variables too deep to write out: graphql-js refuses them; this request is not shared.
      return next();
    }
    const leading = this.inFlight.get(key);
    if (leading) {
      let timer: NodeJS.Timeout | undefined;
      const answer = await Promise.race([leading, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.options.maxWaitMs)))]);
      clearTimeout(timer);
      // Past the wait, or when the first request ended without an answer, this one runs itself.
      if (!answer) return next();
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    let settle!: (answer: Answer | null) => void;
    const shared = new Promise<Answer | null>((resolve) => (settle = resolve));
    this.inFlight.set(key, shared);
    const done = (answer: Answer | null) => {
      if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
      settle(answer);
    };
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk, rest[0]), write(chunk, ...rest))) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== 'function') keep(chunk, rest[0]);
      const headers = res.getHeaders() as Answer['headers'];
      // A streamed or incremental answer is not replayed.
      done(res.statusCode && !headers['transfer-encoding'] ? { status: res.statusCode, headers, body: Buffer.concat(chunks) } : null);
      return end(chunk, ...rest);
    }) as Response['end'];
    res.once('close', () => done(null));
    next();
  }

  private isQuery(query: string, operationName: unknown): boolean {
    const key = `${typeof operationName === 'string' ? operationName : ''}\n${query}`;
    let known = this.kinds.get(key);
    if (known === undefined) {
      try {
        const operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        const chosen =
          typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
        known = chosen?.operation === 'query';
      } catch {
        // Apollo answers the syntax error itself.
        known = false;
      }
      if (this.kinds.size >= 1000) this.kinds.clear();
      this.kinds.set(key, known);
    }
    return known;
  }
}
