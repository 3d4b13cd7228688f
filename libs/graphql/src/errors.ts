import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The generic values of extensions.code, shared by every service. A service's
 * own domain codes (an illegal transition, a state that refuses a change) are
 * its own list, registered with its subgraph (`errorCodes` in its
 * descriptor): formatError hides any code that is neither generic nor
 * registered as INTERNAL_SERVER_ERROR.
 */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/** A service's own error codes: an enum (or a frozen object) of SCREAMING_SNAKE_CASE values. */
export type ErrorCodes = Readonly<Record<string, string>>;

const CODE_SHAPE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** An error a user can act on: a stable code and a message saying what to change. */
export class DomainError extends GraphQLError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.name = 'DomainError';
  }
}

export const notFound = (type: string, id: string) => new DomainError(ErrorCode.NotFound, `${type} ${id} does not exist`, { type, id });

export const badUserInput = (message: string, fields?: Record<string, string[]>) => new DomainError(ErrorCode.BadUserInput, message, fields ? { fields } : {});

export const conflict = (message: string, details: Record<string, unknown> = {}) => new DomainError(ErrorCode.Conflict, message, details);

/** The generic codes and those Apollo Server itself produces for malformed operations. */
const GENERIC = [
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
];

/** The codes a service passes to clients: the generic ones and its own, each checked for shape and clashes. */
export function errorCatalogue(service: string, ...own: ErrorCodes[]): ReadonlySet<string> {
  const codes = new Set<string>(GENERIC);
  for (const code of own.flatMap((list) => Object.values(list))) {
    if (!CODE_SHAPE.test(code)) throw new Error(`${service}: error code ${code} is not SCREAMING_SNAKE_CASE`);
    if (codes.has(code)) throw new Error(`${service}: error code ${code} is registered twice or shadows a generic code`);
    codes.add(code);
  }
  return codes;
}

export interface FormatErrorOptions {
  /** The service's own codes (see ErrorCode). */
  codes?: ErrorCodes;
  /**
   * The gateway: an error a subgraph answered (Apollo Gateway marks it with
   * extensions.serviceName) was already formatted by that subgraph, so its code
   * passes; the gateway's own errors are held to the generic list.
   */
  downstream?: boolean;
}

/**
 * Keeps errors that carry a known code (minus any stack trace) and replaces
 * everything else (driver errors, bugs) with an opaque INTERNAL_SERVER_ERROR,
 * so SQL, stack traces and internals never reach a client.
 */
export function formatError(service: string, options: FormatErrorOptions = {}) {
  const known = errorCatalogue(service, options.codes ?? {});
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    // A known code counts only on an error made to carry it: a RangeError or a
    // driver error dressed in one (a plugin rethrowing it) is still internal.
    const madeToCarry = !(original instanceof Error) || original instanceof GraphQLError;
    const fromSubgraph = options.downstream && typeof extensions.serviceName === 'string' && CODE_SHAPE.test(code) && !(original instanceof Error);
    if ((known.has(code) && madeToCarry) || fromSubgraph) {
      return { ...formatted, extensions };
    }
    console.error(`${service}: unexpected error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.Internal } };
  };
}
