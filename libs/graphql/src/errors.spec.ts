import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, formatError, notFound } from './errors';

enum TestErrorCode {
  IllegalStageMove = 'ILLEGAL_STAGE_MOVE',
}

describe('formatError', () => {
  const format = formatError('test', { codes: TestErrorCode });
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('keeps a domain error code and message and drops the stack trace', () => {
    const error = notFound('Customer', 'c1');
    const result = format({ message: error.message, extensions: { ...error.extensions, stacktrace: ['at x'] } }, error);
    expect(result).toEqual({ message: 'Customer c1 does not exist', extensions: { code: 'NOT_FOUND', type: 'Customer', id: 'c1' } });
  });

  it('hides unexpected errors behind INTERNAL_SERVER_ERROR', () => {
    const original = new Error('relation "customers" does not exist: SELECT * FROM customers');
    const wrapped = new GraphQLError(original.message, { originalError: original });
    const result = format({ message: original.message, path: ['customer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
    expect(result).toEqual({ message: 'Internal server error', path: ['customer'], extensions: { code: ErrorCode.Internal } });
  });

  it('hides errors with an unknown code', () => {
    const result = format({ message: 'boom', extensions: { code: 'SOMETHING_ELSE' } }, new DomainError('SOMETHING_ELSE', 'boom'));
    expect(result.extensions?.code).toBe(ErrorCode.Internal);
  });

  it('passes a code the service registered through, on a DomainError only', () => {
    const error = new DomainError(TestErrorCode.IllegalStageMove, 'not now', { id: 'x' });
    expect(format({ message: error.message, extensions: error.extensions }, error)).toEqual({
      message: 'not now',
      extensions: { code: 'ILLEGAL_STAGE_MOVE', id: 'x' },
    });
    const dressed = new GraphQLError('boom', { originalError: new Error('boom') });
    expect(format({ message: 'boom', extensions: { code: 'ILLEGAL_STAGE_MOVE' } }, dressed).extensions?.code).toBe(ErrorCode.Internal);
  });

  it('hides an internal error that a plugin dressed in a known code', () => {
    const overflow = new GraphQLError('RangeError: Maximum call stack size exceeded', { originalError: new RangeError('Maximum call stack size exceeded') });
    const result = format({ message: overflow.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, overflow);
    expect(result).toEqual({ message: 'Internal server error', extensions: { code: ErrorCode.Internal } });
  });

  it('passes Apollo validation failures through', () => {
    const result = format({ message: 'Field "x" not defined', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, new GraphQLError('x'));
    expect(result.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it("hides another service's code: each service passes only its own and the generic ones", () => {
    const error = new DomainError(TestErrorCode.IllegalStageMove, 'not now');
    expect(formatError('other')({ message: error.message, extensions: error.extensions }, error).extensions?.code).toBe(ErrorCode.Internal);
  });

  it('refuses a registered code that shadows a generic one or is not SCREAMING_SNAKE_CASE', () => {
    expect(() => formatError('x', { codes: { Clash: 'NOT_FOUND' } })).toThrow(/shadows a generic code/);
    expect(() => formatError('x', { codes: { Odd: 'illegal-move' } })).toThrow(/SCREAMING_SNAKE_CASE/);
  });

  describe('at the gateway', () => {
    const gateway = formatError('gateway', { downstream: true });

    it("passes a subgraph's own code, which that subgraph's formatter already vetted", () => {
      const downstream = new GraphQLError('not now', {
        originalError: { message: 'not now' } as Error,
        extensions: { code: 'ILLEGAL_STAGE_MOVE', serviceName: 'crm' },
      });
      const formatted = { message: 'not now', extensions: { code: 'ILLEGAL_STAGE_MOVE', serviceName: 'crm' } };
      expect(gateway(formatted, downstream).extensions?.code).toBe('ILLEGAL_STAGE_MOVE');
    });

    it('hides an unknown code on its own errors', () => {
      const own = new DomainError('ILLEGAL_STAGE_MOVE', 'x');
      expect(gateway({ message: 'x', extensions: own.extensions }, own).extensions?.code).toBe(ErrorCode.Internal);
    });
  });
});
