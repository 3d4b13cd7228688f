import type { Response } from 'express';
import { DomainError } from '@platform/graphql';
import { sendError } from './public-routes';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
};

/** A REST handler's failure as the same code and message the graph would give; anything not a domain error is an opaque 500. */
export async function answering(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof DomainError) {
      const { code, ...details } = err.extensions as { code: string } & Record<string, unknown>;
      return sendError(res, STATUS[code] ?? 400, code, err.message, details);
    }
    console.error(err);
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong');
  }
}
