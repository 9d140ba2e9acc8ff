import { TestStack } from './test-stack';

export interface UpstreamCounts {
  salesforce: Record<string, number>;
  stigg: Record<string, number>;
}

function nonZero(snapshot: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(snapshot).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
}

/** Resets both emulators' counters, runs `work`, and returns the requests it caused per operation (zeros left out). */
export async function countUpstreamRequests<T>(stack: TestStack, work: () => Promise<T>): Promise<{ result: T; counts: UpstreamCounts }> {
  stack.sandbox.salesforce.counters.reset();
  stack.sandbox.stigg.counters.reset();
  const result = await work();
  return {
    result,
    counts: { salesforce: nonZero(stack.sandbox.salesforce.counters.snapshot()), stigg: nonZero(stack.sandbox.stigg.counters.snapshot()) },
  };
}
