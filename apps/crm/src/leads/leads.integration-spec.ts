import { Role } from '@platform/auth';
import { allPages, startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { backendPid, waitUntilBlocked } from '@platform/testing';
import { crmSubgraph } from '../crm.subgraph';
import { LeadsService } from './leads.service';

const LEAD_FIELDS = `id email phone firstName lastName company status source ownerId convertedAt convertedDealId createdAt updatedAt
  convertedCustomer { id name } convertedContact { id firstName }`;
const CREATE = `mutation($input: CreateLeadInput!) { createLead(input: $input) { ${LEAD_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateLeadInput!) { updateLead(id: $id, input: $input) { ${LEAD_FIELDS} } }`;
const CONVERT = `mutation($id: ID!, $input: ConvertLeadInput) { convertLead(id: $id, input: $input) {
  lead { ${LEAD_FIELDS} } customer { id name email kind ownerId } contact { id firstName lastName email customer { id } } dealId } }`;
const LIST = `query($first: Int, $after: String, $filter: LeadFilter, $sort: RecordSort) {
  leads(first: $first, after: $after, filter: $filter, sort: $sort) { nodes { id firstName lastName } pageInfo { hasNextPage endCursor } } }`;

interface LeadOut {
  id: string;
  email: string | null;
  status: string;
  source: string;
  ownerId: string | null;
  convertedAt: string | null;
  convertedDealId: string | null;
  createdAt: string;
  updatedAt: string;
  convertedCustomer: { id: string; name: string } | null;
  convertedContact: { id: string; firstName: string } | null;
  [key: string]: unknown;
}
interface Converted {
  lead: LeadOut;
  customer: { id: string; name: string; email: string; kind: string; ownerId: string | null };
  contact: { id: string; firstName: string; lastName: string; email: string; customer: { id: string } };
  dealId: string | null;
}

const SALES = { sub: 'rep-1', roles: [Role.Sales] };

describe('crm leads (real Postgres)', () => {
  let crm: TestSubgraph;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => crm.dataSource.query(sql, params) as Promise<T[]>;
  const count = async (table: string) => Number((await q<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const snapshot = async () => Promise.all(['customers', 'contacts', 'leads', 'deals', 'deal_stage_changes', 'outbox', 'audit_log'].map(count));
  const create = async (input: Record<string, unknown>, as?: typeof SALES) => {
    const result = await crm.request<{ createLead: LeadOut }>(CREATE, { input }, as);
    expect(result.errors).toBeUndefined();
    return result.data!.createLead;
  };
  const convert = async (id: string, input?: Record<string, unknown>, as?: typeof SALES) => {
    const result = await crm.request<{ convertLead: Converted }>(CONVERT, { id, input }, as);
    expect(result.errors).toBeUndefined();
    return result.data!.convertLead;
  };
  const events = (key: string, type: string) =>
    q<{ envelope: { data: unknown } }>(`SELECT envelope FROM outbox WHERE key = $1 AND envelope->>'type' = $2 ORDER BY id`, [key, type]).then((rows) =>
      rows.map((r) => r.envelope.data),
    );

  beforeAll(async () => {
    crm = await startTestSubgraph(crmSubgraph);
  });
  afterAll(() => crm?.close());

  describe('create and update', () => {
    it('creates a MANUAL lead owned by the caller with its crm.lead.created event', async () => {
      const lead = await create({ email: 'jane@prospect.test', firstName: 'Jane', lastName: 'Doe', company: 'Prospect Ltd', phone: '+1 555 0123' }, SALES);
      expect(lead).toMatchObject({
        email: 'jane@prospect.test',
        phone: '+1 555 0123',
        status: 'NEW',
        source: 'MANUAL',
        ownerId: 'rep-1',
        convertedAt: null,
        convertedCustomer: null,
      });
      expect(await events(lead.id, 'crm.lead.created')).toEqual([
        {
          leadId: lead.id,
          email: 'jane@prospect.test',
          firstName: 'Jane',
          lastName: 'Doe',
          company: 'Prospect Ltd',
          source: 'manual',
          createdAt: lead.createdAt,
        },
      ]);
      const imported = await create({ email: 'imp@prospect.test', source: 'IMPORT' });
      expect(imported.source).toBe('IMPORT');
    });

    it('answers CONFLICT with existingId for a second lead with the same email in any case, writing nothing', async () => {
      const first = await create({ email: 'dup@lead.test' });
      const before = await snapshot();
      const again = await crm.request(CREATE, { input: { email: 'DUP@Lead.test', firstName: 'Again' } });
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: first.id });
      expect(again.errors?.[0].message).toBe(`A lead with email DUP@Lead.test already exists (${first.id})`);
      expect(await snapshot()).toEqual(before);
    });

    it('updates fields and status; refuses CONVERTED and a taken email, writing nothing', async () => {
      const a = await create({ email: 'a@upd.test' });
      const b = await create({ email: 'b@upd.test' });
      const result = await crm.request<{ updateLead: LeadOut }>(UPDATE, { id: b.id, input: { status: 'QUALIFIED', company: 'B Corp', firstName: 'Bee' } });
      expect(result.errors).toBeUndefined();
      expect(result.data!.updateLead).toMatchObject({ status: 'QUALIFIED', company: 'B Corp', firstName: 'Bee' });
      const before = await snapshot();
      const direct = await crm.request(UPDATE, { id: b.id, input: { status: 'CONVERTED' } });
      expect(direct.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(direct.errors?.[0].message).toContain('convertLead');
      const taken = await crm.request(UPDATE, { id: b.id, input: { email: 'A@upd.test' } });
      expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: a.id });
      const missing = await crm.request(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { firstName: 'X' } });
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
      expect(await q(`SELECT status, email FROM leads WHERE id = $1`, [b.id])).toEqual([{ status: 'qualified', email: 'b@upd.test' }]);
    });

    it('answers CONFLICT, not an internal error, when a concurrent transaction takes the new email between the check and the write', async () => {
      const target = await create({ email: 'racer@lead-race.test' });
      const rival = await create({ email: 'rival@lead-race.test' });
      const before = await snapshot();
      // The rival's change is written but not committed: the update's check cannot see it and its write waits on the index.
      const runner = crm.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`UPDATE leads SET email = 'taken@lead-race.test' WHERE id = $1`, [rival.id]);
      const pending = crm.request(UPDATE, { id: target.id, input: { email: 'Taken@lead-race.test' } });
      // Past its check and into its write, waiting on the rival's uncommitted email: only then does the rival commit.
      const blocked = await waitUntilBlocked(crm.dataSource, await backendPid(runner), { what: 'the update', racer: pending });
      expect(blocked.map((b) => b.query)).toEqual([expect.stringMatching(/UPDATE leads SET/)]);
      await runner.commitTransaction();
      await runner.release();
      const result = await pending;
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', existingId: rival.id });
      expect(result.errors?.[0].message).toBe(`A lead with email Taken@lead-race.test already exists (${rival.id})`);
      expect(await q(`SELECT email FROM leads WHERE id = $1`, [target.id])).toEqual([{ email: 'racer@lead-race.test' }]);
      expect(await snapshot()).toEqual(before);
    });

    it('hides email and phone from a role without contact.pii:read', async () => {
      const lead = await create({ email: 'secret@pii.test', phone: '+1 555 0999', firstName: 'Secret' });
      const result = await crm.request<{ lead: Record<string, unknown> }>(
        `query($id: ID!) { lead(id: $id) { firstName email phone } }`,
        { id: lead.id },
        { sub: 'an', roles: [Role.Analyst] },
      );
      expect(result.data!.lead).toEqual({ firstName: 'Secret', email: null, phone: null });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      const write = await crm.request(CREATE, { input: { email: 'no@pii.test' } }, { sub: 'an', roles: [Role.Analyst] });
      expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const conv = await crm.request(CONVERT, { id: lead.id }, { sub: 'mk', roles: [Role.Marketing] });
      expect(conv.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('convertLead', () => {
    it('creates an organisation, a contact and a deal in the first stage of the default pipeline, in one transaction', async () => {
      const lead = await create({ email: 'cto@newco.test', firstName: 'Nina', lastName: 'Park', company: 'NewCo', phone: '+1 555 0001' }, SALES);
      const result = await convert(
        lead.id,
        { deal: { name: 'NewCo platform', amount: { amount: '12500.50', currency: 'EUR' }, expectedCloseDate: '2026-12-31' } },
        SALES,
      );
      expect(result.customer).toMatchObject({ name: 'NewCo', email: 'cto@newco.test', kind: 'ORGANISATION', ownerId: 'rep-1' });
      expect(result.contact).toMatchObject({ firstName: 'Nina', lastName: 'Park', email: 'cto@newco.test', customer: { id: result.customer.id } });
      expect(result.lead).toMatchObject({
        status: 'CONVERTED',
        convertedDealId: result.dealId,
        convertedCustomer: { id: result.customer.id, name: 'NewCo' },
        convertedContact: { id: result.contact.id, firstName: 'Nina' },
      });
      expect(result.lead.convertedAt).toEqual(expect.any(String));

      const [deal] = await q(
        `SELECT name, customer_id, contact_id, lead_id, pipeline_id, stage_id, owner_id, amount_minor, currency, expected_close_date::text AS close, status FROM deals WHERE id = $1`,
        [result.dealId],
      );
      expect(deal).toEqual({
        name: 'NewCo platform',
        customer_id: result.customer.id,
        contact_id: result.contact.id,
        lead_id: lead.id,
        pipeline_id: '00000000-0000-4000-8000-000000000001',
        stage_id: '00000000-0000-4000-8000-000000000101',
        owner_id: 'rep-1',
        amount_minor: '1250050',
        currency: 'EUR',
        close: '2026-12-31',
        status: 'open',
      });
      expect(
        await q(`SELECT from_stage_id, to_stage_id, from_status, to_status, changed_by FROM deal_stage_changes WHERE deal_id = $1`, [result.dealId]),
      ).toEqual([{ from_stage_id: null, to_stage_id: '00000000-0000-4000-8000-000000000101', from_status: null, to_status: 'open', changed_by: 'rep-1' }]);
      expect(await events(result.dealId!, 'crm.deal.stage-changed')).toEqual([
        {
          dealId: result.dealId,
          customerId: result.customer.id,
          pipelineId: '00000000-0000-4000-8000-000000000001',
          fromStageId: null,
          toStageId: '00000000-0000-4000-8000-000000000101',
          probability: 10,
          changedAt: expect.any(String),
        },
      ]);
      expect(await events(result.customer.id, 'crm.customer.created')).toHaveLength(1);
      expect(await events(result.contact.id, 'crm.contact.created')).toHaveLength(1);
      expect(await events(lead.id, 'crm.lead.converted')).toEqual([
        { leadId: lead.id, customerId: result.customer.id, contactId: result.contact.id, dealId: result.dealId, convertedAt: result.lead.convertedAt },
      ]);
      // All of it in one transaction: the same transaction id on every outbox row it wrote.
      const tx = await q<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM outbox WHERE key = ANY($1::text[])`, [
        [result.dealId, result.customer.id, result.contact.id, lead.id].filter(Boolean),
      ]);
      expect(tx).toEqual([{ n: 2 }]); // the lead's creation, then the conversion
      expect(await q(`SELECT actor, details FROM audit_log WHERE action = 'convertLead' AND target = $1`, [lead.id])).toEqual([
        { actor: 'rep-1', details: { customerId: result.customer.id, contactId: result.contact.id, dealId: result.dealId } },
      ]);
    });

    it('makes an individual named after the person when the lead has no company, and creates no deal unless asked', async () => {
      const lead = await create({ email: 'solo@person.test', firstName: 'Sol', lastName: 'O' });
      const result = await convert(lead.id);
      expect(result.customer).toMatchObject({ name: 'Sol O', kind: 'INDIVIDUAL', email: 'solo@person.test' });
      expect(result.dealId).toBeNull();
      expect(await events(lead.id, 'crm.lead.converted')).toEqual([expect.objectContaining({ dealId: null })]);
    });

    it('links the customer and the contact that already have the lead’s email, creating neither', async () => {
      const customer = await crm.request<{ createCustomer: { id: string } }>(
        `mutation { createCustomer(input: { name: "Existing Co", email: "buyer@existing.test" }) { id } }`,
      );
      const customerId = customer.data!.createCustomer.id;
      const contact = await crm.request<{ createContact: { id: string } }>(
        `mutation($c: ID) { createContact(input: { firstName: "Bea", email: "BUYER@existing.test", customerId: $c }) { id } }`,
        { c: customerId },
      );
      const contactId = contact.data!.createContact.id;
      const lead = await create({ email: 'buyer@existing.test', company: 'Ignored Co' });
      const [customers, contacts] = [await count('customers'), await count('contacts')];
      const result = await convert(lead.id);
      expect([result.customer.id, result.contact.id]).toEqual([customerId, contactId]);
      expect([await count('customers'), await count('contacts')]).toEqual([customers, contacts]);
    });

    it('puts a found contact that has no customer under the conversion’s customer, with crm.contact.updated', async () => {
      const contact = await crm.request<{ createContact: { id: string } }>(
        `mutation { createContact(input: { firstName: "Loose", email: "loose@person.test" }) { id } }`,
      );
      const contactId = contact.data!.createContact.id;
      const lead = await create({ email: 'loose@person.test', company: 'Person Co' });
      const result = await convert(lead.id);
      expect(result.contact).toMatchObject({ id: contactId, customer: { id: result.customer.id } });
      expect(result.customer).toMatchObject({ name: 'Person Co' });
      expect(await q(`SELECT customer_id FROM contacts WHERE id = $1`, [contactId])).toEqual([{ customer_id: result.customer.id }]);
      expect(await events(contactId, 'crm.contact.updated')).toEqual([
        expect.objectContaining({ contactId, customerId: result.customer.id, changed: ['customerId'] }),
      ]);
    });

    it('links the survivor when the lead’s email belonged to a contact merged away, creating no contact', async () => {
      const contact = async (firstName: string, email: string) =>
        (
          await crm.request<{ createContact: { id: string } }>(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, {
            i: { firstName, email },
          })
        ).data!.createContact.id;
      const survivorId = await contact('Kept', 'kept@merged-lead.test');
      const mergedId = await contact('Old', 'old@merged-lead.test');
      const merge = await crm.request(`mutation($s: ID!, $m: ID!) { mergeContacts(survivorId: $s, mergedId: $m) { id } }`, { s: survivorId, m: mergedId });
      expect(merge.errors).toBeUndefined();
      const lead = await create({ email: 'OLD@merged-lead.test', company: 'Merged Co' });
      const contacts = await count('contacts');
      const result = await convert(lead.id);
      expect(result.contact).toMatchObject({ id: survivorId, customer: { id: result.customer.id } });
      expect(result.lead.convertedContact).toEqual({ id: survivorId, firstName: 'Kept' });
      expect(await count('contacts')).toBe(contacts);
    });

    it('links the survivor when the contact it found is merged away while it waits, not failing internally', async () => {
      const contact = async (firstName: string, email: string) =>
        (
          await crm.request<{ createContact: { id: string } }>(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, {
            i: { firstName, email },
          })
        ).data!.createContact.id;
      const survivorId = await contact('Stays', 'stays@merging.test');
      const mergedId = await contact('Goes', 'goes@merging.test');
      const lead = await create({ email: 'goes@merging.test', company: 'Merging Co' });
      // A merge of the contact the lead matches, done and not yet committed, as mergeContacts does it.
      const runner = crm.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await runner.query(`SELECT id FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[survivorId, mergedId]]);
      await runner.query(`INSERT INTO contact_merges (merged_id, survivor_id, merged_email) VALUES ($1, $2, 'goes@merging.test')`, [mergedId, survivorId]);
      await runner.query(`DELETE FROM contacts WHERE id = $1`, [mergedId]);
      const pending = crm.request<{ convertLead: Converted }>(CONVERT, {
        id: lead.id,
        input: { deal: { name: 'Merging deal', amount: { amount: '10.00', currency: 'EUR' } } },
      });
      // The conversion found the merged contact (the merge is not visible yet) and waits to lock it: only then does the merge commit.
      const blocked = await waitUntilBlocked(crm.dataSource, await backendPid(runner), { what: 'the conversion', racer: pending });
      expect(blocked.map((b) => b.query)).toEqual([expect.stringMatching(/FROM contacts c WHERE c\.id = \$1 FOR UPDATE/)]);
      await runner.commitTransaction();
      await runner.release();
      const result = await pending;
      expect(result.errors).toBeUndefined();
      expect(result.data!.convertLead.contact).toMatchObject({ id: survivorId, customer: { id: result.data!.convertLead.customer.id } });
      expect(await q(`SELECT contact_id FROM deals WHERE id = $1`, [result.data!.convertLead.dealId])).toEqual([{ contact_id: survivorId }]);
    });

    it('links a given customer and names a created one after customerName', async () => {
      const customer = await crm.request<{ createCustomer: { id: string } }>(
        `mutation { createCustomer(input: { name: "Parent", email: "parent@group.test" }) { id } }`,
      );
      const lead = await create({ email: 'kid@group.test', company: 'Group' });
      const linked = await convert(lead.id, { customerId: customer.data!.createCustomer.id });
      expect(linked.customer.id).toBe(customer.data!.createCustomer.id);
      expect(linked.contact.customer.id).toBe(customer.data!.createCustomer.id);
      const named = await convert((await create({ email: 'x@named.test', company: 'Named' })).id, { customerName: 'Named Holdings' });
      expect(named.customer.name).toBe('Named Holdings');
    });

    it("moves the lead's activities and tasks onto the new contact and customer, so the customer's timeline shows them", async () => {
      const lead = await create({ email: 'history@newco.test', firstName: 'Hal', company: 'History Co' });
      const [{ id: activityId }] = await q<{ id: string }>(
        `INSERT INTO activities (id, kind, subject, lead_id, actor, occurred_at) VALUES (gen_random_uuid(), 'content_downloaded', 'Downloaded "Guide"', $1, 'cms', now()) RETURNING id`,
        [lead.id],
      );
      const [{ id: taskId }] = await q<{ id: string }>(`INSERT INTO tasks (id, title, lead_id) VALUES (gen_random_uuid(), 'Call Hal', $1) RETURNING id`, [
        lead.id,
      ]);
      const result = await convert(lead.id, {});
      expect(await q(`SELECT lead_id, contact_id, customer_id FROM activities WHERE id = $1`, [activityId])).toEqual([
        { lead_id: lead.id, contact_id: result.contact.id, customer_id: result.customer.id },
      ]);
      expect(await q(`SELECT lead_id, contact_id, customer_id FROM tasks WHERE id = $1`, [taskId])).toEqual([
        { lead_id: lead.id, contact_id: result.contact.id, customer_id: result.customer.id },
      ]);
      const timeline = await crm.request<{ timeline: { nodes: { id: string }[] } }>(
        `query($s: TimelineSubjectInput!) { timeline(subject: $s, first: 5) { nodes { id } } }`,
        {
          s: { customerId: result.customer.id },
        },
      );
      expect(timeline.data!.timeline.nodes).toEqual([{ id: activityId }]);
    });

    it('converts an unqualified lead too', async () => {
      const lead = await create({ email: 'meh@unq.test' });
      await crm.request(UPDATE, { id: lead.id, input: { status: 'UNQUALIFIED' } });
      expect((await convert(lead.id)).lead.status).toBe('CONVERTED');
    });

    it('answers LEAD_ALREADY_CONVERTED naming the records for a second conversion or any change, writing nothing', async () => {
      const lead = await create({ email: 'twice@conv.test', company: 'Twice' });
      const first = await convert(lead.id, { deal: { name: 'D', amount: { amount: '1', currency: 'USD' } } });
      const before = await snapshot();
      const again = await crm.request(CONVERT, { id: lead.id });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: 'LEAD_ALREADY_CONVERTED',
        customerId: first.customer.id,
        contactId: first.contact.id,
        dealId: first.dealId,
      });
      for (const id of [first.customer.id, first.contact.id, first.dealId!]) expect(again.errors?.[0].message).toContain(id);
      const change = await crm.request(UPDATE, { id: lead.id, input: { firstName: 'Changed' } });
      expect(change.errors?.[0].extensions?.code).toBe('LEAD_ALREADY_CONVERTED');
      expect(await snapshot()).toEqual(before);
    });

    it('writes nothing when a step fails: unknown pipeline, unknown customer, bad amount, unknown lead', async () => {
      const lead = await create({ email: 'fail@conv.test', company: 'Fails' });
      const before = await snapshot();
      const pipeline = await crm.request(CONVERT, {
        id: lead.id,
        input: { deal: { name: 'D', amount: { amount: '5', currency: 'EUR' }, pipelineId: '00000000-0000-4000-8000-00000000abcd' } },
      });
      expect(pipeline.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const customer = await crm.request(CONVERT, { id: lead.id, input: { customerId: '00000000-0000-4000-8000-00000000abcd' } });
      expect(customer.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      const amount = await crm.request(CONVERT, { id: lead.id, input: { deal: { name: 'D', amount: { amount: '1.001', currency: 'EUR' } } } });
      expect(amount.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const date = await crm.request(CONVERT, {
        id: lead.id,
        input: { deal: { name: 'D', amount: { amount: '1', currency: 'EUR' }, expectedCloseDate: '2026-02-30' } },
      });
      expect(date.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const unknown = await crm.request(CONVERT, { id: '00000000-0000-4000-8000-00000000abcd' });
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
      expect(await q(`SELECT status FROM leads WHERE id = $1`, [lead.id])).toEqual([{ status: 'new' }]);
    });
  });

  describe('search, filters and sort', () => {
    beforeAll(async () => {
      await create({ email: 'zim@form.test', firstName: 'Zim', lastName: 'Webb', company: 'Formula', source: 'WEB_FORM', ownerId: 'rep-f' });
      await create({ email: 'zit@paper.test', firstName: 'Zit', lastName: 'Reader', company: 'Paperworks', source: 'CONTENT_DOWNLOAD', ownerId: 'rep-f' });
      await create({ email: 'zip@form.test', firstName: 'Zip', lastName: 'Webber', source: 'WEB_FORM' });
    });
    const names = async (filter: Record<string, unknown>, sort?: Record<string, unknown>) => {
      const result = await crm.request<{ leads: { nodes: { firstName: string }[] } }>(LIST, { first: 100, filter, sort });
      expect(result.errors).toBeUndefined();
      return result.data!.leads.nodes.map((n) => n.firstName);
    };

    it('matches prefixes of names, company and email, combined with status, source and owner', async () => {
      expect(await names({ search: 'zi' })).toEqual(['Zim', 'Zit', 'Zip']);
      expect(await names({ search: 'webb' })).toEqual(['Zim', 'Zip']);
      expect(await names({ search: 'paperw' })).toEqual(['Zit']);
      expect(await names({ search: 'zip@form.test' })).toEqual(['Zip']);
      expect(await names({ search: 'zi', source: 'WEB_FORM' }, { field: 'NAME', direction: 'DESC' })).toEqual(['Zip', 'Zim']);
      expect(await names({ search: 'zi', ownerId: 'rep-f', source: 'CONTENT_DOWNLOAD' })).toEqual(['Zit']);
      expect(await names({ search: 'zi', status: 'CONVERTED' })).toEqual([]);
      expect((await names({ status: 'CONVERTED' })).length).toBeGreaterThan(0);
    });

    it('does not match emails for a caller who may not read them, so a search cannot reveal one', async () => {
      const analystNames = async (search: string) => {
        const result = await crm.request<{ leads: { nodes: { firstName: string }[] } }>(
          LIST,
          { first: 100, filter: { search } },
          { sub: 'an', roles: [Role.Analyst] },
        );
        expect(result.errors).toBeUndefined();
        return result.data!.leads.nodes.map((n) => n.firstName);
      };
      expect(await analystNames('zip@form.test')).toEqual([]);
      expect(await analystNames('zip@f')).toEqual([]);
      expect(await analystNames('webb')).toEqual(['Zim', 'Zip']);
      expect(await analystNames('paperw')).toEqual(['Zit']);
    });

    it.each([
      ['CREATED_AT', 'ASC'],
      ['CREATED_AT', 'DESC'],
      ['UPDATED_AT', 'ASC'],
      ['UPDATED_AT', 'DESC'],
      ['NAME', 'ASC'],
      ['NAME', 'DESC'],
    ])('pages through every lead exactly once sorted by %s %s', async (field, direction) => {
      const all = await q<{ id: string }>(
        `SELECT id FROM leads ORDER BY ${{ CREATED_AT: 'created_at', UPDATED_AT: 'updated_at', NAME: `lower(last_name || ' ' || first_name)` }[field]} ${direction}, id ${direction}`,
      );
      const seen = (await allPages<{ id: string }>(crm, LIST, { first: 4, sort: { field, direction } }, ['leads'])).map((n) => n.id);
      expect(seen).toEqual(all.map((r) => r.id));
    });
  });

  describe('captureIn', () => {
    const causation = { id: 'evt-form-1', correlationId: 'corr-42' };

    it('creates a lead with crm.lead.created carrying the cause’s correlation, then fills empty fields of the same lead without an event', async () => {
      const leads = crm.app.get(LeadsService);
      const first = await crm.dataSource.transaction((m) => leads.captureIn(m, { email: 'Visitor@Site.test', firstName: 'Vi', source: 'web_form' }, causation));
      expect(first.created).toBe(true);
      expect(first.lead).toMatchObject({ email: 'Visitor@Site.test', firstName: 'Vi', lastName: '', company: null, source: 'web_form', status: 'new' });
      const [row] = await q<{ envelope: Record<string, unknown> }>(`SELECT envelope FROM outbox WHERE key = $1`, [first.lead.id]);
      expect(row.envelope).toMatchObject({
        type: 'crm.lead.created',
        correlationId: 'corr-42',
        causationId: 'evt-form-1',
        data: expect.objectContaining({ source: 'web_form' }),
      });

      const outbox = await count('outbox');
      const second = await crm.dataSource.transaction((m) =>
        leads.captureIn(m, { email: 'visitor@site.test', firstName: 'Other', lastName: 'Tor', company: 'Site Inc', source: 'content_download' }),
      );
      expect(second.created).toBe(false);
      expect(second.lead).toMatchObject({ id: first.lead.id, firstName: 'Vi', lastName: 'Tor', company: 'Site Inc', source: 'web_form' });
      const third = await crm.dataSource.transaction((m) =>
        leads.captureIn(m, { email: 'visitor@site.test', firstName: 'X', lastName: 'Y', source: 'web_form' }),
      );
      expect(third).toMatchObject({ created: false, lead: { id: first.lead.id, updatedAt: second.lead.updatedAt } });
      expect(await count('outbox')).toBe(outbox);
    });

    it('is safe against concurrent captures of the same email: one lead, one event', async () => {
      const leads = crm.app.get(LeadsService);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          crm.dataSource.transaction((m) => leads.captureIn(m, { email: `race@site.test`, firstName: `R${i}`, source: 'web_form' })),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.lead.id)).size).toBe(1);
      expect(await q(`SELECT count(*)::int AS n FROM leads WHERE lower(email) = 'race@site.test'`)).toEqual([{ n: 1 }]);
      expect(await events(results[0].lead.id, 'crm.lead.created')).toHaveLength(1);
    });

    it('leaves a converted lead as it is', async () => {
      const leads = crm.app.get(LeadsService);
      const lead = await create({ email: 'done@site.test' });
      await convert(lead.id);
      const result = await crm.dataSource.transaction((m) =>
        leads.captureIn(m, { email: 'done@site.test', firstName: 'Late', company: 'Late Co', source: 'web_form' }),
      );
      expect(result).toMatchObject({ created: false, lead: { id: lead.id, firstName: '', company: null, status: 'converted' } });
    });
  });
});
