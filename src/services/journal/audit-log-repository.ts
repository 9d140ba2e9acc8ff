import { randomUUID } from 'node:crypto';
import { Kysely } from 'kysely';
import { JournalTables } from './journal-tables';
import { fromStoredJson, fromStoredTime, toStoredJson, toStoredTime } from './stored-values';

export interface AuditInput {
  /** Who: an API key id or 'sandbox', never a key. */
  principal: string;
  /** What, e.g. 'provisionOpportunity'. */
  operation: string;
  /** On what, e.g. an opportunity id. */
  target?: string | null;
  /** e.g. 'SUCCEEDED', 'FAILED', or an error code. */
  outcome: string;
  /** Extra facts as JSON. Callers redact: no secrets, no raw upstream payloads. */
  details?: unknown;
  now?: Date;
}

export interface AuditEntry {
  id: string;
  occurredAt: Date;
  principal: string;
  operation: string;
  target: string | null;
  outcome: string;
  details: unknown;
}

export interface ListAuditInput {
  since?: Date;
  principal?: string;
  first: number;
}

/** The audit log: one entry per mutation (who, what, outcome). */
export class AuditLogRepository {
  constructor(private readonly db: Kysely<JournalTables>) {}

  async recordAudit(input: AuditInput): Promise<AuditEntry> {
    const entry: AuditEntry = {
      id: randomUUID(),
      occurredAt: input.now ?? new Date(),
      principal: input.principal,
      operation: input.operation,
      target: input.target ?? null,
      outcome: input.outcome,
      details: input.details ?? null,
    };
    await this.db
      .insertInto('audit_log')
      .values({
        id: entry.id,
        occurred_at: toStoredTime(entry.occurredAt),
        principal: entry.principal,
        operation: entry.operation,
        target: entry.target,
        outcome: entry.outcome,
        details_json: input.details === undefined ? null : toStoredJson(input.details),
      })
      .execute();
    return entry;
  }

  /** Newest first. */
  async listAudit(input: ListAuditInput): Promise<AuditEntry[]> {
    if (!Number.isInteger(input.first) || input.first < 0) throw new RangeError('first must be a non-negative integer');
    if (input.first === 0) return [];
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .$if(input.since !== undefined, (q) => q.where('occurred_at', '>=', toStoredTime(input.since!)))
      .$if(input.principal !== undefined, (q) => q.where('principal', '=', input.principal!))
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(input.first)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      occurredAt: fromStoredTime(row.occurred_at),
      principal: row.principal,
      operation: row.operation,
      target: row.target,
      outcome: row.outcome,
      details: fromStoredJson(row.details_json),
    }));
  }
}
