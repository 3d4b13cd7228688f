/**
 * crm's own values of extensions.code, beside the generic ones of
 * libs/graphql (BAD_USER_INPUT, NOT_FOUND, CONFLICT, ...). Registered with the
 * subgraph in crm.subgraph.ts; a code that is in neither list reaches a
 * client as INTERNAL_SERVER_ERROR.
 */
export enum CrmErrorCode {
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
