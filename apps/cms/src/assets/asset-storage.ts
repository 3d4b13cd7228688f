import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where asset bytes live. Local disk is the default; a production deployment
 * with several replicas plugs an S3-compatible store in behind the same two
 * calls. Keys are content addresses (sha256), so a put is idempotent.
 */
export interface AssetStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or undefined when the key holds nothing. */
  get(key: string): Promise<Buffer | undefined>;
}

export const ASSET_STORAGE = Symbol('ASSET_STORAGE');

export const contentKey = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export class LocalDiskStorage implements AssetStorage {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`asset storage: malformed key ${key}`);
    return join(this.root, key.slice(0, 2), key);
  }

  /** Written beside and renamed into place: a reader never sees half a file. */
  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}
