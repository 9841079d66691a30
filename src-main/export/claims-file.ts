/** Claims.md: every exported claim, in its own words, with where it comes from and what bears on it. */
import type { Highlight, Link } from '../common/model';
import { linkLine } from './article-file';
import { escapeMarkdownText } from './markdown-escape';
import type { ExportArticle } from './vault-data';
import type { VaultIndex } from './vault-index';

export function claimsMarkdown(articles: ExportArticle[], linksOf: (highlightId: string) => Link[], index: VaultIndex): string {
  const claims = articles.flatMap((article) => article.highlights.filter((highlight) => highlight.isClaim).map((highlight) => ({ article, highlight })));
  const parts = ['# Claims'];
  if (claims.length === 0) parts.push('No claims yet: mark a highlight as a claim in the reader.');
  for (const { article, highlight } of claims) parts.push(claimSection(highlight, article, linksOf(highlight.id), index));
  return `${parts.join('\n\n')}\n`;
}

function claimSection(claim: Highlight, article: ExportArticle, links: Link[], index: VaultIndex): string {
  const heading = escapeMarkdownText((claim.statement ?? claim.quote.exact).replace(/\s+/g, ' ').trim());
  const file = index.fileOf(article.summary.id)!;
  const lines = [
    `## ${heading}`,
    claim.statement ? claim.quote.exact.split('\n').map((line) => (line.trim() ? `> ${escapeMarkdownText(line)}` : '>')).join('\n') : null,
    `From ${index.flavor.passageLink(file, claim.id, article.summary.title)}`,
    links.length > 0 ? links.map((link) => `- ${linkLine(link, claim.id, index)}`).join('\n') : 'Nothing is linked to it yet.',
  ];
  return lines.filter((line): line is string => line !== null).join('\n\n');
}
