import {
  CompiledQuery, DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely,
  QueryCompiler, QueryResult, SqliteAdapter, SqliteDialect, SqliteDialectConfig, TransactionSettings,
} from 'kysely';
import { retryWhileSqliteBusy } from './sqlite-busy-retry';

/**
 * Kysely's SQLite dialect, made safe for several journals (in one process or
 * many) sharing one database file:
 * - every transaction starts with `BEGIN IMMEDIATE`, so it holds the write lock
 *   from its first statement and never fails half way upgrading a read lock;
 * - a busy lock is waited for asynchronously (see sqlite-busy-retry.ts);
 * - migrations run inside a transaction (SQLite has transactional DDL), which
 *   serialises concurrent migrators through that same write lock.
 */
export class ConcurrentSqliteDialect implements Dialect {
  private readonly inner: SqliteDialect;

  constructor(config: SqliteDialectConfig, private readonly busyTimeoutMs: number, private readonly pragmas: string[]) {
    this.inner = new SqliteDialect(config);
  }

  createDriver(): Driver {
    return new BusyRetryingSqliteDriver(this.inner.createDriver(), this.busyTimeoutMs, this.pragmas);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class BusyRetryingSqliteDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(private readonly inner: Driver, private readonly busyTimeoutMs: number, private readonly pragmas: string[]) {}

  async init(): Promise<void> {
    await this.inner.init();
    const connection = await this.acquireConnection();
    try {
      for (const pragma of this.pragmas) await connection.executeQuery(CompiledQuery.raw(pragma));
    } finally {
      await this.releaseConnection(connection);
    }
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let retrying = this.wrapped.get(connection);
    if (!retrying) {
      retrying = this.retrying(connection);
      this.wrapped.set(connection, retrying);
    }
    return retrying;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // The inner driver has one connection guarded by a mutex; it ignores the argument.
    await this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  private retrying(connection: DatabaseConnection): DatabaseConnection {
    const busyTimeoutMs = this.busyTimeoutMs;
    return {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        return retryWhileSqliteBusy(() => connection.executeQuery<R>(query), busyTimeoutMs);
      },
      streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        return connection.streamQuery<R>(query, chunkSize);
      },
    };
  }
}
