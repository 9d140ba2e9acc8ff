import { randomUUID } from 'node:crypto';
import { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { decideClaim } from './claim-decision';
import { JournalDialectName } from './journal-dialect-name';
import { JournalTables, ProvisioningRunsTable, ProvisioningStepsTable } from './journal-tables';
import {
  FinishedRunStatus, ProvisioningKind, ProvisioningRunRecord, ProvisioningTrigger, RunError, RunStatus, STEP_ORDER,
  StepError, StepName, StepStatus,
} from './provisioning-run-record';
import { toRunRecord } from './provisioning-run-rows';
import { decodeRunListCursor, encodeRunListCursor } from './run-list-cursor';
import { toStoredJson, toStoredTime } from './stored-values';

export interface ClaimRunInput {
  opportunityId: string;
  kind: ProvisioningKind;
  /** A digest of the normalised request; a different hash is a different request. */
  requestHash: string;
  request: unknown;
  plan: unknown;
  idempotencyKey: string | null;
  principal: string;
  /** Unique per attempt (e.g. `<replica>:<uuid>`): the lease's holder. */
  owner: string;
  leaseMs: number;
  now: Date;
  /** What asks for this attempt; default API. */
  trigger?: ProvisioningTrigger;
}

/** An automatically triggered deal that failed a precondition: recorded as a NEEDS_ATTENTION run with no plan. */
export interface RecordNeedsAttentionInput {
  opportunityId: string;
  kind: ProvisioningKind;
  requestHash: string;
  request: unknown;
  principal: string;
  trigger: ProvisioningTrigger;
  error: { code: string; message: string };
  now: Date;
}

export type ClaimRunResult =
  /** No run existed (or a WITHDRAWN one was started afresh): one was recorded, RUNNING, leased to the owner, its four steps PENDING. */
  | { outcome: 'CREATED'; run: ProvisioningRunRecord }
  /** A FAILED, PENDING or abandoned RUNNING run, now RUNNING and leased to the owner: go on from its first unfinished step with its stored plan. */
  | { outcome: 'RESUMED'; run: ProvisioningRunRecord }
  /** Already done (SUCCEEDED or SCHEDULED) for the same request: return it, touch nothing. */
  | { outcome: 'SUCCEEDED'; run: ProvisioningRunRecord }
  /** The run exists for another request. */
  | { outcome: 'CONFLICT'; run: ProvisioningRunRecord }
  /** Another owner holds a live lease. */
  | { outcome: 'IN_PROGRESS'; run: ProvisioningRunRecord };

/** Optional fencing: when `owner` is given, the write happens only while that owner holds the run's lease. */
interface Fenced {
  owner?: string;
  now?: Date;
}

export interface MarkStepInput extends Fenced {
  status: StepStatus;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  /** null clears a previous error. */
  error?: StepError | null;
  output?: unknown;
}

export interface FinishRunInput extends Fenced {
  status: FinishedRunStatus;
  customerId?: string | null;
  subscriptionId?: string | null;
  checkoutUrl?: string | null;
  effectiveAt?: Date | null;
  error?: RunError | null;
}

export interface RunFieldsInput extends Fenced {
  customerId?: string | null;
  subscriptionId?: string | null;
  checkoutUrl?: string | null;
  plan?: unknown;
}

export interface ListRunsInput {
  status?: RunStatus;
  kind?: ProvisioningKind;
  opportunityId?: string;
  /** Runs of any of these opportunities (a DataLoader's batch). An empty list matches nothing. */
  opportunityIds?: readonly string[];
  /** Created at or after. */
  since?: Date;
  first: number;
  after?: string | null;
}

export interface RunConnection {
  edges: Array<{ cursor: string; node: ProvisioningRunRecord }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

type Db = Kysely<JournalTables> | Transaction<JournalTables>;

/** A new run's steps, every one PENDING, in STEP_ORDER. */
async function insertPendingSteps(trx: Transaction<JournalTables>, runId: string): Promise<void> {
  await trx
    .insertInto('provisioning_steps')
    .values(STEP_ORDER.map((name, position) => ({
      run_id: runId, name, position, status: 'PENDING',
      started_at: null, finished_at: null, error_code: null, error_message: null, output_json: null,
    })))
    .execute();
}

/** Provisioning runs and their steps: the saga's journal. */
export class ProvisioningRunRepository {
  constructor(private readonly db: Kysely<JournalTables>, private readonly dialect: JournalDialectName) {}

  /**
   * The one way into a run, atomic across processes sharing the database:
   * inside a transaction, insert the run if absent (ON CONFLICT DO NOTHING),
   * else lock the existing row (FOR UPDATE on PostgreSQL; on SQLite the
   * transaction is BEGIN IMMEDIATE, which holds the database's write lock) and
   * decide from its state.
   */
  async claimRun(input: ClaimRunInput): Promise<ClaimRunResult> {
    if (!(input.leaseMs > 0)) throw new RangeError('leaseMs must be positive');
    const now = toStoredTime(input.now);
    const leaseExpiresAt = toStoredTime(new Date(input.now.getTime() + input.leaseMs));
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const inserted = await trx
        .insertInto('provisioning_runs')
        .values({
          id,
          opportunity_id: input.opportunityId,
          kind: input.kind,
          status: 'RUNNING',
          request_hash: input.requestHash,
          request_json: toStoredJson(input.request),
          plan_json: toStoredJson(input.plan),
          idempotency_key: input.idempotencyKey,
          principal: input.principal,
          customer_id: null,
          subscription_id: null,
          checkout_url: null,
          effective_at: null,
          error_code: null,
          error_message: null,
          error_step: null,
          lease_owner: input.owner,
          lease_expires_at: leaseExpiresAt,
          created_at: now,
          updated_at: now,
          trigger: input.trigger ?? 'API',
          attempts: 1,
          next_attempt_at: null,
        })
        .onConflict((oc) => oc.columns(['opportunity_id', 'kind']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        await insertPendingSteps(trx, id);
        return { outcome: 'CREATED', run: await this.load(trx, id) };
      }

      const row = await trx
        .selectFrom('provisioning_runs')
        .selectAll()
        .where('opportunity_id', '=', input.opportunityId)
        .where('kind', '=', input.kind)
        .$if(this.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirstOrThrow();
      const existing = toRunRecord(row, []);
      const decision = decideClaim(existing, input);
      if (decision === 'REOPEN') {
        await trx
          .updateTable('provisioning_runs')
          .set({
            status: 'RUNNING', request_hash: input.requestHash, request_json: toStoredJson(input.request), plan_json: toStoredJson(input.plan),
            idempotency_key: input.idempotencyKey, principal: input.principal, customer_id: null, subscription_id: null,
            checkout_url: null, effective_at: null, error_code: null, error_message: null, error_step: null,
            lease_owner: input.owner, lease_expires_at: leaseExpiresAt, updated_at: now,
            trigger: input.trigger ?? 'API', attempts: row.status === 'NEEDS_ATTENTION' ? Number(row.attempts ?? 1) + 1 : 1, next_attempt_at: null,
          })
          .where('id', '=', row.id)
          .execute();
        await trx
          .updateTable('provisioning_steps')
          .set({ status: 'PENDING', started_at: null, finished_at: null, error_code: null, error_message: null, output_json: null })
          .where('run_id', '=', row.id)
          .execute();
        return { outcome: 'CREATED', run: await this.load(trx, row.id) };
      }
      if (decision !== 'RESUME') return { outcome: decision, run: await this.load(trx, row.id) };

      await trx
        .updateTable('provisioning_runs')
        .set({
          status: 'RUNNING', lease_owner: input.owner, lease_expires_at: leaseExpiresAt, updated_at: now,
          error_code: null, error_message: null, error_step: null,
          trigger: input.trigger ?? 'API', attempts: Number(row.attempts ?? 1) + 1, next_attempt_at: null,
        })
        .where('id', '=', row.id)
        .execute();
      return { outcome: 'RESUMED', run: await this.load(trx, row.id) };
    });
  }

  /**
   * An automatically triggered deal that failed a precondition becomes a NEEDS_ATTENTION run with no
   * plan and the precondition's error. When its (opportunity, kind) already has a run, only one with
   * nothing done (WITHDRAWN, or NEEDS_ATTENTION with no plan) takes the new error; any other is
   * returned untouched.
   */
  async recordNeedsAttention(input: RecordNeedsAttentionInput): Promise<ProvisioningRunRecord> {
    const now = toStoredTime(input.now);
    const fields = {
      status: 'NEEDS_ATTENTION', request_hash: input.requestHash, request_json: toStoredJson(input.request), plan_json: toStoredJson(null),
      idempotency_key: null, principal: input.principal, customer_id: null, subscription_id: null, checkout_url: null, effective_at: null,
      error_code: input.error.code, error_message: input.error.message, error_step: null, lease_owner: null, lease_expires_at: null,
      updated_at: now, trigger: input.trigger, next_attempt_at: null,
    } as const;
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const inserted = await trx
        .insertInto('provisioning_runs')
        .values({ ...fields, id, opportunity_id: input.opportunityId, kind: input.kind, created_at: now, attempts: 1 })
        .onConflict((oc) => oc.columns(['opportunity_id', 'kind']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        await insertPendingSteps(trx, id);
        return this.load(trx, id);
      }
      const row = await trx
        .selectFrom('provisioning_runs')
        .selectAll()
        .where('opportunity_id', '=', input.opportunityId)
        .where('kind', '=', input.kind)
        .$if(this.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirstOrThrow();
      const existing = toRunRecord(row, []);
      const nothingDone = existing.status === 'WITHDRAWN' || (existing.status === 'NEEDS_ATTENTION' && existing.plan === null);
      if (!nothingDone) return this.load(trx, row.id);
      await trx.updateTable('provisioning_runs')
        .set({ ...fields, attempts: existing.status === 'NEEDS_ATTENTION' ? existing.attempts + 1 : 1 })
        .where('id', '=', row.id).execute();
      await trx
        .updateTable('provisioning_steps')
        .set({ status: 'PENDING', started_at: null, finished_at: null, error_code: null, error_message: null, output_json: null })
        .where('run_id', '=', row.id)
        .execute();
      return this.load(trx, row.id);
    });
  }

  /** Sets when a FAILED run is retried automatically; false when the run is not FAILED. */
  async scheduleRetry(runId: string, nextAttemptAt: Date, now: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('provisioning_runs')
      .set({ next_attempt_at: toStoredTime(nextAttemptAt), updated_at: toStoredTime(now) })
      .where('id', '=', runId)
      .where('status', '=', 'FAILED')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A FAILED run whose automatic retries are spent becomes NEEDS_ATTENTION (its error kept); null when it was not FAILED. */
  async markNeedsAttention(runId: string, now: Date = new Date()): Promise<ProvisioningRunRecord | null> {
    const result = await this.db
      .updateTable('provisioning_runs')
      .set({ status: 'NEEDS_ATTENTION', next_attempt_at: null, updated_at: toStoredTime(now) })
      .where('id', '=', runId)
      .where('status', '=', 'FAILED')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? this.getRun(runId) : null;
  }

  /** FAILED runs whose automatic retry is due at `now`, the longest waiting first. */
  async dueRetries(now: Date, limit = 50): Promise<ProvisioningRunRecord[]> {
    const rows = await this.db
      .selectFrom('provisioning_runs')
      .selectAll()
      .where('status', '=', 'FAILED')
      .where('next_attempt_at', 'is not', null)
      .where('next_attempt_at', '<=', toStoredTime(now))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    const steps = await this.stepRows(this.db, rows.map((r) => r.id));
    return rows.map((row) => toRunRecord(row, steps.filter((s) => s.run_id === row.id)));
  }

  /** Runs waiting for an automatic retry, and runs that need a person. */
  async automationCounts(): Promise<{ pendingRetries: number; needsAttention: number }> {
    const rows = await this.db
      .selectFrom('provisioning_runs')
      .select((eb) => [
        eb.fn.countAll<string | number>().filterWhere((w) => w.and([w('status', '=', 'FAILED'), w('next_attempt_at', 'is not', null)])).as('pending'),
        eb.fn.countAll<string | number>().filterWhere('status', '=', 'NEEDS_ATTENTION').as('attention'),
      ])
      .executeTakeFirstOrThrow();
    return { pendingRetries: Number(rows.pending), needsAttention: Number(rows.attention) };
  }

  /** A SCHEDULED run whose change was withdrawn becomes WITHDRAWN; false when it was not SCHEDULED. */
  async withdrawRun(runId: string, now: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('provisioning_runs')
      .set({ status: 'WITHDRAWN', updated_at: toStoredTime(now) })
      .where('id', '=', runId)
      .where('status', '=', 'SCHEDULED')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Every SCHEDULED run (changes Stigg holds for later), newest first. */
  async scheduledRuns(): Promise<ProvisioningRunRecord[]> {
    const rows = await this.db
      .selectFrom('provisioning_runs')
      .selectAll()
      .where('status', '=', 'SCHEDULED')
      .orderBy('created_at', 'desc')
      .execute();
    const steps = await this.stepRows(this.db, rows.map((r) => r.id));
    return rows.map((row) => toRunRecord(row, steps.filter((s) => s.run_id === row.id)));
  }

  /** Extends the owner's lease on a RUNNING run; false when the owner no longer holds it. */
  async renewLease(runId: string, owner: string, leaseMs: number, now: Date = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('provisioning_runs')
      .set({ lease_expires_at: toStoredTime(new Date(now.getTime() + leaseMs)), updated_at: toStoredTime(now) })
      .where('id', '=', runId)
      .where('lease_owner', '=', owner)
      .where('status', '=', 'RUNNING')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records one step's outcome (only the fields given). False when the run/step is unknown or the owner lost the lease. */
  async markStep(runId: string, name: StepName, input: MarkStepInput): Promise<boolean> {
    const now = toStoredTime(input.now ?? new Date());
    const changes: Updateable<ProvisioningStepsTable> = { status: input.status };
    if (input.startedAt !== undefined) changes.started_at = input.startedAt && toStoredTime(input.startedAt);
    if (input.finishedAt !== undefined) changes.finished_at = input.finishedAt && toStoredTime(input.finishedAt);
    if (input.error !== undefined) {
      changes.error_code = input.error?.code ?? null;
      changes.error_message = input.error?.message ?? null;
    }
    if (input.output !== undefined) changes.output_json = toStoredJson(input.output);
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.touchRun(trx, runId, input.owner, now))) return false;
      const result = await trx
        .updateTable('provisioning_steps')
        .set(changes)
        .where('run_id', '=', runId)
        .where('name', '=', name)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  /** Ends a run: its final status and results, and the lease released. Null when unknown or fenced out. */
  async finishRun(runId: string, input: FinishRunInput): Promise<ProvisioningRunRecord | null> {
    const changes: Updateable<ProvisioningRunsTable> = {
      status: input.status,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: toStoredTime(input.now ?? new Date()),
    };
    if (input.customerId !== undefined) changes.customer_id = input.customerId;
    if (input.subscriptionId !== undefined) changes.subscription_id = input.subscriptionId;
    if (input.checkoutUrl !== undefined) changes.checkout_url = input.checkoutUrl;
    if (input.effectiveAt !== undefined) changes.effective_at = input.effectiveAt ? toStoredTime(input.effectiveAt) : null;
    if (input.error !== undefined) {
      changes.error_code = input.error?.code ?? null;
      changes.error_message = input.error?.message ?? null;
      changes.error_step = input.error?.step ?? null;
    }
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('provisioning_runs')
        .set(changes)
        .where('id', '=', runId)
        .$if(input.owner !== undefined, (q) => q.where('lease_owner', '=', input.owner!))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return null;
      return this.load(trx, runId);
    });
  }

  /** Records what a step learned (customer/subscription ids, the plan once the hook supplied ids). */
  async updateRunFields(runId: string, input: RunFieldsInput): Promise<boolean> {
    const changes: Updateable<ProvisioningRunsTable> = { updated_at: toStoredTime(input.now ?? new Date()) };
    if (input.customerId !== undefined) changes.customer_id = input.customerId;
    if (input.subscriptionId !== undefined) changes.subscription_id = input.subscriptionId;
    if (input.checkoutUrl !== undefined) changes.checkout_url = input.checkoutUrl;
    if (input.plan !== undefined) changes.plan_json = toStoredJson(input.plan);
    const result = await this.db
      .updateTable('provisioning_runs')
      .set(changes)
      .where('id', '=', runId)
      .$if(input.owner !== undefined, (q) => q.where('lease_owner', '=', input.owner!))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A run with its steps, or null. */
  async getRun(id: string): Promise<ProvisioningRunRecord | null> {
    const row = await this.db.selectFrom('provisioning_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRunRecord(row, await this.stepRows(this.db, [id])) : null;
  }

  async findRunByKey(opportunityId: string, kind: ProvisioningKind): Promise<ProvisioningRunRecord | null> {
    const row = await this.db
      .selectFrom('provisioning_runs')
      .selectAll()
      .where('opportunity_id', '=', opportunityId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row ? toRunRecord(row, await this.stepRows(this.db, [row.id])) : null;
  }

  /** Runs newest first (created_at desc, id desc), keyset-paginated with an opaque cursor. */
  async listRuns(input: ListRunsInput): Promise<RunConnection> {
    if (!Number.isInteger(input.first) || input.first < 0) throw new RangeError('first must be a non-negative integer');
    const empty: RunConnection = { edges: [], hasNextPage: false, endCursor: null };
    if (input.opportunityIds && input.opportunityIds.length === 0) return empty;
    const after = input.after ? decodeRunListCursor(input.after) : null;
    if (input.first === 0) return empty;

    const rows = await this.db
      .selectFrom('provisioning_runs')
      .selectAll()
      .$if(input.status !== undefined, (q) => q.where('status', '=', input.status!))
      .$if(input.kind !== undefined, (q) => q.where('kind', '=', input.kind!))
      .$if(input.opportunityId !== undefined, (q) => q.where('opportunity_id', '=', input.opportunityId!))
      .$if(input.opportunityIds !== undefined, (q) => q.where('opportunity_id', 'in', [...input.opportunityIds!]))
      .$if(input.since !== undefined, (q) => q.where('created_at', '>=', toStoredTime(input.since!)))
      .$if(after !== null, (q) => q.where((eb) => eb.or([
        eb('created_at', '<', after!.createdAt),
        eb.and([eb('created_at', '=', after!.createdAt), eb('id', '<', after!.id)]),
      ])))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.first + 1)
      .execute();

    const page = rows.slice(0, input.first);
    const steps = await this.stepRows(this.db, page.map((r) => r.id));
    const edges = page.map((row) => ({
      cursor: encodeRunListCursor({ createdAt: row.created_at, id: row.id }),
      node: toRunRecord(row, steps.filter((s) => s.run_id === row.id)),
    }));
    return { edges, hasNextPage: rows.length > input.first, endCursor: edges.length ? edges[edges.length - 1].cursor : null };
  }

  /** Bumps the run's updated_at; with an owner, only while that owner holds the lease. */
  private async touchRun(db: Db, runId: string, owner: string | undefined, now: string): Promise<boolean> {
    const result = await db
      .updateTable('provisioning_runs')
      .set({ updated_at: now })
      .where('id', '=', runId)
      .$if(owner !== undefined, (q) => q.where('lease_owner', '=', owner!))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  private async load(db: Db, id: string): Promise<ProvisioningRunRecord> {
    const row = await db.selectFrom('provisioning_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return toRunRecord(row, await this.stepRows(db, [id]));
  }

  private async stepRows(db: Db, runIds: string[]): Promise<Selectable<ProvisioningStepsTable>[]> {
    if (runIds.length === 0) return [];
    return db.selectFrom('provisioning_steps').selectAll().where('run_id', 'in', runIds).orderBy('position').execute();
  }
}
