/**
 * The ranked lists' build (store/search-top-build.ts) on a worker thread with its own
 * connection: at 100,000 articles it reads for minutes, and SQLite calls are synchronous, so
 * on the app's thread it would hold up every request. The started thread builds, posts what
 * it built, and ends; WAL lets the app read and write meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database';
import { buildTopLists } from './search-top-build';
import type { TopListOptions } from './search-top';

const { file, nativeBinding, options } = workerData as { file: string; nativeBinding?: string; options: TopListOptions };
const db = openDatabase(file, { nativeBinding });
try {
  parentPort?.postMessage({ built: buildTopLists(db, options) });
} finally {
  db.close();
}
