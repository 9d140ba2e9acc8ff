/**
 * The POST the gateway's own Stigg documents go over (node:http with keep-alive connections),
 * against a local HTTP server: compressed answers are inflated, a body that breaks off is told
 * apart from no answer, a timeout's abort is an AbortError, and connections are reused.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { keepAliveStiggPost, StiggAnswerCutOff } from '../../src/services/stigg/operations/stigg-http-post';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

let handler: Handler;
let server: http.Server;
let url: string;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (body = '{"query":"{ __typename }"}', signal = new AbortController().signal) => ({ headers: { 'Content-Type': 'application/json', 'X-API-KEY': 'k' }, body, signal });

describe('keepAliveStiggPost', () => {
  it('sends the headers and body, and answers the status and the whole body as text', async () => {
    let seen: { method?: string; key?: string | string[]; length?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, key: req.headers['x-api-key'], length: req.headers['content-length'], body };
      res.writeHead(422, { 'content-type': 'application/json' }).end('{"errors":[{"message":"é"}]}');
    };
    const answer = await keepAliveStiggPost()(url, request('{"q":"é"}'));
    expect(seen).toEqual({ method: 'POST', key: 'k', length: String(Buffer.byteLength('{"q":"é"}')), body: '{"q":"é"}' });
    expect(answer).toEqual({ status: 422, text: '{"errors":[{"message":"é"}]}' });
  });

  it.each([
    ['gzip', (b: Buffer) => gzipSync(b)],
    ['br', (b: Buffer) => brotliCompressSync(b)],
  ])('asks for compressed answers and inflates %s', async (encoding, compress) => {
    const text = JSON.stringify({ data: { items: Array.from({ length: 500 }, (_, i) => ({ id: `sub-${i}` })) } });
    let accepted: string | undefined;
    handler = (req, _body, res) => {
      accepted = req.headers['accept-encoding'];
      res.writeHead(200, { 'content-encoding': encoding }).end(compress(Buffer.from(text)));
    };
    const answer = await keepAliveStiggPost()(url, request());
    expect(accepted).toContain(encoding);
    expect(answer).toEqual({ status: 200, text });
  });

  it('reuses one connection for documents sent one after the other', async () => {
    handler = (_req, _body, res) => res.writeHead(200).end('{}');
    sockets.clear();
    const post = keepAliveStiggPost();
    for (let i = 0; i < 5; i++) await post(url, request());
    expect(sockets.size).toBe(1);
  });

  it('a body that breaks off after the status is a StiggAnswerCutOff with that status', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await keepAliveStiggPost()(url, request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StiggAnswerCutOff);
    expect((err as StiggAnswerCutOff).status).toBe(200);
  });

  it('an abort (the timeout) is an AbortError, and no answer at all is the socket error', async () => {
    handler = () => undefined; // never answers
    const abort = new AbortController();
    const pending = keepAliveStiggPost()(url, request(undefined, abort.signal)).catch((e: unknown) => e);
    setTimeout(() => abort.abort(new DOMException('late', 'TimeoutError')), 20);
    expect((await pending as Error).name).toBe('AbortError');
    const refused = await keepAliveStiggPost()('http://127.0.0.1:1/graphql', request()).catch((e: unknown) => e);
    expect((refused as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});
