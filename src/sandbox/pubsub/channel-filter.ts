/**
 * Filter expressions of custom channel members (PlatformEventChannelMember.FilterExpression; Change
 * Data Capture Developer Guide, "Change Event Filters"): a SOQL WHERE-like condition on the change
 * event's record fields and its non-array ChangeEventHeader fields (`ChangeEventHeader.changeType`;
 * recordIds, nulledFields, diffFields and changedFields are refused, as the guide says). The subset
 * the emulator understands:
 *
 *   condition  := term ((AND | OR) term)*        AND binds tighter than OR
 *   term       := '(' condition ')' | NOT term | Field op literal | Field IN '(' literal, ... ')'
 *   op         := = | != | <> | < | <= | > | >=
 *   literal    := 'text' | number | true | false | null
 *
 * Record fields are evaluated against the record's values after the commit, unchanged fields
 * included: the guide auto-enriches every field a filter names, so an event always carries them
 * (the events of a filtered channel do: `fields` lists them). A comparison with null is true only
 * for = null / != null. Any other syntax is refused when the channel is defined.
 */
import type { Rec } from '../salesforce/store';

export type ChannelFilter = (record: Rec, header: Rec) => boolean;

export interface ParsedChannelFilter {
  filter: ChannelFilter;
  /** the record fields the expression names (auto-enriched in the channel's events) */
  fields: string[];
}

/** ChangeEventHeader fields a filter may name (the non-array ones). */
const HEADER_FIELDS = ['entityName', 'changeType', 'changeOrigin', 'transactionKey', 'sequenceNumber', 'commitTimestamp', 'commitNumber', 'commitUser'];
const ARRAY_HEADER_FIELDS = ['recordIds', 'nulledFields', 'diffFields', 'changedFields'];

export class FilterSyntaxError extends Error {}

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'paren' | 'comma'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:('(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|(<=|>=|!=|<>|=|<|>)|([()])|(,)|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new FilterSyntaxError(`unexpected text at ${i}: ${src.slice(i, i + 20)}`);
    i = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'paren', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'comma', text: ',' });
    else tokens.push({ kind: 'word', text: m[6] });
  }
  return tokens;
}

/** Parses a filter expression against the names of the record fields it may use; throws FilterSyntaxError. */
export function parseChannelFilter(expression: string, fieldNames: readonly string[]): ParsedChannelFilter {
  const tokens = tokenize(expression);
  const byLower = new Map(fieldNames.map((n) => [n.toLowerCase(), n]));
  const headerByLower = new Map(HEADER_FIELDS.map((n) => [`changeeventheader.${n.toLowerCase()}`, n]));
  const referenced = new Set<string>();
  /** A field reference -> how to read it from (record, header). */
  const fieldReader = (name: string): ((record: Rec, header: Rec) => unknown) => {
    const lower = name.toLowerCase();
    const header = headerByLower.get(lower);
    if (header) return (_r, h) => h[header];
    if (ARRAY_HEADER_FIELDS.some((f) => `changeeventheader.${f.toLowerCase()}` === lower)) {
      throw new FilterSyntaxError(`${name} is an array: not allowed in a filter expression`);
    }
    const field = byLower.get(lower);
    if (!field) throw new FilterSyntaxError(`no such field: ${name}`);
    referenced.add(field);
    return (r) => r[field];
  };
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;
  const expect = (kind: Token['kind'], text?: string): Token => {
    const t = tokens[pos];
    if (!t || t.kind !== kind || (text !== undefined && t.text !== text)) throw new FilterSyntaxError(`expected ${text ?? kind} at token ${pos + 1}`);
    pos += 1;
    return t;
  };
  const literal = (): unknown => {
    const t = tokens[pos++];
    if (!t) throw new FilterSyntaxError('expected a value');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'word' && ['TRUE', 'FALSE', 'NULL'].includes(t.text.toUpperCase())) {
      return t.text.toUpperCase() === 'NULL' ? null : t.text.toUpperCase() === 'TRUE';
    }
    throw new FilterSyntaxError(`expected a value, got ${t.text}`);
  };
  const compare = (op: string, a: unknown, b: unknown): boolean => {
    if (a === null || a === undefined || b === null) {
      const bothNull = (a ?? null) === null && b === null;
      return op === '=' ? bothNull : op === '!=' || op === '<>' ? !bothNull : false;
    }
    const x = typeof b === 'number' ? Number(a) : typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() : a;
    const y = typeof b === 'string' && typeof a === 'string' ? b.toLowerCase() : b;
    switch (op) {
      case '=':
        return x === y;
      case '!=':
      case '<>':
        return x !== y;
      case '<':
        return (x as number) < (y as number);
      case '<=':
        return (x as number) <= (y as number);
      case '>':
        return (x as number) > (y as number);
      default:
        return (x as number) >= (y as number);
    }
  };
  const term = (): ChannelFilter => {
    const t = peek();
    if (t?.kind === 'paren' && t.text === '(') {
      pos += 1;
      const inner = condition();
      expect('paren', ')');
      return inner;
    }
    if (isWord(t, 'NOT')) {
      pos += 1;
      const inner = term();
      return (r, h) => !inner(r, h);
    }
    const read = fieldReader(expect('word').text);
    if (isWord(peek(), 'IN')) {
      pos += 1;
      expect('paren', '(');
      const values = [literal()];
      while (peek()?.kind === 'comma') {
        pos += 1;
        values.push(literal());
      }
      expect('paren', ')');
      return (r, h) => values.some((v) => compare('=', read(r, h), v));
    }
    const op = expect('op').text;
    const value = literal();
    return (r, h) => compare(op, read(r, h), value);
  };
  const conjunction = (): ChannelFilter => {
    const parts = [term()];
    while (isWord(peek(), 'AND')) {
      pos += 1;
      parts.push(term());
    }
    return (r, h) => parts.every((p) => p(r, h));
  };
  const condition = (): ChannelFilter => {
    const parts = [conjunction()];
    while (isWord(peek(), 'OR')) {
      pos += 1;
      parts.push(conjunction());
    }
    return (r, h) => parts.some((p) => p(r, h));
  };
  if (tokens.length === 0) throw new FilterSyntaxError('empty filter expression');
  const filter = condition();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected ${tokens[pos].text}`);
  return { filter, fields: [...referenced] };
}
