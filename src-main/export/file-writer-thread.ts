/**
 * Writes files on a thread of its own, and hashes them there, so the kernel's work of making
 * them (on a fresh export, some 12,000 files: a second of system time, far more on a file
 * system that is busy) and the hashing run beside the thread that builds them.
 *
 * The bytes go through a ring of shared memory: the caller copies each piece in and queues
 * where it lies; the thread writes it and frees the space. A caller that finds the ring full
 * sleeps on Atomics.wait until the thread has freed some (a piece's write), so it never holds
 * more than the ring. Waiting for the last writes (finish) is a promise: the event loop runs
 * meanwhile. The thread is plain CommonJS given as source (see blocking-backup.ts): it needs
 * nothing but node:fs and node:crypto.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

const RING_BYTES = 32 << 20;
/** Queued operations go to the thread in one message per batch of about this many... */
const BATCH_OPERATIONS = 300;
/** ...or once this many bytes wait in the ring, so the thread never idles behind a long file. */
const BATCH_BYTES = 4 << 20;
/** The thread writes a piece in well under this; past it the thread is taken to be lost. */
const LONGEST_WAIT_MS = 5 * 60 * 1000;

/** Slots of the shared counters: bytes freed, whether a write failed, whether the caller gave up. */
const FREED = 0;
const FAILED = 1;
const ABORTED = 2;

