/**
 * `commonplace backup`, `backups` and `restore` (store/backups.ts), and the daily backup of a
 * notebook used only from the command line. `backups` and `restore` never open the notebook:
 * they are what to run when it cannot be opened.
 */
import { dirname, join, resolve } from 'node:path';
import { DATABASE_FILE, resolveDataDir } from '../data-dir';
import { isDamagedNotebook, restoreNewestBackup, type Notebook } from '../notebook';
import { BACKUPS_KEPT, describeTakenAt, listBackups, restoreBackup, type BackupInfo } from '../store/backups';
import type { CliIo, Command, ParsedArgs } from './command';

export const BACKUP_USAGE = `  commonplace backup [--json]                  back the notebook up now (its backups folder keeps the newest ${BACKUPS_KEPT})
  commonplace backups [--json]                 list the notebook's backups, newest first
  commonplace restore --newest | --backup FILE [--json]
                                               put a backup in place of the notebook's database (which is kept, set aside)`;

function databaseFileOf({ values }: ParsedArgs, io: CliIo): string {
  return join(resolveDataDir({ flag: values.data as string | undefined, env: io.env }), DATABASE_FILE);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function backupLine(backup: BackupInfo): string {
  const before = backup.beforeVersion === null ? '' : `  (taken before the upgrade to schema version ${backup.beforeVersion})`;
  return `${describeTakenAt(backup.takenAt)}  ${megabytes(backup.bytes).padStart(9)}  ${backup.file}${before}`;
}

export const backupCommands: Record<string, Command> = {
  backup: {
    options: { json: { type: 'boolean' } },
    async run(open, { positionals, values }, io) {
      if (positionals.length > 0) {
        io.err('commonplace backup: takes no arguments.');
        return 2;
      }
      const backup = await open().backUp();
      io.out(values.json ? JSON.stringify(backup) : `Backed up the notebook to ${backup.file} (${megabytes(backup.bytes)}).`);
      return 0;
    },
  },
  backups: {
    options: { json: { type: 'boolean' } },
    async run(_open, args, io) {
      const backups = listBackups(databaseFileOf(args, io));
      for (const backup of backups) io.out(args.values.json ? JSON.stringify(backup) : backupLine(backup));
      if (!args.values.json && backups.length === 0) io.out('No backups yet. commonplace backup takes one.');
      return 0;
    },
  },
  restore: {
    options: { newest: { type: 'boolean' }, backup: { type: 'string' }, json: { type: 'boolean' } },
    async run(_open, args, io) {
      const { values } = args;
      if (args.positionals.length > 0 || Boolean(values.newest) === (typeof values.backup === 'string')) {
        io.err('commonplace restore: give --newest, or --backup FILE (commonplace backups lists them).');
        return 2;
      }
      const databaseFile = databaseFileOf(args, io);
      const restored =
        typeof values.backup === 'string' ? restoreBackup(databaseFile, resolve(values.backup), new Date()) : restoreNewestBackup(dirname(databaseFile));
      if (values.json) {
        io.out(JSON.stringify(restored));
      } else {
        io.out(`Restored ${restored.backup} as ${databaseFile}.`);
        if (restored.setAside) io.out(`The database that was there is kept as ${restored.setAside}.`);
      }
      return 0;
    },
  },
};

/**
 * When the notebook could not be opened because it is damaged or lost and a backup exists, and
 * someone is at the terminal: says why and asks whether to restore the newest backup now.
 * 'not offered' leaves the error to be reported as any other; 'declined' has already said it.
 */
export async function offerRestoreAtTerminal(args: ParsedArgs, error: unknown, io: CliIo): Promise<'restored' | 'declined' | 'not offered'> {
  const databaseFile = databaseFileOf(args, io);
  const newest = listBackups(databaseFile)[0];
  if (!io.ask || !isDamagedNotebook(error) || !newest) return 'not offered';
  io.err(error.message);
  const answer = await io.ask(`\nRestore the backup of ${describeTakenAt(newest.takenAt)} now? The damaged file stays where it was moved. [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) {
    io.err('Nothing was restored.');
    return 'declined';
  }
  const restored = restoreNewestBackup(dirname(databaseFile));
  io.err(`Restored ${restored.backup} as ${databaseFile}.`);
  return 'restored';
}

/**
 * Closes the notebook after a command. A command that changed it first takes the day's backup
 * when one is due, so a notebook used only from the command line (or a script) is backed up
 * daily too; commands that only read never write a backup.
 */
export async function closeAfterCommand(notebook: Notebook, io: CliIo): Promise<void> {
  try {
    if (notebook.changedSinceOpen()) await notebook.backUpIfDue();
  } catch (error) {
    io.err(`commonplace: the daily backup was not taken: ${(error as Error).message}`);
  } finally {
    notebook.close();
  }
}
