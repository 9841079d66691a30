/**
 * One article as a Markdown file: frontmatter, the title, a source line, then its highlights
 * in reading order — each a block quote named by a block id, with its colour, claim,
 * comment, links and a link to the passage on the live page — and, when asked, the text.
 */
import { webPageAddress, withTextDirective } from '../common/text-fragment';
import { relationPassives, relationVerbs, type Highlight, type Link } from '../common/model';
import { docToMarkdown, markdownLinkDestination } from './doc-markdown';
import { escapeMarkdownText } from './markdown-escape';
import { frontmatter } from './frontmatter';
import type { ExportArticle } from './vault-data';
import type { VaultIndex } from './vault-index';

export function articleMarkdown(article: ExportArticle, linksOf: (highlightId: string) => Link[], index: VaultIndex): string {
  const { summary } = article;
  const parts = [
    frontmatter([
      ['title', summary.title],
      ['author', summary.authors],
      ['site', summary.siteName],
      ['url', summary.url],
      ['published', summary.publishedAt],
      ['clipped', summary.clippedAt],
      ['tags', summary.tags],
      ['commonplace_id', summary.id],
      ['capture', article.captureId],
    ]),
    `# ${escapeMarkdownText(summary.title)}`,
    sourceLine(article),
  ];
  if (article.highlights.length > 0) {
    parts.push('## Highlights');
    const page = webPageAddress(summary.url);
    // Made a destination once an article: a text directive is all percent-encoded, so nothing
    // after the page's address changes when it becomes one.
    const pageDestination = page === null ? null : markdownLinkDestination(page);
    for (const highlight of article.highlights) parts.push(highlightMarkdown(highlight, pageDestination, linksOf(highlight.id), index));
  }
  if (article.doc) parts.push('## Text', docToMarkdown(article.doc, index.targets('Articles')).trimEnd());
  return `${parts.join('\n\n')}\n`;
}

function sourceLine(article: ExportArticle): string {
  const { summary } = article;
  const site = escapeMarkdownText(summary.siteName ?? hostOf(summary.url) ?? 'Saved file');
  const destination = summary.url ? markdownLinkDestination(summary.url) : null;
  const pieces = [destination ? `[${site}](${destination})` : site];
  if (summary.authors.length > 0) pieces.push(`by ${escapeMarkdownText(summary.authors.join(', '))}`);
  if (summary.publishedAt) pieces.push(`published ${summary.publishedAt.slice(0, 10)}`);
  pieces.push(`clipped ${summary.clippedAt.slice(0, 10)}`);
  return `Source: ${pieces.join(' · ')}`;
}

function hostOf(url: string | null): string | null {
  return url && URL.canParse(url) ? new URL(url).hostname : null;
}

function highlightMarkdown(highlight: Highlight, pageDestination: string | null, links: Link[], index: VaultIndex): string {
  const quoteText = highlight.placement.text ?? highlight.quote.exact;
  const quote = quoteText
    .split('\n')
    .map((line) => (line.trim() ? `> ${escapeMarkdownText(line)}` : '>'))
    .join('\n');
  const details = [`- Colour: ${highlight.color}`];
  if (highlight.isClaim) details.push(`- Claim${highlight.statement ? `: ${escapeMarkdownText(highlight.statement)}` : ''}`);
  if (highlight.comment) details.push(`- Comment: ${multiline(highlight.comment)}`);
  if (highlight.placement.status === 'orphan') details.push('- Not found in the newest capture of the page');
  for (const link of links) details.push(`- ${linkLine(link, highlight.id, index)}`);
  if (pageDestination) details.push(`- [Open on the page](${withTextDirective(pageDestination, highlight.quote)})`);
  return index.flavor.highlightBlock(quote, highlight.id, details);
}

/** "Supports [[…|other passage]] — why", read from this highlight's side of the link. */
export function linkLine(link: Link, fromHighlightId: string, index: VaultIndex): string {
  const outgoing = link.from.id === fromHighlightId;
  const other = outgoing ? link.to : link.from;
  const words = outgoing ? relationVerbs[link.relation] : relationPassives[link.relation];
  const file = index.highlightFile(other.id);
  const label = other.statement ?? other.quote;
  const target = file ? index.flavor.passageLink(file, other.id, label) : `“${escapeMarkdownText(label)}” (${escapeMarkdownText(other.articleTitle)})`;
  const deleted = other.deleted ? ' (passage deleted)' : '';
  const why = link.rationale ? ` — ${escapeMarkdownText(link.rationale.replace(/\s+/g, ' '))}` : '';
  return `${words[0].toUpperCase()}${words.slice(1)} ${target}${deleted}${why}`;
}

/** Text of several lines inside a list item: each line escaped, joined by hard breaks, indented to stay in the item. */
function multiline(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeMarkdownText(line.trim()))
    .filter(Boolean)
    .join('\\\n  ');
}
