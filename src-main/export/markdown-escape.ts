/**
 * Text into Markdown that reads back as the same text: a CommonMark or GFM parser yields the
 * original characters and no markup (no emphasis, links, autolinks, HTML, headings, lists),
 * and neither do the syntaxes Obsidian and Logseq add (`#tags`, `^block-ids`, `==highlights==`,
 * `%%comments%%`, `$math$`, `((block refs))`, `{{macros}}`, `key:: value`).
 *
 * Escapes are backslashes before ASCII punctuation (CommonMark: always literal), and numeric
 * character references for what a backslash cannot keep (line breaks, whitespace a parser
 * would strip from a line's ends) or marked misreads (a backtick). Ordinary prose is left as
 * it is: "-", "+", ">", "=" and digits are escaped only where they would start a block.
 */

/** Where a piece of text stands in its line: its first and last characters need more care. */
export interface TextPosition {
  /** It begins a line: block syntax (`# `, `- `, `1. `, `> `, indentation) would apply. */
  lineStart: boolean;
  /** It ends a line: trailing whitespace would be stripped. */
  lineEnd: boolean;
}

/** Text anywhere: as if it were a whole line, the safest assumption. Never contains a newline. */
export function escapeMarkdownText(text: string): string {
  return escapeInlineText(text, { lineStart: true, lineEnd: true });
}

/** Syntax characters wherever they stand (`#` and `^` for Obsidian's tags and block ids, `$` for its math). */
const ALWAYS_ESCAPED = new Set(['\\', '*', '_', '[', ']', '<', '|', '~', '#', '^', '$']);
/** Syntax only when doubled: `==highlight==`, `%%comment%%`, Logseq's `((ref))`, `{{macro}}`, `key:: value`. */
const ESCAPED_WHEN_DOUBLED = new Set(['=', '%', '(', '{', ':']);
/**
 * Block syntax at a line's start besides the always-escaped characters: a quote, a setext
 * underline, a list item (`- `, `+ `, `1. `, `1) `), a rule or underline (`--`). The match's last
 * character is the one escaped.
 */
const LINE_START_SYNTAX = /^(?:[>=]|[-+](?=\s|$)|-(?=-)|\d+[.)](?=\s|$))/;
/** A quick test that passes over ordinary prose: everything the escapes below look at. */
const MAY_NEED_ESCAPING = /[\\*_[\]<|~#^$`\n\r&@]|==|%%|\(\(|\{\{|::|:\/\/|www\.|\]\(/i;
const LINE_START = /^(?:\s|[>=+-]|\d+[.)])/;
/** What CommonMark reads as a character reference (`&amp;`, `&#35;`, `&#x23;`). */
const ENTITY_AFTER_AMPERSAND = /^#?[A-Za-z0-9]+;/;
/** The character before a GFM email autolink's `@`. */
const EMAIL_LOCAL_PART = /[A-Za-z0-9._+-]/;

