/**
 * Saves that must land before the window goes. A view with unsaved work (the note editor)
 * registers how to save it; Electron's main process calls `commonplaceFlush()` before it
 * closes or reloads the window (src-main/app/main.ts) and waits for it, since an unload
 * handler cannot wait for a save. In a browser, the view saves on pagehide itself.
 */
const flushers = new Set<() => Promise<unknown>>();

export function registerFlush(flush: () => Promise<unknown>): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

export async function flushPendingSaves(): Promise<void> {
  await Promise.allSettled([...flushers].map((flush) => flush()));
}

declare global {
  var commonplaceFlush: (() => Promise<void>) | undefined;
}
globalThis.commonplaceFlush = flushPendingSaves;
