/** Opening a notebook in a data directory: the database and the service over it. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DATABASE_FILE } from './data-dir';
import { openDatabase, type Db, type OpenOptions } from './store/database';
import { dueTopListBuild } from './store/search-top-build';
import { TOP_LIST_DEFAULTS, type TopListOptions } from './store/search-top';
import { NotebookService, type ServiceOptions } from './service';

export interface Notebook {
  dataDir: string;
  db: Db;
  service: NotebookService;
  /**
   * Builds the search's ranked lists of frequent terms (store/search-top.ts) on a worker
   * thread running `workerScript` (store/search-top-worker.ts, however this runtime loads
   * it) when a build is due. Hosts that stay up call it; search is right without the lists,
   * only slower for frequent words at large sizes. Settles when the build ends (at once when
   * none is due); closing the notebook stops it, and the next open builds again.
   */
  buildSearchLists(workerScript: URL, defaults?: TopListOptions): Promise<void>;
  close(): void;
}

export function openNotebook(dataDir: string, options: ServiceOptions & OpenOptions = {}): Notebook {
  const db = openDatabase(join(dataDir, DATABASE_FILE), options);
  const workers = new Set<Worker>();
  return {
    dataDir,
    db,
    service: new NotebookService(db, options),
    buildSearchLists(workerScript, defaults = TOP_LIST_DEFAULTS) {
      const due = dueTopListBuild(db, defaults);
      if (!due) return Promise.resolve();
      const worker = new Worker(workerScript, { workerData: { file: db.name, nativeBinding: options.nativeBinding, options: due } });
      workers.add(worker);
      worker.unref();
      return new Promise((resolve) => {
        worker.on('error', (error) => console.error(`Building the search lists of frequent words stopped: ${error.message}`));
        worker.on('exit', () => {
          workers.delete(worker);
          resolve();
        });
      });
    },
    close: () => {
      for (const worker of workers) void worker.terminate();
      db.close();
    },
  };
}
