/**
 * A note's changes that could not be saved yet (the app was unreachable, or the page closed
 * before the save landed), kept in this computer's storage until they are. Each is kept with
 * the version of the note it was written over: it is offered back only if the notebook still
 * holds that version, so it never overwrites later work.
 */
import type { Draft } from './autosave.svelte';

const PREFIX = 'commonplace.unsaved-note.';

interface Kept extends Draft {
  /** The note's updatedAt when these changes were made over it. */
  base: string;
}

export function keepUnsaved(noteId: string, draft: Draft, base: string): void {
  try {
    localStorage.setItem(PREFIX + noteId, JSON.stringify({ ...draft, base } satisfies Kept));
  } catch {
    // Storage full or refused: the open editor still holds the changes, and saving is retried.
  }
}

export function forgetUnsaved(noteId: string): void {
  localStorage.removeItem(PREFIX + noteId);
}

/** The unsaved changes to a note, if they were made over the version the notebook holds. */
export function unsavedDraft(noteId: string, updatedAt: string): Draft | null {
  try {
    const kept = JSON.parse(localStorage.getItem(PREFIX + noteId) ?? 'null') as Kept | null;
    if (kept?.base === updatedAt && typeof kept.title === 'string' && kept.doc?.type === 'doc') return { title: kept.title, doc: kept.doc };
  } catch {
    // Unreadable: nothing to offer back.
  }
  forgetUnsaved(noteId);
  return null;
}
