/**
 * The NotebookApi, implemented once over the store and the clipper. Doors (HTTP host, CLI,
 * Electron IPC) validate input against the contract and call this; nothing else does.
 */
import { bookmarkletHref } from './common/bookmarklet';
import type { NotebookApi, ParsedInput } from './common/contract';
import { NotebookError } from './common/errors';
import { docDepthExceeds, MAX_NOTE_DEPTH } from './common/limits';
import { newId } from './common/ids';
import { parseImportList, type ImportItem, type ImportStatus } from './common/imports';
import { anchorAll, describeRange } from './common/anchor';
import { locateQuote } from './common/locate-quote';
import type {
  ArticleDetail,
  ArticleSummary,
  Backlinks,
  CaptureInfo,
  ClaimGraph,
  ClaimSummary,
  ClipResult,
  Corrections,
  DocNode,
  Highlight,
  Link,
  Note,
  NoteSummary,
  SearchHit,
  SearchResults,
} from './common/model';
import { noteDocProblem, noteReferences, passageQuoteNode } from './common/note-doc';
import { docToText } from './common/text';
import { parseSearchQuery, type SearchQuery } from './common/search-query';
import { snippetOf } from './common/snippet';
import { fetchPage, type FetchedPage } from './clip/fetch-page';
import type { DownloadPolicy } from './clip/download-images';
import { normalizeUrl } from './clip/url';
import { clipAndKeep, type PageSource } from './clipping';
import { runImport, type ImportProgress } from './import/run-import';
import {
  articleTitle,
  deleteTrashedArticles,
  findArticleByUrls,
  getArticleSummary,
  getCorrections,
  countArticles,
  listArticleSummaries,
  setClippedAt,
  setCorrections,
  setReadingState,
  setTrashedAt,
} from './store/articles';
import { deleteUnusedAssets, getAsset, type Asset } from './store/assets';
import { getCapture, listCaptures, newestCapture, newestCaptureRefReader, newestCaptureText, newestRawPage } from './store/captures';
import { inTransaction, type Db } from './store/database';
import { addArticleTags, listTagCounts, renameTag, setArticleTags, tagIdOf } from './store/tags';
import {
  deleteHighlight,
  getHighlight,
  highlightArticle,
  highlightLister,
  highlightSearchText,
  highlightSelectors,
  insertHighlight,
  listHighlights,
  placeHighlight,
  purgeDeletedHighlights,
  rebaseHighlight,
  restoreHighlight,
  updateHighlightFields,
} from './store/highlights';
import { createObjectId, objectKind } from './store/objects';
import { claimGraph, listClaims } from './store/claims';
import { deleteLinkRow, existingLink, getLink, insertLink, linksOf, updateLinkFields } from './store/links';
import { deleteNoteRow, getNote, insertNote, listNoteSummaries, noteExists, notesCiting, noteTitleAndText, updateNote, type NoteContent } from './store/notes';
import { indexArticle, indexHighlight, indexNote, rebuildSearchIndexIfNeeded } from './store/search-index';
import { markdownToNoteDoc, markdownTitle } from './notes/from-markdown';
import type { ExportStatus } from './common/export-model';
import { gatherVault, type PlacedHighlightsOf } from './export/gather';
import { vaultFileCount, vaultFiles } from './export/build-vault';
import { folderIdentity } from './export/folder-identity';
import { writeVault } from './export/write-vault';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { INDEXED_KINDS, searchKinds, type SearchRow } from './store/search';
import { prepared } from './store/statements';

export interface ServiceOptions {
  fetchPage?: (url: string) => Promise<FetchedPage>;
  now?: () => Date;
  downloadPolicy?: DownloadPolicy;
}

/** How long a deleted highlight can be brought back (the reader offers Undo). */
const HIGHLIGHT_UNDO_MS = 24 * 60 * 60 * 1000;

