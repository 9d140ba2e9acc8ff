/**
 * The emulator's in-memory org: records per sObject, derived fields computed at read time, and
 * the validation rules applied on create/update/delete (each rule cites its source in the tests).
 */
import { SfError } from './errors';
import { CREATED_ID_BASE, makeId, normalizeId } from './ids';
import {
  FieldDef,
  ObjectDef,
  OPPORTUNITY_STAGES,
  SCHEMA,
  isComputed,
  objectByKeyPrefix,
  objectDef,
} from './schema';

export type Rec = Record<string, unknown>;

/**
 * One record's writes in one committed transaction, as change-event listeners see them
 * (src/sandbox/pubsub): the first kind of change the transaction made to the record (Change Data
 * Capture: one event per record per transaction, of the initial change type), every field's value
 * as `read` gives it (derived ones such as IsWon included) before the transaction and after it.
 */
export interface CommittedChange {
  object: string;
  id: string;
  changeType: 'CREATE' | 'UPDATE' | 'DELETE';
  /** null for CREATE */
  before: Rec | null;
  after: Rec;
}

/** Called after each commit that changed records (seed loading excepted), with the commit's time. */
export type CommitListener = (changes: CommittedChange[], committedAt: Date) => void;

/** Salesforce's REST dateTime format: 2026-01-31T09:00:00.000+0000 */
export function formatDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** Parses the datetime forms Salesforce accepts (Z, +hh:mm, +hhmm, with or without millis). */
export function parseDateTime(v: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) return null;
  let zone = m[4] ?? 'Z';
  if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ''}${zone}`);
  return isNaN(d.getTime()) ? null : d;
}

export function isValidDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Child lookups that block a parent's delete (assumption: Salesforce refuses with DELETE_FAILED). */
const RESTRICT_DELETE = new Set(['OpportunityLineItem.PricebookEntryId', 'OpportunityLineItem.Product2Id']);

export class Store {
  readonly tables = new Map<string, Map<string, Rec>>();
  private counters = new Map<string, number>();
  private undoLog: Array<() => void> = [];
  /** Records changed since the last commit, for commit listeners: the first change type and the values before it. */
  private touched = new Map<string, { obj: ObjectDef; changeType: CommittedChange['changeType']; before: Rec | null }>();
  private commitListeners: CommitListener[] = [];
  /** Clock used for CreatedDate/LastModifiedDate (tests may replace it). */
  now: () => Date = () => new Date();

  constructor() {
    for (const o of SCHEMA.values()) this.tables.set(o.name, new Map());
  }

  // ---------------------------------------------------------------- reading

  table(obj: ObjectDef | string): Map<string, Rec> {
    const name = typeof obj === 'string' ? objectDef(obj)!.name : obj.name;
    return this.tables.get(name)!;
  }

  /** Any record (deleted or not) by an id in any accepted form. */
  find(id: unknown): { obj: ObjectDef; rec: Rec } | undefined {
    const norm = normalizeId(id);
    if (!norm) return undefined;
    const obj = objectByKeyPrefix(norm);
    if (!obj) return undefined;
    const rec = this.table(obj).get(norm);
    return rec ? { obj, rec } : undefined;
  }

  get(obj: ObjectDef | string, id: unknown): Rec | undefined {
    const norm = normalizeId(id);
    return norm ? this.table(obj).get(norm) : undefined;
  }

  /** Live (not deleted) records of an object in creation order. */
  live(obj: ObjectDef | string): Rec[] {
    return [...this.table(obj).values()].filter((r) => !r.IsDeleted);
  }

  /** Children of a parent record through a child relationship. */
  children(parent: ObjectDef, relationshipLower: string, parentId: string, includeDeleted = false): Rec[] {
    const rel = parent.childRelationships.get(relationshipLower);
    if (!rel) return [];
    const out: Rec[] = [];
    for (const r of this.table(rel.childSObject).values()) {
      if (r[rel.field] === parentId && (includeDeleted || !r.IsDeleted)) out.push(r);
    }
    return out;
  }

  standardPricebook(): Rec | undefined {
    return this.live('Pricebook2').find((p) => p.IsStandard === true);
  }

  /** A field's value, computing derived fields (TotalPrice, Amount, IsWon, Name...). */
  read(obj: ObjectDef, rec: Rec, field: FieldDef | string): unknown {
    const f = typeof field === 'string' ? obj.fieldMap.get(field.toLowerCase()) : field;
    if (!f) return undefined;
    if (!isComputed(obj, f)) return rec[f.name] ?? (f.type === 'boolean' ? false : null);
    switch (`${obj.name}.${f.name}`) {
      case 'Contact.Name':
        return [rec.FirstName, rec.LastName].filter((x) => x != null && x !== '').join(' ') || null;
      case 'Opportunity.IsClosed':
        return OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName)?.closed ?? false;
      case 'Opportunity.IsWon':
        return OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName)?.won ?? false;
      case 'Opportunity.HasOpportunityLineItem':
        return this.lineItems(rec.Id as string).length > 0;
      case 'Opportunity.Amount': {
        const lines = this.lineItems(rec.Id as string);
        if (lines.length === 0) return rec.Amount ?? null;
        const oli = objectDef('OpportunityLineItem')!;
        return round2(lines.reduce((sum, l) => sum + (this.read(oli, l, 'TotalPrice') as number), 0));
      }
      case 'OpportunityLineItem.Subtotal':
        return round2(Number(rec.Quantity ?? 0) * Number(rec.UnitPrice ?? 0));
      case 'OpportunityLineItem.TotalPrice':
        return round2(Number(rec.Quantity ?? 0) * Number(rec.UnitPrice ?? 0) * (1 - Number(rec.Discount ?? 0) / 100));
      case 'OpportunityLineItem.Name': {
        const opp = this.get('Opportunity', rec.OpportunityId);
        const product = this.get('Product2', rec.Product2Id);
        return [opp?.Name, product?.Name].filter(Boolean).join(' ');
      }
      case 'OpportunityLineItem.ProductCode':
      case 'PricebookEntry.ProductCode':
        return this.get('Product2', rec.Product2Id)?.ProductCode ?? null;
      case 'PricebookEntry.Name':
        return this.get('Product2', rec.Product2Id)?.Name ?? null;
      default:
        return rec[f.name] ?? null;
    }
  }

  private lineItems(opportunityId: string): Rec[] {
    return this.children(objectDef('Opportunity')!, 'opportunitylineitems', opportunityId);
  }

  /** A record as the REST API renders it: attributes first, then the fields asked for (all by default). */
  render(obj: ObjectDef, rec: Rec, base: string, fields?: FieldDef[]): Rec {
    const out: Rec = { attributes: { type: obj.name, url: `${base}/sobjects/${obj.name}/${rec.Id}` } };
    for (const f of fields ?? obj.fields) out[f.name] = this.read(obj, rec, f);
    return out;
  }

  // ---------------------------------------------------------------- transactions

  /** A savepoint: rollback(savepoint) undoes every change made after it. */
  savepoint(): number {
    return this.undoLog.length;
  }

  rollback(savepoint: number): void {
    while (this.undoLog.length > savepoint) this.undoLog.pop()!();
  }

  /** Forget undo history (called after each HTTP request commits), then tell commit listeners what changed. */
  commit(): void {
    this.undoLog = [];
    if (this.touched.size === 0) return;
    const touched = [...this.touched];
    this.touched = new Map();
    const changes = touched.map(([id, t]): CommittedChange => ({
      object: t.obj.name,
      id,
      changeType: t.changeType,
      before: t.before,
      after: this.fieldValues(t.obj, this.table(t.obj).get(id)!),
    }));
    const committedAt = this.now();
    for (const listener of this.commitListeners) {
      try {
        listener(changes, committedAt);
      } catch (e) {
        // A listener's failure never fails the write that committed.
        process.emitWarning(`salesforce emulator: commit listener failed: ${(e as Error)?.message ?? String(e)}`);
      }
    }
  }

  /** Registers a commit listener; returns the function that removes it. */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.push(listener);
    return () => {
      this.commitListeners = this.commitListeners.filter((l) => l !== listener);
    };
  }

  private fieldValues(obj: ObjectDef, rec: Rec): Rec {
    return Object.fromEntries(obj.fields.map((f) => [f.name, this.read(obj, rec, f)]));
  }

  /** Notes a record's first change in this transaction (undone with it) while anyone listens to commits. */
  private touch(rec: Rec, changeType: CommittedChange['changeType'], obj?: ObjectDef): void {
    if (this.commitListeners.length === 0 || typeof rec.Id !== 'string' || this.touched.has(rec.Id)) return;
    const def = obj ?? objectByKeyPrefix(rec.Id);
    if (!def) return;
    const id = rec.Id;
    this.touched.set(id, { obj: def, changeType, before: changeType === 'CREATE' ? null : this.fieldValues(def, rec) });
    this.undoLog.push(() => this.touched.delete(id));
  }

  private setField(rec: Rec, name: string, value: unknown): void {
    this.touch(rec, 'UPDATE');
    const had = Object.prototype.hasOwnProperty.call(rec, name);
    const previous = rec[name];
    rec[name] = value;
    this.undoLog.push(() => {
      if (had) rec[name] = previous;
      else delete rec[name];
    });
  }

  nextId(obj: ObjectDef): string {
    const n = (this.counters.get(obj.name) ?? CREATED_ID_BASE) + 1;
    this.counters.set(obj.name, n);
    return makeId(obj.keyPrefix, n);
  }

  // ---------------------------------------------------------------- writing

  /**
   * Request-level checks (the whole request fails with 400, as Salesforce's JSON deserialiser does):
   * unknown fields (INVALID_FIELD) and values of the wrong JSON type (JSON_PARSER_ERROR).
   * Returns the body with canonical field names and coerced values.
   */
  coerceBody(obj: ObjectDef, body: unknown): Rec {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new SfError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${obj.name} from ${Array.isArray(body) ? 'START_ARRAY' : 'VALUE_STRING'} value`);
    }
    const out: Rec = {};
    for (const [key, raw] of Object.entries(body as Rec)) {
      if (key === 'attributes') continue;
      const f = obj.fieldMap.get(key.toLowerCase());
      if (!f) throw new SfError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${obj.name}`);
      out[f.name] = coerceValue(f, raw);
    }
    return out;
  }

  /** Creates a record (after validation). Throws SfError for record-level failures. */
  insert(obj: ObjectDef, body: Rec, opts: { seed?: boolean; id?: string } = {}): string {
    if (!opts.seed) {
      const notWritable = Object.keys(body).filter((k) => !obj.fieldMap.get(k.toLowerCase())!.createable);
      if (notWritable.length) throw notWritableError(notWritable);
    }
    const rec: Rec = {};
    for (const f of obj.fields) {
      if (f.name === 'Id' || isComputed(obj, f)) continue;
      if (f.defaultValue !== null && f.defaultValue !== undefined) rec[f.name] = f.defaultValue;
    }
    Object.assign(rec, body);
    this.validate(obj, rec, undefined, body, !!opts.seed);
    const now = formatDateTime(this.now());
    const id = opts.id ?? this.nextId(obj);
    rec.Id = id;
    rec.IsDeleted = rec.IsDeleted === true && opts.seed ? true : false;
    rec.CreatedDate = (opts.seed && rec.CreatedDate) || now;
    rec.LastModifiedDate = (opts.seed && rec.LastModifiedDate) || rec.CreatedDate;
    rec.SystemModstamp = (opts.seed && rec.SystemModstamp) || rec.LastModifiedDate;
    const table = this.table(obj);
    table.set(id, rec);
    this.undoLog.push(() => table.delete(id));
    if (!opts.seed) this.touch(rec, 'CREATE', obj);
    return id;
  }

  update(obj: ObjectDef, id: string, body: Rec): void {
    const rec = this.get(obj, id);
    if (!rec) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (rec.IsDeleted) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    const notWritable = Object.keys(body).filter((k) => k !== 'Id' && !obj.fieldMap.get(k.toLowerCase())!.updateable);
    if (notWritable.length) throw notWritableError(notWritable);
    const { Id: _ignored, ...changes } = body;
    const merged: Rec = { ...rec, ...changes };
    this.validate(obj, merged, rec, changes, false);
    for (const [k, v] of Object.entries(merged)) if (rec[k] !== v) this.setField(rec, k, v);
    const now = formatDateTime(this.now());
    this.setField(rec, 'LastModifiedDate', now);
    this.setField(rec, 'SystemModstamp', now);
  }

  /** Soft delete (to the recycle bin: IsDeleted = true, visible to queryAll) with cascades. */
  delete(obj: ObjectDef, id: string): void {
    const rec = this.get(obj, id);
    if (!rec) throw new SfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (rec.IsDeleted) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    if (obj.name === 'Pricebook2' && rec.IsStandard) {
      throw new SfError(400, 'DELETE_FAILED', 'Your attempt to delete the standard price book could not be completed');
    }
    for (const rel of obj.childRelationships.values()) {
      const child = objectDef(rel.childSObject)!;
      for (const c of this.children(obj, rel.relationshipName.toLowerCase(), rec.Id as string)) {
        if (RESTRICT_DELETE.has(`${rel.childSObject}.${rel.field}`)) {
          throw new SfError(
            400,
            'DELETE_FAILED',
            `Your attempt to delete ${String(this.read(obj, rec, 'Name') ?? rec.Id)} could not be completed because it is associated with the following ${child.labelPlural}: ${String(c.Id)}`,
          );
        }
      }
    }
    // Cascade: master-detail children and the cascading lookups go with the parent; other lookups are cleared.
    for (const rel of obj.childRelationships.values()) {
      const child = objectDef(rel.childSObject)!;
      for (const c of this.children(obj, rel.relationshipName.toLowerCase(), rec.Id as string)) {
        if (rel.cascadeDelete) this.delete(child, c.Id as string);
        else this.setField(c, rel.field, null);
      }
    }
    this.touch(rec, 'DELETE', obj);
    this.setField(rec, 'IsDeleted', true);
    const now = formatDateTime(this.now());
    this.setField(rec, 'LastModifiedDate', now);
    this.setField(rec, 'SystemModstamp', now);
  }

  /** Live records whose field equals value (case-insensitively for text, as external ids match). */
  findBy(obj: ObjectDef, field: FieldDef, value: string): Rec[] {
    if (field.type === 'id') {
      const rec = this.get(obj, value);
      return rec && !rec.IsDeleted ? [rec] : [];
    }
    const v = value.toLowerCase();
    return this.live(obj).filter((r) => r[field.name] != null && String(r[field.name]).toLowerCase() === v);
  }

  // ---------------------------------------------------------------- validation

  private validate(obj: ObjectDef, rec: Rec, existing: Rec | undefined, changes: Rec, seed: boolean): void {
    for (const [k, v] of Object.entries(changes)) {
      const f = obj.fieldMap.get(k.toLowerCase());
      if (!f || v === null || v === undefined) continue;
      if (f.type === 'picklist' && f.restrictedPicklist && !f.picklistValues.includes(String(v))) {
        throw new SfError(
          400,
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${f.label}: bad value for restricted picklist field: ${String(v)}`,
          [f.name],
        );
      }
      if (typeof v === 'string' && f.length && v.length > f.length && f.type !== 'reference' && f.type !== 'id') {
        throw new SfError(400, 'STRING_TOO_LONG', `${f.label}: data value too large: ${v} (max length=${f.length})`, [f.name]);
      }
      if (f.type === 'email' && !EMAIL.test(String(v))) {
        throw new SfError(400, 'INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${String(v)}`, [f.name]);
      }
    }
    const missing = obj.fields
      .filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate && !isComputed(obj, f))
      .filter((f) => rec[f.name] === null || rec[f.name] === undefined || rec[f.name] === '')
      .map((f) => f.name);
    if (missing.length) {
      throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    }
    for (const f of obj.fields) {
      if (f.type !== 'reference' || rec[f.name] == null) continue;
      if (existing && !(f.name in changes)) continue;
      const norm = normalizeId(rec[f.name]);
      if (!norm) {
        throw new SfError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${String(rec[f.name])}`, [f.name]);
      }
      rec[f.name] = norm;
      const target = this.find(norm);
      if (!target || target.obj.name !== f.referenceTo[0]) {
        throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [f.name]);
      }
      if (target.rec.IsDeleted) throw new SfError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [f.name]);
    }
    for (const f of obj.fields) {
      if (!f.unique || rec[f.name] == null || !(f.name in changes)) continue;
      const clash = this.findBy(obj, f, String(rec[f.name])).find((r) => r.Id !== rec.Id);
      if (clash) {
        throw new SfError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.Id)}`,
          [f.name],
        );
      }
    }
    switch (obj.name) {
      case 'Opportunity':
        return this.validateOpportunity(rec, existing, changes);
      case 'OpportunityLineItem':
        return this.deriveLineItem(rec, existing, seed);
      case 'PricebookEntry':
        return seed ? undefined : this.validatePricebookEntry(rec, existing);
      case 'OpportunityContactRole':
        return this.validateContactRole(rec);
      default:
        return;
    }
  }

  private validateOpportunity(rec: Rec, existing: Rec | undefined, changes: Rec): void {
    const stage = OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName);
    if ('StageName' in changes && !('Probability' in changes) && stage && (!existing || existing.StageName !== rec.StageName)) {
      rec.Probability = stage.probability;
    }
    if (existing && existing.Id) {
      const hasLines = this.lineItems(existing.Id as string).length > 0;
      if (hasLines && 'Pricebook2Id' in changes && changes.Pricebook2Id !== existing.Pricebook2Id) {
        throw new SfError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          'field integrity exception: Pricebook2Id (the price book of an opportunity with products cannot be changed)',
          ['Pricebook2Id'],
        );
      }
      if (hasLines && 'CurrencyIsoCode' in changes && changes.CurrencyIsoCode !== existing.CurrencyIsoCode) {
        throw new SfError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          'field integrity exception: CurrencyIsoCode (the currency of an opportunity with products cannot be changed)',
          ['CurrencyIsoCode'],
        );
      }
    }
  }

  private deriveLineItem(rec: Rec, existing: Rec | undefined, seed: boolean): void {
    const integrity = (field: string, detail: string) =>
      new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', `field integrity exception: ${field} (${detail})`, [field]);
    if (existing) {
      if (rec.UnitPrice == null) throw integrity('unknown', 'must specify either UnitPrice or TotalPrice');
      return;
    }
    const opp = this.get('Opportunity', rec.OpportunityId)!;
    const oppCurrency = (opp.CurrencyIsoCode as string) ?? 'USD';
    let pbe: Rec | undefined;
    if (rec.PricebookEntryId != null) {
      pbe = this.get('PricebookEntry', rec.PricebookEntryId);
      if (rec.Product2Id != null && pbe && pbe.Product2Id !== rec.Product2Id) {
        throw integrity('Product2Id', 'product does not match the price book entry');
      }
    } else if (rec.Product2Id != null) {
      const pricebookId = opp.Pricebook2Id ?? this.standardPricebook()?.Id;
      pbe = this.live('PricebookEntry').find(
        (e) =>
          e.Product2Id === rec.Product2Id &&
          e.Pricebook2Id === pricebookId &&
          e.CurrencyIsoCode === oppCurrency &&
          (seed || e.IsActive === true),
      );
      if (!pbe) throw integrity('Product2Id', "no active price book entry for this product in the opportunity's price book");
    } else {
      throw new SfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [PricebookEntryId]', ['PricebookEntryId']);
    }
    if (!pbe) throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['PricebookEntryId']);
    if (!seed) {
      if (opp.Pricebook2Id != null && pbe.Pricebook2Id !== opp.Pricebook2Id) {
        throw integrity('PricebookEntryId', 'pricebook entry is in a different pricebook than the one assigned to the opportunity');
      }
      if (pbe.CurrencyIsoCode !== oppCurrency) {
        throw integrity('PricebookEntryId', 'pricebook entry currency code does not match opportunity currency code');
      }
      if (pbe.IsActive !== true) throw integrity('PricebookEntryId', 'pricebook entry is inactive');
      const product = this.get('Product2', pbe.Product2Id);
      if (product && product.IsActive !== true) throw integrity('PricebookEntryId', 'product is inactive');
    }
    rec.PricebookEntryId = pbe.Id;
    rec.Product2Id = pbe.Product2Id;
    rec.ListPrice = pbe.UnitPrice;
    rec.CurrencyIsoCode = oppCurrency;
    if (rec.TotalPrice != null) {
      if (rec.UnitPrice != null) throw integrity('TotalPrice', 'cannot specify both UnitPrice and TotalPrice');
      const unitPrice = unitPriceFromTotal(Number(rec.TotalPrice), Number(rec.Quantity), Number(rec.Discount ?? 0));
      if (unitPrice === null) throw integrity('TotalPrice', 'no UnitPrice gives this TotalPrice for this Quantity and Discount');
      rec.UnitPrice = unitPrice;
    }
    delete rec.TotalPrice; // computed on read from Quantity, UnitPrice and Discount
    if (rec.UnitPrice == null) {
      if (!seed) throw integrity('unknown', 'must specify either UnitPrice or TotalPrice');
      rec.UnitPrice = pbe.UnitPrice;
    }
    if (opp.Pricebook2Id == null) this.setField(opp, 'Pricebook2Id', pbe.Pricebook2Id);
  }

  private validatePricebookEntry(rec: Rec, existing: Rec | undefined): void {
    if (existing) return;
    const book = this.get('Pricebook2', rec.Pricebook2Id)!;
    const currency = rec.CurrencyIsoCode ?? 'USD';
    const same = this.live('PricebookEntry').find(
      (e) => e.Pricebook2Id === rec.Pricebook2Id && e.Product2Id === rec.Product2Id && e.CurrencyIsoCode === currency,
    );
    if (same) throw new SfError(400, 'DUPLICATE_VALUE', 'This price definition already exists in this price book', []);
    if (!book.IsStandard) {
      const standard = this.standardPricebook();
      const hasStandard = this.live('PricebookEntry').some(
        (e) => e.Pricebook2Id === standard?.Id && e.Product2Id === rec.Product2Id && e.CurrencyIsoCode === currency,
      );
      if (!hasStandard) throw new SfError(400, 'STANDARD_PRICE_NOT_DEFINED', 'No standard price defined for this product', []);
    }
  }

  private validateContactRole(rec: Rec): void {
    if (rec.IsPrimary !== true) return;
    for (const other of this.children(objectDef('Opportunity')!, 'opportunitycontactroles', rec.OpportunityId as string)) {
      if (other !== rec && other.Id !== rec.Id && other.IsPrimary) this.setField(other, 'IsPrimary', false);
    }
  }
}

