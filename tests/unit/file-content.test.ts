import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentEncoder } from '../../src-main/export/file-content';
import { FileWriterThread } from '../../src-main/export/file-writer-thread';
import { tempFolders } from '../support/temp-folders';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('export file content', () => {
  const newFolder = tempFolders('commonplace-content-');
  // Longer than one piece (2^20 characters), with a character outside the BMP across the cut.
  const long = `${'a'.repeat((1 << 20) - 1)}😀${'é'.repeat(1 << 20)}“end”`;
  const contents = ['', 'plain', long, ['{"a":', long, '}\n'], Buffer.from([0, 255, 1])] as const;

  it('writes, hashes and measures every kind of content as its UTF-8 bytes', async () => {
    const folder = newFolder();
    const encoder = new ContentEncoder();
    const writer = new FileWriterThread();
    const expectations = contents.map((content, index) => {
      const expected = Buffer.isBuffer(content) ? content : Buffer.from(typeof content === 'string' ? content : content.join(''));
      const path = join(folder, `${index}.txt`);
      encoder.write(writer, path, content);
      return { content, expected, path };
    });
    expect(await writer.finish()).toEqual(expectations.map(({ expected }) => sha256(expected)));
    expectations.forEach(({ content, expected, path }) => {
      expect(readFileSync(path).equals(expected)).toBe(true);
      expect(encoder.sha256OfFile(path)).toBe(sha256(expected));
      expect(encoder.byteLength(content)).toBe(expected.length);
      expect(encoder.compareWithFile(path, content)).toEqual({ same: true, hash: sha256(expected) });
    });
  });

  it('tells a file that differs in one byte, in length, or is missing', () => {
    const folder = newFolder();
    const encoder = new ContentEncoder();
    const path = join(folder, 'file.md');
    const differs = { same: false, hash: sha256(Buffer.from(long)) };
    writeFileSync(path, `${long.slice(0, -1)}x`);
    expect(encoder.compareWithFile(path, long)).toEqual(differs);
    writeFileSync(path, `x${long.slice(1)}`);
    expect(encoder.compareWithFile(path, long)).toEqual(differs);
    writeFileSync(path, `${long}\n`);
    expect(encoder.compareWithFile(path, long)).toEqual(differs);
    expect(encoder.compareWithFile(join(folder, 'missing.md'), long)).toEqual(differs);
    expect(encoder.compareWithFile(folder, '')).toEqual({ same: false, hash: sha256(Buffer.alloc(0)) });
  });
});
