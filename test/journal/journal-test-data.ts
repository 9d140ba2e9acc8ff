import { randomUUID } from 'node:crypto';
import { ClaimRunInput } from '../../src/services/journal';

/** A claim for a fresh opportunity, with overrides. */
export function aClaim(overrides: Partial<ClaimRunInput> = {}): ClaimRunInput {
  return {
    opportunityId: `006${randomUUID().replace(/-/g, '').slice(0, 15)}`,
    kind: 'SUBSCRIPTION',
    requestHash: 'hash-a',
    request: { opportunityId: 'x', billingEmail: 'ap@example.com' },
    plan: { planId: 'plan-pro', unitQuantity: 3 },
    idempotencyKey: null,
    principal: 'key-1',
    owner: `owner-${randomUUID()}`,
    leaseMs: 120_000,
    now: new Date('2025-01-01T10:00:00.000Z'),
    ...overrides,
  };
}

export const at = (iso: string): Date => new Date(iso);