/**
 * Operations, flattened into one array per batch (cheap to post): OPEN path · WRITE start
 * length · CLOSE · FINISH. Each file's sha256 is taken of the bytes as they are written. After
 * a failure, or once the caller gave up, the thread opens and writes nothing more but still
 * frees what it is given, so the caller never waits for space forever. Whatever goes wrong in
 * the thread is a failure reported at FINISH, never an exception left to end it silently.
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { ring, counters, port } = workerData;
let failure = null;
const fail = (error) => {
  if (failure) return;
  failure = { message: error.message, code: error.code };
  Atomics.store(counters, ${FAILED}, 1n);
};
try {
  const { createHash } = require('node:crypto');
  const { closeSync, openSync, writeSync } = require('node:fs');
  const bytes = new Uint8Array(ring);
  const hashes = [];
  let fd = null;
  let hash = null;
  const stopped = () => failure !== null || Atomics.load(counters, ${ABORTED}) !== 0n;
  const closeFile = () => {
    if (fd === null) return;
    try { closeSync(fd); } catch (error) { fail(error); }
    fd = null;
  };
  parentPort.on('message', (batch) => {
    for (let at = 0; at < batch.length; ) {
      const operation = batch[at++];
      try {
        if (operation === 'open') {
          const path = batch[at++];
          hash = createHash('sha256');
          if (!stopped()) fd = openSync(path, 'w');
        } else if (operation === 'write') {
          const start = batch[at++];
          const length = batch[at++];
          try {
            if (!stopped()) {
              hash.update(bytes.subarray(start, start + length));
              for (let done = 0; done < length; ) done += writeSync(fd, bytes, start + done, length - done);
            }
          } finally {
            Atomics.add(counters, ${FREED}, BigInt(length));
            Atomics.notify(counters, ${FREED});
          }
        } else if (operation === 'close') {
          closeFile();
          hashes.push(hash.digest('hex'));
        } else if (operation === 'finish') {
          closeFile();
          port.postMessage({ failure, hashes });
        }
      } catch (error) {
        fail(error);
      }
    }
  });
} catch (error) {
  fail(error);
  port.postMessage({ failure, hashes: [] });
}
`;

export class FileWriterThread {
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly bytes = new Uint8Array(this.ring);
  private readonly counters = new BigInt64Array(new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT));
  private readonly replies: MessagePort;
  private readonly worker: Worker;
  /** The thread's answer to FINISH (or to its own failure to start). */
  private readonly reply: Promise<{ failure: { message: string; code?: string } | null; hashes: string[] }>;
  /** Bytes copied into the ring so far; the thread's FREED counter trails it. */
  private produced = 0;
  private batch: (string | number)[] = [];
  private batchBytes = 0;
  /** How many files were opened: the thread answers with a hash for each. */
  private opened = 0;
  private finishing: Promise<string[]> | null = null;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { ring: this.ring, counters: this.counters, port: port2 }, transferList: [port2] });
    this.worker.unref();
    this.reply = new Promise((resolve, reject) => {
      port1.once('message', resolve);
      // A thread that could not start at all (no memory for one) is a failure like any other.
      this.worker.once('error', (error) => {
        Atomics.store(this.counters, FAILED, 1n);
        reject(error);
      });
    });
    // Reported by finish(): until it is asked for, a rejection is not an unhandled one.
    this.reply.catch(() => undefined);
  }

  /**
   * Whether a write has failed: nothing more will be written, and finish() will throw the
   * failure. A caller with much left to make can stop early.
   */
  get failed(): boolean {
    return Atomics.load(this.counters, FAILED) !== 0n;
  }

  /** Starts the file at `path` (created or emptied); `append` fills it, `close` ends it. */
  open(path: string): void {
    this.refuseAfterFinish();
    this.batch.push('open', path);
    this.opened++;
  }

  /** Queues the bytes, copied: the caller may reuse its buffer at once. */
  append(bytes: Uint8Array): void {
    this.refuseAfterFinish();
    for (let offset = 0; offset < bytes.length; ) {
      const free = this.waitForSpace();
      const start = this.produced % RING_BYTES;
      const length = Math.min(bytes.length - offset, free, RING_BYTES - start);
      this.bytes.set(bytes.subarray(offset, offset + length), start);
      this.batch.push('write', start, length);
      this.produced += length;
      this.batchBytes += length;
      offset += length;
      if (this.batchBytes >= BATCH_BYTES) this.flush();
    }
  }

  close(): void {
    this.refuseAfterFinish();
    this.batch.push('close');
    if (this.batch.length >= BATCH_OPERATIONS) this.flush();
  }

  /** Hands what is queued to the thread now (before the caller yields, so the thread has work meanwhile). */
  flush(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
    this.batchBytes = 0;
  }

  /**
   * Resolves once everything queued is on disk, with the sha256 of each file in the order they
   * were opened, and ends the thread; rejects with the first failure (Node's own error, which
   * names the file where the system call has one). Calling it again gives the same promise.
   */
  finish(): Promise<string[]> {
    this.finishing ??= this.settle();
    return this.finishing;
  }

  /** Gives up: what is queued and not yet written is skipped, and the thread ends. */
  async abort(): Promise<void> {
    Atomics.store(this.counters, ABORTED, 1n);
    await this.finish().catch(() => undefined);
  }

  private async settle(): Promise<string[]> {
    this.batch.push('finish');
    this.flush();
    try {
      const { failure, hashes } = await this.reply;
      if (failure) throw Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
      if (hashes.length !== this.opened) throw new Error(`the thread writing the files hashed ${hashes.length} of ${this.opened}`);
      return hashes;
    } finally {
      this.replies.close();
      await this.worker.terminate();
    }
  }

  private refuseAfterFinish(): void {
    if (this.finishing) throw new Error('the thread writing the files has been told to finish: nothing more can be queued');
  }

  /** Free bytes in the ring, at least one: sleeps until the thread frees some when there are none. */
  private waitForSpace(): number {
    for (;;) {
      const freed = Atomics.load(this.counters, FREED);
      const free = RING_BYTES - (this.produced - Number(freed));
      if (free > 0) return free;
      // What waits to be written must reach the thread before this one sleeps on it.
      this.flush();
      if (Atomics.wait(this.counters, FREED, freed, LONGEST_WAIT_MS) === 'timed-out') throw new Error('the thread writing the files stopped answering');
    }
  }
}
