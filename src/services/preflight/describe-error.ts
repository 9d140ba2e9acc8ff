import { GatewayError } from '../../errors/gateway-error';

/** An error as one report line: the gateway's code and message (which never carry a secret), else the message. */
export function describeError(err: unknown): string {
  if (err instanceof GatewayError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The upstream's own error code, when the gateway kept it (`extensions.upstreamCode`). */
export function upstreamCodeOf(err: unknown): string | null {
  const code = err instanceof GatewayError ? err.extensions.upstreamCode : undefined;
  return typeof code === 'string' ? code : null;
}
