import { Journal } from '../journal';
import { Principal } from '../../domain/principal';
import { GatewayError } from '../../errors/gateway-error';
import { Logger } from '../../observability/logger';

export interface AuditOptions<T> {
  outcomeOf?: (result: T) => string;
  recordsError?: (err: unknown) => boolean;
}

/**
 * Every mutation in the journal's audit log: who (the key's id, never the key),
 * what (operation and target id), and the outcome (a run's status, "ok", or
 * the error code). Details carry ids only, never secrets or payloads.
 */
export class AuditTrail {
  constructor(private readonly journal: Journal, private readonly logger: Logger) {}

  /**
   * Runs `work` and records its outcome: `outcomeOf(result)` ("ok" unless given), or the error's
   * code. An error `recordsError` declines (e.g. an argument refused before the mutation ran) is
   * rethrown unrecorded.
   */
  async around<T>(principal: Principal, operation: string, target: string, work: () => Promise<T>, options: AuditOptions<T> = {}): Promise<T> {
    const { outcomeOf = () => 'ok', recordsError = () => true } = options;
    try {
      const result = await work();
      await this.record(principal, operation, target, outcomeOf(result));
      return result;
    } catch (err) {
      if (recordsError(err)) await this.record(principal, operation, target, err instanceof GatewayError ? err.code : 'INTERNAL_SERVER_ERROR');
      throw err;
    }
  }

  private async record(principal: Principal, operation: string, target: string, outcome: string): Promise<void> {
    try {
      await this.journal.audit.recordAudit({ principal: principal.id, operation, target, outcome });
    } catch (err) {
      this.logger.error({ operation, target, err: { message: (err as Error).message } }, 'could not write the audit log');
    }
  }
}
