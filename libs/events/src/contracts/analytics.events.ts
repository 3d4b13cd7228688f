import { z } from 'zod';
import { defineEvent } from './registry';
import { timestamp } from './shared-schemas';

const membership = {
  segmentId: z.uuid(),
  segmentName: z.string().min(1),
  profileId: z.uuid(),
  /** The crm customer of the person, when the CDP knows it. */
  customerId: z.uuid().nullable(),
};

export const segmentEnteredV1 = defineEvent({
  type: 'analytics.segment.entered',
  version: 1,
  topic: 'analytics.segment',
  producer: 'analytics',
  consumers: [],
  description: 'A person profile started matching a segment (audience). Keyed by the segment.',
  data: z.object({ ...membership, enteredAt: timestamp() }),
});

export const segmentExitedV1 = defineEvent({
  type: 'analytics.segment.exited',
  version: 1,
  topic: 'analytics.segment',
  producer: 'analytics',
  consumers: [],
  description:
    'A person profile stopped matching a segment: its events changed, a time window passed, it was merged into another or erased. Keyed by the segment.',
  data: z.object({ ...membership, exitedAt: timestamp() }),
});

export const analyticsEvents = [segmentEnteredV1, segmentExitedV1];
