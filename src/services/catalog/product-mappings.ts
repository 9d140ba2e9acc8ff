import { ProductMapping, StiggTargetKind, StiggType } from '../../domain/product-mapping';
import { Product } from '../../domain/salesforce-records';
import { RequestLoaders } from '../loaders/request-loaders';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { RequestScope } from '../../observability/request-scope';
import { validateProductMapping } from './validate-product-mapping';

/** A mapping as the API shows it: `stiggType` is never null (the schema's field is non-null). */
export type ProductMappingView = ProductMapping & { stiggType: StiggType };

/** The Stigg Type a product pointing at this kind of entity would have. */
const TYPE_OF_TARGET: Readonly<Record<StiggTargetKind, StiggType>> = {
  PLAN: 'PLAN',
  ADDON: 'ADDON',
  FEATURE: 'ENTITLEMENT',
  CUSTOM_CURRENCY: 'CREDIT_ENTITLEMENT',
};

/**
 * A picklist value the gateway does not know (status WRONG_KIND, or INACTIVE_PRODUCT when the
 * product is inactive too) shows as the kind its Stigg ID points at, else ENTITLEMENT;
 * `rawStiggType` keeps the value itself.
 */
export function viewOf(mapping: ProductMapping): ProductMappingView {
  return { ...mapping, stiggType: mapping.stiggType ?? (mapping.target ? TYPE_OF_TARGET[mapping.target] : 'ENTITLEMENT') };
}

/** Product mappings (Stigg Type / Stigg ID on Product2) checked against the Stigg catalog. */
export class ProductMappings {
  constructor(private readonly records: SalesforceRecords) {}

  /** These reads for one request: their queries carry its id. */
  forRequest(scope: RequestScope, records: SalesforceRecords = this.records.forRequest(scope)): ProductMappings {
    return Object.create(this, { records: { value: records } }) as ProductMappings;
  }

  /** Every product with a Stigg Type, validated: one Salesforce query and the request's catalog. */
  async list(loaders: RequestLoaders): Promise<ProductMappingView[]> {
    const [products, catalog] = await Promise.all([this.records.mappedProducts(), loaders.catalog()]);
    return products.map((p) => validateProductMapping(p, catalog)).filter((m): m is ProductMapping => m !== null).map(viewOf);
  }

  async ofProduct(loaders: RequestLoaders, product: Product): Promise<ProductMappingView | null> {
    if (!product.stiggType?.trim()) return null;
    const mapping = validateProductMapping(product, await loaders.catalog());
    return mapping ? viewOf(mapping) : null;
  }
}
