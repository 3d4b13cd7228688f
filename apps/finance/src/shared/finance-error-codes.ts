/**
 * finance's own values of extensions.code, beside the generic ones of
 * libs/graphql (BAD_USER_INPUT, NOT_FOUND, CONFLICT, ...). Registered with the
 * subgraph in finance.subgraph.ts.
 */
export enum FinanceErrorCode {
  /** A journal entry's debits and credits differ, or it has fewer than two lines. */
  UnbalancedEntry = 'UNBALANCED_ENTRY',
  /** The date falls in a closed fiscal period: date it in an open one, or have the period reopened. */
  PeriodClosed = 'PERIOD_CLOSED',
  /** The period is already in the state asked for (closing a closed one, reopening an open one). */
  PeriodState = 'PERIOD_STATE',
  /** A posted journal entry is final; it can be reversed once (extensions.reversalId names the reversal). */
  EntryImmutable = 'ENTRY_IMMUTABLE',
  /** The account has postings and cannot be deleted. */
  AccountInUse = 'ACCOUNT_IN_USE',
  /** The invoice or bill is not in a state that allows this (extensions.status says which it is in). */
  IllegalDocumentState = 'ILLEGAL_DOCUMENT_STATE',
  /** More is allocated to an invoice than it has open, or more than the payment has left. */
  OverAllocation = 'OVER_ALLOCATION',
  /** A posted invoice with payments is cancelled only by a credit note for its open amount after the payments are dealt with. */
  CreditNoteRequired = 'CREDIT_NOTE_REQUIRED',
  /** The payment and the invoice are in different currencies. */
  CurrencyMismatch = 'CURRENCY_MISMATCH',
  /** No exchange rate on or before the document's date for its currency. */
  RateMissing = 'RATE_MISSING',
}
