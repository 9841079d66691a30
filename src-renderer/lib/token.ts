/**
 * The access token arrives in the fragment of the URL `commonplace serve` prints (a fragment
 * is never sent to a server). It is kept in this origin's storage and removed from the
 * address bar, so it is not left in history or shared by copying the URL.
 */
const STORAGE_KEY = 'commonplace.token';

export function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(location.hash);
  if (match) {
    localStorage.setItem(STORAGE_KEY, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    return match[1];
  }
  return localStorage.getItem(STORAGE_KEY);
}
