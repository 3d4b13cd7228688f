import type { NextFunction, Request, Response } from 'express';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { MAX_BATCH_BYTES } from './tracking-rules';

type RawRequest = Request & { _body?: boolean; rawBodyBytes?: number };

const refuse = (res: Response, status: number, code: AnalyticsErrorCode, message: string) => res.status(status).json({ success: false, code, message });

/**
 * The Tracking API's own CORS and body reading, mounted on /v1 ahead of
 * Nest's JSON parser (whose 100 KB limit and content-type match suit the
 * graph, not Segment's clients). Browsers send text/plain to avoid a
 * preflight, so any content type is read as JSON. A body over 500 KB is
 * answered 400 as Segment does, without reading the rest.
 */
export function trackingBodyMiddleware(req: RawRequest, res: Response, next: NextFunction): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  res.setHeader('Access-Control-Max-Age', '86400');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  if (req.method !== 'POST') return next();
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BATCH_BYTES) {
    refuse(res.setHeader('Connection', 'close'), 400, AnalyticsErrorCode.PayloadTooLarge, 'A request may be at most 500 KB');
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    if (refused) return;
    bytes += chunk.length;
    if (bytes > MAX_BATCH_BYTES) {
      refused = true;
      refuse(res.setHeader('Connection', 'close'), 400, AnalyticsErrorCode.PayloadTooLarge, 'A request may be at most 500 KB');
      return;
    }
    chunks.push(chunk);
  });
  req.on('error', (err) => next(err));
  req.on('end', () => {
    if (refused) return;
    try {
      req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      refuse(res, 400, AnalyticsErrorCode.MalformedJson, 'The body is not valid JSON');
      return;
    }
    req._body = true;
    req.rawBodyBytes = bytes;
    next();
  });
}
