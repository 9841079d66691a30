/**
 * The library as the views see it: a window onto a list that may hold 100,000 articles, its
 * sort and filters, its tags, clipping into it and housekeeping.
 *
 * Nothing loads the whole list. The view says which rows it shows (`showRows`); only the
 * pages of PAGE_SIZE rows under them are fetched, and the count comes apart from the rows.
 * A new sort or filter drops the pages; a refresh (after a change) keeps them on screen
 * until their fresh copies arrive, so nothing flickers.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { ImportStatus } from '@common/imports';
import { MAX_PAGE_BYTES, megabytes } from '@common/limits';
import type { ArticleSort, ArticleSummary, ClipResult, ReadingState } from '@common/model';
import type { Client } from '../api';
import { fileToBase64, isHtmlFile } from '../files';
import { PAGE_SIZE, readSort, SORT_KEY, takeFirstPage } from './first-page';

export { PAGE_SIZE };

export type ClipStatus =
  | { kind: 'idle' }
  | { kind: 'working'; label: string }
  | { kind: 'done'; result: ClipResult }
  | { kind: 'failed'; label: string; message: string };

export type LibraryFilter = 'all' | ReadingState | 'trash';

export interface TagCount {
  name: string;
  count: number;
}

/** Pages kept in memory; the farthest from the rows on screen go first. */
const KEPT_PAGES = 40;

/** What the list shows besides the reading state: the filters a user adds and can clear. */
export interface Narrowing {
  tag: string | null;
  site: string;
  hasHighlights: boolean;
  hasClaims: boolean;
}
const NO_NARROWING: Narrowing = { tag: null, site: '', hasHighlights: false, hasClaims: false };

export class LibraryState {
  filter = $state<LibraryFilter>('all');
  sort = $state<ArticleSort>('clipped');
  narrowing = $state<Narrowing>(NO_NARROWING);
  /** How many articles the query selects; null until counted. */
  total = $state<number | null>(null);
  /** Bumped when the query changes, so the view can go back to the top. */
  queryVersion = $state(0);
  /** The first page (or the count) has arrived for the current query. */
  loaded = $state(false);
  loadError = $state<string | null>(null);
  tags = $state<TagCount[]>([]);
  tagsLoaded = $state(false);
  clip = $state<ClipStatus>({ kind: 'idle' });
  importing = $state<ImportStatus | null>(null);
  importError = $state<string | null>(null);

  /**
   * Where the list was when the library was last on screen (scroll, focused row), to come
   * back to from the reader. Plain data: the list writes it as it scrolls.
   */
  place = { scrollY: 0, active: 0, shown: false };

  #pages = new SvelteMap<number, ArticleSummary[]>();
  /** Pages fetched since the last refresh; the others are shown but fetched again. */
  #fresh = new Set<number>();
  #inFlight = new Map<number, Promise<void>>();
  /** Bumped by every refresh and query change: answers to older requests are dropped. */
  #version = 0;
  #window = { start: 0, end: PAGE_SIZE };
  #tagsLoading: Promise<void> | null = null;

  /** The count asked for before the app loaded (see first-page.ts), until it is used. */
  #earlyTotal: Promise<number | undefined> | null = null;

