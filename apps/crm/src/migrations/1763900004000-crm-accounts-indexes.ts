import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the list and merge paths of customers, contacts and leads that
 * the domain schema has none for: contacts and leads by owner, leads by
 * source and by name, and the references a contact merge re-points.
 */
export class CrmAccountsIndexes1763900004000 implements MigrationInterface {
  name = 'CrmAccountsIndexes1763900004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX contacts_owner_idx ON contacts (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX leads_owner_idx ON leads (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX leads_source_idx ON leads (source, created_at, id)`);
    await db.query(`CREATE INDEX leads_name_id_idx ON leads (lower(last_name || ' ' || first_name), id)`);
    await db.query(`CREATE INDEX leads_converted_contact_idx ON leads (converted_contact_id) WHERE converted_contact_id IS NOT NULL`);
    await db.query(`CREATE INDEX nurture_enrolments_contact_idx ON nurture_enrolments (contact_id) WHERE contact_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'nurture_enrolments_contact_idx',
      'leads_converted_contact_idx',
      'leads_name_id_idx',
      'leads_source_idx',
      'leads_owner_idx',
      'contacts_owner_idx',
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
  }
}
