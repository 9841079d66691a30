/**
 * The NotebookApi, implemented once over the store and the clipper. Doors (HTTP host, CLI,
 * Electron IPC) validate input against the contract and call this; nothing else does.
 */
import type { NotebookApi, ParsedInput } from './common/contract';
import { NotebookError } from './common/errors';
import type { ArticleDetail, ArticleSummary } from './common/model';
import { clipPage, type ClippedPage, type PageInput } from './clip/clip-page';
import { fetchPage, type FetchedPage } from './clip/fetch-page';
import { getArticleSummary, insertArticle, listArticleSummaries } from './store/articles';
import { insertCapture, newestCapture } from './store/captures';
import { inTransaction, type Db } from './store/database';
import { createObjectId } from './store/objects';

export interface ServiceOptions {
  fetchPage?: (url: string) => Promise<FetchedPage>;
  now?: () => Date;
}

export class NotebookService implements NotebookApi {
  private readonly fetchPage: (url: string) => Promise<FetchedPage>;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    options: ServiceOptions = {},
  ) {
    this.fetchPage = options.fetchPage ?? ((url) => fetchPage(url));
    this.now = options.now ?? (() => new Date());
  }

  async clipUrl({ url }: ParsedInput<'clipUrl'>): Promise<ArticleSummary> {
    const page = await this.fetchPage(url);
    return this.clipBytes({ bytes: page.bytes, contentType: page.contentType, fetchedUrl: page.finalUrl, label: url });
  }

  async clipFile({ fileName, contentBase64 }: ParsedInput<'clipFile'>): Promise<ArticleSummary> {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length === 0) throw new NotebookError('empty_page', `${fileName} is empty.`);
    return this.clipBytes({ bytes, fetchedUrl: null, label: fileName });
  }

  async listArticles(): Promise<ArticleSummary[]> {
    return listArticleSummaries(this.db);
  }

  async getArticle({ id }: ParsedInput<'getArticle'>): Promise<ArticleDetail> {
    const summary = getArticleSummary(this.db, id);
    const capture = summary && newestCapture(this.db, id);
    if (!summary || !capture) throw new NotebookError('not_found', `No article has the id ${id}.`, 'id');
    return { ...summary, captureId: capture.id, capturedAt: capture.capturedAt, html: capture.html, doc: capture.doc, text: capture.text };
  }

  /** Clips page bytes already in hand and stores the article: everything but the network. */
  clipBytes(page: PageInput): ArticleSummary {
    return this.keep(clipPage(page), page.fetchedUrl);
  }

  /** Stores a clipped page as a new article with its first capture, in one transaction. */
  private keep(clipped: ClippedPage, fetchedUrl: string | null): ArticleSummary {
    const now = this.now().toISOString();
    const { article } = clipped;
    const id = inTransaction(this.db, () => {
      const articleId = createObjectId(this.db, 'article');
      insertArticle(
        this.db,
        articleId,
        {
          url: clipped.url,
          sourceUrl: fetchedUrl,
          title: article.title,
          byline: article.byline,
          authors: article.authors,
          siteName: article.siteName,
          publishedAt: article.publishedAt,
          lang: article.lang,
          dir: article.dir,
          excerpt: article.excerpt,
        },
        now,
      );
      insertCapture(this.db, createObjectId(this.db, 'capture'), {
        articleId,
        fetchedUrl,
        html: clipped.html,
        doc: clipped.doc,
        text: clipped.text,
        wordCount: clipped.wordCount,
        contentHash: clipped.contentHash,
        capturedAt: now,
      });
      return articleId;
    });
    const summary = getArticleSummary(this.db, id);
    if (!summary) throw new NotebookError('internal', `The article ${id} was stored but cannot be read back.`);
    return summary;
  }
}
