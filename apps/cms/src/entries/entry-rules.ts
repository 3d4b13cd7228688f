import { DomainError } from '@platform/graphql';
import { CmsErrorCode } from '../shared/cms-error-codes';
import { ReviewState } from './entry.model';

export type ReviewAction = 'submit' | 'approve' | 'reject';

const TRANSITIONS: Record<ReviewAction, { from: ReviewState; to: ReviewState }> = {
  submit: { from: ReviewState.DRAFT, to: ReviewState.IN_REVIEW },
  approve: { from: ReviewState.IN_REVIEW, to: ReviewState.APPROVED },
  reject: { from: ReviewState.IN_REVIEW, to: ReviewState.DRAFT },
};

export interface EntryState {
  id: string;
  reviewState: ReviewState;
  draftVersion: number;
  publishedVersion: number | null;
  approvedVersion: number | null;
}

/** The state a review step leads to, or ILLEGAL_REVIEW_TRANSITION (draft → in review → approved; in review → draft on rejection). */
export function reviewStep(entry: EntryState, action: ReviewAction): ReviewState | DomainError {
  const { from, to } = TRANSITIONS[action];
  if (entry.reviewState === from) return to;
  return new DomainError(
    CmsErrorCode.IllegalReviewTransition,
    `Entry ${entry.id} is ${entry.reviewState}: only a ${from} entry can be ${action === 'submit' ? 'submitted for review' : `${action}d`}`,
    {
      entryId: entry.id,
      reviewState: entry.reviewState,
    },
  );
}

/**
 * Why the draft cannot be published now: it is already live, or its type
 * wants review and this very draft has not been approved.
 */
export function publishRefusal(entry: EntryState, reviewRequired: boolean): DomainError | undefined {
  if (entry.publishedVersion === entry.draftVersion) {
    return new DomainError(CmsErrorCode.NothingToPublish, `Entry ${entry.id} version ${entry.draftVersion} is already published: save a change first`, {
      entryId: entry.id,
    });
  }
  if (reviewRequired && !(entry.reviewState === ReviewState.APPROVED && entry.approvedVersion === entry.draftVersion)) {
    return new DomainError(
      CmsErrorCode.IllegalReviewTransition,
      `Entry ${entry.id} needs a reviewer's approval of version ${entry.draftVersion} before it is published (it is ${entry.reviewState})`,
      { entryId: entry.id, reviewState: entry.reviewState },
    );
  }
  return undefined;
}

export function unpublishRefusal(entry: EntryState): DomainError | undefined {
  if (entry.publishedVersion !== null) return undefined;
  return new DomainError(CmsErrorCode.NothingToPublish, `Entry ${entry.id} is not published`, { entryId: entry.id });
}

/** A slug from a title: lowercase ASCII words joined by hyphens ("Héllo, World!" → "hello-world"). */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return slug || 'entry';
}
