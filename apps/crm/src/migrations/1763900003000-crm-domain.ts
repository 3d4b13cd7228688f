import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Millisecond timestamps: keyset cursors carry a JavaScript Date. */
const MS = (column: string) =>
  `${column} timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()) CHECK (${column} = date_trunc('milliseconds', ${column}))`;

/**
 * The CRM domain: accounts and people, leads, pipelines and deals, quotes and
 * the stock availability read model, the activity timeline, tasks, support
 * tickets and nurture sequences. Rows of one service only: product, order and
 * invoice ids from other services are plain uuids without foreign keys.
 */
export class CrmDomain1763900003000 implements MigrationInterface {
  name = 'CrmDomain1763900003000';

  async up(db: QueryRunner): Promise<void> {
    // Customers: organisation or individual, owner, change time, full-text search.
    await db.query(`
      ALTER TABLE customers
        ADD COLUMN kind text NOT NULL DEFAULT 'organisation' CHECK (kind IN ('organisation', 'individual')),
        ADD COLUMN domain text CHECK (length(domain) <= 253),
        ADD COLUMN phone text CHECK (length(phone) <= 50),
        ADD COLUMN owner_id text CHECK (length(owner_id) <= 200),
        ADD COLUMN ${MS('updated_at')},
        ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', name), 'A') || to_tsvector('simple', email) || to_tsvector('simple', coalesce(domain, ''))) STORED`);
    await db.query(`UPDATE customers SET updated_at = created_at`);
    await db.query(`CREATE INDEX customers_search_idx ON customers USING gin (search)`);
    await db.query(`CREATE INDEX customers_name_id_idx ON customers (lower(name), id)`);
    await db.query(`CREATE INDEX customers_updated_at_id_idx ON customers (updated_at, id)`);
    await db.query(`CREATE INDEX customers_owner_idx ON customers (owner_id, created_at, id)`);

    // Contacts: people, optionally under a customer. Email unique case-insensitively when present.
    await db.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY,
        customer_id uuid REFERENCES customers (id),
        first_name text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
        last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
        email text CHECK (length(email) BETWEEN 3 AND 320),
        phone text CHECK (length(phone) <= 50),
        title text CHECK (length(title) <= 200),
        owner_id text CHECK (length(owner_id) <= 200),
        ${MS('created_at')},
        ${MS('updated_at')},
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', first_name || ' ' || last_name), 'A') || to_tsvector('simple', coalesce(email, '')) || to_tsvector('simple', coalesce(title, ''))) STORED
      )`);
    await db.query(`CREATE UNIQUE INDEX contacts_email_lower_key ON contacts (lower(email))`);
    await db.query(`CREATE INDEX contacts_created_at_id_idx ON contacts (created_at, id)`);
    await db.query(`CREATE INDEX contacts_updated_at_id_idx ON contacts (updated_at, id)`);
    await db.query(`CREATE INDEX contacts_name_id_idx ON contacts (lower(last_name || ' ' || first_name), id)`);
    await db.query(`CREATE INDEX contacts_customer_idx ON contacts (customer_id, created_at, id)`);
    await db.query(`CREATE INDEX contacts_search_idx ON contacts USING gin (search)`);
    // A merged contact's id keeps resolving to the contact it was merged into.
    await db.query(`
      CREATE TABLE contact_merges (
        merged_id uuid PRIMARY KEY,
        survivor_id uuid NOT NULL REFERENCES contacts (id),
        merged_by text,
        ${MS('merged_at')}
      )`);
    await db.query(`CREATE INDEX contact_merges_survivor_idx ON contact_merges (survivor_id)`);

    // Leads: one per email (case-insensitive); conversion links what it created.
    await db.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY,
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
        first_name text NOT NULL DEFAULT '' CHECK (length(first_name) <= 100),
        last_name text NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
        company text CHECK (length(company) <= 200),
        phone text CHECK (length(phone) <= 50),
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
        source text NOT NULL CHECK (source IN ('web_form', 'import', 'manual', 'content_download')),
        owner_id text CHECK (length(owner_id) <= 200),
        converted_at timestamptz,
        converted_customer_id uuid REFERENCES customers (id),
        converted_contact_id uuid REFERENCES contacts (id),
        converted_deal_id uuid,
        ${MS('created_at')},
        ${MS('updated_at')},
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', first_name || ' ' || last_name), 'A') || to_tsvector('simple', email) || to_tsvector('simple', coalesce(company, ''))) STORED,
        CHECK ((status = 'converted') = (converted_at IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX leads_email_lower_key ON leads (lower(email))`);
    await db.query(`CREATE INDEX leads_created_at_id_idx ON leads (created_at, id)`);
    await db.query(`CREATE INDEX leads_updated_at_id_idx ON leads (updated_at, id)`);
    await db.query(`CREATE INDEX leads_status_idx ON leads (status, created_at, id)`);
    await db.query(`CREATE INDEX leads_search_idx ON leads USING gin (search)`);

    // Pipelines and their ordered stages, each with a win probability in percent.
    await db.query(`
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        is_default boolean NOT NULL DEFAULT false,
        ${MS('created_at')}
      )`);
    await db.query(`CREATE UNIQUE INDEX pipelines_name_lower_key ON pipelines (lower(name))`);
    await db.query(`CREATE UNIQUE INDEX pipelines_one_default ON pipelines (is_default) WHERE is_default`);
    await db.query(`
      CREATE TABLE pipeline_stages (
        id uuid PRIMARY KEY,
        pipeline_id uuid NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        position int NOT NULL CHECK (position >= 0),
        probability int NOT NULL CHECK (probability BETWEEN 0 AND 100),
        UNIQUE (pipeline_id, position) DEFERRABLE INITIALLY IMMEDIATE,
        UNIQUE (pipeline_id, id)
      )`);
    await db.query(`CREATE UNIQUE INDEX pipeline_stages_name_key ON pipeline_stages (pipeline_id, lower(name))`);
    await db.query(`INSERT INTO pipelines (id, name, is_default) VALUES ('00000000-0000-4000-8000-000000000001', 'Sales', true)`);
    await db.query(`
      INSERT INTO pipeline_stages (id, pipeline_id, name, position, probability) VALUES
        ('00000000-0000-4000-8000-000000000101', '00000000-0000-4000-8000-000000000001', 'Qualification', 0, 10),
        ('00000000-0000-4000-8000-000000000102', '00000000-0000-4000-8000-000000000001', 'Needs analysis', 1, 25),
        ('00000000-0000-4000-8000-000000000103', '00000000-0000-4000-8000-000000000001', 'Proposal', 2, 50),
        ('00000000-0000-4000-8000-000000000104', '00000000-0000-4000-8000-000000000001', 'Negotiation', 3, 75)`);

    // Deals: open, or won/lost (terminal, with a reason). Amount in minor units of its currency.
    await db.query(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        customer_id uuid NOT NULL REFERENCES customers (id),
        contact_id uuid REFERENCES contacts (id),
        lead_id uuid REFERENCES leads (id),
        pipeline_id uuid NOT NULL REFERENCES pipelines (id),
        stage_id uuid NOT NULL,
        owner_id text CHECK (length(owner_id) <= 200),
        amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        expected_close_date date,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
        close_reason text CHECK (length(close_reason) BETWEEN 1 AND 500),
        closed_at timestamptz,
        ${MS('created_at')},
        ${MS('updated_at')},
        FOREIGN KEY (pipeline_id, stage_id) REFERENCES pipeline_stages (pipeline_id, id),
        CHECK ((status = 'open') = (closed_at IS NULL) AND (status = 'open') = (close_reason IS NULL))
      )`);
    await db.query(`ALTER TABLE leads ADD FOREIGN KEY (converted_deal_id) REFERENCES deals (id)`);
    await db.query(`CREATE INDEX deals_created_at_id_idx ON deals (created_at, id)`);
    await db.query(`CREATE INDEX deals_customer_idx ON deals (customer_id, created_at, id)`);
    await db.query(`CREATE INDEX deals_contact_idx ON deals (contact_id) WHERE contact_id IS NOT NULL`);
    await db.query(`CREATE INDEX deals_stage_idx ON deals (stage_id, status)`);
    await db.query(`CREATE INDEX deals_owner_idx ON deals (owner_id, created_at, id)`);
    await db.query(`CREATE INDEX deals_status_close_idx ON deals (status, expected_close_date)`);
    await db.query(`
      CREATE TABLE deal_line_items (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        product_id uuid NOT NULL,
        description text CHECK (length(description) <= 500),
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        UNIQUE (deal_id, position)
      )`);
    // Every move of a deal: between stages, and into won or lost.
    await db.query(`
      CREATE TABLE deal_stage_changes (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        from_stage_id uuid,
        to_stage_id uuid NOT NULL,
        from_status text,
        to_status text NOT NULL,
        changed_by text,
        ${MS('changed_at')}
      )`);
    await db.query(`CREATE INDEX deal_stage_changes_deal_idx ON deal_stage_changes (deal_id, changed_at, id)`);
    await db.query(`CREATE INDEX deal_stage_changes_to_idx ON deal_stage_changes (to_stage_id, deal_id)`);

    // Quotes on a deal, and availability as inventory last reported it.
    await db.query(`
      CREATE TABLE quotes (
        id uuid PRIMARY KEY,
        deal_id uuid NOT NULL REFERENCES deals (id),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'accepted', 'rejected')),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        total_minor bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
        valid_until date,
        ${MS('created_at')},
        ${MS('updated_at')}
      )`);
    await db.query(`CREATE INDEX quotes_deal_idx ON quotes (deal_id, created_at, id)`);
    await db.query(`CREATE INDEX quotes_created_at_id_idx ON quotes (created_at, id)`);
    await db.query(`
      CREATE TABLE quote_lines (
        id uuid PRIMARY KEY,
        quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        product_id uuid NOT NULL,
        description text CHECK (length(description) <= 500),
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
        UNIQUE (quote_id, position)
      )`);
    await db.query(`
      CREATE TABLE product_availability (
        product_id uuid PRIMARY KEY,
        sku text,
        available int NOT NULL,
        as_of timestamptz NOT NULL
      )`);

    // The timeline: what users logged and what other services reported.
    await db.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note', 'invoice_posted', 'invoice_paid', 'order_shipped', 'content_downloaded', 'form_submitted', 'email_sent')),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body text CHECK (length(body) <= 20000),
        customer_id uuid REFERENCES customers (id),
        contact_id uuid REFERENCES contacts (id),
        deal_id uuid REFERENCES deals (id),
        lead_id uuid REFERENCES leads (id),
        actor text NOT NULL,
        source_event_id text UNIQUE,
        occurred_at timestamptz NOT NULL,
        ${MS('created_at')},
        CHECK (num_nonnulls(customer_id, contact_id, deal_id, lead_id) > 0)
      )`);
    await db.query(`CREATE INDEX activities_customer_idx ON activities (customer_id, occurred_at DESC, id DESC) WHERE customer_id IS NOT NULL`);
    await db.query(`CREATE INDEX activities_contact_idx ON activities (contact_id, occurred_at DESC, id DESC) WHERE contact_id IS NOT NULL`);
    await db.query(`CREATE INDEX activities_deal_idx ON activities (deal_id, occurred_at DESC, id DESC) WHERE deal_id IS NOT NULL`);
    await db.query(`CREATE INDEX activities_lead_idx ON activities (lead_id, occurred_at DESC, id DESC) WHERE lead_id IS NOT NULL`);

    // Tasks, with the nurture step that created them when one did.
    await db.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        description text CHECK (length(description) <= 20000),
        assignee_id text CHECK (length(assignee_id) <= 200),
        due_at timestamptz,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        customer_id uuid REFERENCES customers (id),
        contact_id uuid REFERENCES contacts (id),
        deal_id uuid REFERENCES deals (id),
        lead_id uuid REFERENCES leads (id),
        completed_at timestamptz,
        ${MS('created_at')},
        ${MS('updated_at')}
      )`);
    await db.query(`CREATE INDEX tasks_created_at_id_idx ON tasks (created_at, id)`);
    await db.query(`CREATE INDEX tasks_assignee_due_idx ON tasks (assignee_id, due_at, id)`);
    await db.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_at, id) WHERE status IN ('open', 'in_progress')`);
    await db.query(`CREATE INDEX tasks_contact_idx ON tasks (contact_id) WHERE contact_id IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_customer_idx ON tasks (customer_id) WHERE customer_id IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_deal_idx ON tasks (deal_id) WHERE deal_id IS NOT NULL`);

    // Support tickets with their first-response and resolution times.
    await db.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY,
        number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        description text CHECK (length(description) <= 20000),
        customer_id uuid REFERENCES customers (id),
        contact_id uuid REFERENCES contacts (id),
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
        assignee_id text CHECK (length(assignee_id) <= 200),
        first_response_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        ${MS('created_at')},
        ${MS('updated_at')}
      )`);
    await db.query(`CREATE INDEX tickets_created_at_id_idx ON tickets (created_at, id)`);
    await db.query(`CREATE INDEX tickets_status_idx ON tickets (status, priority, created_at, id)`);
    await db.query(`CREATE INDEX tickets_customer_idx ON tickets (customer_id, created_at, id) WHERE customer_id IS NOT NULL`);
    await db.query(`CREATE INDEX tickets_contact_idx ON tickets (contact_id) WHERE contact_id IS NOT NULL`);
    await db.query(`CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL`);

    // Nurture: email templates, sequences of steps, enrolments and the mail they send.
    await db.query(`
      CREATE TABLE email_templates (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
        ${MS('created_at')}
      )`);
    await db.query(`CREATE UNIQUE INDEX email_templates_name_key ON email_templates (lower(name))`);
    await db.query(`CREATE INDEX email_templates_created_at_id_idx ON email_templates (created_at, id)`);
    await db.query(`
      CREATE TABLE nurture_sequences (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        trigger_kind text NOT NULL DEFAULT 'manual' CHECK (trigger_kind IN ('manual', 'content_download', 'form_submission')),
        trigger_ref text CHECK (length(trigger_ref) <= 200),
        active boolean NOT NULL DEFAULT true,
        ${MS('created_at')},
        CHECK ((trigger_kind = 'manual') = (trigger_ref IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX nurture_sequences_name_key ON nurture_sequences (lower(name))`);
    await db.query(`CREATE INDEX nurture_sequences_trigger_idx ON nurture_sequences (trigger_kind, trigger_ref) WHERE active`);
    await db.query(`CREATE INDEX nurture_sequences_created_at_id_idx ON nurture_sequences (created_at, id)`);
    await db.query(`
      CREATE TABLE nurture_steps (
        sequence_id uuid NOT NULL REFERENCES nurture_sequences (id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        kind text NOT NULL CHECK (kind IN ('send_email', 'wait', 'create_task')),
        template_id uuid REFERENCES email_templates (id),
        wait_days int CHECK (wait_days BETWEEN 0 AND 365),
        task_title text CHECK (length(task_title) BETWEEN 1 AND 300),
        task_due_days int CHECK (task_due_days BETWEEN 0 AND 365),
        task_assignee_id text,
        PRIMARY KEY (sequence_id, position),
        CHECK ((kind = 'send_email') = (template_id IS NOT NULL)),
        CHECK ((kind = 'wait') = (wait_days IS NOT NULL)),
        CHECK ((kind = 'create_task') = (task_title IS NOT NULL))
      )`);
    await db.query(`
      CREATE TABLE nurture_enrolments (
        id uuid PRIMARY KEY,
        sequence_id uuid NOT NULL REFERENCES nurture_sequences (id),
        contact_id uuid REFERENCES contacts (id),
        lead_id uuid REFERENCES leads (id),
        email text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
        next_position int NOT NULL DEFAULT 0,
        next_run_at timestamptz,
        ${MS('created_at')},
        ${MS('updated_at')},
        CHECK (num_nonnulls(contact_id, lead_id) > 0),
        CHECK ((status = 'active') = (next_run_at IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX nurture_enrolments_contact_key ON nurture_enrolments (sequence_id, contact_id) WHERE contact_id IS NOT NULL`);
    await db.query(
      `CREATE UNIQUE INDEX nurture_enrolments_lead_key ON nurture_enrolments (sequence_id, lead_id) WHERE lead_id IS NOT NULL AND contact_id IS NULL`,
    );
    await db.query(`CREATE INDEX nurture_enrolments_due_idx ON nurture_enrolments (next_run_at) WHERE status = 'active'`);
    await db.query(`CREATE INDEX nurture_enrolments_created_at_id_idx ON nurture_enrolments (created_at, id)`);
    // One row per step an enrolment ran: the key that keeps a step from running twice.
    await db.query(`
      CREATE TABLE nurture_step_runs (
        enrolment_id uuid NOT NULL REFERENCES nurture_enrolments (id) ON DELETE CASCADE,
        position int NOT NULL,
        ${MS('ran_at')},
        PRIMARY KEY (enrolment_id, position)
      )`);
    // Mail to send: written with the step that asks for it, sent by the mailer.
    await db.query(`
      CREATE TABLE outbound_emails (
        id uuid PRIMARY KEY,
        enrolment_id uuid REFERENCES nurture_enrolments (id),
        position int,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        ${MS('created_at')},
        UNIQUE (enrolment_id, position)
      )`);
    await db.query(`CREATE INDEX outbound_emails_pending_idx ON outbound_emails (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'outbound_emails',
      'nurture_step_runs',
      'nurture_enrolments',
      'nurture_steps',
      'nurture_sequences',
      'email_templates',
      'tickets',
      'tasks',
      'activities',
      'product_availability',
      'quote_lines',
      'quotes',
      'deal_stage_changes',
      'deal_line_items',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`ALTER TABLE leads DROP COLUMN converted_deal_id`);
    await db.query(`DROP TABLE deals`);
    await db.query(`DROP TABLE pipeline_stages`);
    await db.query(`DROP TABLE pipelines`);
    await db.query(`DROP TABLE leads`);
    await db.query(`DROP TABLE contact_merges`);
    await db.query(`DROP TABLE contacts`);
    await db.query(
      `ALTER TABLE customers DROP COLUMN search, DROP COLUMN updated_at, DROP COLUMN owner_id, DROP COLUMN phone, DROP COLUMN domain, DROP COLUMN kind`,
    );
  }
}
