/**
 * cms's own values of extensions.code, beside the generic ones of
 * libs/graphql (BAD_USER_INPUT, NOT_FOUND, CONFLICT, ...). Registered with the
 * subgraph in cms.subgraph.ts; a code in neither list reaches a client as
 * INTERNAL_SERVER_ERROR.
 */
export enum CmsErrorCode {
  /** A content type change that existing entries do not satisfy (extensions.entries names them and their fields). */
  IncompatibleTypeChange = 'INCOMPATIBLE_TYPE_CHANGE',
  /** Another entry of the same type and locale already uses this slug (extensions.entryId). */
  SlugTaken = 'SLUG_TAKEN',
  /** An entry's review state does not allow that step (draft → in review → approved → published). */
  IllegalReviewTransition = 'ILLEGAL_REVIEW_TRANSITION',
  /** The entry has nothing to publish or unpublish in that state. */
  NothingToPublish = 'NOTHING_TO_PUBLISH',
  /** A public endpoint was called too often from one client: retry after extensions.retryAfterSeconds. */
  RateLimited = 'RATE_LIMITED',
  /** A public request body or an upload is larger than allowed. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** An upload whose bytes are not one of the accepted file types (whatever its name says). */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
}
