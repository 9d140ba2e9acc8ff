/**
 * SOQL evaluation over the emulator's store. The text is parsed by @jetstreamapp/soql-parser-js
 * (`parseQuery`); this module only resolves names against the schema and evaluates the parsed tree.
 * Rules follow the SOQL and SOSL Reference (SELECT, Condition Expression Syntax, Logical Operators,
 * Comparison Operators, Quoted String Escape Sequences, Date Formats and Date Literals, ORDER BY,
 * LIMIT, OFFSET, COUNT(), Relationship Queries); each is cited by the tests.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { FieldType as ParsedFieldType, Query, Subquery, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SfError } from './errors';
import { normalizeId } from './ids';
import { FieldDef, ObjectDef, objectDef } from './schema';
import { Rec, Store, isValidDate, parseDateTime } from './store';

export interface QueryOutput {
  totalSize: number;
  records: Rec[];
}

const malformed = (message: string) => new SfError(400, 'MALFORMED_QUERY', message);

const noSuchColumn = (name: string, obj: ObjectDef) =>
  new SfError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

const badRelationship = (name: string) =>
  new SfError(
    400,
    'INVALID_FIELD',
    `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

interface Step {
  obj: ObjectDef;
  ref: FieldDef;
  target: ObjectDef;
}

interface Path {
  steps: Step[];
  obj: ObjectDef; // object holding the final field
  field: FieldDef;
  key: string; // canonical dotted path
}

type Selector =
  | { kind: 'field'; path: Path }
  | { kind: 'subquery'; relationshipName: string; plan: Plan; parentObj: ObjectDef; relLower: string };

interface Plan {
  obj: ObjectDef;
  count: boolean;
  selectors: Selector[];
  where?: (rec: Rec) => boolean;
  order?: (a: Rec, b: Rec) => number;
  limit?: number;
  offset?: number;
}

interface Ctx {
  store: Store;
  includeDeleted: boolean;
  base: string;
}

/** Parses, validates and runs a SOQL query; returns every matching row already rendered. */
export function runSoql(store: Store, soql: string, opts: { includeDeleted: boolean; base: string }): QueryOutput {
  if (!soql || !soql.trim()) throw malformed('unexpected token: <EOF>');
  let parsed: Query;
  try {
    parsed = parseQuery(soql) as Query;
  } catch (e) {
    throw malformed(firstLine((e as Error).message));
  }
  const ctx: Ctx = { store, ...opts };
  const obj = resolveObject(parsed.sObject);
  const plan = compile(ctx, parsed, obj, parsed.sObjectAlias, false);
  const rows = execute(ctx, plan, store.table(obj).values());
  if (plan.count) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((r) => render(ctx, plan, r)) };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  return line.length > 0 ? line : 'unexpected token';
}

