/**
 * Stigg's failures for the shared fault engine (src/sandbox/faults), and how each is answered
 * (./README.md: failures). Operations are open: a GraphQL root field name, `graphql` (every
 * request) or `*`; counters list only the operations that were called.
 */
import { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { FaultEngine, OperationCounters } from '../faults';
import type { FaultRuleInput as EngineRuleInput } from '../faults';
import { sendHtml, sendJson } from './http';

export const STIGG_FAILURES = ['RATE_LIMITED', 'SERVER_ERROR', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'DROP_CONNECTION'] as const;
export type StiggFailure = (typeof STIGG_FAILURES)[number];

export type FaultRuleInput = EngineRuleInput<StiggFailure>;

export class StiggFaults extends FaultEngine<StiggFailure> {
  constructor() {
    super({ failures: STIGG_FAILURES });
  }
}

export class StiggCounters extends OperationCounters {}

/** Answers a failure (or closes the socket for DROP_CONNECTION). */
export function sendFailure(res: ServerResponse, failure: StiggFailure): void {
  switch (failure) {
    case 'RATE_LIMITED':
      // Stigg answers 429 without a Retry-After header (docs: rate limits); the body carries the
      // documented error plus a GraphQL-shaped error (assumption for the GraphQL endpoint).
      return sendJson(res, 429, {
        error: 'rate_limit_exceeded',
        message: 'Too many requests',
        errors: [{ message: 'Too many requests', extensions: { code: 'RateLimitExceeded' } }],
      });
    case 'SERVER_ERROR':
      return sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'UnexpectedError', traceId: randomUUID() } }], data: null });
    case 'BAD_GATEWAY':
      return sendHtml(res, 502, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
    case 'SERVICE_UNAVAILABLE':
      return sendHtml(res, 503, '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>');
    case 'DROP_CONNECTION':
      res.socket?.destroy();
      return;
  }
}
