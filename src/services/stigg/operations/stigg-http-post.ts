import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Stigg's answer to a document: its status and its whole body as text. */
export interface StiggHttpAnswer {
  status: number;
  text: string;
}

export interface StiggHttpRequest {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}

/**
 * How StiggOperations sends a document: one POST, its whole answer read. Rejects with an
 * `AbortError` when `signal` aborts, with a `StiggAnswerCutOff` when the answer's body breaks off,
 * and with the socket's error when no answer came.
 */
export type StiggHttpPost = (url: string, request: StiggHttpRequest) => Promise<StiggHttpAnswer>;

/** The body of an answer broke off after its status arrived. */
export class StiggAnswerCutOff extends Error {
  constructor(readonly status: number, cause: Error) {
    super(cause.message, { cause });
    this.name = 'StiggAnswerCutOff';
  }
}

/**
 * POSTs over node:http(s) with keep-alive connections (one agent per scheme), asking for a
 * compressed answer (gzip, deflate, br) and inflating it. Node 20's `fetch` did the same through
 * WHATWG streams, a Request, a Response, Headers and an AbortSignal of its own per call: ~10% of
 * the gateway's CPU per portal query for its two Stigg documents (bench/findings.md, P10).
 */
export function keepAliveStiggPost(): StiggHttpPost {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  let lastUrl = '';
  let lastParsed: URL | null = null;
  return (url, request) => new Promise<StiggHttpAnswer>((resolve, reject) => {
    if (url !== lastUrl) {
      lastParsed = new URL(url);
      lastUrl = url;
    }
    const target = lastParsed!;
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new TypeError(`Stigg's base URI must be http(s): ${target.protocol}`));
      return;
    }
    const req = (secure ? https : http).request(target, {
      method: 'POST',
      agent: agents[secure ? 'https:' : 'http:'],
      headers: { ...request.headers, 'Accept-Encoding': 'gzip, deflate, br', 'Content-Length': String(Buffer.byteLength(request.body)) },
      signal: request.signal,
    }, (res) => {
      const status = res.statusCode ?? 0;
      const body = decoded(res, res.headers['content-encoding']);
      const chunks: Buffer[] = [];
      body.on('data', (chunk: Buffer) => chunks.push(chunk));
      body.once('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
      const cutOff = (err: Error) => reject(err.name === 'AbortError' ? err : new StiggAnswerCutOff(status, err));
      res.once('error', cutOff);
      if (body !== res) body.once('error', cutOff);
    });
    req.once('error', reject);
    req.end(request.body);
  });
}

/** The answer's body, inflated when it is compressed. */
function decoded(res: http.IncomingMessage, encoding: string | undefined): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip()).once('error', () => res.destroy());
    case 'deflate':
      return res.pipe(createInflate()).once('error', () => res.destroy());
    case 'br':
      return res.pipe(createBrotliDecompress()).once('error', () => res.destroy());
    default:
      return res;
  }
}