function resolveObject(name: string | undefined): ObjectDef {
  const obj = name ? objectDef(name) : undefined;
  if (!obj) {
    throw new SfError(
      400,
      'INVALID_TYPE',
      `sObject type '${name ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return obj;
}

function splitPath(raw: string, alias: string | undefined, obj: ObjectDef): string[] {
  const parts = raw.split('.');
  if (parts.length > 1) {
    if (alias && parts[0].toLowerCase() === alias.toLowerCase()) parts.shift();
    else if (parts[0].toLowerCase() === obj.name.toLowerCase() && !obj.parentRelationships.has(parts[0].toLowerCase())) parts.shift();
  }
  return parts;
}

function resolvePath(obj: ObjectDef, parts: string[]): Path {
  const steps: Step[] = [];
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const ref = cur.parentRelationships.get(parts[i].toLowerCase());
    if (!ref) throw badRelationship(parts[i]);
    const target = objectDef(ref.referenceTo[0])!;
    steps.push({ obj: cur, ref, target });
    cur = target;
  }
  const last = parts[parts.length - 1];
  const field = cur.fieldMap.get(last.toLowerCase());
  if (!field) throw noSuchColumn(last, cur);
  const key = [...steps.map((s) => s.ref.relationshipName!), field.name].join('.');
  return { steps, obj: cur, field, key };
}

function compile(ctx: Ctx, q: Query | Subquery, obj: ObjectDef, alias: string | undefined, isSub: boolean): Plan {
  if (q.groupBy || q.having) throw malformed('GROUP BY and HAVING are not supported by the sandbox (assumption)');
  if (q.withDataCategory) throw malformed('WITH DATA CATEGORY is not supported by the sandbox (assumption)');
  const plan: Plan = { obj, count: false, selectors: [] };
  const seen = new Set<string>();
  const fields = (q.fields ?? []) as ParsedFieldType[];
  let fieldsFn: string | undefined;
  for (const f of fields) {
    switch (f.type) {
      case 'Field':
      case 'FieldRelationship': {
        const raw = f.type === 'Field' ? ((f as { rawValue?: string }).rawValue ?? f.field) : [...f.relationships, f.field].join('.');
        const path = resolvePath(obj, splitPath(raw, alias, obj));
        if (seen.has(path.key.toLowerCase())) throw malformed(`duplicate field selected: ${path.key}`);
        seen.add(path.key.toLowerCase());
        plan.selectors.push({ kind: 'field', path });
        break;
      }
      case 'FieldSubquery': {
        if (isSub) throw malformed('Nesting of semi join sub-selects is not supported');
        const sub = f.subquery;
        const relLower = sub.relationshipName.toLowerCase();
        const rel = obj.childRelationships.get(relLower);
        if (!rel) {
          throw new SfError(
            400,
            'INVALID_TYPE',
            `Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        const childObj = objectDef(rel.childSObject)!;
        const childPlan = compile(ctx, sub, childObj, sub.sObjectPrefix?.[0], true);
        plan.selectors.push({ kind: 'subquery', relationshipName: rel.relationshipName, plan: childPlan, parentObj: obj, relLower });
        break;
      }
      case 'FieldFunctionExpression': {
        const fn = f.functionName.toUpperCase();
        if (fn === 'COUNT' && f.parameters.length === 0 && !isSub) {
          plan.count = true;
        } else if (fn === 'FIELDS' && f.parameters.length === 1) {
          fieldsFn = String(f.parameters[0]).toUpperCase();
          const pick = obj.fields.filter((fd) =>
            fieldsFn === 'ALL' ? true : fieldsFn === 'CUSTOM' ? fd.custom : fieldsFn === 'STANDARD' ? !fd.custom : false,
          );
          if (!['ALL', 'CUSTOM', 'STANDARD'].includes(fieldsFn)) throw malformed(`unexpected token: ${fieldsFn}`);
          for (const fd of pick) {
            if (seen.has(fd.name.toLowerCase())) continue;
            seen.add(fd.name.toLowerCase());
            plan.selectors.push({ kind: 'field', path: { steps: [], obj, field: fd, key: fd.name } });
          }
        } else {
          throw malformed(`${fn}() is not supported by the sandbox (assumption: only COUNT() and FIELDS() are)`);
        }
        break;
      }
      default:
        throw malformed('TYPEOF is not supported by the sandbox (assumption)');
    }
  }
  if (plan.count && plan.selectors.length > 0) throw malformed('COUNT() cannot be combined with other fields');
  if (q.where) plan.where = compileWhere(ctx, q.where, obj, alias);
  if (q.orderBy) plan.order = compileOrder(ctx, q.orderBy, obj, alias);
  if (q.limit !== undefined) plan.limit = q.limit;
  if (q.offset !== undefined) {
    if (q.offset > 2000) throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
    plan.offset = q.offset;
  }
  if ((fieldsFn === 'ALL' || fieldsFn === 'CUSTOM') && (plan.limit === undefined || plan.limit > 200)) {
    throw malformed('The SOQL FIELDS function must have a LIMIT of at most 200');
  }
  return plan;
}

function execute(ctx: Ctx, plan: Plan, source: Iterable<Rec>): Rec[] {
  let rows: Rec[] = [];
  for (const r of source) {
    if (r.IsDeleted && !ctx.includeDeleted) continue;
    if (plan.where && !plan.where(r)) continue;
    rows.push(r);
  }
  if (plan.order) rows.sort(plan.order);
  const start = plan.offset ?? 0;
  rows = rows.slice(start, plan.limit !== undefined ? start + plan.limit : undefined);
  return rows;
}

