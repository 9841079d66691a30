/**
 * Bytes to text, the way a browser would decide the encoding: a byte order mark, then the
 * Content-Type header's charset, then a <meta> declaration in the first bytes, else UTF-8 —
 * or windows-1252 when the bytes read as that rather than as UTF-8. Bytes that are not valid
 * in the encoding become U+FFFD (�), as a browser shows them.
 */
import { NotebookError } from '../common/errors';

const META_PRESCAN_BYTES = 4096;

interface DeclaredCharset {
  label: string;
  /** Where the page says it, for a message about a charset that cannot be used. */
  where: string;
}

/** `label` names the page in messages (its URL or file name). */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null, label = 'The page'): string {
  const declared = declaredCharset(bytes, contentType);
  if (declared) return decodeWith(declared, bytes, label);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder(mostlyUtf8(bytes) ? 'utf-8' : 'windows-1252').decode(bytes);
  }
}

function declaredCharset(bytes: Uint8Array, contentType: string | null | undefined): DeclaredCharset | undefined {
  const bom = bomCharset(bytes);
  if (bom) return { label: bom, where: 'in its byte order mark' };
  const header = headerCharset(contentType);
  if (header) return { label: header, where: 'in its Content-Type header' };
  const meta = metaCharset(bytes);
  return meta ? { label: normalizeDeclared(meta), where: 'in a <meta> tag' } : undefined;
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function headerCharset(contentType?: string | null): string | undefined {
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

function decodeWith({ label: charset, where }: DeclaredCharset, bytes: Uint8Array, label: string): string {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new NotebookError(
      'unknown_charset',
      `${label} declares the character encoding "${charset.slice(0, 60)}" ${where}, which Commonplace does not know, so its text cannot be read; it was not clipped.`,
    );
  }
  return decoder.decode(bytes);
}

/**
 * Whether bytes that are not all valid UTF-8 are UTF-8 with a few broken sequences (a page cut
 * short or patched by hand): more well-formed multi-byte characters than broken bytes. Text in
 * an 8-bit encoding has next to none: é in windows-1252 is one byte, which UTF-8 never allows alone.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let wellFormed = 0;
  let broken = 0;
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at];
    if (lead < 0x80) {
      at++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let valid = length > 0 && at + length <= bytes.length;
    for (let next = 1; valid && next < length; next++) valid = (bytes[at + next] & 0xc0) === 0x80;
    if (valid) {
      wellFormed++;
      at += length;
    } else {
      broken++;
      at++;
    }
  }
  return wellFormed > broken;
}

/** Formats people mistake for a page (or a server serves as one), by their first bytes. */
const SIGNATURES: Array<[description: string, signature: number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
];

/**
 * What binary data is ("a PNG image", else "binary data"), or null for text. Binary data has NUL
 * bytes early on; text in an 8-bit or UTF-8 encoding has none.
 */
export function binaryKind(bytes: Uint8Array): string | null {
  const known = SIGNATURES.find(([, signature]) => signature.every((byte, index) => bytes[index] === byte));
  if (known) return known[0];
  if (bomCharset(bytes)?.startsWith('utf-16')) return null;
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return 'binary data';
  return null;
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d;
}
