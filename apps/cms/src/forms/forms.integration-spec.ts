import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role, signUserToken } from '@platform/auth';
import { contentDownloadedV1, formSubmittedV1 } from '@platform/events';
import { startTestSubgraph, type TestSubgraph } from '@platform/service-testing';
import { tinyPng } from '../assets/test-images';
import { cmsSubgraph } from '../cms.subgraph';

const jwtSecret = randomBytes(32).toString('hex');
const env = (more: Record<string, string> = {}) => ({
  CMS_ASSET_DIR: mkdtempSync(join(tmpdir(), 'cms-assets-')),
  CMS_PUBLIC_RATE_LIMIT: '1000',
  JWT_SECRET: jwtSecret,
  ...more,
});

describe('cms forms, gated downloads and assets through the public endpoints (real Postgres)', () => {
  let cms: TestSubgraph;
  let base: string;
  let editorToken: string;
  let liveEntry: string;
  let draftEntry: string;
  let formId: string;
  let draftFormId: string;
  let gatedFormId: string;
  let assetId: string;
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

  const scalar = async (sql: string) => Number((await cms.dataSource.query(sql))[0].n);
  const written = async () => ({
    submissions: await scalar('SELECT count(*) AS n FROM form_submissions'),
    downloads: await scalar('SELECT count(*) AS n FROM downloads'),
    outbox: await scalar(`SELECT count(*) AS n FROM outbox WHERE topic IN ('cms.form', 'cms.content') AND envelope->>'type' NOT LIKE 'cms.content.%published'`),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const upload = (bytes: Buffer, name: string, token: string | null = editorToken, at = base) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'image/png' }), name);
    return fetch(`${at}/cms/assets`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  };
  const gql = async <T>(query: string, variables?: Record<string, unknown>) => {
    const body = await cms.request<T>(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  const valid = {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical',
    anonymousId: 'anon-42',
    consent: true,
    consentVersion: 'v1',
    fields: { role: 'cto' },
  };

  beforeAll(async () => {
    cms = await startTestSubgraph(cmsSubgraph, env());
    base = cms.url.replace(/\/graphql$/, '');
    editorToken = await signUserToken({ sub: 'erin', roles: [Role.ContentEditor] }, jwtSecret);
    await gql(`mutation { createContentType(input: { apiId: "whitepaper", name: "Whitepaper" }) { id } }`);
    const entry = async (title: string, publish: boolean) => {
      const { createEntry } = await gql<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
        i: { contentType: 'whitepaper', locale: 'en', title, data: {} },
      });
      if (publish) await gql(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: createEntry.id });
      return createEntry.id;
    };
    liveEntry = await entry('Pricing guide', true);
    draftEntry = await entry('Unreleased plans', false);
    const uploaded = await upload(pdf, 'guide.pdf');
    expect(uploaded.status).toBe(201);
    assetId = ((await uploaded.json()) as { id: string }).id;
    const createForm = async (input: Record<string, unknown>) =>
      (await gql<{ createForm: { id: string } }>(`mutation($i: CreateFormInput!) { createForm(input: $i) { id } }`, { i: input })).createForm.id;
    const fields = [{ name: 'role', label: 'Role', kind: 'SELECT', required: true, options: ['cto', 'cfo'] }];
    formId = await createForm({ name: 'Contact us', entryId: liveEntry, fields, consentText: 'You may email me.', consentVersion: 'v1' });
    draftFormId = await createForm({ name: 'Early access', entryId: draftEntry, fields, consentText: 'You may email me.', consentVersion: 'v1' });
    gatedFormId = await createForm({
      name: 'Get the guide',
      entryId: liveEntry,
      consentText: 'You may email me.',
      consentVersion: 'v1',
      gatedAssetId: assetId,
    });
  });
  afterAll(() => cms?.close());

  it('stores a valid submission and emits cms.form.submitted as crm consumes it', async () => {
    const response = await post(`/cms/public/forms/${formId}/submissions`, valid);
    expect([response.status, await response.json()]).toEqual([201, { received: true }]);
    const [event] = await cms.dataSource.query(`SELECT topic, key, envelope FROM outbox WHERE envelope->>'type' = 'cms.form.submitted' AND key = $1`, [formId]);
    expect(event.topic).toBe('cms.form');
    const data = formSubmittedV1.data.parse(event.envelope.data);
    expect(data).toMatchObject({
      formId,
      formName: 'Contact us',
      contentId: liveEntry,
      email: 'ada@example.com',
      firstName: 'Ada',
      anonymousId: 'anon-42',
      fields: { role: 'cto' },
    });
    const [row] = await cms.dataSource.query(`SELECT consent_version, consent_text FROM form_submissions WHERE id = $1`, [data.submissionId]);
    expect(row).toEqual({ consent_version: 'v1', consent_text: 'You may email me.' });
  });

  it('answers a malformed email or missing consent with a clear error, and stores and emits nothing', async () => {
    const before = await written();
    const badEmail = await post(`/cms/public/forms/${formId}/submissions`, { ...valid, email: 'ada@nowhere' });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({
      error: { code: 'BAD_USER_INPUT', fields: { email: ['must be an email address such as name@example.com'] } },
    });
    const noConsent = await post(`/cms/public/forms/${formId}/submissions`, { ...valid, consent: false });
    expect(await noConsent.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', fields: { consent: [expect.stringContaining('must be true')] } } });
    const missingField = await post(`/cms/public/forms/${formId}/submissions`, { ...valid, fields: {} });
    expect(await missingField.json()).toMatchObject({ error: { fields: { 'fields.role': ['is required'] } } });
    const notJson = await post(`/cms/public/forms/${formId}/submissions`, '{"email": ');
    expect([notJson.status, ((await notJson.json()) as { error: { code: string } }).error.code]).toEqual([400, 'BAD_USER_INPUT']);
    const huge = await post(`/cms/public/forms/${formId}/submissions`, { ...valid, company: 'x'.repeat(20_000) });
    expect([huge.status, ((await huge.json()) as { error: { code: string } }).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await written()).toEqual(before);
  });

  it('drops a bot that fills the honeypot, answering as if it were accepted', async () => {
    const before = await written();
    const response = await post(`/cms/public/forms/${formId}/submissions`, { ...valid, website: 'http://cheap-pills.example' });
    expect([response.status, await response.json()]).toEqual([201, { received: true }]);
    expect(await written()).toEqual(before);
  });

  it('gives nothing away about drafts or unknown forms', async () => {
    const before = await written();
    const answers = [];
    for (const id of [draftFormId, '6f1c1a7e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await post(`/cms/public/forms/${id}/submissions`, valid);
      answers.push([response.status, ((await response.json()) as { error: { code: string } }).error.code]);
    }
    expect(answers).toEqual([
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
      [404, 'NOT_FOUND'],
    ]);
    expect(await written()).toEqual(before);
  });

  it('unlocks a gated download with a link, emits cms.content.downloaded, and never serves the file by its id', async () => {
    const response = await post(`/cms/public/forms/${gatedFormId}/submissions`, { ...valid, fields: {} });
    expect(response.status).toBe(201);
    const { downloadUrl } = (await response.json()) as { downloadUrl: string };
    expect(downloadUrl).toMatch(/^\/cms\/public\/downloads\/[\w-]{43}$/);
    const file = await fetch(`${base}${downloadUrl}`);
    expect([file.status, file.headers.get('content-type'), file.headers.get('content-disposition')]).toEqual([
      200,
      'application/pdf',
      'attachment; filename=guide.pdf',
    ]);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
    const [event] = await cms.dataSource.query(`SELECT topic, key, envelope FROM outbox WHERE envelope->>'type' = 'cms.content.downloaded'`);
    expect([event.topic, event.key]).toEqual(['cms.content', liveEntry]);
    expect(contentDownloadedV1.data.parse(event.envelope.data)).toMatchObject({
      contentId: liveEntry,
      contentTitle: 'Pricing guide',
      email: 'ada@example.com',
      anonymousId: 'anon-42',
    });
    expect(await scalar(`SELECT count(*) AS n FROM outbox WHERE envelope->>'type' = 'cms.form.submitted' AND key = '${gatedFormId}'`)).toBe(0);

    expect((await fetch(`${base}/cms/public/assets/${assetId}`)).status).toBe(404);
    expect((await fetch(`${base}/cms/public/downloads/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('takes uploads from editors only, checks the bytes, and records image dimensions', async () => {
    const image = await upload(tinyPng(640, 480), 'photo.png');
    expect(image.status).toBe(201);
    const asset = (await image.json()) as { id: string; mimeType: string; width: number; height: number; url: string };
    expect(asset).toMatchObject({ mimeType: 'image/png', width: 640, height: 480, url: `/cms/public/assets/${asset.id}` });
    const served = await fetch(`${base}${asset.url}`);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);

    const before = await scalar('SELECT count(*) AS n FROM assets');
    const disguised = await upload(Buffer.from('<svg onload="alert(1)"/>'), 'innocent.png');
    expect([disguised.status, ((await disguised.json()) as { error: { code: string } }).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await upload(tinyPng(), 'x.png', null)).status).toBe(401);
    expect((await upload(tinyPng(), 'x.png', await signUserToken({ sub: 'sam', roles: [Role.Sales] }, jwtSecret))).status).toBe(403);
    expect(
      (await upload(tinyPng(), 'x.png', await signUserToken({ sub: 'erin', roles: [Role.ContentEditor] }, 'another-secret-that-is-long-enough-000'))).status,
    ).toBe(401);
    expect(await scalar('SELECT count(*) AS n FROM assets')).toBe(before);
  });

  it('limits each client address, answering 429 with Retry-After', async () => {
    const strict = await startTestSubgraph(cmsSubgraph, env({ CMS_PUBLIC_RATE_LIMIT: '2', CMS_ASSET_MAX_BYTES: '1024' }), { databaseUrl: cms.databaseUrl });
    try {
      const at = strict.url.replace(/\/graphql$/, '');
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${at}/cms/public/forms/${formId}/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(valid),
        });
        statuses.push(response.status);
        retryAfter = response.headers.get('retry-after');
      }
      expect(statuses).toEqual([201, 201, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const tooBig = await upload(Buffer.concat([tinyPng(), Buffer.alloc(2000)]), 'big.png', editorToken, at);
      expect([tooBig.status, ((await tooBig.json()) as { error: { code: string } }).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    } finally {
      await strict.close();
    }
  });
});
