import { compactLines, entryRefusal, periodOf, reversedLines, signedLine } from './journal-rules';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

describe('journal rules', () => {
  it('accepts a balanced entry of two or more lines', () => {
    expect(entryRefusal([signedLine(A, 100n), signedLine(B, -100n)])).toBeUndefined();
  });

  it('refuses an unbalanced entry with UNBALANCED_ENTRY and the sums', () => {
    const refusal = entryRefusal([signedLine(A, 100n), signedLine(B, -99n)]);
    expect(refusal?.extensions).toEqual({ code: 'UNBALANCED_ENTRY', debits: '100', credits: '99' });
    expect(entryRefusal([signedLine(A, 0n), signedLine(B, 0n)])?.extensions.code).toBe('BAD_USER_INPUT');
    expect(entryRefusal([])?.extensions.code).toBe('UNBALANCED_ENTRY');
  });

  it('refuses a line with both sides or a negative side', () => {
    expect(entryRefusal([{ accountId: A, debit: 5n, credit: 5n }, signedLine(B, 0n)])?.extensions.code).toBe('BAD_USER_INPUT');
    expect(entryRefusal([{ accountId: A, debit: -5n, credit: 0n }, signedLine(B, 5n)])?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('merges lines of one account and side, drops zeros, and reverses', () => {
    const lines = compactLines([signedLine(A, 10n), signedLine(A, 5n), signedLine(B, 0n), signedLine(B, -15n)]);
    expect(lines).toEqual([signedLine(A, 15n), signedLine(B, -15n)]);
    expect(reversedLines(lines)).toEqual([signedLine(A, -15n), signedLine(B, 15n)]);
  });

  it('dates an entry into the month it falls in', () => {
    expect(periodOf('2026-02-28')).toBe('2026-02-01');
  });
});
