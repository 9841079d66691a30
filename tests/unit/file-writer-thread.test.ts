import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FileWriterThread } from '../../src-main/export/file-writer-thread';
import { tempFolders } from '../support/temp-folders';

describe('the thread that writes export files', () => {
  const newFolder = tempFolders('commonplace-writer-');

  it('writes and hashes many files, and files longer than its ring, byte for byte', async () => {
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
    const hashes = await writer.finish();
    for (const { path, bytes } of files) expect(readFileSync(path).equals(bytes), path).toBe(true);
    expect(hashes).toEqual(files.map(({ bytes }) => createHash('sha256').update(bytes).digest('hex')));
  });

  it('reports the first file it could not write, with the system’s error, and writes nothing after it', async () => {
    const folder = newFolder();
    const writer = new FileWriterThread();
    const missing = join(folder, 'no-such-folder', 'a.md');
    const later = join(folder, 'b.md');
    for (const path of [missing, later]) {
      writer.open(path);
      writer.append(Buffer.from('text'));
      writer.close();
    }
    writer.flush();
    // The caller can tell before the end, and stop making files nobody will write.
    await vi.waitFor(() => expect(writer.failed).toBe(true));
    await expect(writer.finish()).rejects.toThrow(`ENOENT: no such file or directory, open '${missing}'`);
    expect(existsSync(later)).toBe(false);
    expect(() => writer.open(later)).toThrow('nothing more can be queued');
  });

  it('skips what is still queued when the caller gives up', async () => {
    const folder = newFolder();
    const writer = new FileWriterThread();
    const paths = Array.from({ length: 2000 }, (_, index) => join(folder, `${index}.md`));
    for (const path of paths) {
      writer.open(path);
      writer.append(Buffer.alloc(8000, 120));
      writer.close();
    }
    await writer.abort();
    const written = paths.filter((path) => existsSync(path)).length;
    expect(written).toBeLessThan(paths.length);
    // Once abort has resolved the thread has ended: nothing more appears (the staging folder can go).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(paths.filter((path) => existsSync(path)).length).toBe(written);
  });
});
