/** SOQL: query, queryAll, and queryMore through query locators (operations `query`, `queryAll`, `queryMore`). */
import { IncomingMessage } from 'node:http';
import { SfError } from '../errors';
import { Endpoint, json } from '../http';
import { to18 } from '../ids';
import { runSoql } from '../soql';
import { Rec } from '../store';
import { dataVersion, SalesforceContext } from './context';

const DEFAULT_PAGE = 2000;
const CURSOR_IDLE_MS = 15 * 60_000;

interface Cursor {
  rows: Rec[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

function batchSizeOf(headers: IncomingMessage['headers']): number | undefined {
  const raw = headers['sforce-query-options'];
  const m = typeof raw === 'string' ? /batchSize\s*=\s*(\d+)/i.exec(raw) : null;
  if (!m) return undefined;
  // Query Options Header: the default is 2,000; the minimum is 200, and the maximum is 2,000.
  return Math.min(2000, Math.max(200, Number(m[1])));
}

export function queryEndpoints(ctx: SalesforceContext) {
  /** open cursors of this emulator, oldest first */
  const cursors = new Map<string, Cursor>();
  let cursorSeq = 0;

  function page(rows: Rec[], totalSize: number, offset: number, batch: number, version: string, locator?: string) {
    const end = Math.min(rows.length, offset + batch);
    const records = rows.slice(offset, end);
    if (end >= rows.length) return { totalSize, done: true, records };
    let loc = locator;
    if (!loc) {
      cursorSeq += 1;
      loc = to18(`01gDn${String(cursorSeq).padStart(10, '0')}`);
      cursors.set(loc, { rows, totalSize, batchSize: batch, lastUsed: Date.now() });
      while (cursors.size > ctx.maxOpenCursors) cursors.delete(cursors.keys().next().value as string);
    }
    return { totalSize, done: false, nextRecordsUrl: `/services/data/v${version}/query/${loc}-${end}`, records };
  }

  const soql = (op: 'query' | 'queryAll'): Endpoint => ({
    op,
    auth: 'bearer',
    api: true,
    run: ({ params, url, headers }) => {
      const { version, base } = dataVersion(params);
      const q = url.searchParams.get('q');
      if (q === null) throw new SfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      const result = runSoql(ctx.store, q, { includeDeleted: op === 'queryAll', base });
      return json(200, page(result.records, result.totalSize, 0, batchSizeOf(headers) ?? DEFAULT_PAGE, version));
    },
  });

  const queryMore: Endpoint = {
    op: 'queryMore',
    auth: 'bearer',
    api: true,
    run: ({ params, headers }) => {
      const { version } = dataVersion(params);
      const m = /^(.+)-(\d+)$/.exec(params.locator);
      const cursor = m ? cursors.get(m[1]) : undefined;
      if (!m || !cursor || Date.now() - cursor.lastUsed > CURSOR_IDLE_MS || Number(m[2]) > cursor.rows.length) {
        if (m) cursors.delete(m[1]);
        throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      }
      cursor.lastUsed = Date.now();
      const batch = batchSizeOf(headers) ?? cursor.batchSize;
      return json(200, page(cursor.rows, cursor.totalSize, Number(m[2]), batch, version, m[1]));
    },
  };

  return { query: soql('query'), queryAll: soql('queryAll'), queryMore };
}
