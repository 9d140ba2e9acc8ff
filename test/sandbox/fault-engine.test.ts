import { FaultEngine, FaultRuleError, OperationCounters } from '../../src/sandbox/faults';

// The engine both emulators share (src/sandbox/README.md: "Fault injection and counters").
describe('the shared fault engine (src/sandbox/faults)', () => {
  const closed = () => new FaultEngine({ failures: ['BOOM', 'DROP'] as const, operations: ['read', 'write'] as const });
  const open = () => new FaultEngine({ failures: ['BOOM'] as const });

  test('validates rules: operation (closed set or any name), failure, latencyMs, errorRate, times, phase; a rule needs a failure or a latency', () => {
    expect(() => closed().add({ operation: 'teleport' as never, failure: 'BOOM' })).toThrow(FaultRuleError);
    expect(open().add({ operation: 'teleport', failure: 'BOOM' })).toMatchObject({ operation: 'teleport' });
    for (const bad of [
      null,
      {},
      { operation: '', failure: 'BOOM' },
      { operation: 'read', failure: 'TEAPOT' },
      { operation: 'read', failure: 'BOOM', errorRate: 2 },
      { operation: 'read', latencyMs: -1 },
      { operation: 'read', failure: 'BOOM', times: 0 },
      { operation: 'read', failure: 'BOOM', times: 1.5 },
      { operation: 'read', failure: 'BOOM', phase: 'during' },
      { operation: 'read' },
    ]) {
      expect(() => closed().add(bad as never)).toThrow(FaultRuleError);
    }
  });

  test('a null field is a missing one; rules are listed as copies with failure/remaining null when none/unlimited', () => {
    const f = open();
    const rule = f.add({ operation: '*', latencyMs: 5, failure: null, times: null, errorRate: null, phase: null });
    expect(rule).toEqual({ id: 1, operation: '*', latencyMs: 5, errorRate: 1, failure: null, phase: 'before', remaining: null });
    rule.remaining = 0;
    expect(f.list()[0].remaining).toBeNull();
  });

  test('decide: each matching rule is consumed once per request (however many of its operations match), latencies add up, the first failure that hits decides', () => {
    const f = open();
    f.add({ operation: 'graphql', failure: 'BOOM', times: 1, phase: 'after' });
    f.add({ operation: 'customers', latencyMs: 10, times: 2 });
    f.add({ operation: '*', latencyMs: 1 });
    expect(f.decide(['graphql', 'customers'])).toEqual({ latencyMs: 11, failure: 'BOOM', phase: 'after' });
    expect(f.list().map((r) => r.remaining)).toEqual([1, null]);
    expect(f.decide(['graphql', 'customers'])).toEqual({ latencyMs: 11, failure: null, phase: 'before' });
    expect(f.list()).toHaveLength(1);
  });

  test('errorRate draws per matching rule; a rule that does not hit still counts against times', () => {
    const f = closed();
    f.add({ operation: 'read', failure: 'BOOM', errorRate: 0.5, times: 2 });
    expect(f.decide(['read'], () => 0.9).failure).toBeNull();
    expect(f.decide(['read'], () => 0.1).failure).toBe('BOOM');
    expect(f.list()).toEqual([]);
  });

  test('counters: with known operations every one is listed (0 when never called); without, only those called', () => {
    const known = new OperationCounters(['read', 'write'] as const);
    known.increment('read');
    expect(known.snapshot()).toEqual({ read: 1, write: 0 });
    const any = new OperationCounters();
    any.increment('graphql');
    expect(any.snapshot()).toEqual({ graphql: 1 });
    any.reset();
    expect(any.snapshot()).toEqual({});
  });
});
