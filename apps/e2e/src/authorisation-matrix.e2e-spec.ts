import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientError, type GraphQLClient } from 'graphql-request';
import { PERMISSIONS, type Permission, Role, ROLES, signInternalToken, signUserToken } from '@platform/auth';
import { analyticsOperations } from './analytics-operations';
import { cmsOperations } from './cms-operations';
import { type CrmFixtures, createCrmFixtures, crmOperations } from './crm-operations';
import { financeOperations } from './finance-operations';
import { inventoryOperations } from './inventory-operations';
import { gatewayClient, platform, tokenFor } from './platform';

const root = join(__dirname, '..', '..', '..');
const doc = readFileSync(join(root, 'docs', 'security.md'), 'utf8');

/** The matrix of docs/security.md: field -> permission and, per role, allowed or not. */
const lines = doc.split('\n');
const roleColumns = lines
  .find((l) => l.startsWith('| field | permission |'))!
  .split('|')
  .slice(3, -1)
  .map((c) => c.trim());
const matrix = lines
  .filter((line) => /^\| `\w+\.\w+` \|/.test(line))
  .map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replace(/`/g, ''));
    return {
      field: cells[0],
      permission: cells[1] as Permission,
      allowed: Object.fromEntries(roleColumns.map((role, i) => [role, cells[i + 2] === 'yes'])) as Record<Role, boolean>,
    };
  });
const row = (field: string) => matrix.find((r) => r.field === field)!;

describe('docs/security.md', () => {
  it('has a column per role and a row per permission it names, matching libs/auth', () => {
    expect(matrix.length).toBeGreaterThan(0);
    for (const r of matrix) {
      expect(Object.keys(r.allowed).sort()).toEqual([...ROLES].sort());
      expect(Object.keys(PERMISSIONS)).toContain(r.permission);
      for (const role of ROLES)
        expect([r.field, role, r.allowed[role]]).toEqual([r.field, role, (PERMISSIONS[r.permission] as readonly Role[]).includes(role)]);
    }
  });

  it('lists every root field of the graph and every field other services add to Customer', () => {
    const sdl = readFileSync(join(root, 'apps', 'gateway', 'supergraph.graphql'), 'utf8');
    const rootFields = [...sdl.matchAll(/^type (Query|Mutation)[\s\S]*?\n}/gm)].flatMap((m) =>
      [...m[0].matchAll(/^ {2}(\w+)[(:]/gm)].map((f) => `${m[1]}.${f[1]}`),
    );
    const customer = /^type Customer[\s\S]*?\n}/m.exec(sdl)?.[0] ?? '';
    const added = [...customer.matchAll(/^ {2}(\w+)[(:].*@join__field\(graph: (FINANCE|INVENTORY|ANALYTICS)/gm)].map((f) => `Customer.${f[1]}`);
    expect(rootFields.length).toBeGreaterThan(5);
    expect(added).toEqual(expect.arrayContaining(['Customer.openBalance', 'Customer.orders', 'Customer.profile']));
    const listed = matrix.map((r) => r.field);
    expect(listed.filter((field) => [...rootFields, ...added].includes(field) || !/^(Query|Mutation)\./.test(field)).sort()).toEqual(listed.sort());
    expect(listed).toEqual(expect.arrayContaining([...rootFields, ...added]));
    expect(new Set(listed).size).toBe(listed.length);
    // Other rows name fields that exist on their type.
    for (const field of listed.filter((f) => !/^(Query|Mutation)\./.test(f))) {
      const [type, name] = field.split('.');
      const body = new RegExp(`^type ${type}\\b[\\s\\S]*?\\n}`, 'm').exec(sdl)?.[0] ?? '';
      expect([field, new RegExp(`^ {2}${name}[(:]`, 'm').test(body)]).toEqual([field, true]);
    }
  });
});

describe('every role against every row, through the gateway', () => {
  let customerId: string;
  let apiId: string;
  const as = (role: Role) => gatewayClient([role]);

  beforeAll(async () => {
    const admin = gatewayClient([Role.Admin]);
    const created = await admin.request<{ createCustomer: { id: string } }>(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, {
      i: { name: 'Matrix', email: `matrix-${randomUUID()}@example.test` },
    });
    customerId = created.createCustomer.id;
    apiId = `matrix${randomUUID().slice(0, 8)}`;
    await admin.request(`mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`, { i: { apiId, name: 'Matrix' } });
    crm = await createCrmFixtures(admin, customerId);
  });
  let crm: CrmFixtures;

  const operations: Record<string, (client: GraphQLClient) => Promise<unknown>> = {
    'Mutation.createCustomer': (c) =>
      c.request(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, { i: { name: 'M', email: `m-${randomUUID()}@example.test` } }),
    'Query.customer': (c) => c.request(`query($id: ID!) { customer(id: $id) { id } }`, { id: customerId }),
    'Query.customers': (c) => c.request(`{ customers(first: 1) { nodes { id } } }`),
    'Customer.openBalance': (c) => c.request(`query($id: ID!) { customer(id: $id) { openBalance { amount } } }`, { id: customerId }),
    'Customer.orders': (c) => c.request(`query($id: ID!) { customer(id: $id) { orders { id } } }`, { id: customerId }),
    'Customer.profile': (c) => c.request(`query($id: ID!) { customer(id: $id) { profile { id } } }`, { id: customerId }),
    'Mutation.createContentType': (c) =>
      c.request(`mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`, { i: { apiId: `m${randomUUID().slice(0, 8)}`, name: 'M' } }),
    'Query.contentType': (c) => c.request(`query($a: String!) { contentType(apiId: $a) { id } }`, { a: apiId }),
    'Query.contentTypes': (c) => c.request(`{ contentTypes(first: 1) { nodes { id } } }`),
    'Query.crmAuditLog': (c) => c.request(`{ crmAuditLog(first: 1) { id } }`),
    'Query.cmsAuditLog': (c) => c.request(`{ cmsAuditLog(first: 1) { id } }`),
    ...crmOperations(gatewayClient([Role.Admin]), () => crm),
    ...financeOperations(gatewayClient([Role.Admin]), () => customerId),
    ...cmsOperations(gatewayClient([Role.Admin])),
    ...inventoryOperations(gatewayClient([Role.Admin]), () => customerId),
    ...analyticsOperations(gatewayClient([Role.Admin])),
  };

  it('has an operation for every row', () => {
    expect(Object.keys(operations).sort()).toEqual(matrix.map((r) => r.field).sort());
  });

  const cases = matrix.flatMap((r) => ROLES.map((role) => [r.field, role] as const));
  it.each(cases)('%s as %s', async (field, role) => {
    // A type's fields are reached through its root query: that permission is needed too.
    const via = field.startsWith('Query.') || field.startsWith('Mutation.') ? undefined : `Query.${field.split('.')[0].replace(/^./, (c) => c.toLowerCase())}`;
    const expected = row(field).allowed[role] && (!via || row(via).allowed[role]);
    let codes: unknown[] = [];
    try {
      await operations[field](as(role));
    } catch (err) {
      if (!(err instanceof ClientError)) throw err;
      codes = (err.response.errors ?? []).map((e) => e.extensions?.code);
    }
    if (expected) expect(codes).toEqual([]);
    else expect(codes).toContain('FORBIDDEN');
  });
});

describe('the audit log', () => {
  it('records who created what, from where, for admins only', async () => {
    const sales = gatewayClient([Role.Sales]);
    const { createCustomer } = await sales.request<{ createCustomer: { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      {
        i: { name: 'Audited', email: `audited-${randomUUID()}@example.test` },
      },
    );
    const { crmAuditLog } = await gatewayClient([Role.Admin]).request<{
      crmAuditLog: { actor: string; roles: string[]; action: string; target: string; ip: string }[];
    }>(`{ crmAuditLog(first: 100) { actor roles action target ip at } }`);
    expect(crmAuditLog.find((e) => e.target === createCustomer.id)).toMatchObject({
      actor: 'e2e-sales',
      roles: ['sales'],
      action: 'createCustomer',
      ip: expect.any(String),
    });
  });
});

describe('subgraphs answer the gateway only', () => {
  const subgraphs = ['crm', 'finance', 'inventory', 'cms', 'analytics'];
  const post = async (service: string, query: string, authorization?: string) => {
    const response = await fetch(`${platform().serviceUrls[service]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query, variables: { r: [{ __typename: 'Customer', id: randomUUID() }] } }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } };
  };

  it.each(subgraphs)('%s refuses _service, _entities and queries without the gateway credential', async (service) => {
    const forged = `Bearer ${await signInternalToken({ sub: 'mallory', roles: [Role.Admin] }, 'not-the-secret-but-long-enough-to-sign-with')}`;
    const userToken = `Bearer ${await tokenFor([Role.Admin])}`;
    const wrongAudience = `Bearer ${await signUserToken({ sub: 'mallory', roles: [Role.Admin] }, process.env.E2E_INTERNAL_JWT_SECRET!)}`;
    for (const query of ['{ _service { sdl } }', 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', '{ __typename }']) {
      for (const authorization of [undefined, forged, userToken, wrongAudience, 'Bearer garbage']) {
        const { status, body } = await post(service, query, authorization);
        expect([service, query, authorization?.slice(0, 12), status]).toEqual([service, query, authorization?.slice(0, 12), 401]);
        expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('the gateway refuses anonymous and bad tokens with UNAUTHENTICATED', async () => {
    for (const client of [gatewayClient(null)]) {
      try {
        await client.request('{ customers(first: 1) { nodes { id } } }');
        throw new Error('expected UNAUTHENTICATED');
      } catch (err) {
        expect((err as ClientError).response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
    }
  });
});
