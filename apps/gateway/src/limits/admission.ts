import type { NextFunction, Request, Response } from 'express';

/**
 * Who may start a request now. Two limits, both answered at once and
 * cheaply, so an overloaded gateway keeps serving what it has admitted at
 * its normal latency instead of queueing everyone (Envoy's circuit breakers
 * and Apollo Router's traffic shaping work the same way):
 *
 * - per caller, a token bucket (`ratePerSecond`, `burst`): one client
 *   cannot take the capacity of all the others; 429 with Retry-After;
 * - for the whole gateway, at most `maxInFlight` requests being served and
 *   `maxQueued` waiting at most `queueTimeoutMs` for a free place; anything
 *   beyond is answered 503 with Retry-After.
 */
export interface AdmissionOptions {
  maxInFlight: number;
  maxQueued: number;
  queueTimeoutMs: number;
  ratePerSecond: number;
  burst: number;
}

/** The caller a request is counted against: a verified user, else the client address. */
export type CallerOf = (req: Request) => Promise<string>;

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept for this many callers at most; the least recently seen go first. */
const MAX_CALLERS = 100_000;

export class Admission {
  private inFlight = 0;
  private readonly queue: Array<() => void> = [];
  private readonly buckets = new Map<string, Bucket>();
  /** Counters for /metrics and the benchmark. */
  readonly refused = { rate: 0, overload: 0 };

  constructor(private readonly options: AdmissionOptions) {}

  get load() {
    return { inFlight: this.inFlight, queued: this.queue.length };
  }

  /** Takes one token of `caller`'s bucket; the seconds until one is free when none is. */
  take(caller: string, now = Date.now()): number {
    const { ratePerSecond, burst } = this.options;
    const bucket = this.buckets.get(caller) ?? { tokens: burst, at: now };
    this.buckets.delete(caller);
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > MAX_CALLERS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }

  /** Resolves with a release function once the request may run, or with null when it is refused. */
  enter(): Promise<(() => void) | null> {
    if (this.inFlight < this.options.maxInFlight) {
      this.inFlight++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.options.maxQueued) return Promise.resolve(null);
    return new Promise((resolve) => {
      const admit = () => {
        clearTimeout(timer);
        this.inFlight++;
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(admit);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(null);
      }, this.options.queueTimeoutMs);
      this.queue.push(admit);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.queue.shift()?.();
    };
  }

  middleware(callerOf: CallerOf) {
    return (req: Request, res: Response, next: NextFunction) => {
      void (async () => {
        const wait = this.take(await callerOf(req));
        if (wait > 0) {
          this.refused.rate++;
          return refuse(
            res,
            429,
            wait,
            'RATE_LIMITED',
            `Too many requests from this caller: at most ${this.options.ratePerSecond} a second; retry in ${wait} s`,
          );
        }
        const release = await this.enter();
        if (!release) {
          this.refused.overload++;
          return refuse(res, 503, 1, 'OVERLOADED', 'The gateway is at capacity: retry in 1 s');
        }
        res.once('close', release);
        next();
      })().catch(next);
    };
  }
}

function refuse(res: Response, status: number, retryAfter: number, code: string, message: string) {
  res
    .status(status)
    .set('retry-after', String(retryAfter))
    .json({ errors: [{ message, extensions: { code } }] });
}
