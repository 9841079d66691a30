/**
 * Saves a note while it is written: 400 ms after the last change, and at least once a second
 * while changes keep coming, one save at a time so the newest always lands last. A failed save
 * loses nothing: the note stays unsaved, is kept on this computer (see unsaved-drafts.ts) and
 * is tried again, sooner when asked (Retry). A save the notebook refused for what the note holds
 * (too large, nested too deep) is not tried again as it is: the next change is saved instead.
 */
import { NotebookError, type ErrorCode } from '@common/errors';
import { MAX_NOTE_BYTES, MAX_NOTE_DEPTH, megabytes } from '@common/limits';
import type { DocNode } from '@common/model';

export interface Draft {
  title: string;
  doc: DocNode;
}

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  /** Did not reach the notebook (it is down, the disk is full): tried again by itself. */
  | { kind: 'failed'; message: string }
  /** The notebook will not take the note as it is: saved again once it changes. */
  | { kind: 'refused'; message: string };

/** Refusals of the note's content: sending the same note again cannot succeed. */
const REFUSALS: readonly ErrorCode[] = ['invalid_input', 'too_large', 'too_deep'];

/** The refusal in the writer's terms (the notebook's message names the API's fields). */
function refusalMessage(refusal: NotebookError): string {
  if (refusal.code === 'too_large') return `The note is larger than the ${megabytes(MAX_NOTE_BYTES)} a note may hold.`;
  if (refusal.code === 'too_deep') return `Its lists, quotes or tables nest more than ${MAX_NOTE_DEPTH} levels deep.`;
  return refusal.message;
}

const QUIET_MS = 400;
const MAX_WAIT_MS = 1000;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000];

export interface AutosaveOptions {
  noteId: string;
  /** The note as the editor holds it now. */
  read: () => Draft;
  write: (draft: Draft) => Promise<void>;
  /** Keeps a draft that is not saved yet where it outlives the page. */
  keep: (draft: Draft) => void;
  /** Everything is saved: drop what `keep` kept. */
  forget: () => void;
}

/** Saves of notes whose view has gone, so a view opening the note again reads what they wrote. */
const closing = new Map<string, Promise<void>>();

/** Resolves once a note's last save (from a view that was closed) is done. */
export function lastSave(noteId: string): Promise<void> {
  return closing.get(noteId) ?? Promise.resolve();
}

export class Autosave {
  state = $state<SaveState>({ kind: 'saved' });

  #options: AutosaveOptions;
  #read: () => Draft;
  #dirty = false;
  #firstChangeAt: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | null = null;
  #failures = 0;
  #closed = false;
  #discarded = false;

  constructor(options: AutosaveOptions) {
    this.#options = options;
    this.#read = options.read;
  }

  /** Something is not saved yet: changed, or on its way. */
  get unsaved(): boolean {
    return this.#dirty || this.#saving !== null;
  }

  changed() {
    if (this.#closed) return;
    this.#dirty = true;
    if (this.state.kind === 'failed') return; // the retry is scheduled, and will take this change too
    this.state = { kind: 'saving' };
    const now = Date.now();
    this.#firstChangeAt ??= now;
    this.#schedule(Math.min(QUIET_MS, this.#firstChangeAt + MAX_WAIT_MS - now));
  }

  /** Saves now whatever is not saved; resolves when that is done, or has failed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    while (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    const draft = this.#read();
    this.#dirty = false;
    this.#firstChangeAt = null;
    this.state = { kind: 'saving' };
    this.#saving = this.#save(draft);
    await this.#saving;
  }

  /** Keeps what is not saved on this computer now: the page is going away. */
  keepUnsaved() {
    if (this.unsaved) this.#options.keep(this.#read());
  }

  /** The view is going: save what it holds one last time; if that fails, it stays kept for the next visit. */
  close(): Promise<void> {
    const last = this.#read();
    this.#read = () => last;
    this.#closed = true;
    const done = this.flush().finally(() => {
      if (closing.get(this.#options.noteId) === done) closing.delete(this.#options.noteId);
    });
    closing.set(this.#options.noteId, done);
    return done;
  }

  /** The note was deleted: nothing more to save, nothing to keep. */
  discard() {
    this.#closed = true;
    this.#discarded = true;
    this.#dirty = false;
    clearTimeout(this.#timer);
    this.#options.forget();
  }

  async #save(draft: Draft) {
    try {
      await this.#options.write(draft);
      this.#failures = 0;
      if (this.#dirty) {
        this.#schedule(QUIET_MS);
      } else {
        this.state = { kind: 'saved' };
        this.#options.forget();
      }
    } catch (failure) {
      if (this.#discarded) return;
      this.#dirty = true;
      this.#options.keep(this.#read());
      const message = (failure as Error).message;
      if (failure instanceof NotebookError && REFUSALS.includes(failure.code)) {
        this.state = { kind: 'refused', message: refusalMessage(failure) };
        return;
      }
      this.state = { kind: 'failed', message };
      if (!this.#closed) this.#schedule(RETRY_MS[Math.min(this.#failures++, RETRY_MS.length - 1)]);
    } finally {
      this.#saving = null;
    }
  }

  #schedule(delay: number) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), Math.max(0, delay));
  }
}
