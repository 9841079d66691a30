/** What an export is made from: plain data read from the notebook (see gather.ts). */
import type { ArticleSummary, DocNode, Highlight, Link } from '../common/model';
import type { NoteDocument } from '../store/notes';

export interface ExportArticle {
  summary: ArticleSummary;
  captureId: string;
  /** The newest capture's document, when the full text is exported. */
  doc: DocNode | null;
  /** Placed on the newest capture, in reading order (passages not found there last). */
  highlights: Highlight[];
}

export interface VaultData {
  articles: ExportArticle[];
  /** Every note, for an export of the whole notebook; none otherwise. */
  notes: NoteDocument[];
  /** Every link with at least one side among the exported highlights. */
  links: Link[];
  /** Images the exported full texts show, by sha256. */
  assets: Map<string, { mime: string; bytes: Buffer }>;
}
