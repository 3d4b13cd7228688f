import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Stable values of extensions.code that clients may branch on: the whole
 * list. formatError hides any other code as INTERNAL_SERVER_ERROR, so a new
 * domain rule adds its code here.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  Internal = 'INTERNAL_SERVER_ERROR',
  /** A converted lead is final: it cannot change or be converted again. */
  LeadAlreadyConverted = 'LEAD_ALREADY_CONVERTED',
  /** The contact was merged into another (extensions.survivorId): work on that one. */
  ContactAlreadyMerged = 'CONTACT_ALREADY_MERGED',
  /** A deal cannot go there: a stage of another pipeline, the stage it is in, or the deal is won or lost. */
  IllegalStageMove = 'ILLEGAL_STAGE_MOVE',
  /** A quote's status cannot change that way (draft → sent → accepted | rejected, draft → rejected). */
  IllegalQuoteTransition = 'ILLEGAL_QUOTE_TRANSITION',
  /** A quote line asks for more than inventory last reported available. */
  InsufficientStock = 'INSUFFICIENT_STOCK',
  /** A ticket's status cannot change that way (see the ticket lifecycle). */
  IllegalTicketTransition = 'ILLEGAL_TICKET_TRANSITION',
  /** A closed ticket takes no more replies: open a new one. */
  TicketClosed = 'TICKET_CLOSED',
}

/** An error a user can act on: a stable code and a message saying what to change. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode | string, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.name = 'DomainError';
  }
}

export const notFound = (type: string, id: string) =>
  new DomainError(ErrorCode.NotFound, `${type} ${id} does not exist`, { type, id });

export const badUserInput = (message: string, fields?: Record<string, string[]>) =>
  new DomainError(ErrorCode.BadUserInput, message, fields ? { fields } : {});

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.Conflict, message, details);

/** Codes that Apollo Server itself produces for malformed operations. */
const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Keeps errors that carry a known code (minus any stack trace) and replaces
 * everything else (driver errors, bugs) with an opaque INTERNAL_SERVER_ERROR,
 * so SQL, stack traces and internals never reach a client.
 */
export function formatError(service: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // A known code counts only on an error made to carry it: a RangeError or a
    // driver error dressed in one (a plugin rethrowing it) is still internal.
    if (PASS_THROUGH.has(code) && (!(original instanceof Error) || original instanceof GraphQLError)) {
      return { ...formatted, extensions };
    }
    console.error(`${service}: unexpected error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  };
}
