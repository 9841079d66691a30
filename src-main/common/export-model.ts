/** What an export is asked to do and what it did. Field names are a public interface (CLI --json). */

export const exportFlavors = ['obsidian', 'logseq'] as const;
export type ExportFlavor = (typeof exportFlavors)[number];

export interface ExportRequest {
  /** The folder to write into (created if missing); nothing is written outside it. */
  folder: string;
  /** One article; else the articles with `tag`; else the whole notebook (notes and claims too). */
  articleId?: string;
  tag?: string;
  /** Each article's text follows its highlights, images copied into assets/. */
  fullText?: boolean;
  flavor?: ExportFlavor;
}

/**
 * A file Commonplace did not replace or remove because the user changed it (or Commonplace
 * never wrote it): kept, with the new version beside it when there is one.
 */
export interface KeptFile {
  path: string;
  /** Where the new version was written; null when the item is gone, so there is none. */
  newVersion: string | null;
}

export interface ExportResult {
  folder: string;
  /** Paths (relative to the folder, with /) written new or changed. */
  written: string[];
  /** How many files were already as they would be written. */
  unchanged: number;
  /** Files Commonplace wrote before whose item is gone, removed now. */
  removed: string[];
  kept: KeptFile[];
  /** Every file the export consists of (the manifest's count). */
  files: number;
}

export interface ExportStatus {
  jobId: string;
  /** Files to prepare, once known (0 before). */
  total: number;
  done: number;
  finished: boolean;
  /** Why it stopped, when it failed: then no existing file was changed. */
  error: string | null;
  result: ExportResult | null;
}
