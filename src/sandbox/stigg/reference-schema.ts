import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchema, GraphQLSchema } from 'graphql';

/** The folder of the repository's reference of Stigg's public GraphQL schema (reference/stigg/README.md). */
export function stiggReferenceDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'reference', 'stigg');
    if (existsSync(join(candidate, 'roots.graphql'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`reference/stigg not found above ${from}`);
  }
}

/** The reference's SDL: every .graphql file of reference/stigg, in name order. */
export function stiggReferenceSdl(dir: string = stiggReferenceDir()): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => `# file: ${f}\n${readFileSync(join(dir, f), 'utf8')}`)
    .join('\n');
}

let cached: GraphQLSchema | null = null;

/** Stigg's public schema as the reference records it, built once per process. */
export function stiggReferenceSchema(): GraphQLSchema {
  if (!cached) cached = buildSchema(stiggReferenceSdl());
  return cached;
}
