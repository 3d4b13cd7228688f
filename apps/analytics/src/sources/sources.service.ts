import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { notFound } from '@platform/graphql';
import { type SourceRow, SourcesRepository } from './sources.repository';

/** Keys are 32 random bytes: a fast hash is enough, there is nothing to guess a word at a time. */
export const hashWriteKey = (writeKey: string) => createHash('sha256').update(writeKey).digest('hex');

/**
 * Resolving a key costs a query; a tracked site sends many calls with the same
 * key, so an answer is kept for a short while. A disabled source therefore
 * stops being accepted within KEY_CACHE_MS on every replica.
 */
const KEY_CACHE_MS = 30_000;

@Injectable()
export class SourcesService {
  private readonly cache = new Map<string, { source: SourceRow | undefined; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SourcesRepository,
  ) {}

  /** A new source and its write key, shown this once: only its hash is stored. */
  async create(name: string): Promise<{ source: SourceRow; writeKey: string }> {
    const writeKey = `wk_${randomBytes(32).toString('base64url')}`;
    const source = await this.repository.insert(this.dataSource, randomUUID(), name, hashWriteKey(writeKey));
    return { source, writeKey };
  }

  async disable(id: string): Promise<SourceRow> {
    const source = await this.repository.disable(this.dataSource, id);
    if (!source) throw notFound('TrackingSource', id);
    this.cache.clear();
    return source;
  }

  list(): Promise<SourceRow[]> {
    return this.repository.list(this.dataSource);
  }

  /** The active source of a write key, or undefined. */
  async byWriteKey(writeKey: string): Promise<SourceRow | undefined> {
    const hash = hashWriteKey(writeKey);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.source;
    const source = await this.repository.byKeyHash(this.dataSource, hash);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { source, until: Date.now() + KEY_CACHE_MS });
    return source;
  }
}
