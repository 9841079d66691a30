/** The library as the views see it: the list, and clipping into it. */
import type { ArticleSummary } from '@common/model';
import type { Client } from '../api';
import { fileToBase64, isHtmlFile } from '../files';

export type ClipStatus =
  | { kind: 'idle' }
  | { kind: 'working'; label: string }
  | { kind: 'done'; article: ArticleSummary }
  | { kind: 'failed'; label: string; message: string };

export class LibraryState {
  articles = $state<ArticleSummary[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  clip = $state<ClipStatus>({ kind: 'idle' });

  constructor(private readonly api: Client) {}

  async refresh(): Promise<void> {
    try {
      this.articles = await this.api.listArticles({});
      this.loadError = null;
    } catch (error) {
      this.loadError = (error as Error).message;
    } finally {
      this.loaded = true;
    }
  }

  clipUrl(url: string): Promise<void> {
    return this.run(url, () => this.api.clipUrl({ url }));
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

  private async run(label: string, clip: () => Promise<ArticleSummary>): Promise<void> {
    this.clip = { kind: 'working', label };
    try {
      const article = await clip();
      this.clip = { kind: 'done', article };
      await this.refresh();
    } catch (error) {
      this.clip = { kind: 'failed', label, message: (error as Error).message };
    }
  }
}
