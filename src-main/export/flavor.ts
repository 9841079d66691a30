/**
 * What differs between the Markdown Obsidian reads and the Markdown Logseq reads: how a
 * passage is named (`^hl-<id>` against an `id::` property holding a UUID) and how other files
 * and passages are linked (`[[Articles/x#^hl-id|label]]` against `[label](((uuid)))`).
 */
import { createHash } from 'node:crypto';
import type { ExportFlavor } from '../common/export-model';

export interface Flavor {
  name: ExportFlavor;
  /**
   * A highlight's block: its quote (Markdown block-quote lines), named so links can point at
   * it, and its details (Markdown list items, one a line).
   */
  highlightBlock(quote: string, highlightId: string, details: string[]): string;
  /** A link to a highlight in an exported article file (`file`: its path without ".md"). */
  passageLink(file: string, highlightId: string, label: string): string;
  /** A link to an exported file (`file`: its path without ".md"). */
  fileLink(file: string, label: string): string;
}

/**
 * Characters that would end or split a wiki-link or its label, and angle brackets: a Markdown
 * reader that does not know wiki-links (and Logseq's `[label](…)`) would take `<…>` in a label
 * for HTML, and a clipped title can be anything.
 */
export function linkLabel(text: string, maxLength = 60): string {
  const flat = text.replace(/[\s]+/g, ' ').replace(/[[\]|#^<>]/g, ' ').replace(/ {2,}/g, ' ').trim();
  if (flat.length <= maxLength) return flat || 'passage';
  const cut = flat.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Logseq names blocks by UUID: one derived from the highlight's id, so re-exports agree. */
export function blockUuid(highlightId: string): string {
  const hex = createHash('sha1').update(`commonplace:highlight:${highlightId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const obsidian: Flavor = {
  name: 'obsidian',
  // A block id after a quote goes on a line of its own, with blank lines around it.
  highlightBlock: (quote, highlightId, details) => [quote, `^hl-${highlightId}`, details.join('\n')].filter(Boolean).join('\n\n'),
  passageLink: (file, highlightId, label) => `[[${file}#^hl-${highlightId}|${linkLabel(label)}]]`,
  fileLink: (file, label) => `[[${file}|${linkLabel(label, 120)}]]`,
};

const logseq: Flavor = {
  name: 'logseq',
  // Logseq's unit is the outline block: the quote is one, its properties follow its first
  // lines, and the details are its children.
  highlightBlock: (quote, highlightId, details) =>
    [`- ${quote.replace(/\n/g, '\n  ')}`, `  id:: ${blockUuid(highlightId)}`, ...details.map((line) => `  ${line.replace(/\n/g, '\n  ')}`)].join('\n'),
  passageLink: (_file, highlightId, label) => `[${linkLabel(label)}](((${blockUuid(highlightId)})))`,
  // Logseq knows pages by name, which is the file's name without its folder.
  fileLink: (file, label) => `[${linkLabel(label, 120)}]([[${file.split('/').pop()}]])`,
};

export function flavorOf(name: ExportFlavor = 'obsidian'): Flavor {
  return name === 'logseq' ? logseq : obsidian;
}
