/** The library as the views see it: the list, its filter, clipping into it and housekeeping. */
import type { ImportStatus } from '@common/imports';
import type { ArticleSummary, ClipResult, ReadingState } from '@common/model';
import type { Client } from '../api';
import { fileToBase64, isHtmlFile } from '../files';

export type ClipStatus =
  | { kind: 'idle' }
  | { kind: 'working'; label: string }
  | { kind: 'done'; result: ClipResult }
  | { kind: 'failed'; label: string; message: string };

export type LibraryFilter = 'all' | ReadingState | 'trash';

export class LibraryState {
  articles = $state<ArticleSummary[]>([]);
  filter = $state<LibraryFilter>('all');
  loaded = $state(false);
  loadError = $state<string | null>(null);
  clip = $state<ClipStatus>({ kind: 'idle' });
  importing = $state<ImportStatus | null>(null);
  importError = $state<string | null>(null);

  constructor(readonly api: Client) {}

  async refresh(): Promise<void> {
    try {
      const filter = this.filter;
      this.articles = await this.api.listArticles(
        filter === 'trash' ? { trashed: true } : filter === 'all' ? {} : { state: filter },
      );
      this.loadError = null;
    } catch (error) {
      this.loadError = (error as Error).message;
    } finally {
      this.loaded = true;
    }
  }

  show(filter: LibraryFilter): Promise<void> {
    this.filter = filter;
    return this.refresh();
  }

  clipUrl(url: string): Promise<void> {
    return this.run(url, () => this.api.clipUrl({ url }));
  }

  clipHtml(html: string): Promise<void> {
    return this.run('the pasted HTML', () => this.api.clipHtml({ html }));
  }

  async clipFiles(files: File[]): Promise<void> {
    for (const file of files) {
      if (!isHtmlFile(file)) {
        this.clip = { kind: 'failed', label: file.name, message: 'Only saved web pages (.html files) can be clipped.' };
        continue;
      }
      await this.run(file.name, async () => this.api.clipFile({ fileName: file.name, contentBase64: await fileToBase64(file) }));
    }
  }

  async setState(article: ArticleSummary, state: ReadingState): Promise<void> {
    await this.change(() => this.api.setReadingState({ id: article.id, state }));
  }

  async trash(article: ArticleSummary): Promise<void> {
    await this.change(() => this.api.trashArticle({ id: article.id }));
  }

  async restore(article: ArticleSummary): Promise<void> {
    await this.change(() => this.api.restoreArticle({ id: article.id }));
  }

  async emptyTrash(): Promise<void> {
    await this.change(() => this.api.emptyTrash({}));
  }

  /** Starts an import and follows it until it ends; the list refreshes as articles arrive. */
  async importList(file: File): Promise<void> {
    this.importError = null;
    try {
      let status = await this.api.startImport({ fileName: file.name, content: await file.text() });
      this.importing = status;
      while (!status.finished) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        status = await this.api.importStatus({ jobId: status.jobId });
        this.importing = status;
        await this.refresh();
      }
    } catch (error) {
      this.importError = (error as Error).message;
    }
  }

  private async change(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.loadError = (error as Error).message;
    }
    await this.refresh();
  }

  private async run(label: string, clip: () => Promise<ClipResult>): Promise<void> {
    this.clip = { kind: 'working', label };
    try {
      this.clip = { kind: 'done', result: await clip() };
      await this.refresh();
    } catch (error) {
      this.clip = { kind: 'failed', label, message: (error as Error).message };
    }
  }
}
