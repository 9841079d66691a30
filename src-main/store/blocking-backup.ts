/**
 * SQLite's online backup API, waited for synchronously. Opening a notebook is synchronous (every
 * door opens it before it does anything else), but better-sqlite3 offers the backup API only as
 * a promise that steps on the event loop. So the copy runs on a worker thread with a connection
 * of its own, and the opening thread sleeps on Atomics.wait until the worker says it is done.
 * The worker is plain CommonJS given as source: it needs nothing of ours, only better-sqlite3,
 * so it runs the same under Node, tsx, vitest and Electron's bundle.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** A notebook of several gigabytes copies in well under this; past it the worker is taken to be lost. */
const LONGEST_COPY_MS = 30 * 60 * 1000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { betterSqlite3, nativeBinding, source, target, done, port } = workerData;
const settle = (message) => {
  port.postMessage(message);
  port.close();
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
};
let db;
try {
  const Database = require(betterSqlite3);
  db = new Database(source, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('busy_timeout = 5000');
  db.backup(target).then(
    () => { db.close(); settle({ ok: true }); },
    (error) => { db.close(); settle({ ok: false, message: error.message, code: error.code }); },
  );
} catch (error) {
  if (db) db.close();
  settle({ ok: false, message: error.message, code: error.code });
}
`;

type Outcome = { ok: true } | { ok: false; message: string; code?: string };

/** Copies the database `source` to `target` (which must not exist) with the online backup API. */
export function backUpBlocking(source: string, target: string, nativeBinding?: string): void {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { betterSqlite3, nativeBinding, source, target, done, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  try {
    if (Atomics.wait(done, 0, 0, LONGEST_COPY_MS) === 'timed-out') {
      void worker.terminate();
      throw new Error(`the copy did not finish within ${LONGEST_COPY_MS / 60_000} minutes`);
    }
    const outcome = receiveMessageOnPort(port1)?.message as Outcome | undefined;
    if (!outcome) throw new Error('the copying thread stopped without a word');
    if (!outcome.ok) throw Object.assign(new Error(outcome.message), outcome.code ? { code: outcome.code } : {});
  } finally {
    port1.close();
  }
}
