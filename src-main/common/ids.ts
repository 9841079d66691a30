/**
 * Ids are 16 characters of lowercase base32 (80 random bits), one format for every kind of
 * object, so any command can take any id. The store also registers each id in one table,
 * which makes uniqueness across kinds a database constraint, not a hope.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const ID_PATTERN = /^[a-z2-7]{16}$/;

export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
