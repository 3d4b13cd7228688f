import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase } from '@platform/testing';
import { connectAndMigrate, createDataSource, pingDatabase } from './data-source';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(db: QueryRunner) {
    // Slow enough that concurrent starts overlap.
    await db.query('SELECT pg_sleep(0.3)');
    await db.query('CREATE TABLE widgets (id int PRIMARY KEY)');
  }
  async down(db: QueryRunner) {
    await db.query('DROP TABLE widgets');
  }
}

describe('connectAndMigrate', () => {
  it('lets replicas that start together apply each migration once', async () => {
    const url = await createTestDatabase('migrate');
    const replicas = [1, 2, 3].map((n) => createDataSource({ url, entities: [], migrations: [CreateWidgets1700000000000], applicationName: `replica-${n}` }));
    const logs: string[] = [];
    try {
      await Promise.all(replicas.map((ds) => connectAndMigrate(ds, { log: (line) => logs.push(line) })));
      expect(logs).toEqual(['db: applied migration CreateWidgets1700000000000']);
      const applied = await replicas[0].query('SELECT name FROM migrations');
      expect(applied).toEqual([{ name: 'CreateWidgets1700000000000' }]);
      await pingDatabase(replicas[2]);
    } finally {
      await Promise.all(replicas.map((ds) => ds.isInitialized && ds.destroy()));
    }
  });

  it('gives up at once on a database that does not exist, naming the problem', async () => {
    const url = new URL(await createTestDatabase('exists'));
    url.pathname = '/no_such_database';
    const ds = createDataSource({ url: url.toString(), entities: [], migrations: [], applicationName: 'missing' });
    await expect(connectAndMigrate(ds)).rejects.toThrow(/^database: cannot connect: database "no_such_database" does not exist/);
  });
});
