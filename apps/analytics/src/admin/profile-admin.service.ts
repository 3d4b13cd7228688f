import { Injectable } from '@nestjs/common';
import type { Identity } from '@platform/auth';
import { DomainError, notFound } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEventsRepository } from '../domain/domain-events.repository';
import { type IdKey, identifier, type IdKind, profileIdOf } from '../identity/identity-rules';
import { IdentityRepository } from '../identity/identity.repository';
import { IdentityService, lockIdentityGraphIn } from '../identity/identity.service';
import { observeDomain, observeTracked } from '../identity/observations';
import { readTracked } from '../identity/profile-projector';
import { PeopleRepository } from '../people/people.repository';
import { SegmentsService } from '../segments/segments.service';
import { AnalyticsErrorCode } from '../shared/analytics-error-codes';
import { TrackingRepository } from '../tracking/tracking.repository';

const REPLAY_PAGE = 2000;

/** What admins do to profiles: merge, split, erase (right to erasure) and rebuild from the stored events. */
@Injectable()
export class ProfileAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly identities: IdentityRepository,
    private readonly people: PeopleRepository,
    private readonly tracking: TrackingRepository,
    private readonly domainEvents: DomainEventsRepository,
    private readonly audit: AuditLog,
    private readonly segments: SegmentsService,
  ) {}

  private async canonicalOf(manager: EntityManager, profileId: string): Promise<IdKey> {
    const [row] = await this.people.byIds(manager, [profileId]);
    if (!row) throw notFound('Profile', profileId);
    return row.canonicalKey;
  }

  /** Joins two profiles whatever the identifier limits; the result is named by the stronger canonical identifier. */
  async merge(profileId: string, intoProfileId: string, actor?: Identity): Promise<string> {
    if (profileId === intoProfileId) throw new DomainError(AnalyticsErrorCode.IllegalProfileMerge, 'A profile cannot be merged into itself');
    return this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      const a = await this.canonicalOf(manager, profileId);
      const b = await this.canonicalOf(manager, intoProfileId);
      await this.segments.refreshIn(manager, await this.identity.mergeIn(manager, a, b));
      const merged = (await this.identities.identityByKey(manager, b))!.profileId;
      await this.audit.record(manager, actor, 'mergeProfiles', merged, { profileId, intoProfileId });
      return merged;
    });
  }

  /** Takes one identifier out of its profile for good: the links events made to it are ignored from now on. */
  async split(kind: IdKind, value: string, actor?: Identity): Promise<string> {
    const key = identifier(kind, value);
    return this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      const found = key ? await this.identities.identityByKey(manager, key) : undefined;
      if (!key || !found) throw notFound('Identifier', `${kind}:${value}`);
      await this.segments.refreshIn(manager, await this.identity.splitIn(manager, key));
      await this.audit.record(manager, actor, 'splitIdentifier', key, { from: found.profileId });
      return profileIdOf(key);
    });
  }

  /**
   * Erases a person: their tracked events, the domain events that name them,
   * their identifiers and traits; the identifiers are suppressed, so a later
   * event carrying one is not stored and brings nobody back.
   */
  async erase(profileId: string, actor?: Identity): Promise<{ identifiers: number; events: number }> {
    return this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      const rows = await this.identities.identitiesOfProfiles(manager, [profileId]);
      if (!rows.length) throw notFound('Profile', profileId);
      const keys = rows.map((r) => r.key);
      const of = (kind: IdKind) => rows.filter((r) => r.kind === kind).map((r) => r.value);
      const tracked = await this.tracking.deleteEventsOf(manager, of('user_id'), of('anonymous_id'));
      const domain = await this.domainEvents.deleteEventsOf(manager, {
        emails: of('email'),
        anonymousIds: of('anonymous_id'),
        contactIds: of('contact_id'),
        leadIds: of('lead_id'),
      });
      await this.segments.refreshIn(manager, await this.identity.eraseIn(manager, keys, [profileId]));
      // The audit entry names no identifier: it would keep what was erased.
      await this.audit.record(manager, actor, 'eraseProfile', profileId, { identifiers: keys.length, events: tracked + domain });
      return { identifiers: keys.length, events: tracked + domain };
    });
  }

  /**
   * Drops identities, links, traits and person profiles and builds them again
   * from the stored tracked and domain events (admin merges, splits and
   * suppressions are decisions, not events: they stay). One transaction:
   * readers see the old profiles until the new ones are complete.
   */
  async rebuild(actor?: Identity): Promise<{ events: number; profiles: number }> {
    return this.dataSource.transaction(async (manager) => {
      await lockIdentityGraphIn(manager);
      await manager.query(`TRUNCATE identities, identity_links, trait_observations, person_profiles, contact_customers, pending_events`);
      let events = 0;
      let after: string | null = null;
      for (;;) {
        const page = (await manager.query(
          `SELECT seq::text AS seq, message_id AS "messageId", type, user_id AS "userId", anonymous_id AS "anonymousId", previous_id AS "previousId", "timestamp", traits
             FROM raw_events WHERE $1::bigint IS NULL OR seq > $1::bigint ORDER BY seq LIMIT ${REPLAY_PAGE}`,
          [after],
        )) as { seq: string }[];
        if (!page.length) break;
        await this.identity.applyIn(
          manager,
          page.map((row) => observeTracked(readTracked(row))),
        );
        events += page.length;
        after = page[page.length - 1].seq;
      }
      let afterEvent: string | null = null;
      for (;;) {
        const page = await this.domainEvents.page(manager, afterEvent, REPLAY_PAGE);
        if (!page.length) break;
        await this.identity.applyIn(
          manager,
          page.flatMap((e) => observeDomain(e.type, e.eventId, e.occurredAt, e.data) ?? []),
        );
        events += page.length;
        afterEvent = page[page.length - 1].eventId;
      }
      await this.segments.refreshAllIn(manager);
      const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM person_profiles`)) as { n: number }[];
      await this.audit.record(manager, actor, 'rebuildProfiles', 'profiles', { events, profiles: n });
      return { events, profiles: n };
    });
  }
}
