/**
 * Views are addressed by the URL fragment: #/ is the library, #/article/<id> the reader, and
 * #/article/<id>/highlight/<id> the reader showing one highlight.
 */
export type Route = { view: 'library' } | { view: 'reader'; id: string; highlightId: string | null };

function parse(hash: string): Route {
  const article = /^#\/article\/([a-z2-7]{16})(?:\/highlight\/([a-z2-7]{16}))?$/.exec(hash);
  return article ? { view: 'reader', id: article[1], highlightId: article[2] ?? null } : { view: 'library' };
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
