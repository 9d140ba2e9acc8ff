import { GatewayConfig } from '../../config/gateway-config';
import { RequestLoaders } from '../loaders/request-loaders';
import { StiggGateway } from '../stigg/stigg-gateway';
import { checkProductMappings } from './check-product-mappings';
import { checkSalesforceFields, FieldObject } from './check-salesforce-fields';
import { checkSalesforceLogin } from './check-salesforce-login';
import { checkStiggCatalog } from './check-stigg-catalog';
import { loadPreflightConfig } from './preflight-config';
import { PreflightReport, preflightReport, ReportSection, SectionBuilder } from './preflight-report';
import {
  openPreflightSalesforce, openPreflightStigg, preflightLoaders, PreflightSalesforce, previewOnlyProvisioning,
} from './preflight-services';
import { DEFAULT_PREVIEW_LIMIT, previewRecentWonOpportunities } from './preview-won-opportunities';
import { redactReport, secretsOf } from './redact-secrets';
import { gatewayUpstreamPolicies } from '../resilience/gateway-upstream-policies';

export interface PreflightOptions {
  /** The variables the gateway would read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Won opportunities to preview (default 10). */
  limit?: number;
}

/** Share of the daily API allowance from which the report warns (the gateway sheds reads at 95%). */
const API_USAGE_WARNING = 0.9;

/**
 * `npm run preflight`: logs in to Salesforce and Stigg with the gateway's configuration, checks
 * the custom fields, loads the Stigg catalog, validates every product mapping and previews the
 * most recent won opportunities, through the gateway's own services. It writes nothing: no
 * journal is opened, Salesforce's only write door is shut, and only reads and previews run.
 */
export async function runPreflight(options: PreflightOptions = {}): Promise<PreflightReport> {
  const env = options.env ?? process.env;
  const limit = options.limit ?? DEFAULT_PREVIEW_LIMIT;
  const loaded = loadPreflightConfig(env);
  const sections: ReportSection[] = [loaded.section];
  if (loaded.config) sections.push(...(await checkUpstreams(loaded.config, limit)));
  return redactReport(preflightReport(sections), secretsOf(env));
}

async function checkUpstreams(config: GatewayConfig, limit: number): Promise<ReportSection[]> {
  const auth = config.salesforce.auth!;
  const apiKey = config.stigg.apiKey!;
  const policies = gatewayUpstreamPolicies(config);
  const salesforceSection = new SectionBuilder('salesforce', 'Salesforce: login and custom fields');
  const stiggSection = new SectionBuilder('stigg', 'Stigg: login and catalog');
  const mappingSection = new SectionBuilder('productMappings', 'Product mappings (Product2 Stigg Type / Stigg ID against the Stigg catalog)');
  const previewSection = new SectionBuilder('previews', `Most recent won opportunities (up to ${limit}): previewProvisioning with the default input`);
  const sections = [salesforceSection, stiggSection, mappingSection, previewSection];

  let stigg: StiggGateway | null = null;
  try {
    const [salesforce, stiggResult] = await Promise.all([
      checkSalesforceLogin(salesforceSection, auth, () => openPreflightSalesforce(config, auth, policies.salesforce)),
      checkStiggCatalog(stiggSection, config.stigg.baseUri, () => openPreflightStigg(config, apiKey, policies.stigg)),
    ]);
    stigg = stiggResult.stigg;
    const incomplete = salesforce ? await checkSalesforceFields(salesforceSection, salesforce.client, config.salesforce.fields) : null;

    const blocked = (needs: FieldObject[]): string | null => {
      if (!salesforce || !incomplete) return 'no Salesforce login';
      if (!stiggResult.catalog) return 'the Stigg catalog could not be loaded';
      const lacking = needs.filter((o) => incomplete.has(o));
      return lacking.length > 0 ? `${lacking.join(' and ')} ${lacking.length > 1 ? 'lack' : 'lacks'} a custom field` : null;
    };
    let loaders: RequestLoaders | null = null;
    const loadersFor = (sf: PreflightSalesforce, st: StiggGateway) => (loaders ??= preflightLoaders(sf, st));

    const mappingsBlocked = blocked(['Product2']);
    if (mappingsBlocked) mappingSection.skipped('skipped', 'Product mappings', mappingsBlocked);
    else await checkProductMappings(mappingSection, salesforce!.productMappings, loadersFor(salesforce!, stigg!));

    // An opportunity's preview reads all three objects (its row names Account's field, its lines Product2's).
    const previewsBlocked = blocked(['Opportunity', 'Account', 'Product2']);
    if (previewsBlocked) previewSection.skipped('skipped', 'Previews', previewsBlocked);
    else {
      await previewRecentWonOpportunities(previewSection, {
        client: salesforce!.client,
        records: salesforce!.records,
        loaders: loadersFor(salesforce!, stigg!),
        provisioning: previewOnlyProvisioning(config, salesforce!, stigg!),
      }, limit);
    }

    const usage = salesforce?.client.apiUsage;
    if (usage && usage.limit > 0) {
      const share = usage.used / usage.limit;
      const text = `API usage: ${usage.used.toLocaleString('en-US')} of ${usage.limit.toLocaleString('en-US')} requests in the last 24 hours`;
      if (share >= API_USAGE_WARNING) salesforceSection.warn('apiUsage', `${text}: the gateway sheds reads at 95% of the allowance`);
      else salesforceSection.ok('apiUsage', text);
    }
  } finally {
    await stigg?.close().catch(() => undefined);
  }
  return sections.map((s) => s.build());
}
