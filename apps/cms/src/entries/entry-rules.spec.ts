import { ReviewState } from './entry.model';
import { publishRefusal, reviewStep, slugify, unpublishRefusal } from './entry-rules';

const entry = (more: Partial<Parameters<typeof publishRefusal>[0]> = {}) => ({
  id: 'e1',
  reviewState: ReviewState.DRAFT,
  draftVersion: 2,
  publishedVersion: 1,
  approvedVersion: null,
  ...more,
});

describe('review steps', () => {
  it('goes draft → in review → approved, and back to draft on rejection', () => {
    expect(reviewStep(entry(), 'submit')).toBe(ReviewState.IN_REVIEW);
    expect(reviewStep(entry({ reviewState: ReviewState.IN_REVIEW }), 'approve')).toBe(ReviewState.APPROVED);
    expect(reviewStep(entry({ reviewState: ReviewState.IN_REVIEW }), 'reject')).toBe(ReviewState.DRAFT);
  });

  it('refuses steps out of order', () => {
    const refused = reviewStep(entry(), 'approve');
    expect(refused).toMatchObject({ extensions: { code: 'ILLEGAL_REVIEW_TRANSITION', reviewState: 'DRAFT' } });
    expect(reviewStep(entry({ reviewState: ReviewState.APPROVED }), 'submit')).toMatchObject({ extensions: { code: 'ILLEGAL_REVIEW_TRANSITION' } });
  });
});

describe('publishing', () => {
  it('publishes a new draft of a type without review', () => {
    expect(publishRefusal(entry(), false)).toBeUndefined();
  });

  it('refuses what is already live, and an unapproved draft of a reviewed type', () => {
    expect(publishRefusal(entry({ publishedVersion: 2 }), false)?.extensions.code).toBe('NOTHING_TO_PUBLISH');
    expect(publishRefusal(entry(), true)?.extensions.code).toBe('ILLEGAL_REVIEW_TRANSITION');
    expect(publishRefusal(entry({ reviewState: ReviewState.APPROVED, approvedVersion: 1 }), true)?.extensions.code).toBe('ILLEGAL_REVIEW_TRANSITION');
    expect(publishRefusal(entry({ reviewState: ReviewState.APPROVED, approvedVersion: 2 }), true)).toBeUndefined();
  });

  it('unpublishes only what is live', () => {
    expect(unpublishRefusal(entry())).toBeUndefined();
    expect(unpublishRefusal(entry({ publishedVersion: null }))?.extensions.code).toBe('NOTHING_TO_PUBLISH');
  });
});

describe('slugify', () => {
  it('makes a slug of a title', () => {
    expect(slugify('Héllo, World!')).toBe('hello-world');
    expect(slugify('  --  ')).toBe('entry');
  });
});
