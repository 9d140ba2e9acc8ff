import { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../../errors/error-codes';
import { StiggWebhookReceiver } from '../../services/stigg-webhooks/stigg-webhook-receiver';
import { checkSecret, STIGG_WEBHOOKS_SECRET_HEADER } from '../../services/stigg-webhooks/webhook-authenticity';

/** Where Stigg sends its webhook events (register this URL in Stigg's app: Settings > Integrations > Webhooks). */
export const STIGG_WEBHOOK_PATH = '/webhooks/stigg';

/** Largest webhook body read (Stigg's events are a few KB); larger: 413. */
export const STIGG_WEBHOOK_MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /webhooks/stigg, answered before API-key authentication (Stigg's secret header is its
 * authentication): 405 for another method, 503 while draining; 401 UNAUTHENTICATED without the
 * secret or with a wrong one (checked before the body is read) or with a stale timestamp; 413 over
 * the body limit; 400 BAD_REQUEST for a body that is no event; 202 once journaled, 200 for a
 * message id journaled before or a type the gateway does not act on. Nothing echoes the secret.
 * Returns the outcome for the access log.
 */
export async function handleStiggWebhook(
  receiver: StiggWebhookReceiver, secret: string, req: IncomingMessage, res: ServerResponse, draining: boolean,
): Promise<string> {
  if (req.method !== 'POST') return answer(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST' });
  if (draining) return answer(res, 503, 'SHUTTING_DOWN', 'The gateway is shutting down; send the event again.', { 'retry-after': '1', connection: 'close' });
  if (checkSecret(req.headers[STIGG_WEBHOOKS_SECRET_HEADER], secret)) {
    // the receiver logs the refusal; the body is never read
    await receiver.receive(req.headers, Buffer.alloc(0));
    req.resume();
    return answer(res, 401, 'UNAUTHENTICATED', 'Not a webhook from Stigg (Stigg-Webhooks-Secret).', { connection: 'close' });
  }
  const body = await readLimited(req, STIGG_WEBHOOK_MAX_BODY_BYTES);
  if (body === null) {
    return answer(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${STIGG_WEBHOOK_MAX_BODY_BYTES} bytes.`, { connection: 'close' });
  }
  const outcome = await receiver.receive(req.headers, body);
  switch (outcome.kind) {
    case 'REFUSED':
      return answer(res, 401, 'UNAUTHENTICATED', 'Not a webhook from Stigg, or sent again too late (timestamp outside the tolerance).');
    case 'BAD_EVENT':
      return answer(res, 400, 'BAD_REQUEST', `Not a Stigg event: ${outcome.message}`);
    case 'JOURNALED':
      sendJson(res, 202, { received: true, messageId: outcome.messageId });
      return 'ok';
    case 'DUPLICATE':
      sendJson(res, 200, { received: true, duplicate: true, messageId: outcome.messageId });
      return 'ok';
    case 'IGNORED':
      sendJson(res, 200, { received: true, ignored: true, messageId: outcome.messageId });
      return 'ok';
  }
}

function answer(res: ServerResponse, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): string {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
  return code;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * The body, or null when it is over `limit` bytes. Past the limit the rest is read and dropped (the
 * client then sees the 413 rather than a reset connection), up to 16 x the limit, then the request
 * is destroyed.
 */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16 * limit) {
      req.destroy();
      return null;
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}
