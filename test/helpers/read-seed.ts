import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bundled Salesforce seed (src/sandbox/seed/salesforce.json) and what the read API should
 * answer for it, derived here from the raw records the way Salesforce derives its fields:
 * TotalPrice = Quantity x UnitPrice x (1 - Discount/100), ListPrice from the price book entry,
 * Amount = the sum of the lines' TotalPrice, IsWon/IsClosed from the stage.
 */
type Raw = Record<string, any>;

const seed = JSON.parse(readFileSync(join(__dirname, '../../src/sandbox/seed/salesforce.json'), 'utf8')) as { records: Record<string, Raw[]> };
const records = (sobject: string): Raw[] => seed.records[sobject] ?? [];

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface ExpectedLineItem {
  id: string;
  quantity: number;
  discount: number | null;
  salesPrice: { amount: number; currency: string };
  listPrice: { amount: number; currency: string };
  totalPrice: { amount: number; currency: string };
  product: { id: string; name: string; productCode: string | null; isActive: boolean };
}

export interface ExpectedOpportunity {
  id: string;
  name: string;
  stageName: string;
  isClosed: boolean;
  isWon: boolean;
  closeDate: string;
  amount: { amount: number; currency: string } | null;
  accountId: string;
  lineItems: ExpectedLineItem[];
}

export const seedProducts = (): Raw[] => records('Product2');
export const seedAccounts = (): Raw[] => records('Account');
export const seedContacts = (): Raw[] => records('Contact');

export function seedLineItems(opportunityId: string): ExpectedLineItem[] {
  const entries = new Map(records('PricebookEntry').map((e) => [e.Id, e]));
  const products = new Map(records('Product2').map((p) => [p.Id, p]));
  return records('OpportunityLineItem')
    .filter((l) => l.OpportunityId === opportunityId)
    .sort((a, b) => a.Id.localeCompare(b.Id))
    .map((l) => {
      const entry = entries.get(l.PricebookEntryId)!;
      const product = products.get(entry.Product2Id)!;
      const currency = entry.CurrencyIsoCode;
      const discount = l.Discount ?? null;
      return {
        id: l.Id,
        quantity: l.Quantity,
        discount,
        salesPrice: { amount: l.UnitPrice, currency },
        listPrice: { amount: entry.UnitPrice, currency },
        totalPrice: { amount: round2(l.Quantity * l.UnitPrice * (1 - (discount ?? 0) / 100)), currency },
        product: { id: product.Id, name: product.Name, productCode: product.ProductCode ?? null, isActive: product.IsActive === true },
      };
    });
}

export function seedOpportunities(): ExpectedOpportunity[] {
  return records('Opportunity').map((o) => {
    const lineItems = seedLineItems(o.Id);
    return {
      id: o.Id,
      name: o.Name,
      stageName: o.StageName,
      isClosed: o.StageName === 'Closed Won' || o.StageName === 'Closed Lost',
      isWon: o.StageName === 'Closed Won',
      closeDate: o.CloseDate,
      amount: lineItems.length > 0 ? { amount: round2(lineItems.reduce((sum, l) => sum + l.totalPrice.amount, 0)), currency: o.CurrencyIsoCode } : null,
      accountId: o.AccountId,
      lineItems,
    };
  }).sort((a, b) => a.id.localeCompare(b.id));
}

export function seedOpportunity(id: string): ExpectedOpportunity {
  const found = seedOpportunities().find((o) => o.id === id);
  if (!found) throw new Error(`no seeded opportunity ${id}`);
  return found;
}

/** Seeded opportunity ids matching a predicate, in id order. */
export function seedOpportunityIds(predicate: (o: ExpectedOpportunity) => boolean): string[] {
  return seedOpportunities().filter(predicate).map((o) => o.id);
}
