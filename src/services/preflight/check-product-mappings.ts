import { RequestLoaders } from '../loaders/request-loaders';
import { ProductMappings, ProductMappingView } from '../catalog/product-mappings';
import { describeError } from './describe-error';
import { CheckStatus, SectionBuilder } from './preflight-report';

/**
 * VALID is ✓. An id Stigg does not have, or of the wrong kind, is ✗: a deal with that product
 * cannot be provisioned. An inactive product is ! : it is refused on a deal too, but retiring a
 * product is normal (fix it only if open deals still carry it).
 */
const STATUS_OF: Readonly<Record<ProductMappingView['status'], CheckStatus>> = {
  VALID: 'ok',
  UNKNOWN_STIGG_ID: 'fail',
  WRONG_KIND: 'fail',
  INACTIVE_PRODUCT: 'warn',
};

/** Every product with a Stigg Type, validated against the catalog by the `productMappings` query's service. */
export async function checkProductMappings(section: SectionBuilder, productMappings: ProductMappings, loaders: RequestLoaders): Promise<void> {
  let mappings: ProductMappingView[];
  try {
    mappings = await productMappings.list(loaders);
  } catch (err) {
    section.fail('read', `Could not read the product mappings: ${describeError(err)}`);
    return;
  }
  if (mappings.length === 0) {
    section.warn('none', 'No product has a Stigg Type: no line item would map to Stigg');
    return;
  }
  for (const m of mappings) {
    const target = `${m.rawStiggType} → ${m.stiggId === '' ? '(no Stigg ID)' : m.stiggId}`;
    const status = STATUS_OF[m.status];
    const message = `${m.productName} (${m.productId}): ${target}${status === 'ok' ? '' : ` — ${m.status}`}`;
    section.add(status, m.productId, message, m.problem ? [m.problem] : undefined);
  }
}
