/**
 * Opt-in enforcement of Stigg's published rate limits (docs.stigg.io, "Rate limits",
 * GraphQL API): an operation-level limit per root field, and for mutations an
 * entity-level limit per customer, subscription or customer:resource. A request
 * over either limit is answered HTTP 429 like Stigg's (see README, failure
 * `RATE_LIMITED`) and executes nothing.
 *
 * Off unless `startStiggEmulator({ rateLimits: {...} })` or `stigg.rateLimits.configure({...})`.
 * `windowMs` scales every limit together: the published figures are per minute
 * (60,000 ms); a benchmark that cannot wait minutes gives a shorter window.
 *
 * Assumptions (the documentation gives calls per minute, not the algorithm):
 * - each limit is a token bucket of N tokens refilled continuously at N per window,
 *   starting full (so "N per minute" allows a burst of N);
 * - a request counts once per root field name it selects (as the counters do: three
 *   aliases of creditBalanceSummary count one call), and once per entity it mutates;
 * - a refused request consumes no token;
 * - where two versions of the page disagree (creditGrants 500 / 1,500;
 *   createCreditGrant 250 / 500) the lower figure applies;
 * - operations the page does not list (customers, plans, addons, features, products,
 *   customCurrencies, sdkConfiguration) are not limited.
 * Self-contained: imports nothing from the gateway.
 */
import { DocumentNode, Kind, OperationDefinitionNode, SelectionSetNode, FieldNode, FragmentDefinitionNode, valueFromASTUntyped } from 'graphql';

/** Calls per minute by root field name. */
export const STIGG_PUBLISHED_RATE_LIMITS: Readonly<Record<string, number>> = {
  provisionCustomer: 250,
  updateOneCustomer: 250,
  provisionSubscription: 250,
  provisionSubscriptionV2: 250,
  createCreditGrant: 250,
  voidCreditGrant: 500,
  getCustomerByRefId: 3_000,
  getSubscription: 3_000,
  subscriptions: 1_500,
  creditBalanceSummary: 500,
  creditGrants: 500,
};

/** Mutations limited per entity: `input.customerId`, or `input.customerId:input.resourceId`. */
export const STIGG_ENTITY_LIMITED_MUTATIONS: ReadonlySet<string> = new Set([
  'provisionCustomer', 'updateOneCustomer', 'provisionSubscription', 'provisionSubscriptionV2', 'createCreditGrant',
]);
export const STIGG_PUBLISHED_ENTITY_LIMIT = 30;

export interface StiggRateLimitOptions {
  /** The window the limits apply to; default 60,000 ms. */
  windowMs?: number;
  /** Calls per window by root field name, replacing the published ones given here. */
  operations?: Record<string, number>;
  /** Calls per window per entity; default 30. */
  entityLimit?: number;
  /** ms clock; injected in tests */
  now?: () => number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; limit: string };

export interface RateLimitStats {
  enabled: boolean;
  windowMs: number | null;
  /** admitted requests per root field */
  admitted: Record<string, number>;
  /** refused requests per bucket: `operation:<name>` or `entity:<key>` */
  refused: Record<string, number>;
  refusedTotal: number;
}

class Bucket {
  private tokens: number;
  private at: number;

  constructor(private readonly capacity: number, private readonly perMs: number, now: number) {
    this.tokens = capacity;
    this.at = now;
  }

  level(now: number): number {
    if (now > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
      this.at = now;
    }
    return this.tokens;
  }

  take(): void {
    this.tokens -= 1;
  }
}

/** The emulator's rate limiter (one per emulator; `configure(null)` turns it off). */
export class StiggRateLimiter {
  private options: Required<Omit<StiggRateLimitOptions, 'now'>> & { now: () => number } | null = null;
  private readonly operations = new Map<string, Bucket>();
  private readonly entities = new Map<string, Bucket>();
  private admittedCounts = new Map<string, number>();
  private refusedCounts = new Map<string, number>();

  constructor(options: StiggRateLimitOptions | null = null) {
    this.configure(options);
  }

  get enabled(): boolean {
    return this.options !== null;
  }

