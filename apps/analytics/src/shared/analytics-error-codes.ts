/**
 * analytics' own values of extensions.code (GraphQL) and `code` (the
 * tracking API's error bodies), beside the generic ones of libs/graphql.
 * Registered with the subgraph in analytics.subgraph.ts.
 */
export enum AnalyticsErrorCode {
  /** No write key in the Basic credential nor in the body. */
  WriteKeyMissing = 'WRITE_KEY_MISSING',
  /** The write key belongs to no active source. */
  WriteKeyInvalid = 'WRITE_KEY_INVALID',
  /** The body is not a JSON object. */
  MalformedJson = 'MALFORMED_JSON',
  /** A body over 500 KB (batch) or 32 KB (single call), or one event over 32 KB. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** An event breaks the Tracking API's rules (no userId nor anonymousId, a track without event, ...). */
  InvalidEvent = 'INVALID_EVENT',
  /** Both profiles are the same, or an identifier cannot move as asked. */
  IllegalProfileMerge = 'ILLEGAL_PROFILE_MERGE',
  /** A segment rule that is not JSON of the rule language (segments/segment-rules.ts); the message says where. */
  InvalidSegmentRule = 'INVALID_SEGMENT_RULE',
}
