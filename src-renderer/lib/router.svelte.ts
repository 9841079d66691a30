/**
 * Views are addressed by the URL fragment: #/ is the library, #/article/<id> the reader,
 * #/article/<id>/highlight/<id> the reader showing one highlight, #/notes the notes (and
 * #/note/<id> one of them), #/claims the claims (#/claims?contested the contested ones) and #/graph the graph of claims.
 */
import type { SearchHit } from '@common/model';

export type Route =
  | { view: 'library' }
  | { view: 'reader'; id: string; highlightId: string | null }
  | { view: 'notes'; id: string | null }
  /** `contested`: #/claims?contested shows only claims both supported and contradicted. */
  | { view: 'claims'; contested: boolean }
  | { view: 'graph' };

/** What the address says, as typed: the browser escapes some characters of a fragment. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parse(hash: string): Route {
  // Whatever follows #/article/ or #/note/ is taken as the id: one that names nothing, or is
  // not an id at all, opens a view that says so rather than the library.
  const article = /^#\/article\/(.+?)(?:\/highlight\/([^/]+))?$/.exec(hash);
  if (article) return { view: 'reader', id: decoded(article[1]), highlightId: article[2] ? decoded(article[2]) : null };
  const note = /^#\/note\/(.+)$/.exec(hash);
  if (note) return { view: 'notes', id: decoded(note[1]) };
  if (hash === '#/notes') return { view: 'notes', id: null };
  if (hash === '#/claims' || hash === '#/claims?contested') return { view: 'claims', contested: hash.endsWith('?contested') };
  if (hash === '#/graph') return { view: 'graph' };
  return { view: 'library' };
}

export class Router {
  route = $state<Route>(parse(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parse(location.hash);
    });
  }
}

export function articleHref(id: string): string {
  return `#/article/${id}`;
}

export function highlightHref(articleId: string, highlightId: string): string {
  return `#/article/${articleId}/highlight/${highlightId}`;
}

export function noteHref(id: string): string {
  return `#/note/${id}`;
}

/** Where a search result opens: its article, its passage in the reader, or its note. */
export function hitHref(hit: Pick<SearchHit, 'type' | 'id' | 'articleId'>): string {
  if (hit.type === 'note') return noteHref(hit.id);
  if (hit.type === 'article' || !hit.articleId) return articleHref(hit.id);
  return highlightHref(hit.articleId, hit.id);
}
