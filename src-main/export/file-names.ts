/**
 * File names an export may write on any system, and the guard that keeps every write inside
 * the chosen folder. A name keeps the title readable (any script, spaces, ordinary punctuation,
 * its case), so Obsidian shows the title as the note's name; what no system, or no Obsidian
 * link, can carry is replaced.
 */
import { isAbsolute, relative as relativePath, resolve, sep, win32 } from 'node:path';

/** Bytes of UTF-8 a name may take, extension and " (short id)" included: well under every system's 255. */
export const MAX_NAME_BYTES = 120;
const SHORT_ID_LENGTH = 8;
/** Names Windows keeps for devices, with or without an extension (COM¹–³ and LPT¹–³ too). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/i;

const utf8 = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first 8 characters of an id. */
export function shortId(id: string): string {
  return Array.from(id).slice(0, SHORT_ID_LENGTH).join('');
}

/**
 * "<title> (<short id>)<extension>", at most MAX_NAME_BYTES of UTF-8, the title cut at a
 * character boundary if it must be. `extension` is "" or like ".md" (the dot may be left out).
 */
export function exportFileName(title: string, id: string, extension: string): string {
  const dotted = extension === '' || extension.startsWith('.') ? extension : `.${extension}`;
  if (!/^(?:\.[A-Za-z0-9]+)*$/.test(dotted)) throw new Error(`Not a file extension: ${JSON.stringify(extension)}`);
  const tail = ` (${shortId(id).replace(/[^A-Za-z0-9_-]/g, '')})${dotted}`;
  const budget = MAX_NAME_BYTES - utf8.encode(tail).length;
  // A device name is renamed before the cut (the cut keeps its start) and again after it, for
  // a title cut down to one.
  const name = notADevice(trimEdges(cutToBytes(notADevice(cleanTitle(title)), budget)));
  return `${name || 'Untitled'}${tail}`;
}

/**
 * The title with what a file name cannot hold replaced: control and invisible formatting
 * characters (bidi overrides included; the joiners and tags that emoji and Indic scripts need stay), the
 * characters Windows forbids (< > : " / \ | ? *) and those that break an Obsidian link
 * (# ^ [ ]), dots and blank space at either end, and runs of dots within (".." reads as "…").
 */
function cleanTitle(title: string): string {
  return trimEdges(
    title
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
      .replace(/(?![\u200C\u200D\u{E0020}-\u{E007F}])\p{Cf}/gu, '')
      .replace(/\s*:\s*$/, '')
      .replace(/\s*:\s+/g, ' - ')
      .replace(/[:/\\|]/g, '-')
      .replace(/"/g, "'")
      .replace(/\[/g, '(')
      .replace(/\]/g, ')')
      .replace(/[<>?*#^]/g, ' ')
      .replace(/\s+/gu, ' '),
  ).replace(/\.{2,}/g, '…');
}

/** No blank space or dots at either end: Windows drops trailing ones, and a leading dot hides the file. */
function trimEdges(name: string): string {
  return name.replace(/^[\s.]+|[\s.]+$/gu, '');
}

/** The longest run of whole characters (grapheme clusters: an emoji, a letter with its accents) that fits. */
function cutToBytes(text: string, budget: number): string {
  if (utf8.encode(text).length <= budget) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    used += utf8.encode(segment).length;
    if (used > budget) break;
    kept += segment;
  }
  return kept;
}

/** "CON" and "con.txt" name devices on Windows; "CON_" and "con_.txt" do not. */
function notADevice(name: string): string {
  const dot = name.indexOf('.');
  const stem = dot === -1 ? name : name.slice(0, dot);
  return WINDOWS_DEVICE.test(stem.trimEnd()) ? `${stem.trimEnd()}_${dot === -1 ? '' : name.slice(dot)}` : name;
}

/**
 * The absolute path of `relative` (with / or \ between its parts) inside `root`. Throws when
 * it would not be inside: an absolute path, a ".." part, a NUL, or `root` itself. The check
 * is on the paths as written, so it holds whatever is on disk.
 */
export function pathInside(root: string, relative: string): string {
  const parts = relative.split(/[/\\]/);
  if (relative.includes('\0') || isAbsolute(relative) || win32.isAbsolute(relative) || /^[A-Za-z]:/.test(relative) || parts.includes('..')) {
    throw new Error(`Not a path inside the export folder: ${JSON.stringify(relative)}`);
  }
  const base = resolve(root);
  const target = resolve(base, relative);
  const fromBase = relativePath(base, target);
  if (fromBase === '' || fromBase === '..' || fromBase.startsWith(`..${sep}`) || isAbsolute(fromBase)) {
    throw new Error(`Not a path inside the export folder: ${JSON.stringify(relative)}`);
  }
  return target;
}
