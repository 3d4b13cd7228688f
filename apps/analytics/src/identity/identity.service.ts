import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalOf, type IdKey, parseKey, partition, profileIdOf } from './identity-rules';
import { IdentityRepository } from './identity.repository';
import { linksOf, type Observation } from './observations';

/**
 * Serialises identity work: two transactions recomputing overlapping
 * components would each assign from a graph without the other's links.
 */
export const lockIdentityGraphIn = (manager: EntityManager) => manager.query(`SELECT pg_advisory_xact_lock(hashtext('analytics.identity'))`);

@Injectable()
export class IdentityService {
  constructor(private readonly repository: IdentityRepository) {}

  /**
   * Applies what events say about people, inside the caller's transaction:
   * identifiers and when they were seen, links, trait observations, then
   * recomputes the profiles of every component touched. An observation
   * carrying a suppressed (erased) identifier is dropped whole.
   */
  async applyIn(manager: EntityManager, observations: Observation[]): Promise<string[]> {
    if (!observations.length) return [];
    await lockIdentityGraphIn(manager);
    const suppressed = await this.repository.suppressedAmong(manager, [...new Set(observations.flatMap((o) => o.ids))]);
    const kept = observations.filter((o) => o.ids.length && !o.ids.some((id) => suppressed.has(id)));
    const seen = new Map<IdKey, { first: Date; last: Date }>();
    for (const o of kept) {
      for (const id of o.ids) {
        const s = seen.get(id);
        if (!s) seen.set(id, { first: o.at, last: o.at });
        else {
          if (o.at < s.first) s.first = o.at;
          if (o.at > s.last) s.last = o.at;
        }
      }
    }
    await this.repository.upsertSeen(
      manager,
      [...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, s]) => ({ key, ...parseKey(key), profileId: profileIdOf(key), ...s })),
    );
    await this.repository.insertLinks(manager, [...new Map(kept.flatMap(linksOf).map((l) => [l.join('\n'), l])).values()]);
    await this.repository.insertTraits(
      manager,
      kept.flatMap((o) => {
        const holder = canonicalOf(o.ids);
        return Object.entries(o.traits)
          .filter(([, value]) => value !== undefined)
          .map(([trait, value]) => ({ key: holder, trait, value, at: o.at, eventId: o.eventId }));
      }),
    );
    await this.repository.upsertContactCustomers(
      manager,
      kept.flatMap((o) => (o.contactCustomer ? [{ ...o.contactCustomer, at: o.at, eventId: o.eventId }] : [])),
    );
    return this.recomputeIn(manager, [...seen.keys()]);
  }

  /**
   * Re-resolves the components holding these identifiers and rewrites their
   * profiles. Returns the profiles touched: those there now and those gone.
   */
  async recomputeIn(manager: EntityManager, seeds: IdKey[]): Promise<string[]> {
    if (!seeds.length) return [];
    const component = await this.repository.componentOf(manager, seeds);
    if (!component.length) return [];
    const before = await this.repository.profilesOf(manager, component);
    const graph = await this.repository.graphOf(manager, component);
    const canonical = partition({ nodes: component, ...graph });
    const assignments = component.map((key) => ({ key, profileId: profileIdOf(canonical.get(key)!) }));
    await this.repository.assign(manager, assignments);
    const profiles = new Map(component.map((key) => [profileIdOf(canonical.get(key)!), canonical.get(key)!]));
    await this.repository.refreshProfiles(
      manager,
      [...profiles].map(([id, key]) => ({ id, canonical: key })),
      before.filter((id) => !profiles.has(id)),
    );
    return [...new Set([...profiles.keys(), ...before])];
  }

  /** An admin's merge: the two profiles' canonical identifiers are linked whatever the limits. */
  async mergeIn(manager: EntityManager, a: IdKey, b: IdKey): Promise<string[]> {
    await lockIdentityGraphIn(manager);
    await this.repository.insertMerge(manager, ...((a < b ? [a, b] : [b, a]) as [IdKey, IdKey]));
    return this.recomputeIn(manager, [a, b]);
  }

  /** An admin's split: the identifier leaves its profile; event links to it are ignored from now on. */
  async splitIn(manager: EntityManager, key: IdKey): Promise<string[]> {
    await lockIdentityGraphIn(manager);
    // Taken before the split drops the identifier's admin merges: the profile it leaves must be rewritten too.
    const before = await this.repository.componentOf(manager, [key]);
    await this.repository.insertSplit(manager, key);
    return this.recomputeIn(manager, before);
  }

  /** Erases identifiers (and all said about them) and suppresses them; what they linked is re-resolved without them. */
  async eraseIn(manager: EntityManager, ids: IdKey[], profileIds: string[]): Promise<string[]> {
    await lockIdentityGraphIn(manager);
    const neighbours = await this.repository.erase(manager, ids);
    await this.repository.refreshProfiles(manager, [], profileIds);
    return [...profileIds, ...(await this.recomputeIn(manager, neighbours))];
  }
}
