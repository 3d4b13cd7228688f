import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity graph (identifiers, the links events made between them, admin
 * merges and splits), trait observations with their history, the person
 * profiles resolved from them, suppressed identifiers (erasure) and the
 * domain events kept for rebuilds and the customer view.
 */
export class IdentityGraph1764300001000 implements MigrationInterface {
  name = 'IdentityGraph1764300001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identities (
        key text PRIMARY KEY,
        kind text NOT NULL,
        value text NOT NULL,
        profile_id uuid NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX identities_profile_id ON identities (profile_id)`);
    await db.query(`CREATE TABLE identity_links (a text NOT NULL, b text NOT NULL, PRIMARY KEY (a, b))`);
    await db.query(`CREATE INDEX identity_links_b ON identity_links (b, a)`);
    await db.query(`CREATE TABLE identity_merges (a text NOT NULL, b text NOT NULL, merged_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (a, b))`);
    await db.query(`CREATE INDEX identity_merges_b ON identity_merges (b, a)`);
    await db.query(`CREATE TABLE identity_splits (key text PRIMARY KEY, split_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE TABLE contact_customers (contact_id text PRIMARY KEY, customer_id uuid, observed_at timestamptz NOT NULL, event_id text NOT NULL)`);
    await db.query(`CREATE INDEX contact_customers_customer_id ON contact_customers (customer_id)`);
    await db.query(`
      CREATE TABLE trait_observations (
        key text NOT NULL,
        trait text NOT NULL,
        value jsonb NOT NULL,
        observed_at timestamptz NOT NULL,
        event_id text NOT NULL,
        PRIMARY KEY (key, trait, observed_at, event_id)
      )`);
    await db.query(`
      CREATE TABLE person_profiles (
        id uuid PRIMARY KEY,
        canonical_key text NOT NULL,
        customer_id uuid,
        traits jsonb NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
          CHECK (created_at = date_trunc('milliseconds', created_at))
      )`);
    await db.query(`CREATE INDEX person_profiles_created ON person_profiles (created_at, id)`);
    await db.query(`CREATE INDEX person_profiles_customer ON person_profiles (customer_id, created_at, id) WHERE customer_id IS NOT NULL`);
    await db.query(`CREATE INDEX person_profiles_last_seen ON person_profiles (last_seen_at, id)`);
    await db.query(
      `CREATE TABLE suppressed_identifiers (kind text NOT NULL, value text NOT NULL, suppressed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (kind, value))`,
    );
    await db.query(`
      CREATE TABLE domain_events (
        event_id uuid PRIMARY KEY,
        type text NOT NULL,
        version int NOT NULL,
        subject text NOT NULL,
        customer_id uuid,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX domain_events_customer ON domain_events (customer_id, type, occurred_at) WHERE customer_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE domain_events, suppressed_identifiers, person_profiles, trait_observations, contact_customers, identity_splits, identity_merges, identity_links, identities`,
    );
  }
}
