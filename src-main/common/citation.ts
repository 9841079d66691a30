/**
 * Author-date citations of an article, from its metadata, and the Markdown that "Copy with
 * citation" puts on the clipboard. Names are read here once (given, family, particles,
 * suffixes) so the in-text citation, BibTeX and CSL-JSON agree on who the authors are.
 */

/** The metadata a citation is made of: ArticleSummary has every field. */
export interface CitableArticle {
  id: string;
  title: string;
  authors: string[];
  siteName: string | null;
  journal: string | null;
  publisher: string | null;
  /** ISO 8601 as the page states it ("2023", "2023-05", "2023-05-01T10:00:00+02:00"), or null. */
  publishedAt: string | null;
  url: string | null;
  doi: string | null;
  /** ISO 8601 UTC. */
  clippedAt: string;
}

/** A person's name in parts, or a name to print as it is (an organisation, a one-word name). */
export type PersonName = { literal: string } | { given: string; family: string; suffix: string };

/**
 * Lower-case words that belong to the family name when they come before it ("Ludwig van
 * Beethoven" is cited as "van Beethoven"), as BibTeX's "von" part does.
 */
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'del', 'della', 'delle', 'dei', 'da', 'das', 'dos', 'do', 'du', 'di', 'la', 'le', 'ter', 'ten', 'te', 'op', 'zu', 'zum', 'zur', 'af', 'al', 'el', 'bin', 'ibn', 'ben']);
/** Generational suffixes: "Martin Luther King Jr." is King, not Jr. */
const SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;
/** Two or more parties in one name ("Procter & Gamble", "Smith and Sons"): an organisation. */
const SEVERAL_PARTIES = /&|\band\b|\bund\b/i;

/**
 * The parts of a name as a byline writes it: "Ann Lee", "Lee, Ann", "King, Jr., Martin Luther",
 * "Ludwig van Beethoven". The family name is the last word with the particles before it,
 * unless the name has a comma (then it is what comes before the comma). One word, or a name
 * of several parties, stays whole. Null for a blank name.
 */
export function parsePersonName(name: string): PersonName | null {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!clean) return null;
  if (SEVERAL_PARTIES.test(clean)) return { literal: clean };
  if (clean.includes(',')) {
    const parts = clean.split(',').map((part) => part.trim());
    if (parts.length === 2 && SUFFIX.test(parts[1])) {
      const named = parsePersonName(parts[0]);
      return named && !('literal' in named) ? { ...named, suffix: parts[1] } : { literal: clean };
    }
    if (parts.length === 2 && parts[0] && parts[1]) return { given: parts[1], family: parts[0], suffix: '' };
    if (parts.length === 3 && parts[0] && parts[2]) return { given: parts[2], family: parts[0], suffix: parts[1] };
    return { literal: clean };
  }
  const words = clean.split(' ');
  const suffix = words.length >= 3 && SUFFIX.test(words[words.length - 1]) ? words.pop()! : '';
  if (words.length === 1) return { literal: clean };
  let familyStart = words.length - 1;
  while (familyStart > 1 && PARTICLES.has(words[familyStart - 1])) familyStart--;
  return { given: words.slice(0, familyStart).join(' '), family: words.slice(familyStart).join(' '), suffix };
}

/** How a name is cited: its family name (with particles), or the whole literal name. */
export function citedName(name: PersonName): string {
  return 'literal' in name ? name.literal : name.family;
}

export function authorNames(article: CitableArticle): PersonName[] {
  return article.authors.map(parsePersonName).filter((name): name is PersonName => name !== null);
}

/** The year the page states, or null. */
function publicationYear(article: CitableArticle): string | null {
  return /^\s*(\d{4})/.exec(article.publishedAt ?? '')?.[1] ?? null;
}

/** "Srebrnik", "Srebrnik and Lee", "Srebrnik et al.", or null without authors. */
function authorsPhrase(article: CitableArticle): string | null {
  const names = authorNames(article).map(citedName);
  if (names.length === 0) return null;
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names[0]} et al.`;
}

/** A title shortened as author-date styles cite an anonymous work: its first four words. */
function shortTitle(title: string): string {
  const words = title.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (words.length === 0) return 'Untitled';
  return words.length <= 4 ? words.join(' ') : `${words.slice(0, 4).join(' ')}…`;
}

function nonBlank(value: string | null): string | null {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

/**
 * "(Srebrnik 2023)", "(Srebrnik and Lee 2023)", "(Srebrnik et al. 2023)"; without authors the
 * site ("(Guardian n.d.)"), else the title in quotes. Plain text: the caller escapes it for
 * the format it writes.
 */
export function authorDateCitation(article: CitableArticle): string {
  const who = authorsPhrase(article) ?? nonBlank(article.siteName) ?? `“${shortTitle(article.title)}”`;
  return `(${who} ${publicationYear(article) ?? 'n.d.'})`;
}

/**
 * The quote as a Markdown block quote, then "— Author (Year), [Title](url)". Every piece of
 * text is escaped so that it reads back as the same text (never as emphasis, a link, HTML, an
 * Obsidian tag, highlight or block id). The title links only to an http(s) address.
 */
export function quoteWithCitation(quote: string, article: CitableArticle, url: string | null): string {
  const year = publicationYear(article) ?? 'n.d.';
  const who = authorsPhrase(article) ?? nonBlank(article.siteName);
  const title = escapeMarkdownText(nonBlank(article.title) ?? 'Untitled');
  const destination = webDestination(url);
  const source = destination ? `[${title}](${destination})` : title;
  const attribution = who ? `— ${escapeMarkdownText(who)} (${year}), ${source}` : `— ${source} (${year})`;
  const quoted = blockQuote(quote);
  return quoted ? `${quoted}\n\n${attribution}` : attribution;
}

/**
 * Paragraphs (split at blank lines) become block-quote paragraphs; a single line break stays
 * a line break (a backslash at the end of the line, CommonMark's hard break).
 */
function blockQuote(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => escapeMarkdownText(line.replace(/[ \t]+/g, ' ').trim()))
        .filter(Boolean),
    )
    .filter((lines) => lines.length > 0);
  return paragraphs.map((lines) => lines.map((line, index) => `> ${line}${index < lines.length - 1 ? '\\' : ''}`).join('\n')).join('\n>\n');
}

/**
 * One line of text made inert in CommonMark, GFM and Obsidian. Characters that are markup
 * anywhere get a backslash (always a valid escape before ASCII punctuation); those that are
 * markup only at the start of a line (list and heading markers, setext underlines) or only
 * in pairs (Obsidian's == highlight and %% comment, Logseq's :: property) only there.
 */
function escapeMarkdownText(line: string): string {
  return line
    .replace(/[\\`*_[\]<>|~$^#]/g, '\\$&')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/([=%:])\1+/g, (run) => run.replace(/./g, '\\$&'))
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

/** The address as a link destination, or null unless it is http(s). */
function webDestination(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // The parsed form has no spaces, < or >; unbalanced parentheses need the <…> form, and a
  // backslash would escape what follows it.
  const href = parsed.href.replace(/\\/g, '%5C');
  return /[()]/.test(href) ? `<${href}>` : href;
}
