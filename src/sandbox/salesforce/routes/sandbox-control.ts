/** The sandbox control plane: /__sandbox/faults and /__sandbox/counters (no auth, not counted; src/sandbox/README.md). */
import { FaultRuleError } from '../../faults';
import { Counters, FaultRuleInput, Faults } from '../faults';
import { Reply } from '../http';

export function sandboxControl(faults: Faults, counters: Counters) {
  return (method: string, path: string, rawBody: string): Reply => {
    const reply = (status: number, body?: unknown): Reply => ({ status, body });
    if (path === '/__sandbox/faults') {
      if (method === 'POST') {
        try {
          return reply(201, faults.add(JSON.parse(rawBody || 'null') as FaultRuleInput));
        } catch (e) {
          return reply(400, { error: e instanceof FaultRuleError || e instanceof SyntaxError ? e.message : String(e) });
        }
      }
      if (method === 'DELETE') {
        faults.clear();
        return reply(204);
      }
      if (method === 'GET') return reply(200, faults.list());
    }
    if (path === '/__sandbox/counters') {
      if (method === 'GET') return reply(200, counters.snapshot());
      if (method === 'DELETE') {
        counters.reset();
        return reply(204);
      }
    }
    return reply(404, { error: 'unknown sandbox endpoint' });
  };
}
