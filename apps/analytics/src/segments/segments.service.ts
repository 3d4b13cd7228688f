import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox } from '@platform/events';
import { conflict, decodeCursor, DomainError, notFound, type Page, toPage } from '@platform/graphql';
import { lockIdentityGraphIn } from '../identity/identity.service';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { segmentEntered, segmentExited } from './segment-events';
import { hasTimeWindow, parseRule } from './segment-rules';
import { type MemberRow, type SegmentRow, SegmentsRepository } from './segments.repository';

/** How often segments with a time window are re-checked: a window passing is a change no event announces. */
const SWEEP_MS = 60_000;

@Injectable()
export class SegmentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SegmentsService.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SegmentsRepository,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((err: Error) => this.logger.error(`segment sweep failed: ${err.message}`))
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** A new segment, its members found at once (each emitting analytics.segment.entered). */
  async create(name: string, ruleText: string): Promise<SegmentRow> {
    const parsed = parseRule(ruleText);
    if ('error' in parsed) throw new DomainError(AnalyticsErrorCode.InvalidSegmentRule, parsed.error);
    return this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      const segment = await this.repository.insert(manager, randomUUID(), name, parsed.rule, hasTimeWindow(parsed.rule));
      if (!segment) {
        const [existing] = await this.repository.byName(manager, name);
        throw conflict(`A segment is named "${name}"`, { existingId: existing?.id });
      }
      await this.refreshSegmentIn(manager, segment, null);
      return segment;
    });
  }

  async get(id: string): Promise<SegmentRow> {
    const [segment] = await this.repository.byIds(this.dataSource, [id]);
    if (!segment) throw notFound('Segment', id);
    return segment;
  }

  async list(first: number, after?: string | null): Promise<Page<SegmentRow>> {
    return toPage(await this.repository.list(this.dataSource, first + 1, after ? decodeCursor(after) : null), first);
  }

  async members(segmentId: string, first: number, after?: string | null): Promise<Page<MemberRow>> {
    return toPage(await this.repository.page(this.dataSource, segmentId, first + 1, after ? decodeCursor(after) : null), first);
  }

  sizes(segmentIds: readonly string[]): Promise<Map<string, number>> {
    return this.repository.size(this.dataSource, segmentIds);
  }

  /**
   * Re-checks every segment for these profiles, inside the transaction that
   * changed them: who enters, who leaves (a profile merged away or erased
   * leaves every segment), with an event each.
   */
  async refreshIn(manager: EntityManager, profileIds: readonly string[]): Promise<void> {
    if (!profileIds.length) return;
    for (const segment of await this.repository.all(manager)) await this.refreshSegmentIn(manager, segment, profileIds);
  }

  /** Re-checks the segments with a time window for every profile (the periodic sweep; also callable directly). */
  async sweep(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      for (const segment of await this.repository.all(manager, true)) await this.refreshSegmentIn(manager, segment, null);
    });
  }

  /** Every segment for every profile: after a rebuild. */
  async refreshAllIn(manager: EntityManager): Promise<void> {
    for (const segment of await this.repository.all(manager)) await this.refreshSegmentIn(manager, segment, null);
  }

  private async refreshSegmentIn(manager: EntityManager, segment: SegmentRow, profileIds: readonly string[] | null): Promise<void> {
    const matching = await this.repository.matching(manager, segment.rule, profileIds);
    const current = await this.repository.members(manager, segment.id, profileIds);
    const held = new Set(current.map((m) => m.profileId));
    const entering = [...matching].filter(([id]) => !held.has(id)).map(([profileId, customerId]) => ({ profileId, customerId }));
    const leaving = current.filter((m) => !matching.has(m.profileId));
    if (!entering.length && !leaving.length) return;
    const at = new Date(Math.floor(Date.now()));
    await this.repository.enter(manager, segment.id, entering, at);
    await this.repository.exit(
      manager,
      segment.id,
      leaving.map((m) => m.profileId),
    );
    await this.outbox.append(manager, [
      ...entering.map((m) => segmentEntered(segment, m.profileId, m.customerId, at)),
      ...leaving.map((m) => segmentExited(segment, m.profileId, m.customerId, at)),
    ]);
  }
}
