import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who did what, when, from where: written with each privileged mutation. */
export class AuditLog1763900002000 implements MigrationInterface {
  name = 'AuditLog1763900002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        roles text[] NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
  }
}
