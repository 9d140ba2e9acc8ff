import { startTestStack, TestStack } from '../helpers/test-stack';

/**
 * CORS for GATEWAY_CORS_ORIGINS (browser callers such as Lightning components):
 * allowed origins, including a host-label wildcard, get the CORS headers on
 * preflights and on actual requests; every other origin gets none.
 */
const KEY = 'test-browser-read-key-0000000001';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({
    GATEWAY_API_KEYS: `${KEY}:read`,
    GATEWAY_CORS_ORIGINS: 'https://portal.example.com, https://*.lightning.force.com,https://*.sandbox.lightning.force.com',
  });
});
afterAll(() => stack?.stop());

const ALLOWED = [
  'https://portal.example.com',
  'https://acme.lightning.force.com',
  'https://ACME-Corp.lightning.force.com',
  'https://acme--uat.sandbox.lightning.force.com',
];
const REFUSED = [
  'https://evil.example.com',
  'http://portal.example.com', // another scheme
  'https://portal.example.com:8443', // another port
  'https://portal.example.com.evil.com',
  'https://a.b.lightning.force.com', // * is one label, not several
  'https://lightning.force.com', // * is not empty
  'https://acme.lightning.force.com.evil.com',
  'https://evil.com/.lightning.force.com',
  'https://acme_x.lightning.force.com',
  'null',
];

function preflight(origin: string, method = 'POST'): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type' },
  });
}

function post(origin: string, token: string | null = KEY): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ opportunities(first: 1) { edges { node { id } } } }' }),
  });
}

function corsHeadersOf(response: Response): string[] {
  return [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('CORS preflight', () => {
  it.each(ALLOWED)('answers %s with the CORS headers', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowedHeaders = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
    expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull(); // bearer keys, never cookies
  });

  it.each(REFUSED)('answers %s with no CORS header at all', async (origin) => {
    const response = await preflight(origin);
    expect(corsHeadersOf(response)).toEqual([]);
  });
});

describe('CORS on actual requests', () => {
  it.each(ALLOWED)('lets %s read the answer (and the request id and Retry-After headers)', async (origin) => {
    const response = await post(origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
  });

  it.each(REFUSED)('gives %s no CORS header (the browser keeps the answer from the page)', async (origin) => {
    const response = await post(origin);
    expect(corsHeadersOf(response)).toEqual([]);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('an allowed origin can read errors too (401 without a key)', async () => {
    const response = await post('https://acme.lightning.force.com', null);
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://acme.lightning.force.com');
  });

  it('a request with no Origin (server to server) gets no CORS header and is served', async () => {
    const response = await stack.graphql('{ opportunities(first: 1) { edges { node { id } } } }', {}, { token: KEY });
    expect(response.status).toBe(200);
    expect(corsHeadersOf({ headers: response.headers } as Response)).toEqual([]);
  });
});

describe('without GATEWAY_CORS_ORIGINS', () => {
  it('no origin gets CORS headers', async () => {
    const plain = await startTestStack({ GATEWAY_API_KEYS: `${KEY}:read` });
    try {
      const response = await fetch(`${plain.url}/graphql`, {
        method: 'OPTIONS', headers: { origin: 'https://acme.lightning.force.com', 'access-control-request-method': 'POST' },
      });
      expect(corsHeadersOf(response)).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
