/**
 * Loads the versioned Salesforce seed fixture (`salesforce.json`) into a store.
 *
 * The bundled fixture is imported as a JSON module so that it ships with a `tsc` build
 * (dist/src/sandbox/seed/salesforce.json) and works from ts-jest alike; a `seedDir`
 * (SANDBOX_SEED) replaces it with `<seedDir>/salesforce.json` read from disk.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bundledSeed from '../seed/salesforce.json';
import { SfError } from './errors';
import { normalizeId } from './ids';
import { objectByKeyPrefix, objectDef } from './schema';
import { Rec, Store } from './store';

export interface SalesforceSeed {
  description?: string;
  version?: number;
  /** Values applied to every record that has the field and does not set it (e.g. CreatedDate). */
  defaults?: Rec;
  /** Records per sObject; ids are optional (records without one get an id from the created range). */
  records: Record<string, Rec[]>;
}

/** Parents before children, so that references resolve. */
export const LOAD_ORDER = [
  'Pricebook2',
  'Product2',
  'PricebookEntry',
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityLineItem',
  'OpportunityContactRole',
];

export function readSeed(seedDir?: string): SalesforceSeed {
  if (!seedDir) return JSON.parse(JSON.stringify(bundledSeed)) as SalesforceSeed;
  const file = join(seedDir, 'salesforce.json');
  return JSON.parse(readFileSync(file, 'utf8')) as SalesforceSeed;
}

export function loadSeed(store: Store, seed: SalesforceSeed): void {
  const unknown = Object.keys(seed.records ?? {}).filter((k) => !LOAD_ORDER.includes(objectDef(k)?.name ?? ''));
  if (unknown.length) throw new Error(`salesforce seed: unknown sObject(s): ${unknown.join(', ')}`);
  const byName = new Map(Object.entries(seed.records ?? {}).map(([k, v]) => [objectDef(k)!.name, v]));
  for (const name of LOAD_ORDER) {
    const obj = objectDef(name)!;
    (byName.get(name) ?? []).forEach((raw, i) => {
      try {
        const { Id, ...rest } = raw;
        let id: string | undefined;
        if (Id !== undefined) {
          id = normalizeId(Id) ?? undefined;
          if (!id || objectByKeyPrefix(id)?.name !== name) throw new Error(`bad ${name} id ${String(Id)}`);
          if (store.get(obj, id)) throw new Error(`duplicate id ${id}`);
        }
        const defaults = Object.fromEntries(Object.entries(seed.defaults ?? {}).filter(([k]) => obj.fieldMap.has(k.toLowerCase())));
        const body = store.coerceBody(obj, { ...defaults, ...rest });
        store.insert(obj, body, { seed: true, id });
      } catch (e) {
        const detail = e instanceof SfError ? `${e.errorCode}: ${e.message}` : (e as Error).message;
        throw new Error(`salesforce seed: ${name}[${i}]: ${detail}`);
      }
    });
  }
  store.commit();
}
