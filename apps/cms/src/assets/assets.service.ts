import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@platform/auth';
import type { Queryable } from '@platform/database';
import { DomainError, notFound, type Page } from '@platform/graphql';
import { SERVICE_CONFIG } from '@platform/service';
import { CmsErrorCode } from '../shared/cms-error-codes';
import { ACCEPTED_TYPES, safeFileName, sniff } from './asset-rules';
import { ASSET_STORAGE, type AssetStorage, contentKey } from './asset-storage';
import { type AssetRow, AssetsRepository } from './assets.repository';

/** Uploads checked on their bytes, stored behind AssetStorage. */
@Injectable()
export class AssetsService {
  constructor(
    private readonly repository: AssetsRepository,
    @Inject(ASSET_STORAGE) private readonly storage: AssetStorage,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_ASSET_MAX_BYTES: number; CMS_PUBLIC_URL: string },
  ) {}

  /** Refused before anything is stored: too large, empty, or bytes of a type not accepted. */
  async upload(file: { originalname: string; buffer: Buffer }, actor?: Identity): Promise<AssetRow> {
    const size = file.buffer.length;
    if (size > this.config.CMS_ASSET_MAX_BYTES) {
      throw new DomainError(CmsErrorCode.PayloadTooLarge, `A file may be at most ${this.config.CMS_ASSET_MAX_BYTES} bytes; this one is ${size}`);
    }
    const sniffed = size ? sniff(file.buffer) : undefined;
    if (!sniffed) {
      throw new DomainError(CmsErrorCode.UnsupportedMediaType, `The file's content is not one of ${ACCEPTED_TYPES.join(', ')} (its name does not decide)`);
    }
    const key = contentKey(file.buffer);
    await this.storage.put(key, file.buffer);
    return this.repository.insert({
      id: randomUUID(),
      fileName: safeFileName(file.originalname),
      mimeType: sniffed.mimeType,
      sizeBytes: size,
      width: sniffed.width,
      height: sniffed.height,
      sha256: key,
      storageKey: key,
      createdBy: actor?.sub ?? null,
    });
  }

  async get(id: string): Promise<AssetRow> {
    const [row] = await this.repository.findByIds([id]);
    if (!row) throw notFound('Asset', id);
    return row;
  }

  /** The asset and its bytes, or undefined when either is missing. */
  async read(id: string): Promise<{ asset: AssetRow; bytes: Buffer } | undefined> {
    const [asset] = await this.repository.findByIds([id]);
    const bytes = asset ? await this.storage.get(asset.storageKey) : undefined;
    return asset && bytes ? { asset, bytes } : undefined;
  }

  /** Which of these ids name no asset (entry data and forms refer to assets by id). */
  async missingIn(db: Queryable, ids: readonly string[]): Promise<string[]> {
    const found = new Set((await this.repository.findByIds(ids, db)).map((a) => a.id));
    return [...new Set(ids)].filter((id) => !found.has(id));
  }

  list(first: number, after?: string | null): Promise<Page<AssetRow>> {
    return this.repository.list(first, after);
  }

  urlOf(id: string): string {
    return `${this.config.CMS_PUBLIC_URL}/cms/public/assets/${id}`;
  }
}
