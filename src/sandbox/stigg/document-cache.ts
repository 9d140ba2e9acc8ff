import { DocumentNode, GraphQLError, GraphQLSchema, parse, validate } from 'graphql';
import { TextMemo } from './text-memo';

/** How many distinct documents keep their parse and validation (clients send the same few again and again). */
const CACHE_LIMIT = 500;

export interface PreparedDocument {
  document: DocumentNode | null;
  parseError: GraphQLError | null;
  /** the emulator schema's validation errors (empty when the document is valid; null when it did not parse) */
  validationErrors: readonly GraphQLError[] | null;
}

/**
 * Parses and validates each distinct document text once: a parsed document is never changed by
 * execution, so the same text yields the same document and the same validation result. The oldest
 * entry goes first when the cache is full.
 */
export class DocumentCache {
  private readonly prepared = new TextMemo<PreparedDocument>(CACHE_LIMIT);

  constructor(private readonly schema: GraphQLSchema) {}

  prepare(query: string): PreparedDocument {
    return this.prepared.get(query, () => {
      try {
        const document = parse(query);
        return { document, parseError: null, validationErrors: validate(this.schema, document) };
      } catch (err) {
        return { document: null, parseError: err as GraphQLError, validationErrors: null };
      }
    });
  }
}
