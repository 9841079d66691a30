import type { NotebookBridge } from '@common/bridge';

/** The preload's `window.notebook` when running in Electron; undefined in a browser. */
export function electronBridge(): NotebookBridge | undefined {
  return (window as Window & { notebook?: NotebookBridge }).notebook;
}