function pathValue(ctx: Ctx, rec: Rec, path: Path): unknown {
  let cur: Rec | undefined = rec;
  for (const s of path.steps) {
    const id: unknown = cur[s.ref.name];
    cur = id == null ? undefined : ctx.store.get(s.target, id);
    if (!cur) return null;
  }
  return ctx.store.read(path.obj, cur, path.field);
}

function render(ctx: Ctx, plan: Plan, rec: Rec): Rec {
  const obj = plan.obj;
  const out: Rec = { attributes: { type: obj.name, url: `${ctx.base}/sobjects/${obj.name}/${String(rec.Id)}` } };
  for (const sel of plan.selectors) {
    if (sel.kind === 'subquery') {
      const children = execute(ctx, sel.plan, ctx.store.children(sel.parentObj, sel.relLower, rec.Id as string, true));
      out[sel.relationshipName] = children.length
        ? { totalSize: children.length, done: true, records: children.map((c) => render(ctx, sel.plan, c)) }
        : null;
      continue;
    }
    let target = out;
    let cur: Rec | undefined = rec;
    let broken = false;
    for (const s of sel.path.steps) {
      const key = s.ref.relationshipName!;
      const id: unknown = cur![s.ref.name];
      const parent: Rec | undefined = id == null ? undefined : ctx.store.get(s.target, id);
      if (!parent) {
        if (!(key in target)) target[key] = null;
        broken = true;
        break;
      }
      if (target[key] === undefined || target[key] === null) {
        target[key] = { attributes: { type: s.target.name, url: `${ctx.base}/sobjects/${s.target.name}/${String(parent.Id)}` } };
      }
      target = target[key] as Rec;
      cur = parent;
    }
    if (!broken) target[sel.path.field.name] = ctx.store.read(sel.path.obj, cur!, sel.path.field);
  }
  return out;
}

// ------------------------------------------------------------------ WHERE

type Token = { t: '(' } | { t: ')' } | { t: 'NOT' } | { t: 'AND' } | { t: 'OR' } | { t: 'COND'; c: any };

function flatten(w: WhereClause | undefined, out: Token[]): void {
  if (!w) return;
  const anyW = w as any;
  const left = anyW.left;
  if (anyW.operator === 'NOT' && (left === null || (left && !('field' in left) && !('fn' in left)))) {
    for (let i = 0; i < (left?.openParen ?? 0); i++) out.push({ t: '(' });
    out.push({ t: 'NOT' });
    flatten(anyW.right, out);
    return;
  }
  for (let i = 0; i < (left?.openParen ?? 0); i++) out.push({ t: '(' });
  out.push({ t: 'COND', c: left });
  for (let i = 0; i < (left?.closeParen ?? 0); i++) out.push({ t: ')' });
  if (anyW.operator) {
    out.push({ t: anyW.operator });
    flatten(anyW.right, out);
  }
}

type Pred = (rec: Rec) => boolean;

