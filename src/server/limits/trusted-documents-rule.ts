import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FragmentDefinitionNode, OperationDefinitionNode, ValidationRule, parse, print } from 'graphql';
import { CodedValidationError } from './query-limit-error';

/** Every operation and fragment of the *.graphql files in a directory, printed in graphql-js's canonical form. */
export function loadTrustedOperations(dir: string): Set<string> {
  const trusted = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const document = parse(readFileSync(join(dir, file), 'utf8'));
    for (const def of document.definitions) {
      if (def.kind === 'OperationDefinition' || def.kind === 'FragmentDefinition') trusted.add(print(def));
    }
  }
  return trusted;
}

/**
 * Production's optional allow-list (GATEWAY_TRUSTED_DOCUMENTS, e.g. the codegen'd
 * examples/operations): an operation runs only if it is, up to formatting,
 * one of the trusted operations. Others get DOCUMENT_NOT_TRUSTED.
 */
export function trustedDocumentsRule(trusted: ReadonlySet<string>): ValidationRule {
  return (context) => ({
    OperationDefinition(node: OperationDefinitionNode) {
      if (!trusted.has(print(node))) {
        context.reportError(new CodedValidationError('DOCUMENT_NOT_TRUSTED',
          `Operation ${node.name?.value ?? '(anonymous)'} is not one of this gateway's trusted documents.`, {}, node));
      }
    },
    FragmentDefinition(node: FragmentDefinitionNode) {
      if (!trusted.has(print(node))) {
        context.reportError(new CodedValidationError('DOCUMENT_NOT_TRUSTED',
          `Fragment ${node.name.value} is not one of this gateway's trusted documents.`, {}, node));
      }
    },
  });
}
