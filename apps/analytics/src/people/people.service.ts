import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, type Page, toPage } from '@platform/graphql';
import { IdentityRepository, type IdentityRow } from '../identity/identity.repository';
import { type ContentActivity, type PeopleFilter, PeopleRepository, type PersonProfileRow } from './people.repository';
import { decodeTimelineCursor, encodeTimelineCursor, type TimelineEntry } from './timeline';

export interface TraitValue {
  name: string;
  value: string;
  observedAt: Date;
}

@Injectable()
export class PeopleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PeopleRepository,
    private readonly identities: IdentityRepository,
  ) {}

  async get(id: string): Promise<PersonProfileRow> {
    const [row] = await this.repository.byIds(this.dataSource, [id]);
    if (!row) throw notFound('Profile', id);
    return row;
  }

  async list(filter: PeopleFilter, first: number, after?: string | null): Promise<Page<PersonProfileRow>> {
    const cursor = after ? decodeCursor(after) : null;
    return toPage(await this.repository.list(this.dataSource, filter, first + 1, cursor), first);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, PersonProfileRow>> {
    return new Map((await this.repository.byIds(this.dataSource, ids)).map((r) => [r.id, r]));
  }

  async byCustomers(customerIds: readonly string[], limit: number): Promise<Map<string, PersonProfileRow[]>> {
    const grouped = new Map<string, PersonProfileRow[]>(customerIds.map((id) => [id, []]));
    for (const row of await this.repository.byCustomers(this.dataSource, customerIds, limit)) grouped.get(row.customerId!)?.push(row);
    return grouped;
  }

  async traitsOf(profileIds: readonly string[]): Promise<Map<string, TraitValue[]>> {
    const grouped = new Map<string, TraitValue[]>(profileIds.map((id) => [id, []]));
    for (const { profileId, ...trait } of await this.repository.traitsOf(this.dataSource, profileIds)) grouped.get(profileId)?.push(trait);
    return grouped;
  }

  async activeDays(profileIds: readonly string[], days: number): Promise<Map<string, number>> {
    return this.repository.activeDays(this.dataSource, profileIds, days);
  }

  async timelines(profileIds: readonly string[], limit: number, before: string | null): Promise<Map<string, TimelineEntry[]>> {
    const grouped = new Map<string, TimelineEntry[]>(profileIds.map((id) => [id, []]));
    const rows = await this.repository.timelines(this.dataSource, profileIds, limit, before ? decodeTimelineCursor(before) : null);
    for (const { profileId, at, key, type, name } of rows) grouped.get(profileId)?.push({ at, type, name, cursor: encodeTimelineCursor(at, key) });
    return grouped;
  }

  async contentActivity(profileIds: readonly string[]): Promise<Map<string, ContentActivity>> {
    return new Map((await this.repository.contentActivity(this.dataSource, profileIds)).map((a) => [a.profileId, a]));
  }

  traitHistory(profileId: string, trait: string, limit: number): Promise<TraitValue[]> {
    return this.repository.traitHistory(this.dataSource, profileId, trait, limit);
  }

  async identitiesOf(profileIds: readonly string[]): Promise<Map<string, IdentityRow[]>> {
    const grouped = new Map<string, IdentityRow[]>(profileIds.map((id) => [id, []]));
    for (const row of await this.identities.identitiesOfProfiles(this.dataSource, profileIds)) grouped.get(row.profileId)?.push(row);
    return grouped;
  }
}
