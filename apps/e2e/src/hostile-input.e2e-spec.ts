import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { gql } from 'graphql-request';
import { Role } from '@platform/auth';
import { counter, gatewayClient, platform, sql, tokenFor } from './platform';

/**
 * Hostile input through the gateway (docs/security.md, "Hostile input"): each
 * case is refused with a stable code (or HTTP status for transport-level
 * refusals), in bounded time, without a stack trace or SQL in the body, and
 * writes nothing. Everything a refused request could have written carries
 * MARKER, and the last block checks no row has it and no process died.
 */

/** A refusal is answered within this bound (not a benchmark: a refusal must not hang). */
const BOUND_MS = 5_000;
const MARKER = `hostile${randomBytes(4).toString('hex')}`;
const ACCEPTED = `verbatim${randomBytes(4).toString('hex')}`;
const SUBGRAPHS = ['crm', 'finance', 'inventory', 'cms', 'analytics'];

interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

interface Answer {
  status: number;
  ms: number;
  text: string;
  json: { data?: unknown; errors?: GraphQLErrorBody[]; message?: unknown; statusCode?: number } | undefined;
}

/** One raw HTTP request to the gateway, timed, body kept as text for the leak checks. */
async function send(
  body: string | Buffer,
  init: { token?: string | null; headers?: Record<string, string | null>; method?: string; query?: string } = {},
): Promise<Answer> {
  const token = init.token === undefined ? await tokenFor([Role.Admin], `e2e-hostile-${MARKER}`) : init.token;
  const headers = new Headers({ 'content-type': 'application/json' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  // null drops a header (a browser's simple request carries no content-type).
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  const started = Date.now();
  const res = await fetch(`${platform().gatewayUrl}${init.query ?? ''}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.method === 'GET' ? undefined : body,
  });
  const text = await res.text();
  const ms = Date.now() - started;
  let json: Answer['json'];
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, ms, text, json };
}

/** A GraphQL operation as a JSON POST (signed in as admin unless `token` says otherwise). */
const post = (query: string, variables?: Record<string, unknown>, init: Parameters<typeof send>[1] = {}) => send(JSON.stringify({ query, variables }), init);

/** Stack frames, SQL and internals a refusal must never carry. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat (?:async )?[\w.$<>[\] ]*\(?(?:\/|file:|node:)[^\s)]*:\d+:\d+/],
  ['a stack frame', /\\n\s+at /],
  ['a stack trace', /stacktrace/i],
  ['node_modules', /node_modules/],
  ['SQL', /\bSELECT\b|\bINSERT\b|\bUPDATE\s+\w+\s+SET\b|\brelation\b/],
  ['a driver error', /QueryFailedError|TypeORM|\bpg\b|duplicate key|violates/i],
];

function expectNoLeak(answer: Answer) {
  for (const [what, pattern] of LEAKS) {
    if (pattern.test(answer.text)) throw new Error(`the response carries ${what} (${pattern}): ${answer.text.slice(0, 500)}`);
  }
}

/** The answer refuses with `code` (on the error matching `message`, else the first), in time, leak-free; returns that error. */
function expectRefused(answer: Answer, code: string, message?: RegExp, status?: number): GraphQLErrorBody {
  expect(answer.ms).toBeLessThan(BOUND_MS);
  expectNoLeak(answer);
  if (status !== undefined) expect(answer.status).toBe(status);
  const errors = answer.json?.errors ?? [];
  expect(errors.length).toBeGreaterThan(0);
  const error = message ? (errors.find((e) => message.test(e.message)) ?? errors[0]) : errors[0];
  expect(error.extensions?.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  expect(error.extensions).not.toHaveProperty('stacktrace');
  expect(answer.json?.data ?? null).toBeNull();
  return error;
}

/** A transport-level refusal: the HTTP status, in time, leak-free, with some error said. */
function expectHttpRefused(answer: Answer, status: number) {
  expect(answer.ms).toBeLessThan(BOUND_MS);
  expectNoLeak(answer);
  expect(answer.status).toBe(status);
  expect(answer.text.length).toBeGreaterThan(0);
  expect(answer.json?.errors?.length || answer.json?.message).toBeTruthy();
  expect(JSON.stringify(answer.json?.data ?? null)).toBe('null');
}

const CREATE_CUSTOMER = 'mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id name email } }';
const CREATE_CONTENT_TYPE = 'mutation Define($input: CreateContentTypeInput!) { createContentType(input: $input) { id apiId name } }';
const CUSTOMER = 'query One($id: ID!) { customer(id: $id) { id name email } }';
const CONTENT_TYPE = 'query One($apiId: String!) { contentType(apiId: $apiId) { id apiId name } }';
const CUSTOMERS_AFTER = 'query Page($after: String) { customers(first: 5, after: $after) { nodes { id } } }';
const CONTENT_TYPES_AFTER = 'query Page($after: String) { contentTypes(first: 5, after: $after) { nodes { id } } }';

/** A createCustomer literal carrying the marker: if it ever ran, a row would show it. */
const markedCustomer = (n: number | string = 0) => `createCustomer(input: { name: "${MARKER}", email: "${MARKER}-${n}@example.test" }) { id }`;

const nested = (depth: number, leaf = 'name') => Array.from({ length: depth }).reduce<string>((inner) => `ofType { ${inner} }`, leaf);

/** The hostile strings every text input gets. */
const INJECTIONS: [string, string][] = [
  ['SQL: statement break', `'; DROP TABLE customers; --`],
  ['SQL: tautology', `' OR '1'='1`],
  ['SQL: comment', `admin'--`],
  ['SQL: union', `x' union all select null, version() --`],
  ['NoSQL operator', `{"$gt": ""}`],
  ['a null byte', 'a\u0000b'],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['right-to-left override', 'txt.\u202Eexe'],
  ['Arabic and Hebrew', 'مرحبا עולם'],
  ['emoji with joiners', '👩‍👩‍👧‍👦 🦄'],
  ['a script tag', '<script>alert(1)</script>'],
  ['an HTML handler', '<img src=x onerror=alert(1)>'],
  ['template and format strings', '${7*7} {{7*7}} %s%n'],
  ['a path traversal', '../../../etc/passwd'],
  ['backslashes and quotes', `\\' \\" \\\\`],
];
const hasNul = (value: string) => value.includes('\u0000');
/** Text with NUL characters (which Postgres cannot store) is refused as input. */
const NUL = /must not contain NUL/;

/** Accepted for a free-text name: at most 200 characters, and Postgres text holds everything but \u0000. */
const isStorableName = (value: string) => value.length <= 200 && !value.includes('\u0000');

describe('hostile input through the gateway', () => {
  let startTimes: Record<string, number>;
  let fixtureCustomerId: string;

  beforeAll(async () => {
    startTimes = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (s) => [s, await counter(s, 'process_start_time_seconds')] as const)));
    // A real customer, so that Customer.orders resolves (and can refuse) for someone.
    const { createCustomer } = await gatewayClient().request<{ createCustomer: { id: string } }>(gql`
      mutation { createCustomer(input: { name: "Hostile fixture", email: "${ACCEPTED}-fixture@example.test" }) { id } }
    `);
    fixtureCustomerId = createCustomer.id;
  });

  describe('operation limits refuse before planning', () => {
    it('nesting deeper than 10', async () => {
      // The business schema is shallow (customers > edges > node > orders > id), so reach depth 12 through introspection types.
      const answer = await post(`{ __type(name: "Customer") { fields { type { ${nested(8)} } } } }`);
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /Query depth limit of 10 exceeded, found 12/, 400);
    });

    it('nesting deeper than 10 hidden in a chain of named fragments', async () => {
      const fragments = Array.from({ length: 11 }, (_, i) => `fragment T${i} on __Type { ofType { ${i === 10 ? 'name' : `...T${i + 1}`} } }`).join(' ');
      const answer = await post(`{ __type(name: "Customer") { ...T0 } } ${fragments}`);
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /Query depth limit of 10 exceeded/, 400);
    });

    it('an alias bomb: 100 aliases of customers(first: 1)', async () => {
      const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: customers(first: 1) { nodes { id name } }`).join(' ');
      expectRefused(await post(`{ ${aliases} }`), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15 exceeded, found 100/, 400);
    });

    it('an alias bomb of mutations writes nothing', async () => {
      const aliases = Array.from({ length: 100 }, (_, i) => `m${i}: ${markedCustomer(`alias-${i}`)}`).join(' ');
      expectRefused(await post(`mutation { ${aliases} }`), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15 exceeded/, 400);
    });

    it('a fragment cycle (NoFragmentCycles)', async () => {
      const answer = await post('query { ...A } fragment A on Query { ...B } fragment B on Query { customers { nodes { id } } ...A }');
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself/, 400);
    });

    it.each([
      ['customers(first: 1) leaves', 9, 'customers(first: 1) { nodes { id name email } }'],
      ['__typename leaves', 30, '__typename'],
    ])('a "billion laughs" fragment fan-out with %s', async (_case, levels, leaf) => {
      const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');
      const answer = await post(`query { ...F${levels} } fragment F0 on Query { ${leaf} } ${fragments}`);
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /The operation selects \d+ fields once fragments are expanded; the limit is 1000/, 400);
    });

    it('a directive bomb: @include(if: true) 50 times', async () => {
      const answer = await post(`{ ${'__typename @include(if: true) '.repeat(50)} }`);
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 10 exceeded, found 50/, 400);
    });

    it('a directive bomb on a mutation writes nothing', async () => {
      const answer = await post(
        `mutation { createCustomer(input: { name: "${MARKER}", email: "${MARKER}-directives@example.test" }) { ${'id @include(if: true) '.repeat(50)} } }`,
      );
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 10 exceeded/, 400);
    });

    it.each([
      ['2,500 __typename selections', `{ ${'__typename '.repeat(2_500)} }`],
      [
        'a mutation selecting id 2,500 times',
        `mutation { createCustomer(input: { name: "${MARKER}", email: "${MARKER}-tokens@example.test" }) { ${'id '.repeat(2_500)} } }`,
      ],
      ['a list literal nested 1,200 deep', `{ customer(id: ${'['.repeat(1_200)}"x"${']'.repeat(1_200)}) { id } }`],
    ])('a token bomb: %s (over 2,000 tokens, under the body limit)', async (_case, query) => {
      const body = JSON.stringify({ query });
      expect(Buffer.byteLength(body)).toBeLessThan(100_000);
      const answer = await send(body);
      expectRefused(answer, 'GRAPHQL_PARSE_FAILED', /Document contains more tha[nt] 2000 tokens/, 400);
    });
  });

  describe('huge lists', () => {
    const threeLevels = (n: string) => `customers(first: 100) { nodes { deals(first: ${n}) { nodes { customer { deals(first: 100) { nodes { id } } } } } } }`;

    it.each([
      ['literals', `{ ${threeLevels('100')} }`, undefined],
      ['a variable', `query($n: Int!) { ${threeLevels('$n')} }`, { n: 100 }],
      ['a variable default', `query($n: Int = 100) { ${threeLevels('$n')} }`, undefined],
    ])('three nested lists of 100 (1,010,100 nodes) from %s are over the node limit', async (_case, query, variables) => {
      const error = expectRefused(await post(query, variables), 'GRAPHQL_VALIDATION_FAILED', /asks for up to 1010100 nodes .* the limit is 500000/, 400);
      expect(error.extensions).toMatchObject({ limit: 500_000, found: 1_010_100 });
    });

    it('a list view of 100 customers with five relations of five each (2,600 nodes) is answered', async () => {
      const five = (field: string) => `${field}(first: 5) { nodes { id } }`;
      const query = `{ customers(first: 100) { nodes { id name ${five('contacts')} ${five('deals')} ${five('timeline')} ${five('tickets')} orders(first: 5) { __typename } } } }`;
      const answer = await post(query);
      expect(answer.status).toBe(200);
      expect(answer.json?.errors).toBeUndefined();
      expect((answer.json?.data as { customers: { nodes: unknown[] } }).customers.nodes.length).toBeGreaterThan(0);
    });

    it('first beyond a 32-bit Int', async () => {
      expectRefused(
        await post('{ customers(first: 99999999999) { nodes { id } } }'),
        'GRAPHQL_VALIDATION_FAILED',
        /Int cannot represent non 32-bit signed integer value/,
        400,
      );
    });

    it.each([
      ['customers(first: 100000) as a literal', '{ customers(first: 100000) { nodes { id } } }', undefined, /first must not be greater than 100/],
      ['customers(first: $n) with 100000', 'query($n: Int!) { customers(first: $n) { nodes { id } } }', 100_000, /first must not be greater than 100/],
      ['customers(first: $n) with 101', 'query($n: Int!) { customers(first: $n) { nodes { id } } }', 101, /first must not be greater than 100/],
      ['customers(first: $n) with 0', 'query($n: Int!) { customers(first: $n) { nodes { id } } }', 0, /first must not be less than 1/],
      ['contentTypes(first: $n) with 100000', 'query($n: Int!) { contentTypes(first: $n) { nodes { id } } }', 100_000, /first must not be greater than 100/],
      ['contentTypes(first: $n) with -1', 'query($n: Int!) { contentTypes(first: $n) { nodes { id } } }', -1, /first must not be less than 1/],
    ])('%s (within the node limit, refused by the subgraph) -> BAD_USER_INPUT', async (_case, query, n, message) => {
      const error = expectRefused(await post(query, n === undefined ? undefined : { n }), 'BAD_USER_INPUT', message, 200);
      expect(error.extensions?.fields).toEqual({ first: [expect.stringMatching(message)] });
    });

    it.each([1_000, 101, 0])('Customer.orders(first: %d) -> BAD_USER_INPUT', async (n) => {
      const answer = await post('query($id: ID!, $n: Int!) { customer(id: $id) { id orders(first: $n) { id } } }', { id: fixtureCustomerId, n });
      expect(answer.ms).toBeLessThan(BOUND_MS);
      expectNoLeak(answer);
      const [error] = answer.json?.errors ?? [];
      expect(error).toMatchObject({ message: `first must be between 1 and 100, got ${n}`, extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('a variables payload with a 10,000-item array where an input object is expected', async () => {
      const input = Array.from({ length: 10_000 }, () => ({}));
      const error = expectRefused(await post(CREATE_CUSTOMER, { input }), 'BAD_USER_INPUT', /Expected type "CreateCustomerInput" to be an object/, 400);
      expect(error.message.length).toBeLessThan(2_000);
    });

    it('a 10,000-item array where an ID is expected', async () => {
      const id = Array.from({ length: 10_000 }, (_, i) => String(i));
      expectRefused(await post(CUSTOMER, { id }), 'BAD_USER_INPUT', /ID cannot represent value/, 400);
    });

    it('a variable nested 30,000 arrays deep where a string is expected', async () => {
      const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
      const body = `{"query":${JSON.stringify(CREATE_CUSTOMER)},"variables":{"input":{"name":${deep},"email":"${MARKER}-deep@example.test"}}}`;
      expectRefused(await send(body), 'BAD_USER_INPUT', /String cannot represent a non string value/, 400);
    });
  });

  describe('bodies refused at the transport', () => {
    it('a body over 100 kB -> 413', async () => {
      const body = JSON.stringify({ query: `mutation { ${markedCustomer('oversized')} } # ${'x'.repeat(120_000)}` });
      expectHttpRefused(await send(body), 413);
    });

    it('a gzip bomb (20 kB that inflates past 100 kB) -> 413', async () => {
      const body = gzipSync(JSON.stringify({ query: `mutation { ${markedCustomer('gzip')} }`, padding: ' '.repeat(20_000_000) }));
      expect(body.length).toBeLessThan(100_000);
      expectHttpRefused(await send(body, { headers: { 'content-encoding': 'gzip' } }), 413);
    });

    it.each([
      ['truncated JSON', `{"query": "mutation { ${markedCustomer('truncated').replace(/"/g, '\\"')} }"`],
      ['not JSON at all', `mutation { ${markedCustomer('not-json')} }`],
      ['a JSON string', '"x"'],
      ['JSON null', 'null'],
      ['a JSON number', '42'],
    ])('malformed JSON: %s -> 400', async (_case, body) => {
      expectHttpRefused(await send(body), 400);
    });

    it.each([
      ['an empty array (batching)', '[]', /batching disabled/],
      ['a batch of mutations', JSON.stringify([{ query: `mutation { ${markedCustomer('batch')} }` }]), /batching disabled/],
      ['an empty object', '{}', /POST body missing|no keys/],
      ['a query that is a number', '{"query": 42}', /must be strings/],
      ['variables as a string', JSON.stringify({ query: '{ __typename }', variables: '{}' }), /should be provided as an object/],
    ])('JSON that is not a GraphQL request: %s -> 400 BAD_REQUEST', async (_case, body, message) => {
      expectRefused(await send(body), 'BAD_REQUEST', message, 400);
    });
  });

  describe('cross-site and method tricks do not execute a mutation', () => {
    const mutation = (n: string) => `mutation { ${markedCustomer(n)} }`;

    it('GET with a mutation -> 405', async () => {
      const answer = await send('', { method: 'GET', query: `?query=${encodeURIComponent(mutation('get'))}`, headers: { 'apollo-require-preflight': 'true' } });
      expectRefused(answer, 'BAD_REQUEST', /GET requests only support query operations/, 405);
    });

    it('GET with a mutation and no preflight header (a link a browser follows) -> 400 CSRF', async () => {
      const answer = await send('', { method: 'GET', query: `?query=${encodeURIComponent(mutation('get-simple'))}`, headers: { 'content-type': null } });
      expectRefused(answer, 'BAD_REQUEST', /Cross-Site Request Forgery/, 400);
    });

    it.each([
      ['text/plain', 'text/plain', JSON.stringify({ query: mutation('text-plain') })],
      ['a form post', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation('form'))}`],
      ['multipart', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${mutation('multipart')}\r\n--x--\r\n`],
    ])('a simple cross-site POST as %s -> 400 CSRF', async (_case, contentType, body) => {
      expectRefused(await send(body, { headers: { 'content-type': contentType } }), 'BAD_REQUEST', /Cross-Site Request Forgery/, 400);
    });
  });

  describe('CRM search, filters and cursors', () => {
    /** Full-text operators and quoting that a tsquery would choke on if the text reached it unparsed. */
    const TSQUERY: [string, string][] = [
      ['tsquery operators', `a & b | !c <-> d`],
      ['a prefix operator alone', ':*'],
      ['unbalanced parentheses', '((acme'],
      ['quotes and backslashes', `o'brien \\ "x"`],
      ['only punctuation', '!!! ??? ...'],
    ];
    const SEARCHES = [...INJECTIONS, ...TSQUERY].filter(([, value]) => !hasNul(value));

    it.each(SEARCHES.flatMap(([name, value]) => ['customers', 'contacts', 'leads'].map((list) => [`${list}: ${name}`, list, value] as const)))(
      'search %s: results or BAD_USER_INPUT, never an internal error',
      async (_case, list, search) => {
        const answer = await post(`query($q: String) { ${list}(first: 5, filter: { search: $q }) { nodes { id } } }`, { q: search });
        expect(answer.ms).toBeLessThan(BOUND_MS);
        expectNoLeak(answer);
        for (const error of answer.json?.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        if (!answer.json?.errors) expect(answer.json?.data).toEqual({ [list]: { nodes: expect.any(Array) } });
      },
    );

    it.each([
      [
        'deals sorted by amount, with a cursor of another order',
        `{ deals(first: 1, sort: { field: AMOUNT, direction: DESC }, after: "${Buffer.from(JSON.stringify(['created', '2020-01-01T00:00:00.000Z', '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c'])).toString('base64url')}") { nodes { id } } }`,
      ],
      [
        'tasks with a cursor carrying SQL',
        `{ tasks(first: 1, after: "${Buffer.from(JSON.stringify(['due', "2020-01-01'; DROP TABLE tasks; --", '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c'])).toString('base64url')}") { nodes { id } } }`,
      ],
      ['contacts with a garbage cursor', `{ contacts(first: 1, after: "${MARKER}") { nodes { id } } }`],
      ['the timeline of a subject that is not a uuid', `{ timeline(subject: { customerId: "' OR 1=1 --" }, first: 1) { nodes { id } } }`],
    ])('%s -> BAD_USER_INPUT or NOT_FOUND', async (_case, query) => {
      const answer = await post(query);
      expect(answer.ms).toBeLessThan(BOUND_MS);
      expectNoLeak(answer);
      expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(answer.json?.errors?.[0].extensions?.code);
    });

    it.each(INJECTIONS)('createLead names: %s stored verbatim or refused', async (_case, value) => {
      const email = `${MARKER}-lead-${randomBytes(3).toString('hex')}@example.test`;
      const answer = await post('mutation($i: CreateLeadInput!) { createLead(input: $i) { id firstName company } }', {
        i: { email, firstName: value, company: value },
      });
      expectNoLeak(answer);
      if (value.length <= 100 && !hasNul(value)) {
        expect(answer.json?.errors).toBeUndefined();
        expect(answer.json?.data).toEqual({ createLead: { id: expect.any(String), firstName: value.trim(), company: value.trim() } });
        await sql('crm', 'DELETE FROM leads WHERE email = $1', [email]);
      } else {
        expect(answer.json?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('wrong types -> BAD_USER_INPUT naming the problem', () => {
    it.each([
      [
        'name as a number',
        CREATE_CUSTOMER,
        { input: { name: 42, email: `${MARKER}-n@example.test` } },
        /at "input\.name"; String cannot represent a non string value: 42/,
      ],
      ['email as an object', CREATE_CUSTOMER, { input: { name: MARKER, email: { $gt: '' } } }, /at "input\.email"; String cannot represent a non string value/],
      [
        'an unknown input field',
        CREATE_CUSTOMER,
        { input: { name: MARKER, email: `${MARKER}-x@example.test`, admin: true } },
        /Field "admin" is not defined by type "CreateCustomerInput"/,
      ],
      ['a missing input', CREATE_CUSTOMER, {}, /Variable "\$input" of required type "CreateCustomerInput!" was not provided/],
      [
        'apiId as a boolean',
        CREATE_CONTENT_TYPE,
        { input: { apiId: true, name: MARKER } },
        /at "input\.apiId"; String cannot represent a non string value: true/,
      ],
      ['first as a string', 'query($n: Int!) { customers(first: $n) { nodes { id } } }', { n: '10' }, /Int cannot represent non-integer value: "10"/],
      ['first as a float', 'query($n: Int!) { customers(first: $n) { nodes { id } } }', { n: 1.5 }, /Int cannot represent non-integer value: 1\.5/],
      ['id as a list', CUSTOMER, { id: ['a', 'b'] }, /ID cannot represent value: \["a", "b"\]/],
      ['id as an object', CUSTOMER, { id: { $ne: null } }, /ID cannot represent value/],
    ])('%s (variables)', async (_case, query, variables, message) => {
      expectRefused(await post(query, variables), 'BAD_USER_INPUT', message, 400);
    });

    it.each([
      [
        'name as a number',
        `mutation { createCustomer(input: { name: 42, email: "${MARKER}-l@example.test" }) { id } }`,
        /String cannot represent a non string value: 42/,
      ],
      ['first as a string', '{ customers(first: "10") { nodes { id } } }', /Int cannot represent non-integer value: "10"/],
      ['id as a list', '{ customer(id: ["a"]) { id } }', /ID cannot represent a non-string and non-integer value: \["a"\]/],
    ])('%s (literal) -> GRAPHQL_VALIDATION_FAILED', async (_case, query, message) => {
      expectRefused(await post(query), 'GRAPHQL_VALIDATION_FAILED', message, 400);
    });
  });

  describe('injection strings in every text input', () => {
    describe('createCustomer name: stored and read back verbatim, or refused', () => {
      it.each(INJECTIONS)('%s', async (_case, name) => {
        const email = `${ACCEPTED}-${randomBytes(4).toString('hex')}@example.test`;
        const answer = await post(CREATE_CUSTOMER, { input: { name, email } });
        expect(answer.ms).toBeLessThan(BOUND_MS);
        if (!isStorableName(name)) {
          expectRefused(answer, 'BAD_USER_INPUT', hasNul(name) ? NUL : /name must be shorter than or equal to 200 characters/, 200);
          expect(await sql('crm', 'SELECT id FROM customers WHERE email = $1', [email])).toEqual([]);
          return;
        }
        expect(answer.json?.errors).toBeUndefined();
        const created = (answer.json?.data as { createCustomer: { id: string; name: string } }).createCustomer;
        expect(created.name).toBe(name);
        expect(await sql('crm', 'SELECT name, email FROM customers WHERE id = $1', [created.id])).toEqual([{ name, email }]);
        const read = await post(CUSTOMER, { id: created.id });
        expect(read.json).toEqual({ data: { customer: { id: created.id, name, email } } });
      });
    });

    it.each(INJECTIONS)('createCustomer email: %s -> BAD_USER_INPUT', async (_case, email) => {
      const error = expectRefused(
        await post(CREATE_CUSTOMER, { input: { name: MARKER, email } }),
        'BAD_USER_INPUT',
        hasNul(email) ? NUL : /email must be/,
        200,
      );
      expect(Object.keys(error.extensions?.fields as object)).toEqual(['email']);
    });

    it.each(INJECTIONS.filter(([, value]) => !hasNul(value)))('customer(id): %s -> NOT_FOUND', async (_case, id) => {
      const error = expectRefused(await post(CUSTOMER, { id }), 'NOT_FOUND', undefined, 200);
      expect(error.message).toBe(`Customer ${id} does not exist`);
    });

    it.each(INJECTIONS.filter(([, value]) => !hasNul(value)))('contentType(apiId): %s -> NOT_FOUND', async (_case, apiId) => {
      const error = expectRefused(await post(CONTENT_TYPE, { apiId }), 'NOT_FOUND', undefined, 200);
      expect(error.message).toBe(`ContentType ${apiId} does not exist`);
    });

    it.each(INJECTIONS)('createContentType apiId: %s -> BAD_USER_INPUT', async (_case, apiId) => {
      const error = expectRefused(
        await post(CREATE_CONTENT_TYPE, { input: { apiId, name: MARKER } }),
        'BAD_USER_INPUT',
        hasNul(apiId) ? NUL : /apiId must be camelCase/,
        200,
      );
      expect(Object.keys(error.extensions?.fields as object)).toEqual(['apiId']);
    });

    describe('createContentType name: stored verbatim, or refused', () => {
      it.each(INJECTIONS)('%s', async (_case, name) => {
        const apiId = `${ACCEPTED}${randomBytes(4).toString('hex')}`;
        const answer = await post(CREATE_CONTENT_TYPE, { input: { apiId, name } });
        expect(answer.ms).toBeLessThan(BOUND_MS);
        if (!isStorableName(name)) {
          expectRefused(answer, 'BAD_USER_INPUT', hasNul(name) ? NUL : /name must be shorter than or equal to 200 characters/, 200);
          expect(await sql('cms', 'SELECT id FROM content_types WHERE api_id = $1', [apiId])).toEqual([]);
          return;
        }
        expect(answer.json?.errors).toBeUndefined();
        expect(answer.json?.data).toEqual({ createContentType: { id: expect.any(String), apiId, name } });
        expect(await sql('cms', 'SELECT name FROM content_types WHERE api_id = $1', [apiId])).toEqual([{ name }]);
        const read = await post(CONTENT_TYPE, { apiId });
        expect(read.json).toEqual({ data: { contentType: { id: expect.any(String), apiId, name } } });
      });
    });

    it.each(
      INJECTIONS.flatMap(([label, value]) => [
        [`customers(after): ${label}`, CUSTOMERS_AFTER, value],
        [`contentTypes(after): ${label}`, CONTENT_TYPES_AFTER, value],
      ]),
    )('%s -> BAD_USER_INPUT', async (_case, query, after) => {
      expectRefused(await post(query, { after }), 'BAD_USER_INPUT', hasNul(after) ? NUL : /is not valid: pass the endCursor of a previous page/, 200);
    });
  });

  describe('callers without a valid token', () => {
    const secret = () => new TextEncoder().encode(process.env.E2E_JWT_SECRET ?? '');
    const now = () => Math.floor(Date.now() / 1000);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = (key: Uint8Array, claims: { roles?: unknown; iat?: number; exp?: number }) =>
      new SignJWT({ roles: claims.roles ?? [Role.Admin] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuedAt(claims.iat ?? now())
        .setExpirationTime(claims.exp ?? now() + 3600)
        .sign(key);
    const tokens: [string, () => Promise<string | null>, RegExp][] = [
      ['no token', async () => null, /Sign in first/],
      ['a garbage token', async () => 'garbage', /Your token was refused: invalid token/],
      [
        'a token signed with the wrong secret',
        () => signed(new TextEncoder().encode('not-the-platform-secret-0123456789abcdef'), {}),
        /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/,
      ],
      ['an expired token', () => signed(secret(), { iat: now() - 7200, exp: now() - 3600 }), /ERR_JWT_EXPIRED/],
      [
        'a token with alg none',
        async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'mallory', roles: [Role.Admin], exp: now() + 3600 })}.`,
        /Your token was refused: invalid token/,
      ],
      ['a token with a made-up role', () => signed(secret(), { roles: ['superuser'] }), /token roles must be a list of/],
    ];

    it.each(tokens)('%s -> UNAUTHENTICATED for a mutation, and nothing is written', async (_case, token, message) => {
      const answer = await post(`mutation { ${markedCustomer(`auth-${_case.replace(/\W+/g, '-')}`)} }`, undefined, { token: await token() });
      expectRefused(answer, 'UNAUTHENTICATED', message, 401);
    });

    it.each(tokens)('%s -> UNAUTHENTICATED for a query', async (_case, token, message) => {
      expectRefused(await post('{ customers(first: 1) { nodes { id email } } }', undefined, { token: await token() }), 'UNAUTHENTICATED', message, 401);
    });

    it('a token without a subject says so', async () => {
      const token = await new SignJWT({ roles: [Role.Admin] }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(secret());
      expectRefused(await post('{ customers { nodes { id } } }', undefined, { token }), 'UNAUTHENTICATED', /token has no subject/, 401);
    });

    it('Basic credentials instead of a bearer token', async () => {
      const answer = await post('{ customers { nodes { id } } }', undefined, { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
      expectRefused(answer, 'UNAUTHENTICATED', /Sign in first/, 401);
    });

    it.each([
      ['a root field inside an inline fragment', '{ ... on Query { customers { nodes { id } } } }'],
      ['a root field inside a named fragment', 'query { ...F } fragment F on Query { customers { nodes { id } } }'],
      ['__typename next to a root field', '{ __typename customers { nodes { id } } }'],
      ['introspection', '{ __schema { queryType { name } } }'],
      ['two operations without a name', `query A { __typename } mutation B { ${markedCustomer('two-ops')} }`],
    ])('anonymous: %s -> UNAUTHENTICATED', async (_case, query) => {
      expectRefused(await post(query, undefined, { token: null }), 'UNAUTHENTICATED', /Sign in first/, 401);
    });

    describe('anonymous: published content, and nothing else', () => {
      let apiId: string;
      let slug: string;
      beforeAll(async () => {
        apiId = `page${Date.now().toString(36)}`;
        const admin = gatewayClient([Role.Admin]);
        await admin.request(`mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }`, { i: { apiId, name: 'Page' } });
        slug = 'open-to-all';
        const { createEntry } = await admin.request<{ createEntry: { id: string } }>(`mutation($i: CreateEntryInput!) { createEntry(input: $i) { id } }`, {
          i: { contentType: apiId, locale: 'en', title: 'Open to all', slug, data: {} },
        });
        await admin.request(`mutation($id: ID!) { publishEntry(id: $id) { id } }`, { id: createEntry.id });
      });

      it('reads published entries without a token', async () => {
        const answer = await post(
          'query($t: String!, $s: String!) { publishedEntry(contentType: $t, slug: $s) { title slug } publishedEntries(contentType: $t) { nodes { title } } }',
          { t: apiId, s: slug },
          { token: null },
        );
        expect(answer.status).toBe(200);
        expect(answer.json?.errors).toBeUndefined();
        expect(answer.json?.data).toEqual({ publishedEntry: { title: 'Open to all', slug }, publishedEntries: { nodes: [{ title: 'Open to all' }] } });
      });

      it.each([
        ['a public field beside a private one', '{ publishedEntries(contentType: "x") { nodes { id } } customers { nodes { id } } }'],
        ['a draft preview', '{ contentTypes { nodes { id } } }'],
      ])('%s -> UNAUTHENTICATED', async (_case, query) => {
        expectRefused(await post(query, undefined, { token: null }), 'UNAUTHENTICATED', /Sign in first/, 401);
      });
    });

    it('anonymous: an alias bomb is refused by the limits before anything else', async () => {
      const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: customers(first: 1) { nodes { id } }`).join(' ');
      expectRefused(await post(`{ ${aliases} }`, undefined, { token: null }), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15 exceeded/, 400);
    });

    it('a user token sent straight to a subgraph -> 401 (subgraphs answer the gateway only)', async () => {
      for (const service of SUBGRAPHS) {
        const started = Date.now();
        const res = await fetch(`${platform().serviceUrls[service]}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor([Role.Admin])}` },
          body: JSON.stringify({ query: `mutation { ${markedCustomer(`direct-${service}`)} }` }),
        });
        const answer: Answer = { status: res.status, text: await res.text(), ms: Date.now() - started, json: undefined };
        answer.json = JSON.parse(answer.text);
        expectRefused(answer, 'UNAUTHENTICATED', /answers the gateway only/, 401);
      }
    });
  });

  describe('field suggestions stay hidden', () => {
    it.each([
      ['a misspelt field', '{ custmer(id: "1") { id } }', undefined, /Cannot query field "custmer" on type "Query"/, 'GRAPHQL_VALIDATION_FAILED', 'customer'],
      ['a misspelt argument', '{ customers(frist: 1) { nodes { id } } }', undefined, /Unknown argument "frist"/, 'GRAPHQL_VALIDATION_FAILED', 'first'],
      ['a misspelt type', '{ ... on Quer { __typename } }', undefined, /Unknown type "Quer"/, 'GRAPHQL_VALIDATION_FAILED', 'Query'],
      [
        'a misspelt input field (literal)',
        `mutation { createCustomer(input: { nme: "${MARKER}", email: "${MARKER}-s@example.test" }) { id } }`,
        undefined,
        /Field "nme" is not defined/,
        'GRAPHQL_VALIDATION_FAILED',
        '"name"?',
      ],
      [
        'a misspelt input field (variables)',
        CREATE_CUSTOMER,
        { input: { nme: MARKER, email: `${MARKER}-s@example.test` } },
        /Field "nme" is not defined/,
        'BAD_USER_INPUT',
        '"name"?',
      ],
    ])('%s', async (_case, query, variables, message, code, hidden) => {
      const answer = await post(query, variables);
      expectRefused(answer, code, message, 400);
      expect(answer.text).not.toMatch(/Did you mean/i);
      for (const error of answer.json?.errors ?? []) expect(error.message.replace(/"(custmer|frist|Quer|nme)"/g, '')).not.toContain(hidden);
    });
  });

  describe('malformed operations and awkward text', () => {
    it('a syntax error is a 400 GRAPHQL_PARSE_FAILED', async () => {
      expectRefused(await post('{ customers { '), 'GRAPHQL_PARSE_FAILED', /Syntax Error/, 400);
    });

    it('two anonymous operations are a 400 GRAPHQL_VALIDATION_FAILED', async () => {
      expectRefused(await send(JSON.stringify({ query: '{ __typename } { __typename }' })), 'GRAPHQL_VALIDATION_FAILED', /anonymous operation/, 400);
    });

    it.each([
      ['several operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, /several/],
      ['an operationName the document lacks', { query: 'query A { __typename }', operationName: 'B' }, /No operation named "B"/],
    ])('%s is a 400 OPERATION_RESOLUTION_FAILURE', async (_case, body, message) => {
      expectRefused(await send(JSON.stringify(body)), 'OPERATION_RESOLUTION_FAILURE', message, 400);
    });

    it.each([
      ['createCustomer name', CREATE_CUSTOMER, { input: { name: `${MARKER}\u0000x`, email: `${MARKER}-nul@example.test` } }],
      [
        'createContentType name',
        'mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }',
        { i: { apiId: `${MARKER}Nul`, name: `${MARKER}\u0000` } },
      ],
      ['contentType apiId', 'query($a: String!) { contentType(apiId: $a) { id } }', { a: `blog\u0000Post` }],
      ['customer id', CUSTOMER, { id: `${MARKER}\u0000` }],
    ])('a NUL character in %s is BAD_USER_INPUT', async (_case, query, variables) => {
      expectRefused(await post(query, variables), 'BAD_USER_INPUT', /must not contain NUL/);
    });

    const cursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    it.each([
      ['an id that is not a UUID', cursor('2020-01-01T00:00:00.000Z', "' OR 1=1 --")],
      ['a time Postgres cannot store', cursor('-200000-01-01T00:00:00.000Z', '6f1c2b4e-8a1d-4c3e-9b7a-0d2e5f6a7b8c')],
    ])('a hand-made cursor with %s is BAD_USER_INPUT', async (_case, after) => {
      for (const list of ['customers', 'contentTypes']) {
        expectRefused(
          await post(`query($a: String) { ${list}(first: 1, after: $a) { nodes { id } } }`, { a: after }),
          'BAD_USER_INPUT',
          /Cursor .* is not valid/,
        );
      }
    });

    it('a content type named only with spaces is BAD_USER_INPUT', async () => {
      const answer = await post('mutation($i: CreateContentTypeInput!) { createContentType(input: $i) { id } }', {
        i: { apiId: `${MARKER}Blank`, name: '   ' },
      });
      expectRefused(answer, 'BAD_USER_INPUT', /name must not be empty/);
    });
  });

  describe('afterwards', () => {
    it('every process is still live and none restarted', async () => {
      for (const [name, url] of Object.entries(platform().serviceUrls)) {
        const res = await fetch(`${url}/health/live`);
        expect({ name, status: res.status }).toEqual({ name, status: 200 });
      }
      for (const service of SUBGRAPHS) {
        expect({ service, started: await counter(service, 'process_start_time_seconds') }).toEqual({ service, started: startTimes[service] });
      }
      const answer = await post('{ customers(first: 1) { nodes { id } } contentTypes(first: 1) { nodes { id } } }');
      expect(answer.json?.errors).toBeUndefined();
    });

    it('nothing a refused request carried was written', async () => {
      const like = `%${MARKER}%`;
      expect(await sql('crm', 'SELECT id, name, email FROM customers WHERE name LIKE $1 OR email LIKE $1', [like])).toEqual([]);
      expect(await sql('crm', 'SELECT id FROM leads WHERE email LIKE $1', [like])).toEqual([]);
      expect(await sql('cms', 'SELECT id, api_id, name FROM content_types WHERE api_id LIKE $1 OR name LIKE $1', [like])).toEqual([]);
      // The SQL the injections spelt out did not run either.
      expect(await sql('crm', `SELECT to_regclass('public.customers') IS NOT NULL AS present`)).toEqual([{ present: true }]);
      expect(await sql('cms', `SELECT to_regclass('public.content_types') IS NOT NULL AS present`)).toEqual([{ present: true }]);
    });
  });
});
