import { ProductMapping } from '../../domain/product-mapping';
import { Product } from '../../domain/salesforce-records';
import { RequestLoaders } from '../../context/request-loaders';
import { SalesforceRecords } from '../salesforce/salesforce-records';
import { validateProductMapping } from './validate-product-mapping';

/** Product mappings (Stigg Type / Stigg ID on Product2) checked against the Stigg catalog. */
export class ProductMappings {
  constructor(private readonly records: SalesforceRecords) {}

  /** Every product with a Stigg Type, validated: one Salesforce query and one catalog read. */
  async list(loaders: RequestLoaders): Promise<ProductMapping[]> {
    const [products, catalog] = await Promise.all([this.records.mappedProducts(), loaders.catalog()]);
    return products.map((p) => validateProductMapping(p, catalog)).filter((m): m is ProductMapping => m !== null);
  }

  async ofProduct(loaders: RequestLoaders, product: Product): Promise<ProductMapping | null> {
    if (!product.stiggType) return null;
    return validateProductMapping(product, await loaders.catalog());
  }
}
