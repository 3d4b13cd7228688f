import { randomUUID } from 'node:crypto';
import { Role } from '@platform/auth';
import { eventually } from '@platform/testing';
import { gatewayClient, platform, sql, tokenFor } from './platform';

/** Content to lead: a visitor's gated download on the cms's public endpoint becomes a lead in crm, through the bus. */
describe('cms gated download to crm lead', () => {
  it("turns a download through the public endpoint into a crm lead with the visitor's details", async () => {
    const admin = gatewayClient([Role.Admin]);
    const cms = platform().serviceUrls.cms;
    const apiId = `ebook${randomUUID().slice(0, 8)}`;
    await admin.request(`mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`, { i: { apiId, name: 'E-book' } });
    const { createEntry } = await admin.request<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
      i: { contentType: apiId, locale: 'en', title: 'The pricing handbook', data: {} },
    });
    await admin.request(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: createEntry.id });

    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const body = new FormData();
    body.append('file', new Blob([pdf]), 'handbook.pdf');
    const uploaded = await fetch(`${cms}/cms/assets`, { method: 'POST', body, headers: { authorization: `Bearer ${await tokenFor([Role.ContentEditor])}` } });
    expect(uploaded.status).toBe(201);
    const asset = (await uploaded.json()) as { id: string };
    const { createForm } = await admin.request<{ createForm: { id: string } }>(`mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`, {
      i: {
        name: 'Get the handbook',
        entryId: createEntry.id,
        gatedAssetId: asset.id,
        consentText: 'Send me the handbook and related news.',
        consentVersion: '2026-1',
      },
    });

    const email = `reader-${randomUUID()}@example.test`;
    const submitted = await fetch(`${cms}/cms/public/forms/${createForm.id}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        firstName: 'Rita',
        lastName: 'Reader',
        company: 'Readers Ltd',
        anonymousId: 'anon-e2e',
        consent: true,
        consentVersion: '2026-1',
      }),
    });
    expect(submitted.status).toBe(201);
    const { downloadUrl } = (await submitted.json()) as { downloadUrl: string };
    expect(Buffer.from(await (await fetch(`${cms}${downloadUrl}`)).arrayBuffer())).toEqual(pdf);

    const [lead] = await eventually(async () => {
      const rows = await sql<{ first_name: string; company: string; source: string }>('crm', `SELECT first_name, company, source FROM leads WHERE email = $1`, [
        email,
      ]);
      return rows.length ? rows : undefined;
    }, 'crm to create the lead from cms.content.downloaded');
    expect(lead).toEqual({ first_name: 'Rita', company: 'Readers Ltd', source: 'content_download' });
  });
});
