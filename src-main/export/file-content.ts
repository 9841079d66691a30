/**
 * An export file's content turned into bytes a piece at a time, through buffers reused from
 * file to file: compared with what is on disk (and hashed), or handed to the thread that
 * writes and hashes files (file-writer-thread.ts), without ever holding the whole file as
 * bytes. An export of 100,000 highlights is about 130 MB; encoding each file into fresh memory
 * cost more than building its text (new memory is slow to get, reused memory is not), and
 * annotations.jsonld alone is 70 MB.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { FileWriterThread } from './file-writer-thread';

/**
 * Text (one string, or pieces that make it one after another) or bytes. Each piece is encoded on
 * its own: a piece must not end between the two halves of a surrogate pair.
 */
export type FileContent = string | readonly string[] | Buffer;

/** Characters encoded at once: a long string is cut into pieces of about this many. */
const PIECE_CHARACTERS = 1 << 20;
/** UTF-8 takes at most three bytes for each UTF-16 code unit. */
const MOST_BYTES_PER_CHARACTER = 3;

export class ContentEncoder {
  private readonly scratch = Buffer.allocUnsafe(PIECE_CHARACTERS * MOST_BYTES_PER_CHARACTER);
  private readonly fromDisk = Buffer.allocUnsafe(PIECE_CHARACTERS * MOST_BYTES_PER_CHARACTER);

  byteLength(content: FileContent): number {
    if (Buffer.isBuffer(content)) return content.length;
    if (typeof content === 'string') return Buffer.byteLength(content);
    return content.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  }

  /**
   * Whether `path` is a file holding exactly these bytes (its size compared first), and their
   * sha256: one pass over the content for both.
   */
  compareWithFile(path: string, content: FileContent): { same: boolean; hash: string } {
    const hash = createHash('sha256');
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats?.isFile() || stats.size !== this.byteLength(content)) {
      this.eachPiece(content, (bytes) => hash.update(bytes));
      return { same: false, hash: hash.digest('hex') };
    }
    const fd = openSync(path, 'r');
    try {
      let position = 0;
      let same = true;
      this.eachPiece(content, (bytes) => {
        hash.update(bytes);
        for (let offset = 0; same && offset < bytes.length; ) {
          const length = Math.min(bytes.length - offset, this.fromDisk.length);
          const read = readSync(fd, this.fromDisk, 0, length, position);
          same = read === length && this.fromDisk.subarray(0, read).equals(bytes.subarray(offset, offset + length));
          offset += length;
          position += length;
        }
      });
      return { same, hash: hash.digest('hex') };
    } finally {
      closeSync(fd);
    }
  }

  /** The sha256 of the file at `path`. */
  sha256OfFile(path: string): string {
    const hash = createHash('sha256');
    const fd = openSync(path, 'r');
    try {
      for (let read; (read = readSync(fd, this.fromDisk, 0, this.fromDisk.length, null)) > 0; ) hash.update(this.fromDisk.subarray(0, read));
    } finally {
      closeSync(fd);
    }
    return hash.digest('hex');
  }

  /** Queues the file on `writer`, which writes and hashes it. */
  write(writer: FileWriterThread, path: string, content: FileContent): void {
    writer.open(path);
    this.eachPiece(content, (bytes) => writer.append(bytes));
    writer.close();
  }

  /** Calls `use` with the content's bytes, in order; the bytes are only valid during the call. */
  private eachPiece(content: FileContent, use: (bytes: Buffer) => void): void {
    if (Buffer.isBuffer(content)) return use(content);
    for (const text of typeof content === 'string' ? [content] : content) {
      for (let start = 0; start < text.length; ) {
        let end = Math.min(text.length, start + PIECE_CHARACTERS);
        // A surrogate pair is one character: never cut between its halves.
        if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
        use(this.encode(start === 0 && end === text.length ? text : text.slice(start, end)));
        start = end;
      }
    }
  }

  /** A piece is at most PIECE_CHARACTERS long, so its bytes always fit the scratch buffer. */
  private encode(text: string): Buffer {
    return this.scratch.subarray(0, this.scratch.write(text));
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
