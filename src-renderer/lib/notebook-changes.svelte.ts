/**
 * Changes made to the notebook elsewhere (by the command line, another window, another host on
 * the same folder), shown without a reload. While the window is visible, the notebook is asked
 * for its version (notebookVersion) every two seconds, and at once when the window comes back
 * into view; when the version has moved, every view listening reads again what it shows, in
 * place (keeping the scroll position, and never a note being written).
 *
 * The app's own writes move the version too, so after one the views read once more what they
 * already show: a request, and no change on screen. Telling its writes apart would mean
 * knowing, in the client, which methods write.
 *
 * The same question says when the host has gone (browser mode: `commonplace serve` stopped):
 * `away` is true until it answers again, and the app says so rather than failing at each click.
 */
import { NotebookError } from '@common/errors';
import type { Client } from './api';

const POLL_MS = 2000;

class NotebookChanges {
  /** The host did not answer the last question at all (not an error it answered with). */
  away = $state(false);
  #listeners = new Set<() => void>();
  #version: string | null = null;
  #asking = false;

  /** Calls `listener` after each change noticed, until the function returned is called (a view's effect returns it). */
  listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Watches the notebook behind `api` until the function returned is called. */
  watch(api: Pick<Client, 'notebookVersion'>): () => void {
    const check = () => {
      if (document.visibilityState === 'visible') void this.#check(api);
    };
    check();
    const timer = setInterval(check, POLL_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }

  async #check(api: Pick<Client, 'notebookVersion'>): Promise<void> {
    // On a slow or busy host one question at a time: the next tick asks again.
    if (this.#asking) return;
    this.#asking = true;
    try {
      const { version } = await api.notebookVersion({});
      this.away = false;
      const moved = this.#version !== null && version !== this.#version;
      this.#version = version;
      if (moved) for (const listener of [...this.#listeners]) listener();
    } catch (error) {
      // The next tick asks again; once the host is back (a new run, so a new version) the views read again.
      if (error instanceof NotebookError && error.code === 'fetch_failed') this.away = true;
    } finally {
      this.#asking = false;
    }
  }
}

export const notebookChanges = new NotebookChanges();
