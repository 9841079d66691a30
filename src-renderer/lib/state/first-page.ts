/**
 * The library's first page and its count, asked for the moment the page starts, before the
 * app's code has loaded and run (on a slow machine most of the time to the first rows). The
 * app's entry (main.ts) calls askForFirstPage() and then loads the app; LibraryState takes
 * the answers when it opens on the same query.
 *
 * This module stays small and imports no framework, no contract and no zod: it is in the
 * entry chunk, which must be quick to load.
 */
import type { NotebookBridge } from '@common/bridge';
import { articleSorts, type ArticleSort, type ArticleSummary } from '@common/model';
import { electronBridge } from '../bridge';
import { takeToken } from '../token';

export const PAGE_SIZE = 100;

/** Where the chosen sort is remembered in this browser. */
export const SORT_KEY = 'commonplace.library';

/** The remembered sort, checked: anything else is the default. */
export function readSort(storage: Storage | undefined): ArticleSort {
  try {
    const sort = (JSON.parse(storage?.getItem(SORT_KEY) ?? '{}') as { sort?: unknown } | null)?.sort;
    return articleSorts.find((known) => known === sort) ?? 'clipped';
  } catch {
    return 'clipped';
  }
}

export interface FirstPage {
  sort: ArticleSort;
  /** undefined when the early call failed: the library then asks again, and reports. */
  rows: Promise<ArticleSummary[] | undefined>;
  total: Promise<number | undefined>;
}

let asked: FirstPage | null = null;

function caller(bridge: NotebookBridge | undefined, token: string | null): ((method: string, input: unknown) => Promise<unknown>) | null {
  if (bridge) {
    return async (method, input) => {
      const reply = await bridge.invoke(method, input);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result;
    };
  }
  if (!token) return null;
  return async (method, input) => {
    const response = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as { result?: unknown };
    if (!response.ok || !('result' in body)) throw new Error(`HTTP ${response.status}`);
    return body.result;
  };
}

/** Asks for the newest page of the whole library (in the remembered sort) and its count. */
export function askForFirstPage(): void {
  try {
    const call = caller(electronBridge(), electronBridge() ? null : takeToken());
    if (!call) return;
    const sort = readSort(globalThis.localStorage);
    asked = {
      sort,
      rows: call('listArticles', { sort, offset: 0, limit: PAGE_SIZE }).then(
        (rows) => rows as ArticleSummary[],
        () => undefined,
      ),
      total: call('countArticles', {}).then(
        (count) => (count as { total: number }).total,
        () => undefined,
      ),
    };
  } catch {
    asked = null;
  }
}

/** The early answers, once, if they were asked for this sort (and no filter). */
export function takeFirstPage(sort: ArticleSort): FirstPage | null {
  const taken = asked;
  asked = null;
  return taken && taken.sort === sort ? taken : null;
}
