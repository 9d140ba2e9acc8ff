import { StiggOperationError } from './operations';

/**
 * A read sent again once when its connection failed before any answer (status 0, NETWORK_ERROR:
 * e.g. a pooled keep-alive socket the server had just closed). Reads change nothing, so a second
 * try is safe; writes never come through here (they look before writing again instead). A
 * timeout, an HTTP error or a GraphQL error is not retried.
 */
export async function retryReadOnConnectionFailure<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof StiggOperationError && err.code === 'NETWORK_ERROR' && err.status === 0) return read();
    throw err;
  }
}