function compileWhere(ctx: Ctx, where: WhereClause, obj: ObjectDef, alias: string | undefined): Pred {
  const tokens: Token[] = [];
  flatten(where, tokens);
  let pos = 0;
  const peek = () => tokens[pos];
  // Logical Operators: "Parentheses are required whenever you mix the operators" (AND, OR, NOT).
  const parseLevel = (): Pred => {
    const operands: Pred[] = [];
    let op: 'AND' | 'OR' | undefined;
    if (peek()?.t === 'NOT') {
      pos++;
      const inner = parseUnary();
      const next = peek();
      if (next && (next.t === 'AND' || next.t === 'OR')) throw malformed(`unexpected token: '${next.t}' (use parentheses when mixing NOT with ${next.t})`);
      return (r) => !inner(r);
    }
    operands.push(parseUnary());
    while (peek() && (peek().t === 'AND' || peek().t === 'OR')) {
      const t = peek().t as 'AND' | 'OR';
      if (op && op !== t) throw malformed(`unexpected token: '${t}' (parentheses are required when mixing AND and OR)`);
      op = t;
      pos++;
      if (peek()?.t === 'NOT') throw malformed(`unexpected token: 'NOT' (parentheses are required when mixing NOT with ${t})`);
      operands.push(parseUnary());
    }
    if (operands.length === 1) return operands[0];
    return op === 'AND' ? (r) => operands.every((p) => p(r)) : (r) => operands.some((p) => p(r));
  };
  const parseUnary = (): Pred => {
    const tok = tokens[pos++];
    if (!tok) throw malformed('unexpected token: <EOF>');
    if (tok.t === '(') {
      const inner = parseLevel();
      if (tokens[pos++]?.t !== ')') throw malformed("expecting a right parentheses, found '<EOF>'");
      return inner;
    }
    if (tok.t === 'COND') return compileCondition(ctx, tok.c, obj, alias);
    throw malformed(`unexpected token: '${tok.t}'`);
  };
  const pred = parseLevel();
  if (pos !== tokens.length) throw malformed(`unexpected token: '${(tokens[pos] as any).t}'`);
  return pred;
}

const STRINGISH = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);

type Lit =
  | { kind: 'null' }
  | { kind: 'value'; v: string | number | boolean }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'like'; re: RegExp };