/** Text in a line of Markdown at `position`; `escapeMarkdownText` when the position is not known. */
export function escapeInlineText(text: string, position: TextPosition): string {
  if (!MAY_NEED_ESCAPING.test(text) && !(position.lineStart && LINE_START.test(text)) && !(position.lineEnd && /\s$/.test(text))) return text;
  const last = text.length - 1;
  const lineStartSyntax = position.lineStart ? LINE_START_SYNTAX.exec(text) : null;
  const escapedForLineStart = lineStartSyntax ? lineStartSyntax[0].length - 1 : -1;
  /** What goes in place of the character at `index`; null when it stays as it is. */
  const escapedAt = (index: number): string | null => {
    const char = text[index];
    const atStart = index === 0 && position.lineStart;
    const atEnd = index === last && position.lineEnd;
    if ((atStart || atEnd) && /\s/.test(char)) return characterReference(char);
    // A backtick as a reference, not "\`": marked takes an escaped backtick for a code span's when pairing emphasis.
    if (char === '\n' || char === '\r' || char === '`') return characterReference(char);
    if (index === escapedForLineStart || needsBackslash(text, index)) return `\\${char}`;
    return null;
  };
  // Only the line's ends, the line-start syntax and the characters escapedAt can change are
  // looked at; the prose between them is copied as it is.
  const looked = new Set([0, escapedForLineStart, last, ...Array.from(text.matchAll(MAY_CHANGE), (match) => match.index)]);
  let out = '';
  let copied = 0;
  for (const index of [...looked].sort((a, b) => a - b)) {
    const replacement = index >= 0 ? escapedAt(index) : null;
    if (replacement === null) continue;
    out += text.slice(copied, index) + replacement;
    copied = index + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The characters escapedAt may change wherever they stand (see needsBackslash). */
const MAY_CHANGE = /[\\*_[\]<|~#^$=%({:&.@`\n\r]/g;

function needsBackslash(text: string, index: number): boolean {
  const char = text[index];
  if (ALWAYS_ESCAPED.has(char)) return true;
  if (ESCAPED_WHEN_DOUBLED.has(char) && (text[index + 1] === char || text[index - 1] === char)) return true;
  switch (char) {
    case '&':
      return ENTITY_AFTER_AMPERSAND.test(text.slice(index + 1, index + 40));
    case ':': // a GFM autolink needs "scheme://"
      return text.startsWith('//', index + 1);
    case '.': // … or "www."
      return index >= 3 && text.slice(index - 3, index).toLowerCase() === 'www';
    case '@': // … or an email address
      return index > 0 && EMAIL_LOCAL_PART.test(text[index - 1]);
    case '(': // marked reads "\](" in a link's text as the end of the text
      return text[index - 1] === ']';
    default:
      return false;
  }
}

function characterReference(char: string): string {
  return `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`;
}

/**
 * An `&` that would start a character reference, in a destination or title. Not `\&`: marked
 * decodes the reference after removing the backslash.
 */
const AMPERSAND_REFERENCE = '&#x26;';

/** The link schemes an export may write; everything else (javascript:, data:, file:, app:) is dropped. */
const EXPORTABLE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * A link's destination as Markdown (for `[text](…)`), or null when the address is not one
 * an export may link to: only http, https, mailto and relative paths ("//host" is another
 * host, not a path). The parsed destination is the address itself, as a browser reads it.
 */
export function markdownLinkDestination(url: string): string | null {
  // What a browser ignores in an address: surrounding controls and spaces, tabs and newlines anywhere.
  const address = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (!address || !isExportableAddress(address)) return null;
  if (!/[\s\u0000-\u001f\u007f<>\\()&]/.test(address)) return address;
  const balanced = parenthesesBalance(address);
  let out = '';
  for (let index = 0; index < address.length; index++) {
    const char = address[index];
    if (/[\s\u0000-\u001f\u007f<>]/.test(char)) out += encodeURIComponent(char);
    else if (char === '\\' || (!balanced && (char === '(' || char === ')'))) out += `\\${char}`;
    else if (char === '&' && ENTITY_AFTER_AMPERSAND.test(address.slice(index + 1, index + 40))) out += AMPERSAND_REFERENCE;
    else out += char;
  }
  return out;
}

function isExportableAddress(address: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address);
  if (scheme) return EXPORTABLE_SCHEMES.has(scheme[1].toLowerCase());
  return !/^[\\/]{2}/.test(address);
}

/** Whether parentheses nest properly, which a bare CommonMark destination allows unescaped. */
function parenthesesBalance(address: string): boolean {
  let depth = 0;
  for (const char of address) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A link or image title, quoted: ` "…"` (with its leading space), or '' when there is none. */
export function markdownLinkTitle(title: unknown): string {
  if (typeof title !== 'string' || !title) return '';
  const escaped = title
    .replace(/[\\"]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, AMPERSAND_REFERENCE)
    .replace(/\r\n|\r|\n/g, '&#xA;');
  return ` "${escaped}"`;
}

/**
 * Code as a code span: fenced by a run of backticks that occurs nowhere inside, padded with a
 * space when the code begins or ends with a backtick or with a space at both ends (which
 * CommonMark strips). Line breaks become spaces, as a code span renders them anyway.
 */
export function codeSpan(code: string): string {
  const content = code.replace(/\r\n|\r|\n/g, ' ');
  const runs = new Set(backtickRuns(content));
  let length = 1;
  while (runs.has(length)) length++;
  const fence = '`'.repeat(length);
  const padded = /^`|`$/.test(content) || /^ [^]*[^ ][^]* $/.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/** The longest run of backticks in `text` (0 when there is none). */
export function longestBacktickRun(text: string): number {
  return Math.max(0, ...backtickRuns(text));
}

function backtickRuns(text: string): number[] {
  return (text.match(/`+/g) ?? []).map((run) => run.length);
}
