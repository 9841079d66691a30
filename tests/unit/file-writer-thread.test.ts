import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileWriterThread } from '../../src-main/export/file-writer-thread';
import { tempFolders } from '../support/temp-folders';

describe('the thread that writes export files', () => {
  const newFolder = tempFolders('commonplace-writer-');

  it('writes and hashes many files, and files longer than its ring, byte for byte', () => {
    const folder = newFolder();
    const writer = new FileWriterThread();
    // 80 MB in all, so the 32 MB ring wraps more than once and the caller waits for space.
    const files = Array.from({ length: 400 }, (_, index) => ({
      path: join(folder, `${index}.bin`),
      bytes: Buffer.alloc(index % 100 === 0 ? (20 << 20) + index : 1000 + index, index % 251),
    }));
    for (const { path, bytes } of files) {
      writer.open(path);
      // Appended in pieces from one reused buffer, as the encoder hands them over.
      const scratch = Buffer.alloc(1 << 20);
      for (let offset = 0; offset < bytes.length; offset += scratch.length) {
        const piece = bytes.subarray(offset, offset + scratch.length);
        piece.copy(scratch);
        writer.append(scratch.subarray(0, piece.length));
        scratch.fill(0);
      }
      writer.close();
    }
    const hashes = writer.finish();
    for (const { path, bytes } of files) expect(readFileSync(path).equals(bytes), path).toBe(true);
    expect(hashes).toEqual(files.map(({ bytes }) => createHash('sha256').update(bytes).digest('hex')));
  });

  it('reports the first file it could not write, with the system’s error, and writes nothing after it', () => {
    const folder = newFolder();
    const writer = new FileWriterThread();
    const missing = join(folder, 'no-such-folder', 'a.md');
    const later = join(folder, 'b.md');
    for (const path of [missing, later]) {
      writer.open(path);
      writer.append(Buffer.from('text'));
      writer.close();
    }
    expect(() => writer.finish()).toThrow(`ENOENT: no such file or directory, open '${missing}'`);
    expect(existsSync(later)).toBe(false);
  });
});
