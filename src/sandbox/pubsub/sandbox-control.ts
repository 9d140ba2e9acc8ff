/**
 * The Pub/Sub emulator's part of the sandbox control surface, served under /__sandbox/pubsub/ by
 * the Salesforce emulator's HTTP server (no auth, not counted; ./README.md):
 *
 * - GET /__sandbox/pubsub                  the endpoint, tenant id, retention, topics
 * - POST|GET|DELETE /__sandbox/pubsub/faults, GET|DELETE /__sandbox/pubsub/counters (the shared contract)
 * - PUT /__sandbox/pubsub/channels         { topicName, selectedEntity, filterExpression? } defines or replaces a custom channel
 * - PUT /__sandbox/pubsub/retention        { retentionMs }
 * - POST /__sandbox/pubsub/clock           { advanceMs } moves the bus's clock forward (retention without waiting)
 */
import { FaultRuleError } from '../faults';
import type { FaultRuleInput } from '../faults';
import { FilterSyntaxError } from './channel-filter';
import type { Failure, Operation } from './faults';
import type { PubSubEmulator } from './pubsub-emulator';

export interface ControlReply {
  status: number;
  body?: unknown;
}

const PREFIX = '/__sandbox/pubsub';

/** Answers a control request under /__sandbox/pubsub; undefined for any other path. */
export function pubSubControl(emulator: Pick<PubSubEmulator, 'describe' | 'faults' | 'counters' | 'bus' | 'defineChannel'>) {
  return (method: string, path: string, rawBody: string): ControlReply | undefined => {
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return undefined;
    const reply = (status: number, body?: unknown): ControlReply => ({ status, body });
    let body: Record<string, unknown> | null = null;
    if (method === 'POST' || method === 'PUT') {
      try {
        body = JSON.parse(rawBody || 'null') as Record<string, unknown> | null;
      } catch (e) {
        return reply(400, { error: (e as Error).message });
      }
    }
    const sub = path.slice(PREFIX.length);
    if (sub === '' && method === 'GET') return reply(200, emulator.describe());
    if (sub === '/faults') {
      if (method === 'POST') {
        try {
          return reply(201, emulator.faults.add(body as unknown as FaultRuleInput<Failure, Operation>));
        } catch (e) {
          return reply(400, { error: e instanceof FaultRuleError ? e.message : String(e) });
        }
      }
      if (method === 'DELETE') {
        emulator.faults.clear();
        return reply(204);
      }
      if (method === 'GET') return reply(200, emulator.faults.list());
    }
    if (sub === '/counters') {
      if (method === 'GET') return reply(200, emulator.counters.snapshot());
      if (method === 'DELETE') {
        emulator.counters.reset();
        return reply(204);
      }
    }
    if (sub === '/channels' && method === 'PUT') {
      const { topicName, selectedEntity, filterExpression } = body ?? {};
      if (typeof topicName !== 'string' || typeof selectedEntity !== 'string' || (filterExpression != null && typeof filterExpression !== 'string')) {
        return reply(400, { error: 'expected { topicName: string, selectedEntity: string, filterExpression?: string | null }' });
      }
      try {
        return reply(200, emulator.defineChannel(topicName, selectedEntity, (filterExpression as string | null | undefined) ?? null));
      } catch (e) {
        return reply(400, { error: e instanceof FilterSyntaxError || e instanceof RangeError ? e.message : String(e) });
      }
    }
    if (sub === '/retention' && method === 'PUT') {
      const ms = body?.retentionMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return reply(400, { error: 'retentionMs must be a number >= 0' });
      emulator.bus.retentionMs = ms;
      emulator.bus.purge();
      return reply(200, emulator.describe());
    }
    if (sub === '/clock' && method === 'POST') {
      const ms = body?.advanceMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return reply(400, { error: 'advanceMs must be a number >= 0' });
      emulator.bus.advanceClock(ms);
      return reply(200, { now: new Date(emulator.bus.now()).toISOString() });
    }
    return reply(404, { error: 'unknown sandbox endpoint' });
  };
}
