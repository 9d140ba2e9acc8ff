import { SpanKind } from '@opentelemetry/api';
import type { Journal } from '../../services/journal';
import type { SpanScope } from './span-scope';
import { ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from './span-attributes';

const DB_SYSTEM_NAMES: Record<string, string> = { sqlite: 'sqlite', postgres: 'postgresql' };

/**
 * The journal with a span (kind CLIENT) around each call of a repository's method (each
 * object-valued member of the journal: runs, idempotencyKeys, audit, apiKeys, ...), named
 * `journal <repository>.<method>` (e.g. `journal runs.claimRun`): one span per journal call,
 * however many statements (or a transaction) it runs. The journal's own methods (ping, close)
 * are not traced. Only built when tracing is on.
 */
export function tracedJournal(journal: Journal, tracing: SpanScope): Journal {
  const system = DB_SYSTEM_NAMES[journal.dialect] ?? journal.dialect;
  const repositories = new Map<string, object>();
  const traced = <R extends object>(repository: R, name: string): R => new Proxy(repository, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      const operation = `${name}.${property}`;
      return (...args: unknown[]) => tracing.inChildSpan(`journal ${operation}`, SpanKind.CLIENT,
        { [ATTR_DB_SYSTEM_NAME]: system, [ATTR_DB_OPERATION_NAME]: operation },
        async () => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return new Proxy(journal, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || value === null || typeof value !== 'object') return value;
      let repository = repositories.get(property);
      if (!repository) {
        repository = traced(value as object, property);
        repositories.set(property, repository);
      }
      return repository;
    },
  });
}