function criterionError(field: FieldDef, type: string, quoted: boolean): SfError {
  return new SfError(
    400,
    'INVALID_FIELD',
    `value of filter criterion for field '${field.name}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
  );
}

function compileCondition(ctx: Ctx, c: any, obj: ObjectDef, alias: string | undefined): Pred {
  if (c.fn) throw malformed('date functions in WHERE are not supported by the sandbox (assumption)');
  const path = resolvePath(obj, splitPath(c.field, alias, obj));
  const f = path.field;
  const op: string = c.operator;
  if (f.type === 'textarea' && f.length > 255) {
    throw new SfError(400, 'INVALID_FIELD', `field '${f.name}' can not be filtered in query call`);
  }
  if (op === 'INCLUDES' || op === 'EXCLUDES') {
    throw new SfError(400, 'INVALID_FIELD', `invalid operator on field '${f.name}': ${op} applies to multi-select picklists only`);
  }
  const get = (r: Rec) => normalizeFieldValue(f, pathValue(ctx, r, path));

  if (c.literalType === 'SUBQUERY' || c.valueQuery) {
    if (op !== 'IN' && op !== 'NOT IN') throw malformed('semi join sub-selects are only allowed with IN and NOT IN');
    if (f.type !== 'id' && f.type !== 'reference') {
      throw new SfError(400, 'INVALID_FIELD', `semi join sub-selects can only be used with ID fields, not '${f.name}'`);
    }
    const subQ = c.valueQuery as Query;
    const subObj = resolveObject(subQ.sObject);
    const subPlan = compile(ctx, subQ, subObj, subQ.sObjectAlias, true);
    if (subPlan.selectors.length !== 1 || subPlan.selectors[0].kind !== 'field') {
      throw malformed('semi join sub-selects must select exactly one field');
    }
    const subPath = subPlan.selectors[0].path;
    if (subPath.field.type !== 'id' && subPath.field.type !== 'reference') {
      throw new SfError(400, 'INVALID_FIELD', `semi join sub-selects must select an ID field, not '${subPath.field.name}'`);
    }
    let ids: Set<unknown> | undefined;
    const idSet = () =>
      (ids ??= new Set(execute(ctx, subPlan, ctx.store.table(subObj).values()).map((r) => pathValue(ctx, r, subPath)).filter((v) => v != null)));
    return op === 'IN' ? (r) => idSet().has(get(r)) : (r) => !idSet().has(get(r));
  }

  const rawValues: string[] = Array.isArray(c.value) ? c.value : [c.value];
  const types: string[] = Array.isArray(c.literalType) ? c.literalType : rawValues.map(() => c.literalType);
  const nValues: number[] = Array.isArray(c.dateLiteralVariable) ? c.dateLiteralVariable : rawValues.map(() => c.dateLiteralVariable);
  const lits = rawValues.map((raw, i) => literal(ctx, f, op, raw, types[i], nValues[i]));
  const lit = lits[0];

  const cmp = (a: unknown, b: string | number | boolean) => compareValues(f, a, b);
  const inRange = (v: unknown, l: { start: number; end: number }) => {
    const ms = toMs(f, v);
    return ms !== null && ms >= l.start && ms < l.end;
  };
  const eq = (v: unknown, l: Lit): boolean => {
    if (l.kind === 'null') return v == null;
    if (v == null) return false;
    if (l.kind === 'range') return inRange(v, l);
    if (l.kind === 'value') return cmp(v, l.v) === 0;
    return false;
  };

  switch (op) {
    case '=':
      return (r) => eq(get(r), lit);
    case '!=':
    case '<>':
      return (r) => !eq(get(r), lit);
    case 'IN':
      return (r) => {
        const v = get(r);
        return lits.some((l) => eq(v, l));
      };
    case 'NOT IN':
      return (r) => {
        const v = get(r);
        return !lits.some((l) => eq(v, l));
      };
    case 'LIKE': {
      if (lit.kind !== 'like') return () => false;
      return (r) => {
        const v = get(r);
        return v != null && lit.re.test(String(v));
      };
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      if (lit.kind === 'null') return () => false;
      if (f.type === 'boolean') throw new SfError(400, 'INVALID_FIELD', `invalid operator on boolean field '${f.name}'`);
      return (r) => {
        const v = get(r);
        if (v == null) return false;
        if (lit.kind === 'range') {
          const ms = toMs(f, v);
          if (ms === null) return false;
          if (op === '<') return ms < lit.start;
          if (op === '<=') return ms < lit.end;
          if (op === '>') return ms >= lit.end;
          return ms >= lit.start;
        }
        if (lit.kind !== 'value') return false;
        const d = cmp(v, lit.v);
        return op === '<' ? d < 0 : op === '>' ? d > 0 : op === '<=' ? d <= 0 : d >= 0;
      };
    default:
      throw malformed(`unexpected token: '${op}'`);
  }
}

/** Stored value -> comparable value (ids normalised to 18 characters). */
function normalizeFieldValue(f: FieldDef, v: unknown): unknown {
  if (v == null) return null;
  if (f.type === 'id' || f.type === 'reference') return normalizeId(v) ?? v;
  return v;
}

function toMs(f: FieldDef, v: unknown): number | null {
  if (v == null) return null;
  if (f.type === 'date') return Date.parse(`${String(v)}T00:00:00Z`);
  if (f.type === 'datetime') return parseDateTime(String(v))?.getTime() ?? null;
  return null;
}

function compareValues(f: FieldDef, a: unknown, b: string | number | boolean): number {
  if (NUMERIC.has(f.type)) return Number(a) - Number(b);
  if (f.type === 'boolean') return Number(a === true) - Number(b === true);
  if (f.type === 'datetime') return (toMs(f, a) ?? 0) - (b as number);
  if (f.type === 'date') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  if (f.type === 'id' || f.type === 'reference') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function literal(ctx: Ctx, f: FieldDef, op: string, raw: string, type: string, n: number | undefined): Lit {
  if (type === 'NULL') return { kind: 'null' };
  if (type === 'APEX_BIND_VARIABLE') throw malformed('bind variables are only valid in Apex code');
  const isLike = op === 'LIKE';
  if (isLike && !(STRINGISH.has(f.type) || f.type === 'id' || f.type === 'reference')) {
    throw new SfError(400, 'INVALID_FIELD', `invalid operator on field '${f.name}': LIKE applies to text fields only`);
  }
  if (f.type === 'id' || f.type === 'reference') {
    if (type !== 'STRING') throw criterionError(f, 'id', true);
    const text = unquote(raw, false);
    if (isLike) return { kind: 'like', re: likeRegex(raw) };
    const id = normalizeId(text);
    if (!id) throw new SfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${text}`);
    return { kind: 'value', v: id };
  }
  if (STRINGISH.has(f.type)) {
    if (type !== 'STRING') throw criterionError(f, 'string', true);
    if (isLike) return { kind: 'like', re: likeRegex(raw) };
    return { kind: 'value', v: unquote(raw, false) };
  }
  if (isLike) throw new SfError(400, 'INVALID_FIELD', `invalid operator on field '${f.name}'`);
  if (f.type === 'boolean') {
    if (type !== 'BOOLEAN') throw criterionError(f, 'boolean', false);
    return { kind: 'value', v: raw.toUpperCase() === 'TRUE' };
  }
  if (NUMERIC.has(f.type)) {
    if (type === 'INTEGER' || type === 'DECIMAL') return { kind: 'value', v: Number(raw) };
    if ((type === 'INTEGER_WITH_CURRENCY_PREFIX' || type === 'DECIMAL_WITH_CURRENCY_PREFIX') && f.type === 'currency') {
      return { kind: 'value', v: Number(raw.slice(3)) };
    }
    throw criterionError(f, 'double', false);
  }
  if (f.type === 'date' || f.type === 'datetime') {
    if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') return { kind: 'range', ...dateLiteralRange(ctx.store.now(), raw, n) };
    if (f.type === 'date') {
      if (type !== 'DATE' || !isValidDate(raw)) throw criterionError(f, 'date', false);
      return { kind: 'value', v: raw };
    }
    if (type !== 'DATETIME') throw criterionError(f, 'dateTime', false);
    const d = parseDateTime(raw);
    if (!d) throw criterionError(f, 'dateTime', false);
    return { kind: 'value', v: d.getTime() };
  }
  throw criterionError(f, f.type, false);
}

