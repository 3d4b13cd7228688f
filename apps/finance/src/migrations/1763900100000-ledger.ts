import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The general ledger: chart of accounts, monthly fiscal periods, journal
 * entries and their lines. The database itself keeps the ledger honest, not
 * only the application:
 * - every entry balances (debits = credits, at least two lines): a deferred
 *   constraint trigger checks each entry touched, at commit;
 * - posted entries and lines never change: UPDATE and DELETE are refused, and
 *   lines can be added to an entry only in the transaction that created it;
 * - nothing is dated into a closed period.
 * Each refusal names a constraint, which the service maps to its error code.
 */
export class Ledger1763900100000 implements MigrationInterface {
  name = 'Ledger1763900100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z.-]{1,20}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        type text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
        system_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`
      INSERT INTO accounts (code, name, type, system_key) VALUES
        ('1000', 'Cash', 'asset', 'cash'),
        ('1010', 'Bank', 'asset', 'bank'),
        ('1100', 'Accounts receivable', 'asset', 'receivable'),
        ('1200', 'Inventory', 'asset', 'inventory'),
        ('2000', 'Accounts payable', 'liability', 'payable'),
        ('2100', 'Tax payable', 'liability', 'tax'),
        ('2200', 'Customer credit', 'liability', 'customer_credit'),
        ('3000', 'Retained earnings', 'equity', 'retained_earnings'),
        ('4000', 'Revenue', 'income', 'revenue'),
        ('5000', 'Cost of goods sold', 'expense', 'cogs'),
        ('6000', 'General expenses', 'expense', 'expense'),
        ('7900', 'Exchange differences', 'expense', 'fx')`);

    await db.query(`
      CREATE TABLE fiscal_periods (
        starts_on date PRIMARY KEY CHECK (extract(day FROM starts_on) = 1),
        ends_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_at timestamptz,
        closed_by text,
        CHECK (ends_on = (starts_on + interval '1 month' - interval '1 day')::date)
      )`);

    await db.query(`
      CREATE TABLE journal_entries (
        id uuid PRIMARY KEY,
        entry_date date NOT NULL,
        memo text NOT NULL,
        source_type text NOT NULL CHECK (source_type IN ('manual', 'reversal', 'invoice', 'credit_note', 'payment', 'credit_application', 'shipment', 'bill', 'bill_payment')),
        source_id uuid,
        reverses_id uuid UNIQUE REFERENCES journal_entries (id),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        created_tx bigint NOT NULL DEFAULT txid_current()
      )`);
    await db.query(`CREATE INDEX journal_entries_date_idx ON journal_entries (entry_date, id)`);
    await db.query(`CREATE INDEX journal_entries_created_idx ON journal_entries (created_at, id)`);
    await db.query(`CREATE INDEX journal_entries_source_idx ON journal_entries (source_type, source_id)`);

    await db.query(`
      CREATE TABLE journal_lines (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES journal_entries (id),
        account_id uuid NOT NULL REFERENCES accounts (id),
        entry_date date NOT NULL,
        debit_minor bigint NOT NULL DEFAULT 0 CHECK (debit_minor >= 0),
        credit_minor bigint NOT NULL DEFAULT 0 CHECK (credit_minor >= 0),
        customer_id uuid,
        vendor_id uuid,
        memo text,
        CONSTRAINT journal_line_one_side CHECK ((debit_minor > 0) <> (credit_minor > 0))
      )`);
    // The general ledger of an account reads its lines by date; the trial balance sums them per account.
    await db.query(`CREATE INDEX journal_lines_account_date_idx ON journal_lines (account_id, entry_date, id) INCLUDE (debit_minor, credit_minor)`);
    await db.query(`CREATE INDEX journal_lines_entry_idx ON journal_lines (entry_id)`);

    // Balanced entries: checked at commit, once per line written (and once per entry, for an entry without lines).
    await db.query(`
      CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entry uuid;
        debits bigint;
        credits bigint;
        lines int;
      BEGIN
        IF TG_TABLE_NAME = 'journal_entries' THEN
          entry := NEW.id;
        ELSE
          entry := NEW.entry_id;
        END IF;
        SELECT coalesce(sum(debit_minor), 0), coalesce(sum(credit_minor), 0), count(*) INTO debits, credits, lines
          FROM journal_lines WHERE entry_id = entry;
        IF lines < 2 OR debits <> credits THEN
          RAISE EXCEPTION 'journal entry % is unbalanced: debits %, credits %, % lines', entry, debits, credits, lines
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`);

    // Posted means final: corrections are reversal entries.
    await db.query(`
      CREATE FUNCTION journal_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is posted and cannot change: post a reversal instead', TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_immutable';
      END $$`);
    await db.query(`CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION journal_immutable()`);
    await db.query(`CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines FOR EACH ROW EXECUTE FUNCTION journal_immutable()`);
    await db.query(`
      CREATE FUNCTION journal_line_same_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        entry journal_entries;
      BEGIN
        SELECT * INTO entry FROM journal_entries WHERE id = NEW.entry_id;
        IF entry.created_tx <> txid_current() THEN
          RAISE EXCEPTION 'journal entry % is posted and cannot take more lines', NEW.entry_id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_immutable';
        END IF;
        IF entry.entry_date <> NEW.entry_date THEN
          RAISE EXCEPTION 'journal line dated % in entry % dated %', NEW.entry_date, NEW.entry_id, entry.entry_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_line_date';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER journal_lines_same_transaction BEFORE INSERT ON journal_lines FOR EACH ROW EXECUTE FUNCTION journal_line_same_transaction()`,
    );

    // Nothing posts into a closed period, whichever code path writes the entry.
    await db.query(`
      CREATE FUNCTION journal_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM fiscal_periods WHERE NEW.entry_date BETWEEN starts_on AND ends_on AND status = 'closed') THEN
          RAISE EXCEPTION 'the fiscal period of % is closed', NEW.entry_date
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_period_open';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER journal_entries_period_open BEFORE INSERT ON journal_entries FOR EACH ROW EXECUTE FUNCTION journal_period_open()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE journal_lines`);
    await db.query(`DROP TABLE journal_entries`);
    await db.query(`DROP TABLE fiscal_periods`);
    await db.query(`DROP TABLE accounts`);
    await db.query(`DROP FUNCTION journal_entry_balanced, journal_immutable, journal_line_same_transaction, journal_period_open`);
  }
}
