import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProfiles1763900000000 implements MigrationInterface {
  name = 'CreateProfiles1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE profiles (
        id uuid PRIMARY KEY,
        customer_id uuid NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT profiles_customer_id_key UNIQUE (customer_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE profiles`);
  }
}
