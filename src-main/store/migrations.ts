/**
 * Migrations are the SQL files in db/migrations, named NNNN-kebab-name.sql, applied in order.
 * The pending ones run in one transaction with the PRAGMA user_version that records them, so a
 * failed migration leaves the database exactly as it was: not at some version in between, which
 * neither this Commonplace (it failed there) nor the one before (it is too new) could use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NotebookError } from '../common/errors';
import type { Db } from './database';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file, index) => {
      const match = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file ${file} is not named NNNN-kebab-name.sql`);
      const version = Number(match[1]);
      if (version !== index + 1) throw new Error(`Migration ${file} is out of sequence: expected ${index + 1}`);
      return { version, name: match[2], sql: readFileSync(`${dir}/${file}`, 'utf8') };
    });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations = loadMigrations()): void {
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new NotebookError(
      'database_too_new',
      `This notebook was written by a newer Commonplace (schema version ${current}; this version knows up to ${latest}). ` +
        'Update Commonplace to open it; the file was left untouched.',
    );
  }
  if (current === latest) return;
  // Rebuilding a table (SQLite's way to change a constraint) needs foreign keys off; they are
  // checked before each migration commits instead. The pragma is a no-op inside a transaction.
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      // Another process may have applied some while we waited for the write lock.
      const from = schemaVersion(db);
      for (const migration of migrations.slice(from)) {
        try {
          db.exec(migration.sql);
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`it would break ${broken.length} foreign key(s)`);
        } catch (error) {
          const label = `${String(migration.version).padStart(4, '0')}-${migration.name}`;
          throw new Error(`Migration ${label} failed, so the notebook was left as it was (schema version ${from}): ${(error as Error).message}`, { cause: error });
        }
        // user_version takes no bound parameter; the value is an integer we computed.
        db.pragma(`user_version = ${Number(migration.version)}`);
      }
    }).immediate();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}