  /** Turns enforcement on with these options (fresh, full buckets), or off with null. Counts are kept. */
  configure(options: StiggRateLimitOptions | null): void {
    this.operations.clear();
    this.entities.clear();
    if (!options) {
      this.options = null;
      return;
    }
    const windowMs = options.windowMs ?? 60_000;
    const entityLimit = options.entityLimit ?? STIGG_PUBLISHED_ENTITY_LIMIT;
    if (!(windowMs > 0)) throw new RangeError('windowMs must be greater than 0');
    if (!(entityLimit > 0)) throw new RangeError('entityLimit must be greater than 0');
    this.options = {
      windowMs,
      entityLimit,
      operations: { ...STIGG_PUBLISHED_RATE_LIMITS, ...(options.operations ?? {}) },
      now: options.now ?? Date.now,
    };
  }

  /** Clears the admitted/refused counts. */
  resetStats(): void {
    this.admittedCounts = new Map();
    this.refusedCounts = new Map();
  }

  stats(): RateLimitStats {
    const refused = Object.fromEntries(this.refusedCounts);
    return {
      enabled: this.enabled,
      windowMs: this.options?.windowMs ?? null,
      admitted: Object.fromEntries(this.admittedCounts),
      refused,
      refusedTotal: Object.values(refused).reduce((a, b) => a + b, 0),
    };
  }

  /**
   * Decides a request to `operation` of `document` (variables already parsed):
   * admitted when every bucket it touches has a token, which it then takes.
   */
  admit(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | null): RateLimitVerdict {
    const opts = this.options;
    if (!opts) return { allowed: true };
    const now = opts.now();
    const fields = rootFields(document, operation);
    const names = [...new Set(fields.map((f) => f.name.value))];
    const touched: Array<[string, Bucket]> = [];
    for (const name of names) {
      const limit = opts.operations[name];
      if (!limit) continue;
      touched.push([`operation:${name}`, this.bucket(this.operations, name, limit, opts.windowMs, now)]);
    }
    if (operation.operation === 'mutation') {
      const keys = new Set<string>();
      for (const field of fields) {
        if (!STIGG_ENTITY_LIMITED_MUTATIONS.has(field.name.value)) continue;
        const key = entityKey(field, variables);
        if (key) keys.add(key);
      }
      for (const key of keys) touched.push([`entity:${key}`, this.bucket(this.entities, key, opts.entityLimit, opts.windowMs, now)]);
    }
    const empty = touched.find(([, b]) => b.level(now) < 1);
    if (empty) {
      this.refusedCounts.set(empty[0], (this.refusedCounts.get(empty[0]) ?? 0) + 1);
      return { allowed: false, limit: empty[0] };
    }
    for (const [, b] of touched) b.take();
    for (const name of names) this.admittedCounts.set(name, (this.admittedCounts.get(name) ?? 0) + 1);
    return { allowed: true };
  }

  private bucket(map: Map<string, Bucket>, key: string, limit: number, windowMs: number, now: number): Bucket {
    let b = map.get(key);
    if (!b) {
      b = new Bucket(limit, limit / windowMs, now);
      map.set(key, b);
    }
    return b;
  }
}

/** The root field selections of an operation (inline fragments and fragment spreads at the root included). */
function rootFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (!s.name.value.startsWith('__')) out.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return out;
}

/** `customerId` or `customerId:resourceId` from the field's `input` argument (customerId, else refId). */
function entityKey(field: FieldNode, variables: Record<string, unknown> | null): string | null {
  const arg = field.arguments?.find((a) => a.name.value === 'input');
  if (!arg) return null;
  let input: unknown;
  try {
    input = valueFromASTUntyped(arg.value, variables ?? undefined);
  } catch {
    return null;
  }
  if (!input || typeof input !== 'object') return null;
  const { customerId, refId, resourceId } = input as { customerId?: unknown; refId?: unknown; resourceId?: unknown };
  const customer = typeof customerId === 'string' ? customerId : typeof refId === 'string' ? refId : null;
  if (!customer) return null;
  return typeof resourceId === 'string' && resourceId ? `${customer}:${resourceId}` : customer;
}
