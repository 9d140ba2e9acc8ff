import { GatewayError } from '../../errors/gateway-error';
import { SalesforceQuotaMetrics } from './upstream-metrics';

/** The org's API request usage in its rolling 24-hour window. */
export interface ApiUsage {
  used: number;
  limit: number;
}

export interface QuotaGuardOptions {
  /** Share of the org's API requests used from which non-essential calls are refused. Default 0.95. */
  shedAt?: number;
  /** Share from which essential calls (provisioning writes) are refused too. Default 0.99. */
  essentialShedAt?: number;
  metrics?: SalesforceQuotaMetrics;
}

export interface QuotaCheck {
  /** A provisioning step that must finish what it started (write-back); allowed until `essentialShedAt`. */
  essential: boolean;
}

/**
 * Sheds Salesforce calls before the org runs out of API requests.
 *
 * The org's 24-hour allowance is shared with every other integration; once it
 * is gone Salesforce answers 403 REQUEST_LIMIT_EXCEEDED to everyone. Fed the
 * usage Salesforce reports on every response (`Sforce-Limit-Info`), the guard
 * refuses reads from `shedAt` on and keeps the last of the allowance for
 * essential provisioning writes, refused only from `essentialShedAt`.
 * Until a first response has been seen it lets everything through.
 */
export class QuotaGuard {
  private usage: ApiUsage | null = null;
  private readonly shedAt: number;
  private readonly essentialShedAt: number;

  constructor(private readonly options: QuotaGuardOptions = {}) {
    this.shedAt = options.shedAt ?? 0.95;
    this.essentialShedAt = options.essentialShedAt ?? 0.99;
    if (!(this.shedAt > 0 && this.shedAt <= this.essentialShedAt && this.essentialShedAt <= 1)) {
      throw new RangeError('QuotaGuard needs 0 < shedAt <= essentialShedAt <= 1');
    }
  }

  /** Records the usage Salesforce last reported (e.g. jsforce's `connection.limitInfo.apiUsage`). */
  observe(usage: ApiUsage): void {
    if (!(usage.limit > 0) || !(usage.used >= 0)) return;
    this.usage = { used: usage.used, limit: usage.limit };
    this.options.metrics?.setSalesforceApiUsage(usage.used, usage.limit);
  }

  /** Share of the allowance used, 0..1 (0 before any report). */
  get usedShare(): number {
    return this.usage ? this.usage.used / this.usage.limit : 0;
  }

  /**
   * Throws UPSTREAM_RATE_LIMITED (service salesforce, `shed: 'quota-guard'`)
   * when the call should not be made. Call it before the upstream policy's
   * `execute`: a shed call never reached Salesforce and says nothing about its health.
   */
  check(operation: string, { essential }: QuotaCheck): void {
    if (!this.usage) return;
    const threshold = essential ? this.essentialShedAt : this.shedAt;
    if (this.usedShare < threshold) return;
    const { used, limit } = this.usage;
    throw new GatewayError('UPSTREAM_RATE_LIMITED',
      `Salesforce is not being called: the org has used ${used} of its ${limit} daily API requests`
        + ` (${essential ? 'only essential provisioning writes were still allowed' : 'what is left is kept for provisioning'}); retry later.`,
      { service: 'salesforce', operation, shed: 'quota-guard', used, limit });
  }
}
