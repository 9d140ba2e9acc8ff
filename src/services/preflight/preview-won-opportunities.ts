import { RequestLoaders } from '../loaders/request-loaders';
import { Opportunity } from '../../domain/salesforce-records';
import { ProvisioningPlan } from '../../domain/provisioning-plan';
import { GatewayError } from '../../errors/gateway-error';
import { ErrorCode } from '../../errors/error-codes';
import { provisioningRequestFrom } from '../provisioning/provisioning-request';
import { ProvisioningService } from '../provisioning/provisioning-service';
import { RawRecord } from '../salesforce/record-mappers';
import { SalesforceClient } from '../salesforce/salesforce-client';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { describeError } from './describe-error';
import { SectionBuilder } from './preflight-report';

export const DEFAULT_PREVIEW_LIMIT = 10;
export const MAX_PREVIEW_LIMIT = 200;

/**
 * Codes with which the gateway refuses a deal as it stands (sales ops fix the deal): a preview
 * ending so is ! — the gateway works, the deal needs work. Any other error (an upstream failing,
 * a bug) is ✗.
 */
const DEAL_PRECONDITIONS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'OPPORTUNITY_NOT_WON', 'PLAN_MISSING', 'MULTIPLE_PLANS', 'PRODUCT_MAPPING_INVALID',
  'BILLING_EMAIL_REQUIRED', 'BILLING_EMAIL_NOT_A_CONTACT', 'BAD_USER_INPUT', 'NOT_FOUND',
]);

export interface PreviewDeps {
  client: SalesforceClient;
  records: SalesforceRecords;
  loaders: RequestLoaders;
  provisioning: ProvisioningService;
}

/**
 * The `limit` most recently closed won opportunities (CloseDate, newest first), each previewed
 * with the default input ({ opportunityId }: no payment collection, no trial, no credit input) by
 * the gateway's `previewProvisioning` service: planning-input-reader + planner, no write
 * anywhere, no hook call. ✓ when the gateway can plan the deal, ! when it would refuse it as it
 * stands, ✗ when the preview itself failed. All previews share the loaders, so their reads are
 * batched as one GraphQL request's would be.
 */
export async function previewRecentWonOpportunities(section: SectionBuilder, deps: PreviewDeps, limit: number): Promise<void> {
  let opportunities: Opportunity[];
  try {
    const fields = await deps.records.opportunityFields();
    const rows = await deps.client.query<RawRecord>(
      `SELECT ${fields} FROM Opportunity WHERE IsWon = true ORDER BY CloseDate DESC, Id DESC LIMIT ${limit}`, 'preflightRecentWon');
    const page = deps.records.opportunityRows(rows);
    for (const account of page.accounts) deps.loaders.primeAccount(account);
    for (const opportunity of page.opportunities) deps.loaders.opportunity.prime(opportunity.id, opportunity);
    opportunities = page.opportunities;
  } catch (err) {
    section.fail('read', `Could not read the won opportunities: ${describeError(err)}`);
    return;
  }
  if (opportunities.length === 0) {
    section.warn('none', 'No won opportunity in Salesforce to preview');
    return;
  }
  const outcomes = await Promise.all(opportunities.map((o) => deps.provisioning
    .preview(deps.loaders, provisioningRequestFrom({ opportunityId: o.id }))
    .then((plan) => ({ plan, error: null }), (error: unknown) => ({ plan: null, error }))));

  opportunities.forEach((opportunity, i) => {
    const { plan, error } = outcomes[i];
    const title = `${opportunity.name} (${opportunity.id}, closed ${opportunity.closeDate ?? '?'})`;
    const already = opportunity.stiggSubscriptionId
      ? [`already provisioned: Stigg subscription ${opportunity.stiggSubscriptionId}${opportunity.provisioningStatus ? ` (${opportunity.provisioningStatus})` : ''}`]
      : [];
    if (plan) {
      // The plan's own warnings (a line skipped, a price not sent with the default input) are notes:
      // the gateway can provision the deal as previewed.
      const details = [...already, ...planDetails(plan), ...plan.warnings.map((w) => `plan warning: ${w}`)];
      section.ok(opportunity.id, `${title}: ${planSummary(plan)}`, details);
    } else if (error instanceof GatewayError && DEAL_PRECONDITIONS.has(error.code)) {
      section.warn(opportunity.id, `${title}: provisioning would be refused (${error.code})`, [...already, error.message]);
    } else {
      section.fail(opportunity.id, `${title}: the preview failed: ${describeError(error)}`, already);
    }
  });
}

function planSummary(plan: ProvisioningPlan): string {
  const what = plan.kind === 'TRIAL' ? 'trial of' : 'subscription to';
  const period = plan.billingPeriod ? `, ${plan.billingPeriod.toLowerCase()}` : '';
  const customer = `customer ${plan.customerId} (${plan.customerExists ? 'existing' : 'new'})`;
  return `${what} ${plan.planId}${period} for ${customer}, payment ${plan.paymentCollectionMethod}`;
}

function planDetails(plan: ProvisioningPlan): string[] {
  const details: string[] = [];
  const list = (label: string, items: string[]) => { if (items.length > 0) details.push(`${label}: ${items.join(', ')}`); };
  list('billable features', plan.billableFeatures.map((f) => `${f.featureId} × ${f.quantity}`));
  list('add-ons', plan.addons.map((a) => `${a.addonId} × ${a.quantity}`));
  list('entitlements', plan.entitlements.map((e) => (e.hasUnlimitedUsage ? `${e.featureId} (unlimited)` : e.usageLimit !== null ? `${e.featureId} ≤ ${e.usageLimit}` : e.featureId)));
  list('credit entitlements', plan.creditEntitlements.map((c) => `${c.currencyId} ${c.amount}/${String(c.cadence).toLowerCase()}`));
  if (plan.priceOverrides.length > 0) details.push(`price overrides: ${plan.priceOverrides.length}`);
  return details;
}
