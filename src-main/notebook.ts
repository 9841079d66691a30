/** Opening a notebook in a data directory: the database and the service over it. */
import { join } from 'node:path';
import { DATABASE_FILE } from './data-dir';
import { openDatabase, type Db, type OpenOptions } from './store/database';
import { NotebookService, type ServiceOptions } from './service';

export interface Notebook {
  dataDir: string;
  db: Db;
  service: NotebookService;
  close(): void;
}

export function openNotebook(dataDir: string, options: ServiceOptions & OpenOptions = {}): Notebook {
  const db = openDatabase(join(dataDir, DATABASE_FILE), options);
  return { dataDir, db, service: new NotebookService(db, options), close: () => db.close() };
}
