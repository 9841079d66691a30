/** Where every exported item lives in the vault, so any file can link to any other. */
import type { MarkdownTargets } from './doc-markdown';
import { escapeMarkdownText } from './markdown-escape';
import { exportFileName } from './file-names';
import type { Flavor } from './flavor';
import type { VaultData } from './vault-data';

export interface VaultIndex {
  flavor: Flavor;
  /** An article's or note's file, without ".md" ("Articles/Title (ab12cd34)"). */
  fileOf(id: string): string | undefined;
  /** The article file an exported highlight is in. */
  highlightFile(highlightId: string): string | undefined;
  /** The asset path (from the vault's root) of a stored image, when it is exported. */
  assetOf(src: string): string | undefined;
  /** How `reference` nodes, quoted passages and images of a document are written in `fromFolder`. */
  targets(fromFolder: string): MarkdownTargets;
}

const ASSET_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
};

export function assetPath(sha256: string, mime: string): string {
  return `assets/${sha256}.${ASSET_EXTENSIONS[mime] ?? 'bin'}`;
}

/** A file name without its ".md": links name files so. */
function stem(fileName: string): string {
  return fileName.replace(/\.md$/, '');
}

export function indexVault(data: VaultData, flavor: Flavor): VaultIndex {
  const files = new Map<string, string>();
  const highlightArticle = new Map<string, string>();
  for (const { summary, highlights } of data.articles) {
    files.set(summary.id, `Articles/${stem(exportFileName(summary.title, summary.id, '.md'))}`);
    for (const highlight of highlights) highlightArticle.set(highlight.id, summary.id);
  }
  for (const note of data.notes) files.set(note.id, `Notes/${stem(exportFileName(note.title || 'Untitled note', note.id, '.md'))}`);
  const assets = new Map([...data.assets].map(([sha256, asset]) => [`/media/${sha256}`, assetPath(sha256, asset.mime)]));

  const highlightFile = (highlightId: string) => {
    const articleId = highlightArticle.get(highlightId);
    return articleId && files.get(articleId);
  };
  return {
    flavor,
    fileOf: (id) => files.get(id),
    highlightFile,
    assetOf: (src) => assets.get(src),
    targets: (fromFolder) => ({
      reference: ({ targetId, kind, label }) => {
        const file = kind === 'highlight' || kind === 'claim' ? highlightFile(targetId) : files.get(targetId);
        if (!file) return escapeMarkdownText(label);
        return kind === 'highlight' || kind === 'claim' ? flavor.passageLink(file, targetId, label) : flavor.fileLink(file, label);
      },
      passageSource: ({ highlightId, articleId, title }) => {
        const file = highlightFile(highlightId);
        if (file) return `— ${flavor.passageLink(file, highlightId, title)}`;
        const articleFile = files.get(articleId);
        return `— ${articleFile ? flavor.fileLink(articleFile, title) : escapeMarkdownText(title)}`;
      },
      image: (src) => {
        const path = assets.get(src);
        return path ? `${'../'.repeat(fromFolder.split('/').filter(Boolean).length)}${path}` : null;
      },
    }),
  };
}
