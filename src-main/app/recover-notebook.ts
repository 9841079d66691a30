/**
 * The app's answer when the notebook cannot be opened because its database is damaged or
 * missing (notebook.ts refuses it with `corrupt_database`, having set a damaged file aside):
 * the message, and the newest backup offered for restoring. What is offered and how it is
 * restored live in notebook.ts and store/backups.ts, tested under Node; this file only asks.
 */
import { dialog } from 'electron';
import { join } from 'node:path';
import type { NotebookError } from '../common/errors';
import { DATABASE_FILE } from '../data-dir';
import { restoreNewestBackup, type Notebook } from '../notebook';
import { describeTakenAt, listBackups } from '../store/backups';

/**
 * Shows why the notebook did not open and offers its newest backup. Returns the notebook opened
 * from the restored backup, or null when the user quits or the restore failed (which it says).
 */
export async function offerRestore(dataDir: string, error: NotebookError, reopen: () => Notebook, nativeBinding: string | undefined): Promise<Notebook | null> {
  const newest = listBackups(join(dataDir, DATABASE_FILE))[0];
  const buttons = newest ? [`Restore the backup of ${describeTakenAt(newest.takenAt)}`, 'Quit'] : ['Quit'];
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Commonplace',
    message: 'Commonplace cannot open the notebook',
    detail: error.message,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  if (!newest || response !== 0) return null;
  try {
    restoreNewestBackup(dataDir, { nativeBinding });
    return reopen();
  } catch (restoreError) {
    dialog.showErrorBox('The backup could not be restored', `${(restoreError as Error).message}\n\nFolder: ${dataDir}`);
    return null;
  }
}