/** Quoted String Escape Sequences: \n \r \t \b \f \" \' \\ \uXXXX; \% and \_ in LIKE only. */
function decodeEscapes(body: string, like: boolean): Array<{ ch: string; escaped: boolean }> {
  const out: Array<{ ch: string; escaped: boolean }> = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out.push({ ch: c, escaped: false });
      continue;
    }
    const n = body[++i];
    const simple: Record<string, string> = { n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f', '"': '"', "'": "'", '\\': '\\' };
    if (n !== undefined && n in simple) out.push({ ch: simple[n], escaped: true });
    else if (like && (n === '%' || n === '_')) out.push({ ch: n, escaped: true });
    else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out.push({ ch: String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)), escaped: true });
      i += 4;
    } else {
      throw malformed(`Invalid string literal '${body}'. Illegal character sequence '\\${n ?? ''}' in string literal.`);
    }
  }
  return out;
}

function unquote(raw: string, like: boolean): string {
  return decodeEscapes(raw.slice(1, -1), like)
    .map((x) => x.ch)
    .join('');
}

function likeRegex(raw: string): RegExp {
  let re = '^';
  for (const { ch, escaped } of decodeEscapes(raw.slice(1, -1), true)) {
    if (!escaped && ch === '%') re += '[\\s\\S]*';
    else if (!escaped && ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 'i');
}

// ------------------------------------------------------------------ date literals (UTC org time zone: assumption)

const DAY = 86_400_000;

function startOf(unit: string, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  switch (unit) {
    case 'DAY':
      return new Date(Date.UTC(y, m, d));
    case 'WEEK':
      return new Date(Date.UTC(y, m, d - now.getUTCDay()));
    case 'MONTH':
      return new Date(Date.UTC(y, m, 1));
    case 'QUARTER':
      return new Date(Date.UTC(y, m - (m % 3), 1));
    default:
      return new Date(Date.UTC(y, 0, 1));
  }
}

function add(unit: string, d: Date, k: number): number {
  switch (unit) {
    case 'DAY':
      return d.getTime() + k * DAY;
    case 'WEEK':
      return d.getTime() + 7 * k * DAY;
    case 'MONTH':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
    case 'QUARTER':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3 * k, 1);
    default:
      return Date.UTC(d.getUTCFullYear() + k, 0, 1);
  }
}