  constructor(
    readonly api: Client,
    private readonly storage: Storage | undefined = globalThis.localStorage,
  ) {
    // The sort is remembered in this browser (and checked when read back).
    this.sort = readSort(storage);
    // The first page may be on its way already, asked for before the app loaded.
    const early = takeFirstPage(this.sort);
    if (early) {
      this.#earlyTotal = early.total;
      const version = this.#version;
      const inFlight = this.#inFlight;
      inFlight.set(
        0,
        early.rows.then((rows) => {
          inFlight.delete(0);
          if (version !== this.#version) return;
          if (rows) this.#receive(0, rows);
          else return this.#fetchPage(0);
        }),
      );
    }
  }

  /** How many rows the list has: the count, or what the first page showed before it came. */
  get size(): number {
    return this.total ?? this.#pages.get(0)?.length ?? 0;
  }

  get narrowed(): boolean {
    const { tag, site, hasHighlights, hasClaims } = this.narrowing;
    return tag !== null || site.trim() !== '' || hasHighlights || hasClaims;
  }

  /** The article at a position of the list, if its page has arrived. */
  articleAt(index: number): ArticleSummary | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** The view shows rows [start, end): fetch the pages under them that are missing or stale. */
  showRows(start: number, end: number): void {
    this.#window = { start, end: Math.max(start + 1, end) };
    this.#fetchWindow();
  }

  /** The library view opens: the first time, its first rows; after that, a refresh. */
  open(): Promise<void> {
    return this.total === null && this.#pages.size === 0 ? this.#load(this.#version) : this.refresh();
  }

  /** Counts again and fetches the rows on screen again, keeping them shown meanwhile. */
  refresh(): Promise<void> {
    const version = ++this.#version;
    this.#earlyTotal = null;
    this.#fresh.clear();
    this.#inFlight = new Map();
    return this.#load(version);
  }

  async #load(version: number): Promise<void> {
    // The rows are asked for first: the host answers in turn, and a count may take longer.
    const fetching = this.#fetchWindow();
    const early = this.#earlyTotal;
    this.#earlyTotal = null;
    const ask = () => this.api.countArticles(this.#filterInput()).then(({ total }) => total);
    const counting = (early ? early.then((total) => total ?? ask()) : ask())
      .then((total) => {
        if (version !== this.#version) return;
        this.total = total;
        this.loadError = null;
        for (const page of [...this.#pages.keys()]) if (page * PAGE_SIZE >= total) this.#pages.delete(page);
      })
      .catch((error: unknown) => this.#failed(version, error));
    await Promise.all([counting, fetching]);
    if (version === this.#version) this.loaded = true;
  }

  show(filter: LibraryFilter): Promise<void> {
    this.filter = filter;
    return this.#newQuery();
  }

  sortBy(sort: ArticleSort): Promise<void> {
    this.sort = sort;
    try {
      this.storage?.setItem(SORT_KEY, JSON.stringify({ sort }));
    } catch {
      // A browser that keeps nothing still sorts.
    }
    return this.#newQuery();
  }

  narrow(change: Partial<Narrowing>): Promise<void> {
    this.narrowing = { ...this.narrowing, ...change };
    return this.#newQuery();
  }

  clearNarrowing(): Promise<void> {
    this.narrowing = NO_NARROWING;
    return this.#newQuery();
  }

  /** The notebook changed elsewhere: counts and fetches the rows on screen again, and the tags once loaded. */
  async showChanges(): Promise<void> {
    await Promise.all([this.refresh(), this.tagsLoaded ? this.loadTags() : null]);
  }

  /** Loads the tags unless they are loaded or on their way. */
  wantTags(): void {
    if (!this.tagsLoaded && !this.#tagsLoading) this.#tagsLoading = this.loadTags().finally(() => (this.#tagsLoading = null));
  }

  async loadTags(): Promise<void> {
    try {
      this.tags = await this.api.listTags({});
      this.tagsLoaded = true;
    } catch (error) {
      this.loadError = (error as Error).message;
    }
  }

  /** Renames a tag, or merges it into the tag that already has the new name. */
  async renameTag(from: string, to: string): Promise<{ name: string; merged: boolean }> {
    const result = await this.api.renameTag({ from, to });
    if (this.narrowing.tag !== null && this.narrowing.tag.toLowerCase() === from.toLowerCase()) {
      this.narrowing = { ...this.narrowing, tag: result.name };
    }
    await Promise.all([this.refresh(), this.loadTags()]);
    return result;
  }

  async setTags(article: ArticleSummary, tags: string[]): Promise<void> {
    await this.change(() => this.api.setTags({ id: article.id, tags }));
    if (this.tagsLoaded) await this.loadTags();
  }

  clipUrl(url: string): Promise<void> {
    return this.run(url, () => this.api.clipUrl({ url }));
  }

  clipHtml(html: string): Promise<void> {
    const label = 'the pasted HTML';
    // Measured here too, so tens of megabytes are not sent only to be refused.
    if (html.length > MAX_PAGE_BYTES) return Promise.resolve(this.refuseOversize(label, html.length));
    return this.run(label, () => this.api.clipHtml({ html }));
  }

  async clipFiles(files: File[]): Promise<void> {
    for (const file of files) {
      if (!isHtmlFile(file)) {
        this.clip = { kind: 'failed', label: file.name, message: 'Only saved web pages (.html files) can be clipped.' };
        continue;
      }
      if (file.size > MAX_PAGE_BYTES) {
        this.refuseOversize(file.name, file.size);
        continue;
      }
      await this.run(file.name, async () => this.api.clipFile({ fileName: file.name, contentBase64: await fileToBase64(file) }));
    }
  }

  private refuseOversize(label: string, size: number): void {
    this.clip = { kind: 'failed', label, message: `It is ${megabytes(size)}, larger than the ${megabytes(MAX_PAGE_BYTES)} page limit.` };
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

  #filterInput() {
    const { tag, site, hasHighlights, hasClaims } = this.narrowing;
    const filter = this.filter;
    return {
      ...(filter === 'trash' ? { trashed: true } : filter === 'all' ? {} : { state: filter }),
      ...(tag !== null ? { tag } : {}),
      ...(site.trim() ? { site: site.trim() } : {}),
      ...(hasHighlights ? { hasHighlights: true } : {}),
      ...(hasClaims ? { hasClaims: true } : {}),
    };
  }

  #newQuery(): Promise<void> {
    this.place = { scrollY: 0, active: 0, shown: this.place.shown };
    this.#pages.clear();
    this.total = null;
    this.loaded = false;
    this.#window = { start: 0, end: PAGE_SIZE };
    this.queryVersion++;
    return this.refresh();
  }

  #fetchWindow(): Promise<void> {
    const first = Math.floor(this.#window.start / PAGE_SIZE);
    const last = Math.floor((this.#window.end - 1) / PAGE_SIZE);
    const waits: Array<Promise<void>> = [];
    for (let page = first; page <= last; page++) {
      if (this.total !== null && page * PAGE_SIZE >= this.total && page > 0) break;
      if (this.#fresh.has(page)) continue;
      waits.push(this.#inFlight.get(page) ?? this.#fetchPage(page));
    }
    return Promise.all(waits).then(() => undefined);
  }

  #fetchPage(page: number): Promise<void> {
    const version = this.#version;
    const inFlight = this.#inFlight;
    const request = this.api
      .listArticles({ ...this.#filterInput(), sort: this.sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      .then((rows) => {
        if (version === this.#version) this.#receive(page, rows);
      })
      .catch((error: unknown) => this.#failed(version, error))
      .finally(() => inFlight.delete(page));
    inFlight.set(page, request);
    return request;
  }

  #receive(page: number, rows: ArticleSummary[]): void {
    this.#pages.set(page, rows);
    this.#fresh.add(page);
    if (page === 0) this.loaded = true;
    this.loadError = null;
    this.#forgetFarPages();
  }

  #forgetFarPages(): void {
    if (this.#pages.size <= KEPT_PAGES) return;
    const middle = (this.#window.start + this.#window.end) / 2 / PAGE_SIZE;
    const byDistance = [...this.#pages.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
    for (const page of byDistance.slice(0, this.#pages.size - KEPT_PAGES)) {
      this.#pages.delete(page);
      this.#fresh.delete(page);
    }
  }

  #failed(version: number, error: unknown): void {
    if (version !== this.#version) return;
    this.loadError = (error as Error).message;
    this.loaded = true;
  }

  /** Shows a changed article at once, then counts and fetches again (it may have left the view). */
  #replace(updated: unknown): void {
    if (!updated || typeof updated !== 'object' || !('id' in updated)) return;
    const article = updated as ArticleSummary;
    for (const [page, rows] of this.#pages) {
      const at = rows.findIndex((row) => row.id === article.id);
      if (at >= 0) this.#pages.set(page, rows.with(at, article));
    }
  }

  private async change(action: () => Promise<unknown>): Promise<void> {
    try {
      this.#replace(await action());
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
