import http from 'node:http';
import { execFile } from 'node:child_process';
import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * What reaches the gateway before GraphQL: malformed JSON (400), wrong content
 * types (415), huge bodies (413 PAYLOAD_TOO_LARGE), batches, bad methods,
 * GET without a CSRF-proof header, invalid variables and syntax errors. Each
 * answer has its exact code, and the gateway keeps serving afterwards. GraphQL
 * request errors (syntax, validation, variables, operation name) are HTTP 200 as
 * application/json and 400 as application/graphql-response+json (GraphQL over HTTP).
 */
const KEY = 'test-limits-key-000000000000001';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read` });
});
afterAll(() => stack?.stop());

const auth = { authorization: `Bearer ${KEY}` };

async function raw(body: string | Buffer | undefined, headers: Record<string, string>, method = 'POST', path = '/graphql') {
  const response = await fetch(`${stack.url}${path}`, { method, headers: { ...auth, ...headers }, body });
  const text = await response.text();
  let json: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; data?: unknown } = {};
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, json, text };
}

async function expectStillServing(): Promise<void> {
  const ok = await stack.graphql<{ opportunities: { edges: unknown[] } }>('{ opportunities(first: 2) { edges { node { id } } } }', {}, { token: KEY });
  expect(ok.status).toBe(200);
  expect(ok.body.errors).toBeUndefined();
  expect(ok.body.data?.opportunities.edges).toHaveLength(2);
}

describe('malformed requests', () => {
  it.each([
    ['{"query": "{ __typename }"'],
    ['not json at all'],
    [''],
    ['{"query": "{ __typename }"}}'],
  ])('malformed JSON %j: HTTP 400 BAD_REQUEST', async (body) => {
    const result = await raw(body, { 'content-type': 'application/json' });
    expect(result.status).toBe(400);
    expect(result.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    await expectStillServing();
  });

  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonp'],
    ['application/graphql'],
  ])('Content-Type %s: HTTP 415 UNSUPPORTED_MEDIA_TYPE', async (contentType) => {
    const result = await raw(JSON.stringify({ query: '{ __typename }' }), { 'content-type': contentType });
    expect(result.status).toBe(415);
    expect(result.json.errors?.[0].extensions?.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await expectStillServing();
  });

  it('accepts application/json with a charset', async () => {
    const result = await raw(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=utf-8' });
    expect(result.status).toBe(200);
  });

  it('a body over the limit (declared): HTTP 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2_000_000) } });
    const result = await raw(huge, { 'content-type': 'application/json' });
    expect(result.status).toBe(413);
    expect(result.json.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    await expectStillServing();
  });

  it('Node\'s fetch (another process) posting a body well over the limit gets the 413 and its JSON error, not EPIPE / "fetch failed"', async () => {
    // The client runs in its own process, as a real caller does (in this process the gateway and fetch share one event loop and the race hides).
    const client = `
      const [url, key] = process.argv.slice(1);
      (async () => {
        const answers = [];
        for (const size of [4e6, 4e6, 4e6, 12e6, 12e6, 12e6]) {
          try {
            const response = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' }, body: Buffer.alloc(size, 120) });
            answers.push({ status: response.status, connection: response.headers.get('connection'), body: await response.json() });
          } catch (err) {
            answers.push({ error: err.message + ': ' + (err.cause && (err.cause.code || err.cause.message)) });
          }
        }
        process.stdout.write(JSON.stringify(answers));
      })();`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', client, `${stack.url}/graphql`, KEY], { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message} ${stderr}`)) : resolve(stdout)));
    });
    const answers = JSON.parse(output) as unknown[];
    expect(answers).toHaveLength(6);
    for (const answer of answers) {
      expect(answer).toEqual({
        status: 413,
        connection: 'close',
        body: { errors: [{ message: 'The request body is larger than 1000000 bytes.', extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000 } }] },
      });
    }
    await expectStillServing();
  }, 60_000);

  it('a body over the limit sent in chunks with no Content-Length: HTTP 413, without reading it all', async () => {
    const status = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      const request = http.request(`${stack.url}/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
      let sent = 0;
      let answered = false;
      request.on('response', (response) => {
        answered = true;
        let body = '';
        response.on('data', (c) => { body += c; });
        response.on('end', () => resolve({ status: response.statusCode!, body, sent }));
      });
      request.on('error', (err) => (answered ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      request.write('{"query":"{ __typename }","pad":"');
      const pump = () => {
        while (!answered && sent < 20_000_000) {
          sent += chunk.length;
          if (!request.write(chunk)) { request.once('drain', pump); return; }
        }
        if (!answered) request.end('"}');
      };
      pump();
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(status.sent).toBeLessThan(20_000_000); // answered before the client could send it all
    await expectStillServing();
  });

  it('a batch (JSON array) is refused: HTTP 400 BAD_REQUEST', async () => {
    const batch = JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    const result = await raw(batch, { 'content-type': 'application/json' });
    expect(result.status).toBe(400);
    expect(result.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(result.json.errors?.[0].message).toMatch(/batching disabled/i);
    await expectStillServing();
  });

  it('a body that is JSON but not a GraphQL request: HTTP 400 BAD_REQUEST', async () => {
    for (const body of ['"{ __typename }"', '42', 'null', '{"query": 42}', '{"query":"{ __typename }","variables":"{}"}', '{}']) {
      const result = await raw(body, { 'content-type': 'application/json' });
      expect(result.status).toBe(400);
      expect(result.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    }
    await expectStillServing();
  });

  it('methods other than GET and POST on /graphql: HTTP 405 METHOD_NOT_ALLOWED', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const result = await raw(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json' }, method);
      expect(result.status).toBe(405);
      expect(result.json.errors?.[0].extensions?.code).toBe('METHOD_NOT_ALLOWED');
      expect(result.headers.get('allow')).toBe('GET, POST, OPTIONS');
    }
    await expectStillServing();
  });

  it('GET queries need a CSRF-proof header; GET never runs a mutation', async () => {
    const query = encodeURIComponent('{ opportunities(first: 1) { edges { node { id } } } }');
    const bare = await raw(undefined, {}, 'GET', `/graphql?query=${query}`);
    expect(bare.status).toBe(400);
    expect(bare.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    const ok = await raw(undefined, { 'apollo-require-preflight': 'true' }, 'GET', `/graphql?query=${query}`);
    expect(ok.status).toBe(200);
    const mutation = encodeURIComponent('mutation { startTrial(input: { opportunityId: "006Dn0000000005IAA" }) { id } }');
    const refused = await raw(undefined, { 'apollo-require-preflight': 'true' }, 'GET', `/graphql?query=${mutation}`);
    expect(refused.status).toBe(405);
    expect(refused.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    await expectStillServing();
  });

  it('an unknown path: HTTP 404 NOT_FOUND', async () => {
    const result = await raw(undefined, {}, 'GET', '/graphql/../admin');
    expect([404]).toContain(result.status);
    expect((await raw(undefined, {}, 'GET', '/admin')).json.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

/**
 * A GraphQL request error, `code` in both answers: HTTP 200 as application/json (stack.graphql's
 * fetch accepts any type), 400 when the client asks for application/graphql-response+json.
 */
async function expectRequestError(query: string, variables: Record<string, unknown>, code: string): Promise<void> {
  const json = await stack.graphql(query, variables, { token: KEY });
  expect(json.status).toBe(200);
  expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  expect(json.body.errors?.[0].extensions?.code).toBe(code);
  expect(json.body.data).toBeUndefined();
  const spec = await stack.graphql(query, variables, { token: KEY, headers: { accept: 'application/graphql-response+json' } });
  expect(spec.status).toBe(400);
  expect(spec.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  expect(spec.body.errors?.[0].extensions?.code).toBe(code);
}

describe('documents and variables', () => {
  it('a syntax error: GRAPHQL_PARSE_FAILED (HTTP 200 as application/json, 400 as application/graphql-response+json)', async () => {
    await expectRequestError('{ opportunities( }', {}, 'GRAPHQL_PARSE_FAILED');
    await expectStillServing();
  });

  it('an unknown field: GRAPHQL_VALIDATION_FAILED (HTTP 200 as application/json, 400 as application/graphql-response+json)', async () => {
    await expectRequestError('{ opportunities { totallyUnknown } }', {}, 'GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['a string for an Int', 'query Q($first: Int) { opportunities(first: $first) { edges { node { id } } } }', { first: 'abc' }],
    ['a missing required variable', 'query Q($id: ID!) { opportunity(id: $id) { id } }', {}],
    ['null for a required variable', 'query Q($id: ID!) { opportunity(id: $id) { id } }', { id: null }],
    ['an Int out of range', 'query Q($first: Int) { opportunities(first: $first) { edges { node { id } } } }', { first: 2 ** 40 }],
    ['an unknown enum value', 'query Q($s: ProvisioningStatus) { provisioningRuns(filter: { status: $s }) { edges { node { id } } } }', { s: 'DROP_TABLES' }],
    ['an unknown input field', 'query Q($f: OpportunityFilter) { opportunities(filter: $f) { edges { node { id } } } }', { f: { isWon: true, evil: 1 } }],
    ['an object for a String', 'query Q($f: OpportunityFilter) { opportunities(filter: $f) { edges { node { id } } } }', { f: { stageName: { $ne: null } } }],
  ])('invalid variables (%s): BAD_USER_INPUT (HTTP 200 as application/json, 400 as application/graphql-response+json)', async (_label, query, variables) => {
    await expectRequestError(query, variables, 'BAD_USER_INPUT');
    await expectStillServing();
  });

  it('an out-of-range page size is BAD_USER_INPUT naming the argument', async () => {
    const result = await stack.graphql('{ opportunities(first: 201) { edges { node { id } } } }', {}, { token: KEY });
    expect(result.status).toBe(200);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('an operationName the document does not hold: OPERATION_RESOLUTION_FAILURE (HTTP 200 as application/json, 400 as application/graphql-response+json)', async () => {
    const body = JSON.stringify({ query: 'query A { __typename }', operationName: 'B' });
    const result = await raw(body, { 'content-type': 'application/json' });
    expect(result.status).toBe(200);
    expect(result.json.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const spec = await raw(body, { 'content-type': 'application/json', accept: 'application/graphql-response+json' });
    expect(spec.status).toBe(400);
    expect(spec.json.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
  });

  it('automatic persisted queries are not served: PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const result = await raw(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }), { 'content-type': 'application/json' });
    expect(result.status).toBe(200); // the APQ protocol's status
    expect(result.json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    await expectStillServing();
  });
});
