import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Imported (not read from disk) so that a tsc build copies the bundled seed next to this module.
import bundledSeed from '../seed/stigg.json';

export type SeedBillingPeriod = 'MONTHLY' | 'ANNUALLY';
export type SeedBillingModel = 'FLAT_FEE' | 'PER_UNIT' | 'USAGE_BASED' | 'CREDIT_BASED';
export type SeedPricingType = 'FREE' | 'PAID' | 'CUSTOM';

export interface SeedPrice {
  billingPeriod: SeedBillingPeriod;
  billingModel: SeedBillingModel;
  /** null for a base charge (flat fee) */
  featureId: string | null;
  amount: number;
  currency: string;
  minUnitQuantity?: number | null;
  maxUnitQuantity?: number | null;
  /** a credits charge (Stigg docs: Credits charge): the custom currency sold; `amount` is the price of one credit */
  customCurrencyId?: string | null;
  creditGrantCadence?: 'BEGINNING_OF_BILLING_PERIOD' | 'MONTHLY' | null;
}

export interface SeedEntitlement {
  featureId: string;
  usageLimit?: number | null;
  hasUnlimitedUsage?: boolean;
  hasSoftLimit?: boolean;
  resetPeriod?: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR' | null;
}

export interface StiggSeed {
  apiKey?: string;
  products: Array<{
    id: string;
    displayName: string;
    description?: string | null;
    multipleSubscriptions: boolean;
    downgradePlanId?: string | null;
  }>;
  features: Array<{
    id: string;
    displayName: string;
    description?: string | null;
    featureType: 'BOOLEAN' | 'NUMBER' | 'ENUM';
    meterType: 'None' | 'Fluctuating' | 'Incremental';
    units?: string | null;
    unitsPlural?: string | null;
  }>;
  customCurrencies: Array<{
    id: string;
    displayName: string;
    symbol?: string | null;
    description?: string | null;
    units?: { singular: string; plural: string } | null;
    archived?: boolean;
  }>;
  plans: Array<{
    id: string;
    productId: string;
    displayName: string;
    description?: string | null;
    pricingType: SeedPricingType;
    defaultTrial?: { duration: number; units: 'DAY' | 'MONTH'; trialEndBehavior?: 'CONVERT_TO_PAID' | 'CANCEL_SUBSCRIPTION' } | null;
    prices: SeedPrice[];
    entitlements: SeedEntitlement[];
    compatibleAddonIds?: string[];
  }>;
  addons: Array<{
    id: string;
    displayName: string;
    description?: string | null;
    pricingType: SeedPricingType;
    maxQuantity?: number | null;
    prices: SeedPrice[];
    entitlements: SeedEntitlement[];
  }>;
  customers: Array<{
    id: string;
    name?: string | null;
    email?: string | null;
    salesforceId?: string | null;
    billingId?: string | null;
    metadata?: Record<string, unknown> | null;
    paymentMethod?: { type: 'CARD' | 'BANK'; last4Digits: string; expirationMonth: number; expirationYear: number } | null;
  }>;
}

/** The seed: `<seedDir>/stigg.json` when a directory is given, else the bundled `src/sandbox/seed/stigg.json`. */
export function loadStiggSeed(seedDir?: string): StiggSeed {
  if (!seedDir) return JSON.parse(JSON.stringify(bundledSeed)) as StiggSeed;
  const file = join(seedDir, 'stigg.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Stigg sandbox seed not found: ${file} (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text) as StiggSeed;
  } catch (err) {
    throw new Error(`Stigg sandbox seed is not valid JSON: ${file} (${(err as Error).message})`);
  }
}
