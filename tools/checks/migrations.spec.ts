// One migration per change, named for it: each service's migrations folder and
// the list its descriptor runs agree, file, class and recorded name say the
// same thing, and the timestamps order them.
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';
import { SUBGRAPH_NAMES } from '@platform/config';

type MigrationClass = new () => MigrationInterface;

const root = join(__dirname, '..', '..');

/** A service's descriptor, loaded on its own: code-first GraphQL metadata is process-wide, and three services declare Customer. */
function migrationsOf(name: string): MigrationClass[] {
  let migrations: MigrationClass[] = [];
  jest.isolateModules(() => {
    const stores = globalThis as { GqlTypeMetadataStorage?: unknown; GqlLazyMetadataStorageHost?: unknown };
    delete stores.GqlTypeMetadataStorage;
    delete stores.GqlLazyMetadataStorageHost;
    migrations = require(`../../apps/${name}/src/${name}.subgraph`)[`${name}Subgraph`].database.migrations;
  });
  return migrations;
}

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());

describe.each(SUBGRAPH_NAMES)('%s migrations', (name) => {
  const dir = join(root, 'apps', name, 'src', 'migrations');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('spec'));
  const migrations = migrationsOf(name);

  it('runs every file of its migrations folder, and nothing else from it', () => {
    const ownClasses = files.map((file) => /export class (\w+) implements MigrationInterface/.exec(readFileSync(join(dir, file), 'utf8'))?.[1]);
    expect(ownClasses.every(Boolean)).toBe(true);
    const listed = migrations.map((m) => m.name);
    for (const cls of ownClasses) expect(listed).toContain(cls);
  });

  it.each(files)('%s: the class is the file name in PascalCase plus its timestamp, and records that name', (file) => {
    const [, timestamp, title] = /^(\d{13})-([a-z0-9]+(?:-[a-z0-9]+)*)\.ts$/.exec(file) ?? [];
    expect({ file, timestamp: !!timestamp, title: !!title }).toEqual({ file, timestamp: true, title: true });
    const cls = migrations.find((m) => m.name === `${pascal(title)}${timestamp}`);
    expect(cls).toBeDefined();
    expect(new cls!().name).toBe(cls!.name);
  });

  it('lists its migrations (its own and the shared ones) in timestamp order, each timestamp once', () => {
    const stamps = migrations.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps.every(Number.isFinite)).toBe(true);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
