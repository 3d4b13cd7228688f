import { connectAndMigrate, createDataSource } from '@platform/database';
import { createTestDatabase } from '@platform/testing';
import { Role } from '@platform/auth';
import type { DataSource } from 'typeorm';
import { AuditLog, AuditLog1763900002000 } from '@platform/service';

describe('AuditLog', () => {
  let dataSource: DataSource;
  let audit: AuditLog;

  beforeAll(async () => {
    dataSource = createDataSource({ url: await createTestDatabase('audit'), entities: [], migrations: [AuditLog1763900002000], applicationName: 'audit-spec' });
    await connectAndMigrate(dataSource, { log: () => undefined });
    audit = new AuditLog(dataSource);
    for (let i = 1; i <= 12; i++) {
      await dataSource.transaction((m) => audit.record(m, { sub: 'alice', roles: [Role.Admin], ip: '10.0.0.1' }, 'act', `t${i}`));
    }
  });

  afterAll(() => dataSource?.destroy());

  it('lists newest first by number, past ten entries too, and pages before an id', async () => {
    expect((await audit.list(20)).map((r) => r.target)).toEqual(Array.from({ length: 12 }, (_, i) => `t${12 - i}`));
    const page = await audit.list(5, '10');
    expect(page.map((r) => r.id)).toEqual(['9', '8', '7', '6', '5']);
  });
});
