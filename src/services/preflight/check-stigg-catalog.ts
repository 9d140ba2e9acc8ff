import { StiggCatalog } from '../../domain/stigg-catalog';
import { GatewayError } from '../../errors/gateway-error';
import { StiggGateway } from '../stigg/stigg-gateway';
import { describeError, upstreamCodeOf } from './describe-error';
import { SectionBuilder } from './preflight-report';

/** Ids shown per kind of catalog entity before "and N more". */
const IDS_SHOWN = 12;

/**
 * Opens the Stigg client and loads the catalog through the gateway's loader
 * (StiggBatchReader.catalog: every page of plans, add-ons, features and custom currencies; cached
 * for 60 s, so the mapping check and the previews reuse it). The catalog is the first call made
 * with the API key: it is the login check too. Null when either failed.
 */
export async function checkStiggCatalog(
  section: SectionBuilder, baseUri: string, open: () => Promise<StiggGateway>,
): Promise<{ stigg: StiggGateway; catalog: StiggCatalog } | { stigg: StiggGateway | null; catalog: null }> {
  let stigg: StiggGateway;
  try {
    stigg = await open();
  } catch (err) {
    section.fail('login', `Could not open the Stigg client for ${baseUri}: ${describeError(err)}`);
    return { stigg: null, catalog: null };
  }
  let catalog: StiggCatalog;
  try {
    catalog = await stigg.reader.catalog();
  } catch (err) {
    if (upstreamCodeOf(err) === 'Unauthenticated') {
      section.fail('login', `Stigg at ${baseUri} refused the API key (STIGG_API_KEY): ${describeError(err)}`);
    } else if (err instanceof GatewayError && err.code === 'UPSTREAM_REJECTED') {
      // Stigg answered, past its key check: the key is good, the catalog query is not.
      section.ok('login', `Logged in to ${baseUri} (the API key was accepted)`);
      section.fail('catalog', `Stigg answered the catalog query with an error: ${describeError(err)}`);
    } else {
      section.fail('login', `Could not load the Stigg catalog from ${baseUri}: ${describeError(err)}`);
    }
    return { stigg, catalog: null };
  }
  section.ok('login', `Logged in to ${baseUri} (the API key was accepted)`);
  const counts = `${plural(catalog.plans.length, 'plan')}, ${plural(catalog.addons.length, 'add-on')}, `
    + `${plural(catalog.features.length, 'feature')}, ${plural(catalog.customCurrencies.length, 'custom currency', 'custom currencies')}`;
  const details = [
    listed('plans', catalog.plans.map((p) => p.id)),
    listed('add-ons', catalog.addons.map((a) => a.id)),
    listed('features', catalog.features.map((f) => f.id)),
    listed('custom currencies', catalog.customCurrencies.map((c) => c.id)),
  ].filter((line): line is string => line !== null);
  if (catalog.plans.length === 0) {
    section.warn('catalog', `Catalog loaded, but it has no plan (${counts}): every provisioning would fail with PLAN_MISSING`, details);
  } else {
    section.ok('catalog', `Catalog loaded: ${counts}`, details);
  }
  return { stigg, catalog };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listed(kind: string, ids: string[]): string | null {
  if (ids.length === 0) return null;
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  return `${kind}: ${shown}${ids.length > IDS_SHOWN ? ` and ${ids.length - IDS_SHOWN} more` : ''}`;
}