/** Date Formats and Date Literals: the [start, end) range a literal denotes (fiscal = calendar, assumption). */
export function dateLiteralRange(now: Date, raw: string, n?: number): { start: number; end: number } {
  const name = raw.split(':')[0].toUpperCase().replace('FISCAL_', '');
  const fixed: Record<string, [string, number, number]> = {
    YESTERDAY: ['DAY', -1, 0],
    TODAY: ['DAY', 0, 1],
    TOMORROW: ['DAY', 1, 2],
    LAST_WEEK: ['WEEK', -1, 0],
    THIS_WEEK: ['WEEK', 0, 1],
    NEXT_WEEK: ['WEEK', 1, 2],
    LAST_MONTH: ['MONTH', -1, 0],
    THIS_MONTH: ['MONTH', 0, 1],
    NEXT_MONTH: ['MONTH', 1, 2],
    LAST_QUARTER: ['QUARTER', -1, 0],
    THIS_QUARTER: ['QUARTER', 0, 1],
    NEXT_QUARTER: ['QUARTER', 1, 2],
    LAST_YEAR: ['YEAR', -1, 0],
    THIS_YEAR: ['YEAR', 0, 1],
    NEXT_YEAR: ['YEAR', 1, 2],
    LAST_90_DAYS: ['DAY', -90, 1],
    NEXT_90_DAYS: ['DAY', 1, 91],
  };
  if (fixed[name]) {
    const [unit, a, b] = fixed[name];
    const s = startOf(unit, now);
    return { start: add(unit, s, a), end: add(unit, s, b) };
  }
  const m = /^(LAST|NEXT)_N_(DAY|WEEK|MONTH|QUARTER|YEAR)S$/.exec(name) ?? /^N_(DAY|WEEK|MONTH|QUARTER|YEAR)S_AGO$/.exec(name);
  const k = n ?? Number(raw.split(':')[1]);
  if (!m || !Number.isFinite(k)) throw malformed(`unexpected token: ${raw}`);
  if (m[0].startsWith('N_')) {
    const unit = m[1];
    const s = startOf(unit, now);
    return { start: add(unit, s, -k), end: add(unit, s, -k + 1) };
  }
  const unit = m[2];
  const s = startOf(unit, now);
  if (m[1] === 'LAST') {
    // LAST_N_DAYS:n starts with the current day and continues for the past n days.
    return unit === 'DAY' ? { start: add(unit, s, -k), end: add(unit, s, 1) } : { start: add(unit, s, -k), end: s.getTime() };
  }
  return { start: add(unit, s, 1), end: add(unit, s, k + 1) };
}

// ------------------------------------------------------------------ ORDER BY

function compileOrder(ctx: Ctx, orderBy: any, obj: ObjectDef, alias: string | undefined): (a: Rec, b: Rec) => number {
  const clauses: any[] = Array.isArray(orderBy) ? orderBy : [orderBy];
  const keys = clauses.map((c) => {
    if (c.fn) throw malformed('functions in ORDER BY are not supported by the sandbox (assumption)');
    const path = resolvePath(obj, splitPath(c.field, alias, obj));
    if (path.field.type === 'textarea' && path.field.length > 255) {
      throw new SfError(400, 'INVALID_FIELD', `field '${path.field.name}' can not be sorted in a query call`);
    }
    return { path, desc: c.order === 'DESC', nullsLast: c.nulls === 'LAST' };
  });
  return (a, b) => {
    for (const k of keys) {
      const va = normalizeFieldValue(k.path.field, pathValue(ctx, a, k.path));
      const vb = normalizeFieldValue(k.path.field, pathValue(ctx, b, k.path));
      if (va == null || vb == null) {
        if (va == null && vb == null) continue;
        // By default, null values are sorted first (ORDER BY).
        return (va == null ? -1 : 1) * (k.nullsLast ? -1 : 1);
      }
      const f = k.path.field;
      const d = f.type === 'datetime' ? compareValues(f, va, toMs(f, vb)!) : compareValues(f, va, vb as string | number | boolean);
      if (d !== 0) return k.desc ? -d : d;
    }
    return 0;
  };
}
