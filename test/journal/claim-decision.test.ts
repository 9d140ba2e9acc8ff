import { decideClaim } from '../../src/services/journal/claim-decision';
import { decodeRunListCursor, encodeRunListCursor, InvalidCursorError } from '../../src/services/journal/run-list-cursor';

const now = new Date('2025-01-01T00:00:00Z');
const live = new Date('2025-01-01T00:01:00Z');
const expired = new Date('2024-12-31T23:59:00Z');
const claim = { requestHash: 'h', owner: 'me', now };
const run = (status: string, over: object = {}) => ({
  status: status as never, requestHash: 'h', leaseOwner: null as string | null, leaseExpiresAt: null as Date | null, ...over,
});

describe('decideClaim', () => {
  it.each([
    ['SUCCEEDED', {}, 'SUCCEEDED'],
    ['SUCCEEDED', { requestHash: 'x' }, 'CONFLICT'],
    ['ACTION_REQUIRED', {}, 'RESUME'],
    ['ACTION_REQUIRED', { requestHash: 'x' }, 'CONFLICT'],
    ['FAILED', {}, 'RESUME'],
    ['FAILED', { requestHash: 'x' }, 'CONFLICT'],
    ['PENDING', {}, 'RESUME'],
    ['PENDING', { requestHash: 'x' }, 'CONFLICT'],
    ['RUNNING', { leaseOwner: 'other', leaseExpiresAt: live }, 'IN_PROGRESS'],
    ['RUNNING', { leaseOwner: 'other', leaseExpiresAt: live, requestHash: 'x' }, 'IN_PROGRESS'],
    ['RUNNING', { leaseOwner: 'other', leaseExpiresAt: now }, 'RESUME'],
    ['RUNNING', { leaseOwner: 'other', leaseExpiresAt: expired }, 'RESUME'],
    ['RUNNING', { leaseOwner: 'other', leaseExpiresAt: expired, requestHash: 'x' }, 'CONFLICT'],
    ['RUNNING', { leaseOwner: null, leaseExpiresAt: null }, 'RESUME'],
    ['RUNNING', { leaseOwner: 'me', leaseExpiresAt: live }, 'RESUME'],
    ['WITHDRAWN', {}, 'REOPEN'],
    ['WITHDRAWN', { requestHash: 'x' }, 'REOPEN'],
  ])('%s %j -> %s', (status, over, expected) => {
    expect(decideClaim(run(status, over), claim)).toBe(expected);
  });
});

describe('run list cursor', () => {
  it('round-trips and rejects forgeries', () => {
    const cursor = encodeRunListCursor({ createdAt: '2025-01-01T00:00:00.000Z', id: 'abc' });
    expect(decodeRunListCursor(cursor)).toEqual({ createdAt: '2025-01-01T00:00:00.000Z', id: 'abc' });
    for (const bad of ['', 'x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["nope","a"]').toString('base64url')]) {
      expect(() => decodeRunListCursor(bad)).toThrow(InvalidCursorError);
    }
  });
});
