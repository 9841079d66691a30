/**
 * The bookmarklet: a javascript: URL the user drags to the bookmarks bar. It sends the open
 * page's address and rendered HTML to this notebook's loopback host (with the notebook's
 * stored token, so it keeps working across restarts) and shows the result on the page.
 */
import { MAX_PAGE_BYTES, megabytes } from './limits';

export const BOOKMARKLET_PATH = '/bookmarklet/clip';

export function bookmarkletSource(port: number, token: string): string {
  const endpoint = `http://127.0.0.1:${port}${BOOKMARKLET_PATH}`;
  // Kept small and self-contained: it runs inside someone else's page. A page past the limit is
  // not sent at all. Reading the page can throw (the page's own scripts, or a page too large for
  // one string): the note then says so rather than stay at "Clipping…".
  return `(() => {
  const note = document.createElement('div');
  note.setAttribute('style', 'position:fixed;z-index:2147483647;top:16px;right:16px;max-width:360px;padding:12px 16px;border-radius:8px;background:#22211f;color:#f7f5f0;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)');
  note.setAttribute('role', 'status');
  note.textContent = 'Clipping to Commonplace…';
  document.body.appendChild(note);
  const done = (text) => { note.textContent = text; setTimeout(() => note.remove(), 6000); };
  let body;
  try {
    const html = document.documentElement.outerHTML;
    if (html.length > ${MAX_PAGE_BYTES}) return done('Commonplace could not clip this page: it is larger than the ${megabytes(MAX_PAGE_BYTES)} page limit.');
    body = JSON.stringify({ url: location.href, html });
  } catch (error) {
    return done('Commonplace could not read this page: ' + error.message);
  }
  fetch(${JSON.stringify(endpoint)}, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ${token}' },
    body
  }).then((response) => response.json()).then((reply) => {
    done(reply.error ? 'Commonplace could not clip this page: ' + reply.error.message : 'Clipped to Commonplace: ' + reply.result.title);
  }, () => done('Commonplace is not running (or this site blocks bookmarklets): open the app and try again.'));
})();`;
}

export function bookmarkletHref(port: number, token: string): string {
  return `javascript:${encodeURIComponent(bookmarkletSource(port, token).replace(/\n\s*/g, ' '))}`;
}