export class NotebookService implements NotebookApi {
  private readonly fetchPage: (url: string) => Promise<FetchedPage>;
  private readonly now: () => Date;
  private readonly downloadPolicy?: DownloadPolicy;
  private readonly imports = new Map<string, ImportStatus>();
  private readonly exports = new Map<string, ExportStatus>();
  /** Folders an export is writing to now: two at once would each stage against the other's manifest. */
  private readonly foldersExporting = new Set<string>();
  private loopback?: { port: number; token: string };
  /** Tells this service's versions from those of an earlier run on the same file (notebookVersion). */
  private readonly runId = newId();

  constructor(
    private readonly db: Db,
    options: ServiceOptions = {},
  ) {
    this.fetchPage = options.fetchPage ?? ((url) => fetchPage(url));
    this.now = options.now ?? (() => new Date());
    this.downloadPolicy = options.downloadPolicy;
    const undoWindowStart = new Date(this.now().getTime() - HIGHLIGHT_UNDO_MS).toISOString();
    inTransaction(db, () => {
      purgeDeletedHighlights(db, undoWindowStart);
      rebuildSearchIndexIfNeeded(db);
    });
  }

  /** Told by whoever started the loopback host, so the bookmarklet can point at it. */
  setLoopback(port: number, token: string): void {
    this.loopback = { port, token };
  }

  async clipUrl({ url }: ParsedInput<'clipUrl'>): Promise<ClipResult> {
    const page = await this.fetchPage(url);
    return this.keep({
      bytes: page.bytes,
      contentType: page.contentType,
      fetchedUrl: page.finalUrl,
      requestedUrl: url,
      lastModified: page.lastModified,
      etag: page.etag,
      label: url,
    });
  }

