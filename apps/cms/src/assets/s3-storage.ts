import { createHash, createHmac } from 'node:crypto';
import type { AssetStorage } from './asset-storage';

export interface S3Options {
  /** e.g. https://s3.eu-west-1.amazonaws.com, or a MinIO / R2 / Ceph endpoint. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding of a path, as SigV4 wants it (slashes kept). */
const encodePath = (path: string) =>
  path
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/**
 * AWS Signature Version 4 for one request without a query string: the
 * Authorization header to send with `headers` (which must include host,
 * x-amz-date and x-amz-content-sha256; all of them are signed).
 */
export function signV4(
  request: { method: string; path: string; headers: Record<string, string>; payloadHash: string },
  options: Pick<S3Options, 'region' | 'accessKeyId' | 'secretAccessKey'>,
): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonical = [
    request.method,
    encodePath(request.path),
    '',
    ...headers.map(([name, value]) => `${name}:${value}`),
    '',
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const amzDate = request.headers['x-amz-date'];
  const scope = `${amzDate.slice(0, 8)}/${options.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, amzDate.slice(0, 8)), options.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/**
 * Asset bytes in an S3-compatible bucket (path-style URLs, SigV4): what
 * several replicas share in production, where local disk would be one
 * replica's.
 */
export class S3Storage implements AssetStorage {
  constructor(
    private readonly options: S3Options,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    const response = await this.send('PUT', key, bytes);
    if (!response.ok) throw new Error(`asset storage: PUT ${key} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }

  async get(key: string): Promise<Buffer | undefined> {
    const response = await this.send('GET', key);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`asset storage: GET ${key} answered ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  private send(method: 'GET' | 'PUT', key: string, body?: Buffer): Promise<Response> {
    const url = new URL(`${this.options.endpoint.replace(/\/$/, '')}/${this.options.bucket}/${key}`);
    const payloadHash = sha256(body ?? '');
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-date': this.now()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
      'x-amz-content-sha256': payloadHash,
    };
    const authorization = signV4({ method, path: url.pathname, headers, payloadHash }, this.options);
    const { host: _host, ...sent } = headers;
    return fetch(url, { method, headers: { ...sent, authorization }, body, signal: AbortSignal.timeout(30_000) });
  }
}
