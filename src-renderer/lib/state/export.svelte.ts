/**
 * Export to Markdown as the app sees it: whether the dialog is open and on what, the choices
 * remembered for next time (exporting again into the same vault is the usual case), and the
 * export running in the notebook, polled until it ends.
 */
import { exportFlavors, type ExportFlavor, type ExportStatus } from '@common/export-model';
import { booleanOr, oneOf, storedObject, stringOr } from '../stored-choice';
import type { Client } from '../api';

/** What to export: the open article, the articles with a tag, or the whole notebook. */
export type ExportScope = { kind: 'article'; id: string } | { kind: 'tag'; tag: string } | { kind: 'everything' };

export interface ExportChoices {
  folder: string;
  fullText: boolean;
  flavor: ExportFlavor;
}

const KEY = 'commonplace.export';
const POLL_MS = 250;

function rememberedChoices(): ExportChoices {
  const stored = storedObject(localStorage.getItem(KEY));
  return { folder: stringOr(stored.folder, ''), fullText: booleanOr(stored.fullText, false), flavor: oneOf(exportFlavors, stored.flavor, 'obsidian') };
}

class ExportState {
  /** What the dialog was opened on; null while it is closed. */
  openedOn = $state<ExportScope | null>(null);
  choices = $state<ExportChoices>(rememberedChoices());
  /** The running or last export, as the notebook reports it. */
  status = $state<ExportStatus | null>(null);
  /**
   * Why the export could not be started (then nothing was written) or followed to its end (it
   * may still be running); an export that fails on its own says why in `status.error`.
   */
  problem = $state<{ message: string; started: boolean } | null>(null);

  get running(): boolean {
    return !!this.status && !this.status.finished;
  }

  open(scope: ExportScope): void {
    if (!this.running) [this.status, this.problem] = [null, null];
    this.openedOn = scope;
  }

  close(): void {
    this.openedOn = null;
  }

  /** Starts the export with the current choices (remembered) and follows it until it ends, whether or not the dialog stays open. */
  async start(api: Client, scope: ExportScope): Promise<void> {
    if (this.running) return;
    const { folder, fullText, flavor } = this.choices;
    localStorage.setItem(KEY, JSON.stringify(this.choices));
    [this.status, this.problem] = [null, null];
    let started = false;
    try {
      let status = await api.startExport({
        folder: folder.trim(),
        fullText,
        flavor,
        ...(scope.kind === 'article' ? { articleId: scope.id } : scope.kind === 'tag' ? { tag: scope.tag } : {}),
      });
      started = true;
      this.status = status;
      while (!status.finished) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        status = await api.exportStatus({ jobId: status.jobId });
        this.status = status;
      }
    } catch (failure) {
      this.status = null;
      this.problem = { message: (failure as Error).message, started };
    }
  }
}

export const exporting = new ExportState();
