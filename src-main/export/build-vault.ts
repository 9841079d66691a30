/**
 * The files of an export, from the notebook's data: a path (relative, with /) for each, and its
 * content, made one at a time as they are written (write-vault.ts), so the whole vault (some
 * 100 MB at 100,000 highlights) is never held at once. Deterministic: the same data gives
 * byte-identical files, so exporting again with nothing changed rewrites nothing.
 */
import type { ExportFlavor } from '../common/export-model';
import type { Link } from '../common/model';
import { articleMarkdown } from './article-file';
import { toBibtex, toCslJson } from './bibliography';
import { claimsMarkdown } from './claims-file';
import type { FileContent } from './file-content';
import { flavorOf } from './flavor';
import { noteMarkdown } from './note-file';
import type { VaultData } from './vault-data';
import { assetPath, indexVault } from './vault-index';
import { webAnnotationsText } from './web-annotations';

export type VaultFile = [path: string, content: FileContent];

export function* vaultFiles(data: VaultData, flavorName: ExportFlavor | undefined): Generator<VaultFile> {
  const index = indexVault(data, flavorOf(flavorName));
  const links = new Map<string, Link[]>();
  for (const link of data.links) {
    for (const side of [link.from.id, link.to.id]) {
      const list = links.get(side);
      if (list) list.push(link);
      else links.set(side, [link]);
    }
  }
  const linksOf = (highlightId: string) => links.get(highlightId) ?? [];
  for (const article of data.articles) yield [`${index.fileOf(article.summary.id)}.md`, articleMarkdown(article, linksOf, index)];
  for (const note of data.notes) yield [`${index.fileOf(note.id)}.md`, noteMarkdown(note, index)];
  yield ['Claims.md', claimsMarkdown(data.articles, linksOf, index)];
  const summaries = data.articles.map((article) => article.summary);
  yield ['references.bib', toBibtex(summaries)];
  yield ['references.json', `${JSON.stringify(toCslJson(summaries), null, 2)}\n`];
  const annotated = data.articles.flatMap(({ summary, highlights }) =>
    highlights.map((highlight) => ({
      id: highlight.id,
      exact: highlight.quote.exact,
      prefix: highlight.quote.prefix,
      suffix: highlight.quote.suffix,
      comment: highlight.comment,
      statement: highlight.statement,
      isClaim: highlight.isClaim,
      color: highlight.color,
      createdAt: highlight.createdAt,
      updatedAt: highlight.updatedAt,
      articleId: summary.id,
      articleUrl: summary.url,
      articleTitle: summary.title,
    })),
  );
  // Compact: at 100,000 highlights, indentation alone would double a 70 MB file.
  yield ['annotations.jsonld', webAnnotationsText(annotated)];
  for (const [sha256, asset] of data.assets) yield [assetPath(sha256, asset.mime), asset.bytes];
}

/** How many files vaultFiles will make of this data, for progress (a test checks the count ends there). */
export function vaultFileCount(data: VaultData): number {
  const claimsReferencesAndAnnotations = 4;
  return data.articles.length + data.notes.length + claimsReferencesAndAnnotations + data.assets.size;
}