  async clipFile({ fileName, contentBase64 }: ParsedInput<'clipFile'>): Promise<ClipResult> {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length === 0) throw new NotebookError('empty_page', `${fileName} is empty.`);
    return this.keep({ bytes, fetchedUrl: null, label: fileName });
  }

  async clipHtml({ html, url }: ParsedInput<'clipHtml'>): Promise<ClipResult> {
    return this.keep({ bytes: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', fetchedUrl: url ?? null, requestedUrl: url, label: url ?? 'the pasted HTML' });
  }

  /** Clips page bytes already in hand and stores them: everything but fetching the page. */
  keep(source: PageSource): Promise<ClipResult> {
    return clipAndKeep(this.db, source, { now: this.now, downloadPolicy: this.downloadPolicy });
  }

  async listArticles({ sort, offset, limit, ...filter }: ParsedInput<'listArticles'>): Promise<ArticleSummary[]> {
    return listArticleSummaries(this.db, { ...filter, trashed: filter.trashed ?? false }, { sort, offset, limit });
  }

  async countArticles(filter: ParsedInput<'countArticles'>): Promise<{ total: number }> {
    return { total: countArticles(this.db, { ...filter, trashed: filter.trashed ?? false }) };
  }

  async listTags(_input?: ParsedInput<'listTags'>): Promise<Array<{ name: string; count: number }>> {
    return listTagCounts(this.db);
  }

  async renameTag({ from, to }: ParsedInput<'renameTag'>): Promise<{ name: string; merged: boolean }> {
    return inTransaction(this.db, () => {
      const id = tagIdOf(this.db, from);
      if (!id) throw new NotebookError('not_found', `No tag is called “${from}”.`, 'from');
      return renameTag(this.db, id, to);
    });
  }

  async getArticle({ id, captureId }: ParsedInput<'getArticle'>): Promise<ArticleDetail> {
    const summary = this.summary(id);
    const capture = captureId ? getCapture(this.db, captureId) : newestCapture(this.db, id);
    if (!capture || capture.articleId !== id) throw new NotebookError('not_found', `The article ${id} has no capture ${captureId ?? ''}.`.trim(), 'captureId');
    return { ...summary, captureId: capture.id, capturedAt: capture.capturedAt, doc: capture.doc, text: capture.text };
  }

  async listCaptures({ id }: ParsedInput<'listCaptures'>): Promise<CaptureInfo[]> {
    this.summary(id);
    return listCaptures(this.db, id);
  }

  async reextractArticle({ id }: ParsedInput<'reextractArticle'>): Promise<ClipResult> {
    this.summary(id);
    const page = newestRawPage(this.db, id);
    if (!page) throw new NotebookError('not_found', `The article ${id} has no raw page kept to extract again.`, 'id');
    return clipAndKeep(
      this.db,
      { bytes: page.bytes, contentType: page.contentType, fetchedUrl: page.fetchedUrl, label: `the kept page of ${id}` },
      { now: this.now, downloadPolicy: this.downloadPolicy, alwaysNewCapture: true },
    );
  }

  async updateArticle({ id, ...changes }: ParsedInput<'updateArticle'>): Promise<ArticleSummary> {
    return this.write(id, () => {
      const corrections: Corrections = { ...getCorrections(this.db, id) };
      for (const [field, value] of Object.entries(changes) as Array<[keyof Corrections, unknown]>) {
        if (value === undefined) continue;
        if (value === null) delete corrections[field];
        else (corrections as Record<string, unknown>)[field] = value;
      }
      setCorrections(this.db, id, corrections);
      indexArticle(this.db, id);
    });
  }

  async setReadingState({ id, state }: ParsedInput<'setReadingState'>): Promise<ArticleSummary> {
    return this.write(id, () => setReadingState(this.db, id, state));
  }

  async setTags({ id, tags }: ParsedInput<'setTags'>): Promise<ArticleSummary> {
    return this.write(id, () => setArticleTags(this.db, id, dedupeTags(tags)));
  }

  async trashArticle({ id }: ParsedInput<'trashArticle'>): Promise<ArticleSummary> {
    return this.write(id, () => setTrashedAt(this.db, id, this.now().toISOString()));
  }

  async restoreArticle({ id }: ParsedInput<'restoreArticle'>): Promise<ArticleSummary> {
    return this.write(id, () => setTrashedAt(this.db, id, null));
  }

  async emptyTrash(_input?: ParsedInput<'emptyTrash'>): Promise<{ deleted: number }> {
    return inTransaction(this.db, () => {
      const deleted = deleteTrashedArticles(this.db);
      deleteUnusedAssets(this.db);
      return { deleted };
    });
  }

  async startImport({ fileName, content }: ParsedInput<'startImport'>): Promise<ImportStatus> {
    const items = parseImportList(fileName, content);
    if (items.length === 0) {
      throw new NotebookError('invalid_input', `${fileName} has no URLs to import: give Pocket's CSV export or a text file with one URL a line.`, 'content');
    }
    const status: ImportStatus = { jobId: newId(), total: items.length, done: 0, clipped: 0, skipped: 0, failures: [], finished: false };
    this.imports.set(status.jobId, status);
    void this.importItems(items, (progress) => {
      status.done = progress.index;
      if (progress.outcome === 'clipped') status.clipped++;
      if (progress.outcome === 'skipped') status.skipped++;
      if (progress.outcome === 'failed') status.failures.push({ url: progress.url, reason: progress.reason ?? 'failed' });
    }).finally(() => (status.finished = true));
    return { ...status };
  }

  async importStatus({ jobId }: ParsedInput<'importStatus'>): Promise<ImportStatus> {
    const status = this.imports.get(jobId);
    if (!status) throw new NotebookError('not_found', `No import has the id ${jobId}.`, 'jobId');
    return { ...status, failures: [...status.failures] };
  }

  /** Clips a reading list (4 at once, 1 per host), skipping what is kept, bringing tags, dates and states. */
  importItems(items: ImportItem[], onProgress: (progress: ImportProgress) => void) {
    return runImport(items, {
      isStored: (url) => findArticleByUrls(this.db, [normalizeUrl(url)]) !== undefined,
      clip: async (item) => {
        const clipped = await this.clipUrl({ url: item.url });
        inTransaction(this.db, () => {
          if (item.tags.length > 0) addArticleTags(this.db, clipped.id, dedupeTags(item.tags));
          if (item.state) setReadingState(this.db, clipped.id, item.state);
          if (item.savedAt && clipped.outcome === 'new') {
            setClippedAt(this.db, clipped.id, item.savedAt);
            indexArticle(this.db, clipped.id);
          }
        });
      },
      onProgress,
    });
  }

  async createHighlight({ articleId, start, end, exact, prefix, suffix, color, comment, isClaim }: ParsedInput<'createHighlight'>): Promise<Highlight> {
    const capture = this.newest(articleId);
    const range = exact !== undefined ? locateQuote(capture.text, exact, prefix, suffix) : checkedRange(capture.text, start!, end!);
    const id = inTransaction(this.db, () => {
      const id = createObjectId(this.db, 'highlight');
      insertHighlight(
        this.db,
        id,
        { articleId, captureId: capture.id, selectors: describeRange(capture.text, range.start, range.end), color: color ?? 'yellow', comment: comment?.trim() || null, isClaim: isClaim ?? false },
        this.now().toISOString(),
      );
      indexHighlight(this.db, id);
      return id;
    });
    return getHighlight(this.db, id, capture.id, capture.text)!;
  }

  async listHighlights({ articleId, captureId }: ParsedInput<'listHighlights'>): Promise<Highlight[]> {
    this.summary(articleId, 'articleId');
    const capture = captureId ? getCapture(this.db, captureId) : newestCapture(this.db, articleId);
    if (!capture || capture.articleId !== articleId) throw new NotebookError('not_found', `The article ${articleId} has no capture ${captureId}.`, 'captureId');
    this.placeUnplacedHighlights(articleId, capture);
    return listHighlights(this.db, articleId, capture.id, capture.text);
  }

  /** Highlights made after this capture, or restored since it was taken, are placed on it now. */
  private placeUnplacedHighlights(articleId: string, capture: { id: string; text: string }): void {
    const unplaced = highlightSelectors(this.db, articleId, capture.id);
    if (unplaced.length === 0) return;
    const anchors = anchorAll(unplaced.map((highlight) => highlight.selectors), capture.text);
    inTransaction(this.db, () => unplaced.forEach((highlight, index) => placeHighlight(this.db, highlight.id, capture.id, anchors[index])));
  }

  async updateHighlight({ id, color, comment, isClaim, statement, start, end }: ParsedInput<'updateHighlight'>): Promise<Highlight> {
    const articleId = highlightArticle(this.db, id);
    if (!articleId) throw new NotebookError('not_found', `No highlight has the id ${id}.`, 'id');
    if ((start === undefined) !== (end === undefined)) throw new NotebookError('invalid_input', 'updateHighlight: give both start and end to change the extent.', 'end');
    const capture = this.newest(articleId);
    const range = start !== undefined ? checkedRange(capture.text, start, end!) : null;
    inTransaction(this.db, () => {
      const now = this.now().toISOString();
      updateHighlightFields(this.db, id, { color, comment: optionalText(comment), isClaim, statement: optionalText(statement) }, now);
      if (range) rebaseHighlight(this.db, id, capture.id, describeRange(capture.text, range.start, range.end), now);
      indexHighlight(this.db, id);
    });
    return getHighlight(this.db, id, capture.id, capture.text)!;
  }

  async deleteHighlight({ id }: ParsedInput<'deleteHighlight'>): Promise<{ deleted: string }> {
    if (!highlightArticle(this.db, id)) throw new NotebookError('not_found', `No highlight has the id ${id}.`, 'id');
    inTransaction(this.db, () => {
      deleteHighlight(this.db, id, this.now().toISOString());
      indexHighlight(this.db, id);
    });
    return { deleted: id };
  }

  async restoreHighlight({ id }: ParsedInput<'restoreHighlight'>): Promise<Highlight> {
    const articleId = highlightArticle(this.db, id, { deleted: true });
    if (!articleId) throw new NotebookError('not_found', `No recently deleted highlight has the id ${id}.`, 'id');
    inTransaction(this.db, () => {
      restoreHighlight(this.db, id);
      indexHighlight(this.db, id);
    });
    const capture = this.newest(articleId);
    this.placeUnplacedHighlights(articleId, capture);
    return getHighlight(this.db, id, capture.id, capture.text)!;
  }

  async search({ query, limit }: ParsedInput<'search'>): Promise<SearchResults> {
    const parsed = parseSearchQuery(query);
    if (!parsed.ok) throw new NotebookError('invalid_query', `${parsed.message} (at character ${parsed.at + 1})`, 'query');
    if (parsed.query.clauses.length === 0) return { hits: [] };
    const hits: SearchHit[] = [];
    // Highlights often share an article: each title is read once.
    const titles = new Map<string, string | undefined>();
    const titleOf = (articleId: string) => {
      if (!titles.has(articleId)) titles.set(articleId, articleTitle(this.db, articleId));
      return titles.get(articleId);
    };
    for (const rows of searchKinds(this.db, parsed.query, INDEXED_KINDS, limit ?? 20).values()) {
      for (const row of rows) {
        const hit = this.searchHit(row, parsed.query, titleOf);
        if (hit) hits.push(hit);
      }
    }
    return { hits };
  }

  private searchHit(row: SearchRow, query: SearchQuery, titleOf: (articleId: string) => string | undefined): SearchHit | null {
    let title: string | undefined;
    let text: string | undefined;
    if (row.kind === 'note') {
      const note = noteTitleAndText(this.db, row.objectId);
      title = note && (note.title || UNTITLED_NOTE);
      text = note && [note.title, note.text].filter(Boolean).join('\n');
    } else {
      title = row.articleId ? titleOf(row.articleId) : undefined;
      text = row.kind === 'article' ? newestCaptureText(this.db, row.objectId) : highlightSearchText(this.db, row.objectId);
    }
    if (title === undefined || text === undefined) return null;
    const snippet = snippetOf(text, query);
    const type = row.kind === 'highlight' ? (row.isClaim ? 'claim' : 'highlight') : row.kind;
    return { type, id: row.objectId, articleId: row.articleId, title, snippet: snippet.text, matches: snippet.matches, date: row.date };
  }

  async createLink({ from, to, relation, rationale }: ParsedInput<'createLink'>): Promise<Link> {
    if (from === to) throw new NotebookError('invalid_input', 'A passage cannot be linked to itself: choose another passage.', 'to');
    this.liveHighlight(from, 'from');
    this.liveHighlight(to, 'to');
    const id = inTransaction(this.db, () => {
      this.refuseDuplicateLink(from, to, relation);
      const id = createObjectId(this.db, 'link');
      insertLink(this.db, id, { fromId: from, toId: to, relation, rationale: rationale?.trim() || null }, this.now().toISOString());
      return id;
    });
    return getLink(this.db, id)!;
  }

  async updateLink({ id, relation, rationale }: ParsedInput<'updateLink'>): Promise<Link> {
    inTransaction(this.db, () => {
      const link = this.link(id);
      const next = relation ?? link.relation;
      if (next !== link.relation) this.refuseDuplicateLink(link.from.id, link.to.id, next, id);
      const nextRationale = rationale === undefined ? link.rationale : rationale?.trim() || null;
      updateLinkFields(this.db, id, { relation: next, rationale: nextRationale }, this.now().toISOString());
    });
    return getLink(this.db, id)!;
  }

  async deleteLink({ id }: ParsedInput<'deleteLink'>): Promise<{ deleted: string }> {
    inTransaction(this.db, () => {
      this.link(id);
      deleteLinkRow(this.db, id);
    });
    return { deleted: id };
  }

  async listLinks({ id }: ParsedInput<'listLinks'>): Promise<Backlinks> {
    const kind = objectKind(this.db, id);
    if (kind === 'highlight') return { ...linksOf(this.db, id), citedBy: notesCiting(this.db, id) };
    if (kind === 'article' || kind === 'note') return { outgoing: [], incoming: [], citedBy: notesCiting(this.db, id) };
    throw new NotebookError('not_found', `No highlight, article or note has the id ${id}.`, 'id');
  }

  async listArticleLinks({ articleId }: ParsedInput<'listArticleLinks'>): Promise<Record<string, Backlinks>> {
    this.summary(articleId, 'articleId');
    const ids = highlightSelectors(this.db, articleId).map((highlight) => highlight.id);
    return Object.fromEntries(ids.map((id) => [id, { ...linksOf(this.db, id), citedBy: notesCiting(this.db, id) }]));
  }

  async listClaims({ sort, ...filter }: ParsedInput<'listClaims'>): Promise<ClaimSummary[]> {
    // An article that is not there is a mistake to report, not an article without claims.
    if (filter.articleId) this.summary(filter.articleId, 'articleId');
    return listClaims(this.db, filter, sort);
  }

  async claimGraph(_input?: ParsedInput<'claimGraph'>): Promise<ClaimGraph> {
    return claimGraph(this.db);
  }

  async listNotes(_input?: ParsedInput<'listNotes'>): Promise<NoteSummary[]> {
    return listNoteSummaries(this.db);
  }

  async getNote({ id }: ParsedInput<'getNote'>): Promise<Note> {
    const note = getNote(this.db, id);
    if (!note) throw new NotebookError('not_found', `No note has the id ${id}.`, 'id');
    return note;
  }

  async createNote({ title, doc, markdown }: ParsedInput<'createNote'>): Promise<Note> {
    if (doc && markdown !== undefined) throw new NotebookError('invalid_input', 'createNote: give doc or markdown, not both.', 'markdown');
    const body = markdown !== undefined ? markdownToNoteDoc(markdown) : (doc ?? EMPTY_NOTE);
    const content = this.noteContent('createNote', title?.trim() || (markdown && markdownTitle(markdown)) || '', body);
    const id = inTransaction(this.db, () => {
      const id = createObjectId(this.db, 'note');
      insertNote(this.db, id, content, this.now().toISOString());
      indexNote(this.db, id);
      return id;
    });
    return getNote(this.db, id)!;
  }

  async saveNote({ id, title, doc }: ParsedInput<'saveNote'>): Promise<NoteSummary> {
    const content = this.noteContent('saveNote', title.trim(), doc);
    inTransaction(this.db, () => {
      if (!noteExists(this.db, id)) throw new NotebookError('not_found', `No note has the id ${id}.`, 'id');
      updateNote(this.db, id, content, this.now().toISOString());
      indexNote(this.db, id);
    });
    const { doc: _doc, text: _text, references: _references, ...summary } = getNote(this.db, id)!;
    return summary;
  }

  async deleteNote({ id }: ParsedInput<'deleteNote'>): Promise<{ deleted: string }> {
    inTransaction(this.db, () => {
      if (!noteExists(this.db, id)) throw new NotebookError('not_found', `No note has the id ${id}.`, 'id');
      deleteNoteRow(this.db, id);
    });
    return { deleted: id };
  }

  async quoteIntoNote({ highlightId, noteId }: ParsedInput<'quoteIntoNote'>): Promise<Note> {
    const articleId = this.liveHighlight(highlightId, 'highlightId');
    // Before placing highlights (a write): a call naming no note changes nothing.
    if (noteId && !noteExists(this.db, noteId)) throw new NotebookError('not_found', `No note has the id ${noteId}.`, 'noteId');
    const article = this.summary(articleId);
    const capture = this.newest(articleId);
    this.placeUnplacedHighlights(articleId, capture);
    const highlight = getHighlight(this.db, highlightId, capture.id, capture.text)!;
    const source = { highlightId, articleId, title: article.title, url: article.url };
    const { start, end } = highlight.placement;
    const quote =
      start !== null && end !== null
        ? passageQuoteNode(capture.doc, start, end, source)
        : { type: 'passageQuote', attrs: source, content: [{ type: 'paragraph', content: [{ type: 'text', text: highlight.quote.exact }] }] };
    if (!noteId) {
      return this.createNote({ title: `Notes on ${article.title}`, doc: { type: 'doc', content: [quote, { type: 'paragraph' }] } });
    }
    const note = await this.getNote({ id: noteId });
    await this.saveNote({ id: noteId, title: note.title, doc: { ...note.doc, content: [...(note.doc.content ?? []), quote, { type: 'paragraph' }] } });
    return getNote(this.db, noteId)!;
  }

  /** A note's title and document checked, with the text search indexes and what it references. */
  private noteContent(method: string, title: string, doc: DocNode): NoteContent {
    // The door checks a document it is sent; one made from Markdown or a quote is checked here.
    if (docDepthExceeds(doc, MAX_NOTE_DEPTH)) throw new NotebookError('too_deep', `${method}: the note would nest its blocks more than ${MAX_NOTE_DEPTH} deep.`, 'doc');
    const problem = noteDocProblem(doc);
    if (problem) throw new NotebookError('invalid_input', `${method}: doc ${problem}.`, 'doc');
    const articleOf = prepared(this.db, 'SELECT article_id FROM highlight WHERE id = ?', 'pluck');
    const references = noteReferences(doc).map((reference) => ({
      ...reference,
      articleId: reference.kind === 'article' ? reference.targetId : reference.kind === 'highlight' ? ((articleOf.get(reference.targetId) as string | undefined) ?? null) : null,
    }));
    return { title, doc, text: docToText(doc), references };
  }

  /** A highlight that is not deleted; returns its article. */
  private liveHighlight(id: string, field: string): string {
    const articleId = highlightArticle(this.db, id);
    if (!articleId) throw new NotebookError('not_found', `No highlight has the id ${id}.`, field);
    return articleId;
  }

  private link(id: string): Link {
    const link = getLink(this.db, id);
    if (!link) throw new NotebookError('not_found', `No link has the id ${id}.`, 'id');
    return link;
  }

  private refuseDuplicateLink(from: string, to: string, relation: Link['relation'], except?: string): void {
    const existing = existingLink(this.db, from, to, relation, except);
    if (existing) throw new NotebookError('conflict', `These passages are already linked by “${relation.replace('_', ' ')}” (link ${existing}).`, 'relation');
  }

  async startExport({ folder, flavor, ...request }: ParsedInput<'startExport'>): Promise<ExportStatus> {
    if (!isAbsolute(folder)) throw new NotebookError('invalid_input', `startExport: give the folder's full path (${folder} is relative).`, 'folder');
    if (existsSync(folder) && !statSync(folder).isDirectory()) throw new NotebookError('invalid_input', `startExport: ${folder} is a file, not a folder.`, 'folder');
    if (request.articleId && request.tag) throw new NotebookError('invalid_input', 'startExport: give an article or a tag, not both.', 'tag');
    const target = folderIdentity(folder);
    if (this.foldersExporting.has(target)) throw new NotebookError('conflict', `An export to ${folder} is still running: wait for it to finish.`, 'folder');
    // Read now, so an unknown article or tag is an error of this call.
    const data = gatherVault(this.db, { folder, ...request }, this.placedHighlights());
    const status: ExportStatus = { jobId: newId(), total: vaultFileCount(data), done: 0, finished: false, error: null, result: null };
    this.exports.set(status.jobId, status);
    this.foldersExporting.add(target);
    setImmediate(async () => {
      try {
        status.result = await writeVault(folder, vaultFiles(data, flavor), () => status.done++);
      } catch (error) {
        status.error = `The export stopped, and no file already in ${folder} was changed: ${(error as Error).message}`;
      } finally {
        status.finished = true;
        this.foldersExporting.delete(target);
      }
    });
    return { ...status };
  }

  async exportStatus({ jobId }: ParsedInput<'exportStatus'>): Promise<ExportStatus> {
    const status = this.exports.get(jobId);
    if (!status) throw new NotebookError('not_found', `No export has the id ${jobId}.`, 'jobId');
    return structuredClone(status);
  }

  /**
   * For an export: each article's newest capture and its highlights there, placed first if
   * they were not yet. The statements are prepared once for all the articles.
   */
  private placedHighlights(): PlacedHighlightsOf {
    const newestCaptureOf = newestCaptureRefReader(this.db);
    const highlightsOn = highlightLister(this.db);
    return (articleId) => {
      const capture = newestCaptureOf(articleId);
      if (!capture) return null;
      const listed = highlightsOn(articleId, capture.id, capture.text);
      if (!listed.unplaced) return { captureId: capture.id, highlights: listed.highlights };
      this.placeUnplacedHighlights(articleId, capture);
      return { captureId: capture.id, highlights: highlightsOn(articleId, capture.id, capture.text).highlights };
    };
  }

  async bookmarklet(_input?: ParsedInput<'bookmarklet'>): Promise<{ href: string; port: number }> {
    if (!this.loopback) throw new NotebookError('not_found', 'The loopback host is not running, so there is no bookmarklet to offer.');
    return { href: bookmarkletHref(this.loopback.port, this.loopback.token), port: this.loopback.port };
  }

  /**
   * Two counters of this service's one connection, cheap enough to poll (neither reads a table):
   * SQLite's data_version, which moves when any OTHER connection commits (the CLI, another host,
   * the search lists' worker), and total_changes(), the rows this connection has changed itself.
   * Together they move with every change, wherever it was made. Both restart when the file is
   * opened again, hence the run id. A write rolled back moves the version too: a refresh too many
   * costs less than a change missed.
   */
  async notebookVersion(_input?: ParsedInput<'notebookVersion'>): Promise<{ version: string }> {
    const others = this.db.pragma('data_version', { simple: true }) as number;
    const own = prepared(this.db, 'SELECT total_changes()', 'pluck').get() as number;
    return { version: `${this.runId}.${others}.${own}` };
  }

  /** An image's bytes, for the app's own /media/ route or protocol. */
  media(sha256: string): Asset | undefined {
    return /^[0-9a-f]{64}$/.test(sha256) ? getAsset(this.db, sha256) : undefined;
  }

  private newest(articleId: string) {
    this.summary(articleId, 'articleId');
    const capture = newestCapture(this.db, articleId);
    if (!capture) throw new NotebookError('not_found', `The article ${articleId} has no capture.`, 'articleId');
    return capture;
  }

  /** `field` is the input field that named the article, for the error. */
  private summary(id: string, field = 'id'): ArticleSummary {
    const summary = getArticleSummary(this.db, id);
    if (!summary) throw new NotebookError('not_found', `No article has the id ${id}.`, field);
    return summary;
  }

  private write(id: string, change: () => void): ArticleSummary {
    return inTransaction(this.db, () => {
      this.summary(id);
      change();
      return this.summary(id);
    });
  }
}

function checkedRange(text: string, start: number, end: number): { start: number; end: number } {
  if (!(start < end && end <= text.length) || !text.slice(start, end).trim()) {
    throw new NotebookError('invalid_input', `There is no text to highlight between ${start} and ${end} (the text is ${text.length} characters long).`, 'start');
  }
  return { start, end };
}

const EMPTY_NOTE: DocNode = { type: 'doc', content: [{ type: 'paragraph' }] };
const UNTITLED_NOTE = 'Untitled note';

/** A text field's change: undefined leaves it, null or blank clears it. */
function optionalText(value: string | null | undefined): string | null | undefined {
  return value === undefined ? undefined : value?.trim() || null;
}

function dedupeTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const tag of tags.map((name) => name.trim()).filter(Boolean)) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  return [...seen.values()];
}
