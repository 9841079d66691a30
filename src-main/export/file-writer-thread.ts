/**
 * Writes files on a thread of its own, and hashes them there, so the kernel's work of making
 * them (on a fresh export, some 12,000 files: a second of system time, far more on a file
 * system that is busy) and the hashing run beside the thread that builds them.
 *
 * The bytes go through a ring of shared memory: the caller copies each piece in and queues
 * where it lies; the thread writes it and frees the space. A caller that finds the ring full
 * sleeps on Atomics.wait until the thread has freed some, so it never holds more than the ring.
 * Everything the caller does is synchronous, as plain writeSync calls were. The thread is
 * plain CommonJS given as source (see blocking-backup.ts): it needs nothing but node:fs.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

const RING_BYTES = 32 << 20;
/** Queued operations are posted to the thread in batches of about this many (one message each). */
const BATCH_OPERATIONS = 300;
/** ...or once this many bytes wait in the ring, so the thread never idles behind a long file. */
const BATCH_BYTES = 4 << 20;
/** The thread writes a piece in well under this; past it the thread is taken to be lost. */
const LONGEST_WAIT_MS = 5 * 60 * 1000;

/** Slots of the shared counters. */
const FREED = 0;
const FAILED = 1;
const FINISHED = 2;

/**
 * Operations, flattened into one array per batch (cheap to post): OPEN path · WRITE start
 * length · CLOSE · FINISH. Each file's sha256 is taken of the bytes as they are written. After
 * a failure the thread opens and writes nothing more, but still frees what it is given, so the
 * caller never waits for space forever.
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, writeSync } = require('node:fs');
const { ring, counters, port } = workerData;
const bytes = new Uint8Array(ring);
let fd = null;
let hash = null;
const hashes = [];
let failure = null;
const fail = (error) => {
  failure = { message: error.message, code: error.code };
  Atomics.store(counters, ${FAILED}, 1n);
};
parentPort.on('message', (batch) => {
  for (let at = 0; at < batch.length; ) {
    const operation = batch[at++];
    if (operation === 'open') {
      const path = batch[at++];
      hash = createHash('sha256');
      if (!failure) try { fd = openSync(path, 'w'); } catch (error) { fail(error); }
    } else if (operation === 'write') {
      const start = batch[at++];
      const length = batch[at++];
      hash.update(bytes.subarray(start, start + length));
      if (!failure) try {
        for (let done = 0; done < length; ) done += writeSync(fd, bytes, start + done, length - done);
      } catch (error) { fail(error); }
      Atomics.add(counters, ${FREED}, BigInt(length));
      Atomics.notify(counters, ${FREED});
    } else if (operation === 'close') {
      if (fd !== null) try { closeSync(fd); } catch (error) { if (!failure) fail(error); }
      fd = null;
      hashes.push(hash.digest('hex'));
    } else if (operation === 'finish') {
      port.postMessage({ failure, hashes });
      Atomics.store(counters, ${FINISHED}, 1n);
      Atomics.notify(counters, ${FINISHED});
    }
  }
});
`;

export class FileWriterThread {
  private readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly bytes = new Uint8Array(this.ring);
  private readonly counters = new BigInt64Array(new SharedArrayBuffer(3 * BigInt64Array.BYTES_PER_ELEMENT));
  private readonly replies: MessagePort;
  private readonly worker: Worker;
  /** Bytes copied into the ring so far; the thread's FREED counter trails it. */
  private produced = 0;
  private batch: (string | number)[] = [];
  private batchBytes = 0;
  private finished = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.replies = port1;
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { ring: this.ring, counters: this.counters, port: port2 }, transferList: [port2] });
    this.worker.unref();
  }

  /** Starts the file at `path` (created or emptied); `append` fills it, `close` ends it. */
  open(path: string): void {
    // A failure is reported by finish(), but nothing more is worth making once one happened.
    if (Atomics.load(this.counters, FAILED) !== 0n) this.finish();
    this.batch.push('open', path);
  }

  /** Queues the bytes, copied: the caller may reuse its buffer at once. */
  append(bytes: Uint8Array): void {
    for (let offset = 0; offset < bytes.length; ) {
      const free = this.waitForSpace();
      const start = this.produced % RING_BYTES;
      const length = Math.min(bytes.length - offset, free, RING_BYTES - start);
      this.bytes.set(bytes.subarray(offset, offset + length), start);
      this.batch.push('write', start, length);
      this.produced += length;
      this.batchBytes += length;
      offset += length;
      if (this.batchBytes >= BATCH_BYTES) this.post();
    }
  }

  close(): void {
    this.batch.push('close');
    if (this.batch.length >= BATCH_OPERATIONS) this.post();
  }

  /**
   * Waits until everything queued is on disk (or failed), then ends the thread. Returns the
   * sha256 of each file, in the order they were opened; throws the first failure. Only the
   * first call waits; a later one returns nothing.
   */
  finish(): string[] {
    if (this.finished) return [];
    this.finished = true;
    this.batch.push('finish');
    this.post();
    try {
      if (Atomics.wait(this.counters, FINISHED, 0n, LONGEST_WAIT_MS) === 'timed-out') throw new Error('the thread writing the files stopped answering');
      // Node's own message, as a write on this thread would have thrown it (it names the file where the system call has one).
      const reply = receiveMessageOnPort(this.replies)?.message as { failure: { message: string; code?: string } | null; hashes: string[] } | undefined;
      if (!reply) throw new Error('the thread writing the files stopped without a word');
      const { failure, hashes } = reply;
      if (failure) throw Object.assign(new Error(failure.message), failure.code ? { code: failure.code } : {});
      return hashes;
    } finally {
      this.replies.close();
      void this.worker.terminate();
    }
  }

  /** Free bytes in the ring, at least one: sleeps until the thread frees some when there are none. */
  private waitForSpace(): number {
    for (;;) {
      const freed = Atomics.load(this.counters, FREED);
      const free = RING_BYTES - (this.produced - Number(freed));
      if (free > 0) return free;
      // What waits to be written must reach the thread before this one sleeps on it.
      this.post();
      if (Atomics.wait(this.counters, FREED, freed, LONGEST_WAIT_MS) === 'timed-out') throw new Error('the thread writing the files stopped answering');
    }
  }

  private post(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.batch = [];
    this.batchBytes = 0;
  }
}
