/**
 * SQLite's storage failures as errors people can act on. dispatch() passes every call's error
 * through here, so the HTTP host, the app's IPC and the CLI all say the same. The write that
 * failed was one transaction (the service writes each call's rows together), so nothing of it
 * was kept: the message can say "was not saved" and mean all of it.
 */
import type { MethodName } from './common/contract';
import { NotebookError } from './common/errors';
import { isCorruption, isDiskFull } from './store/database';

/** What each writing method would have saved, for "The disk is full: … was not saved." */
const SAVED_BY: Partial<Record<MethodName, string>> = {
  clipUrl: 'the clipped page',
  clipFile: 'the clipped page',
  clipHtml: 'the clipped page',
  reextractArticle: 'the new extraction of the article',
  updateArticle: "the article's details",
  setReadingState: "the article's reading state",
  setTags: "the article's tags",
  renameTag: "the tag's new name",
  trashArticle: 'the move to the trash',
  restoreArticle: 'the restore from the trash',
  emptyTrash: 'the emptied trash',
  createHighlight: 'the highlight',
  updateHighlight: 'the change to the highlight',
  deleteHighlight: "the highlight's deletion",
  restoreHighlight: 'the restored highlight',
  createLink: 'the link',
  updateLink: 'the change to the link',
  deleteLink: "the link's deletion",
  createNote: 'the new note',
  saveNote: 'the note',
  deleteNote: "the note's deletion",
  quoteIntoNote: 'the quote in the note',
};

export function storageError(error: unknown, method: MethodName): unknown {
  if (isDiskFull(error)) {
    const saved = SAVED_BY[method];
    return new NotebookError(
      'disk_full',
      saved
        ? `The disk is full: ${saved} was not saved. Free some space and try again.`
        : 'The disk is full: SQLite had no room to answer (it needs some even to read). Free some space and try again.',
    );
  }
  if (isCorruption(error)) {
    return new NotebookError(
      'corrupt_database',
      `The notebook's database is damaged (SQLite reports “${(error as Error).message}”). Quit Commonplace, then restore the newest backup: commonplace restore --newest (commonplace backups lists them).`,
    );
  }
  return error;
}
