import { Generated } from 'kysely';

/**
 * The journal's tables as Kysely sees them: the same layout on SQLite and
 * PostgreSQL. Timestamps are ISO-8601 UTC strings (`Date#toISOString()`, fixed
 * width, so they sort and compare as text the same way on both); JSON is text;
 * booleans are 0/1 integers.
 */
export interface ProvisioningRunsTable {
  id: string;
  opportunity_id: string;
  kind: string;
  status: string;
  request_hash: string;
  request_json: string;
  plan_json: string;
  idempotency_key: string | null;
  principal: string;
  customer_id: string | null;
  subscription_id: string | null;
  checkout_url: string | null;
  effective_at: string | null;
  error_code: string | null;
  error_message: string | null;
  error_step: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** API, EVENT, SWEEP or RETRY (0003-automation). */
  trigger: Generated<string>;
  /** Times the run was claimed (0003-automation). */
  attempts: Generated<number>;
  /** When the next automatic retry is due; null when none is (0003-automation). */
  next_attempt_at: string | null;
}

/** Named automation state: a checkpoint or watermark (value_json) and/or a leader lease (0003-automation). */
export interface AutomationStateTable {
  name: string;
  value_json: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  updated_at: string;
}

export interface ProvisioningStepsTable {
  run_id: string;
  name: string;
  position: number;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  error_code: string | null;
  error_message: string | null;
  output_json: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  result_type: string | null;
  result_id: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  occurred_at: string;
  principal: string;
  operation: string;
  target: string | null;
  outcome: string;
  details_json: string | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes_json: string;
  browser: number;
  created_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

export interface JournalTables {
  provisioning_runs: ProvisioningRunsTable;
  provisioning_steps: ProvisioningStepsTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  api_keys: ApiKeysTable;
  automation_state: AutomationStateTable;
}
