import { createHash, randomBytes } from 'node:crypto';

/**
 * API key secrets: `o2c_` + 32 random bytes in base64url. Only a SHA-256 of the
 * key is stored (the key is high-entropy, so a fast hash is enough); a short
 * prefix is kept for display.
 */
export const API_KEY_MARKER = 'o2c_';
const DISPLAY_PREFIX_LENGTH = API_KEY_MARKER.length + 6;

export function generateApiKeySecret(): string {
  return API_KEY_MARKER + randomBytes(32).toString('base64url');
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** e.g. `o2c_AbC123`: enough to tell keys apart in a list, useless to an attacker. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}
