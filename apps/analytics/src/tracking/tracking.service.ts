import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { SourcesService } from '../sources/sources.service';
import { type EventType, eventsOfCall, TrackingError, uniqueByMessageId, writeKeyOf } from './tracking-rules';
import { TrackingRepository } from './tracking.repository';
import { ProfileProjector } from '../identity/profile-projector';

@Injectable()
export class TrackingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: SourcesService,
    private readonly repository: TrackingRepository,
    private readonly projector: ProfileProjector,
  ) {}

  /**
   * Checks a whole call before storing any of it, then stores it with one
   * statement, which commits on its own (no BEGIN/COMMIT round trips): when
   * this returns, the events are durable. Profiles follow from the queue
   * (ProfileProjector), woken here.
   */
  async ingest(route: EventType | 'batch', body: unknown, bodyBytes: number, authorization: string | undefined): Promise<number> {
    const writeKey = writeKeyOf(authorization, body);
    const source = await this.sources.byWriteKey(writeKey);
    if (!source) throw new TrackingError(401, AnalyticsErrorCode.WriteKeyInvalid, 'The write key belongs to no active source');
    const receivedAt = new Date();
    const events = uniqueByMessageId(eventsOfCall(route, body, bodyBytes, receivedAt));
    await this.repository.ensurePartition(this.dataSource, receivedAt);
    const stored = await this.repository.insertBatch(this.dataSource, source.id, receivedAt, events);
    if (stored) this.projector.wake();
    return stored;
  }
}
