import { eventOf, type NewEvent, segmentEnteredV1, segmentExitedV1 } from '@platform/events';
import type { SegmentRow } from './segments.repository';

export const segmentEntered = (segment: SegmentRow, profileId: string, customerId: string | null, at: Date): NewEvent<unknown> =>
  eventOf(segmentEnteredV1, segment.id, { segmentId: segment.id, segmentName: segment.name, profileId, customerId, enteredAt: at.toISOString() }, { time: at });

export const segmentExited = (segment: SegmentRow, profileId: string, customerId: string | null, at: Date): NewEvent<unknown> =>
  eventOf(segmentExitedV1, segment.id, { segmentId: segment.id, segmentName: segment.name, profileId, customerId, exitedAt: at.toISOString() }, { time: at });
