import { ArgumentValidationError, ArgsDictionary, MiddlewareFn, UseMiddleware } from 'type-graphql';
import { GatewayContext } from '../context/gateway-context';

export interface AuditSpec<Result> {
  /** The id the mutation acts on, read from its arguments as sent (a malformed id is recorded as it came). */
  target(args: ArgsDictionary): string;
  /** The outcome of a success; "ok" unless given (a provisioning records its run's status). */
  outcome?(result: Result): string;
}

/**
 * The one place mutations are audited: put on a mutation, it records who (the
 * caller's key id), what (the field's name and `target`) and the outcome (or
 * the error's code) in the journal's audit log, around the whole resolver, so
 * an input the resolver refuses (a malformed id, a failed precondition) is
 * audited too. It runs after `@Authorized`: a mutation refused for a missing
 * scope never reaches it (server/audit-refusals-plugin records those). An
 * argument refused by the schema's validation (class-validator) is not
 * audited, as before the audit moved here: the mutation never started.
 */
export function Audited<Result = unknown>(spec: AuditSpec<Result>): MethodDecorator {
  const audit: MiddlewareFn<GatewayContext> = ({ args, context, info }, next) =>
    context.services.audit.around(context.principal, info.fieldName, spec.target(args), () => next() as Promise<Result>, {
      outcomeOf: spec.outcome,
      recordsError: (err) => !(err instanceof ArgumentValidationError),
    });
  return UseMiddleware(audit);
}
