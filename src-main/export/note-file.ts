/** A note as a Markdown file: frontmatter, its title, then its document, its citations as links into the vault. */
import { docToMarkdown } from './doc-markdown';
import { escapeMarkdownText } from './markdown-escape';
import { frontmatter } from './frontmatter';
import type { NoteDocument } from '../store/notes';
import type { VaultIndex } from './vault-index';

export function noteMarkdown(note: NoteDocument, index: VaultIndex): string {
  const title = note.title || 'Untitled note';
  const body = docToMarkdown(note.doc, index.targets('Notes')).trimEnd();
  const parts = [
    frontmatter([
      ['title', title],
      ['commonplace_id', note.id],
      ['created', note.createdAt],
      ['updated', note.updatedAt],
    ]),
    `# ${escapeMarkdownText(title)}`,
  ];
  if (body) parts.push(body);
  return `${parts.join('\n\n')}\n`;
}