/**
 * The UnitPrice for which TotalPrice = Quantity × UnitPrice × (1 − Discount/100), unrounded so that
 * TotalPrice reads back as given; null when Quantity is 0 or the discount 100%.
 */
function unitPriceFromTotal(totalPrice: number, quantity: number, discountPercent: number): number | null {
  const discountedQuantity = quantity * (1 - discountPercent / 100);
  return discountedQuantity === 0 ? null : totalPrice / discountedQuantity;
}

function notWritableError(fields: string[]): SfError {
  return new SfError(
    400,
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    fields,
  );
}

function parserError(f: FieldDef, raw: unknown): SfError {
  const kind = { boolean: 'boolean', int: 'int', double: 'double', currency: 'double', percent: 'double', date: 'date', datetime: 'datetime' }[
    f.type as string
  ];
  const token = typeof raw === 'string' ? 'VALUE_STRING' : typeof raw === 'number' ? 'VALUE_NUMBER' : typeof raw === 'boolean' ? 'VALUE_TRUE' : 'START_OBJECT';
  return new SfError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${kind ?? 'string'} from ${token} value ${JSON.stringify(raw)} or request may be missing a required field`,
  );
}

/** JSON value -> stored value for a field (Salesforce stores '' as null in text fields). */
export function coerceValue(f: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === undefined) return f.type === 'boolean' ? false : null;
  if (typeof raw === 'object') throw parserError(f, raw);
  switch (f.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw parserError(f, raw);
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) throw parserError(f, raw);
      return f.type === 'int' ? Math.trunc(n) : n;
    }
    case 'date': {
      const s = String(raw);
      if (isValidDate(s)) return s;
      const dt = parseDateTime(s);
      if (dt) return dt.toISOString().slice(0, 10);
      throw parserError(f, raw);
    }
    case 'datetime': {
      const dt = parseDateTime(String(raw));
      if (!dt) throw parserError(f, raw);
      return formatDateTime(dt);
    }
    default: {
      const s = String(raw);
      return s === '' ? null : s;
    }
  }
}
