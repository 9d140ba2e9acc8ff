import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExplorerRoute } from '../../src/server/explorer/explorer-route';

/** The explorer's route on a bare node:http server, with a stand-in bundle and one example operation. */
let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'explorer-route-'));
  const bundle = join(dir, 'bundle');
  const examples = join(dir, 'examples');
  for (const d of [bundle, examples]) mkdirSync(d);
  writeFileSync(join(bundle, 'explorer.js'), 'console.log("explorer")');
  writeFileSync(join(bundle, 'explorer.css'), 'body { margin: 0 }');
  writeFileSync(join(bundle, 'notes.md'), 'not served: no content type for it');
  writeFileSync(join(examples, 'one.graphql'), 'query One { __typename }\n');
  const route = new ExplorerRoute({ authRequired: true, bundleDir: bundle, examplesDir: examples });
  server = http.createServer((req, res) => {
    if (!route.handle(req, res, new URL(req.url ?? '/', 'http://gateway.local'))) {
      res.writeHead(418);
      res.end('not the explorer\'s');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /graphql', () => {
  it('is the page when a browser asks for HTML, with the security headers', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const page = await response.text();
    const settings = JSON.parse(/id="explorer-settings">(.*)<\/script>/.exec(page)![1]);
    expect(settings).toMatchObject({ endpoint: '/graphql', authRequired: true, tabs: [{ title: 'One', headers: '{"Authorization": "Bearer <key>"}' }] });
  });

  it.each([
    ['a GraphQL GET (query in the URL)', '/graphql?query=%7B__typename%7D', 'text/html'],
    ['a client asking for JSON', '/graphql', 'application/json'],
    ['no Accept header', '/graphql', ''],
    ['HTML refused (q=0)', '/graphql', 'text/html;q=0, application/json'],
  ])('is left to GraphQL for %s', async (_label, path, accept) => {
    const response = await fetch(`${base}${path}`, { headers: accept ? { accept } : {} });
    expect(response.status).toBe(418);
  });
});

describe('GET /explorer/<file>', () => {
  it('serves the bundle\'s files with their content type and a validator; asked again, 304', async () => {
    const response = await fetch(`${base}/explorer/explorer.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("explorer")');
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${base}/explorer/explorer.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${base}/explorer/explorer.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['/explorer/notes.md', '/explorer/missing.js', '/explorer/..%2Fexamples%2Fone.graphql', '/explorer/'])('leaves %s alone', async (path) => {
    expect((await fetch(`${base}${path}`)).status).toBe(418);
  });

  it('answers only GET and HEAD', async () => {
    expect((await fetch(`${base}/explorer/explorer.js`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/explorer/explorer.js`, { method: 'POST' })).status).toBe(418);
  });
});
