import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the gateway's data source reads of a subgraph's answer (the shape of a fetch Response it uses). */
export interface SubgraphResponse {
  url: string;
  ok: boolean;
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface SubgraphHttpOptions {
  /** Most connections open to one subgraph; further calls wait for a free one. */
  maxSockets: number;
  timeoutMs: number;
}

/**
 * POSTs to subgraphs over kept-alive connections from a bounded pool, with
 * a time limit per call. Node's fetch builds a WHATWG Request, stream and
 * AbortSignal per call, which cost the gateway more CPU than planning and
 * merging together; this does the one thing the gateway needs.
 */
export class SubgraphHttp {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(private readonly options: SubgraphHttpOptions) {
    const pool = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, scheduling: 'lifo' as const };
    this.http = new HttpAgent(pool);
    this.https = new HttpsAgent(pool);
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<SubgraphResponse> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        target,
        {
          method: 'POST',
          agent: secure ? this.https : this.http,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve(responseOf(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8'))));
        },
      );
      // The time limit covers the whole call: connecting, waiting, reading.
      const timer = setTimeout(() => req.destroy(new Error(`subgraph did not answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      req.once('close', () => clearTimeout(timer));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

function responseOf(url: string, status: number, statusText: string, headers: IncomingHttpHeaders, text: string): SubgraphResponse {
  return {
    url,
    ok: status >= 200 && status < 300,
    status,
    statusText,
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}
