import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where the cms serves the web without the gateway: forms, downloads, assets, sitemap and feed. */
export const PUBLIC_PREFIX = '/cms/public';

/** A JSON body of a public endpoint may be at most this large: forms are short. */
export const PUBLIC_BODY_LIMIT = '16kb';

/** The error body of the cms's REST endpoints: the same code and message a GraphQL error carries. */
export function sendError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...details } });
}

/**
 * Mounted ahead of Nest's own parsers: public JSON bodies are parsed with a
 * small limit (413 beyond it) and a parse failure answers a JSON error
 * instead of an HTML page.
 */
export function configurePublicRoutes(app: INestApplication): void {
  const parse = express.json({ limit: PUBLIC_BODY_LIMIT, strict: true, type: ['application/json'] });
  // Wrapped under another name: Nest skips registering its own JSON parser (for /graphql) when it finds a middleware named jsonParser.
  app.use(PUBLIC_PREFIX, function publicJsonBody(req: Request, res: Response, next: NextFunction) {
    parse(req, res, next);
  });
  app.use(PUBLIC_PREFIX, (err: { type?: string; status?: number } | undefined, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    if (err.type === 'entity.too.large') return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `A request body may be at most ${PUBLIC_BODY_LIMIT}`);
    return sendError(res, 400, 'BAD_USER_INPUT', 'The body must be a JSON object');
  });
}
