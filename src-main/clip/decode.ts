/**
 * Bytes to text, the way a browser would decide the encoding: a byte order mark, then the
 * Content-Type header's charset, then a <meta> declaration in the first bytes, else UTF-8
 * (falling back to windows-1252 when the bytes are not valid UTF-8).
 */
import { NotebookError } from '../common/errors';

const META_PRESCAN_BYTES = 4096;

export function decodeHtml(bytes: Uint8Array, contentType?: string | null): string {
  const charset = bomCharset(bytes) ?? headerCharset(contentType) ?? metaCharset(bytes);
  if (charset) return decodeWith(normalizeDeclared(charset), bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

export function headerCharset(contentType?: string | null): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match?.[1];
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, META_PRESCAN_BYTES));
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1];
}

/** A page declaring UTF-16 in its own ASCII-compatible bytes cannot be UTF-16 (HTML spec). */
function normalizeDeclared(label: string): string {
  return /^utf-?16/i.test(label) ? 'utf-8' : label;
}

function decodeWith(label: string, bytes: Uint8Array): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new NotebookError('unknown_charset', `The page declares an unknown character encoding "${label}".`);
  }
  return decoder.decode(bytes);
}

/** Binary data (an image, an archive) has NUL bytes early on; text in an 8-bit or UTF-8 encoding does not. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bomCharset(bytes)?.startsWith('utf-16')) return false;
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}
