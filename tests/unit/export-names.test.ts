import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFileName, MAX_NAME_BYTES, pathInside, shortId } from '../../src-main/export/file-names';
import { flavorOf } from '../../src-main/export/flavor';

const ID = 'k7m2q9x4ab3cd5ef';
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/i;

/** What every exported name must be, on every system and as an Obsidian link target. */
function expectSafe(name: string, extension = '.md'): void {
  expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name.normalize('NFC')).toBe(name);
  expect(name).not.toMatch(/[<>:"/\\|?*#^[\]\p{Cc}\p{Zl}\p{Zp}]/u);
  expect(name).not.toContain('..');
  expect(name).not.toMatch(/^[\s.]|[\s.]$/u);
  expect(name.endsWith(` (${ID.slice(0, 8)})${extension}`)).toBe(true);
  expect(WINDOWS_DEVICE.test(name.split('.')[0].trimEnd())).toBe(false);
  // Well-formed UTF-16, so it encodes to UTF-8 and back unchanged.
  expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
}

describe('export file names', () => {
  it('keep the title readable: any script, its case, spaces and punctuation', () => {
    expect(exportFileName('Why the Border Moved, and Who Paid (Part 2)', ID, '.md')).toBe('Why the Border Moved, and Who Paid (Part 2) (k7m2q9x4).md');
    expect(exportFileName('Климат и границы — «Итоги»', ID, 'md')).toBe('Климат и границы — «Итоги» (k7m2q9x4).md');
    expect(exportFileName('气候与边界', ID, '')).toBe('气候与边界 (k7m2q9x4)');
    expect(exportFileName('מזג האוויר', ID, '.md')).toBe('מזג האוויר (k7m2q9x4).md');
  });

  it('replace what Windows forbids and what breaks an Obsidian link', () => {
    expect(exportFileName('Climate: A Study', ID, '.md')).toBe('Climate - A Study (k7m2q9x4).md');
    expect(exportFileName('a/b\\c|d', ID, '.md')).toBe('a-b-c-d (k7m2q9x4).md');
    expect(exportFileName('Is "this" <it>? *Yes* #1 ^x [draft]', ID, '.md')).toBe("Is 'this' it Yes 1 x (draft) (k7m2q9x4).md");
    expect(exportFileName('12:30 at the border:', ID, '.md')).toBe('12-30 at the border (k7m2q9x4).md');
  });

  it('never make a path: no separators, no "..", no leading dot', () => {
    expect(exportFileName('../../etc/passwd', ID, '.md')).toBe('-…-etc-passwd (k7m2q9x4).md');
    expect(exportFileName('..', ID, '.md')).toBe('Untitled (k7m2q9x4).md');
    expect(exportFileName('.hidden', ID, '.md')).toBe('hidden (k7m2q9x4).md');
    expect(exportFileName('Wait... what?', ID, '.md')).toBe('Wait… what (k7m2q9x4).md');
    expect(exportFileName('...and then', ID, '.md')).toBe('and then (k7m2q9x4).md');
  });

  it('drop control and invisible formatting characters, but keep the joiners emoji need', () => {
    expect(exportFileName('Line\none\ttab\u0000nul\u007f\u0085end', ID, '.md')).toBe('Line one tab nul end (k7m2q9x4).md');
    expect(exportFileName('evil\u202Egpj.exe\u200B', ID, '.md')).toBe('evilgpj.exe (k7m2q9x4).md');
    expect(exportFileName('Family 👨‍👩‍👧 and 🏳️‍🌈 flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿', ID, '.md')).toBe('Family 👨‍👩‍👧 and 🏳️‍🌈 flags 🏴󠁧󠁢󠁳󠁣󠁴󠁿 (k7m2q9x4).md');
  });

  it('rename Windows device names, in any case, with or without an extension', () => {
    for (const [title, expected] of [
      ['CON', 'CON_'],
      ['con', 'con_'],
      ['Nul', 'Nul_'],
      ['PRN.txt', 'PRN_.txt'],
      ['aux .tar.gz', 'aux_.tar.gz'],
      ['COM1', 'COM1_'],
      ['lpt9', 'lpt9_'],
      ['COM¹', 'COM¹_'],
    ]) {
      const name = exportFileName(title, ID, '.md');
      expect(name).toBe(`${expected} (k7m2q9x4).md`);
      expectSafe(name);
    }
    expect(exportFileName('Console', ID, '.md')).toBe('Console (k7m2q9x4).md');
    expect(exportFileName('COM10', ID, '.md')).toBe('COM10 (k7m2q9x4).md');
  });

  it('drop trailing dots and spaces, and name a title with nothing left "Untitled"', () => {
    expect(exportFileName('The end. . .  ', ID, '.md')).toBe('The end (k7m2q9x4).md');
    for (const title of ['', '   ', '...', '???', '\u0000\u0001', '\u202E\u200B']) expect(exportFileName(title, ID, '.md')).toBe('Untitled (k7m2q9x4).md');
  });

  it('are NFC', () => {
    const decomposed = 'Cafe\u0301 cre\u0300me bru\u0302le\u0301e';
    expect(exportFileName(decomposed, ID, '.md')).toBe('Café crème brûlée (k7m2q9x4).md');
  });

  it('fit in 120 bytes with the short id and extension, cut between whole characters', () => {
    const cjk = '東京の夏は暑い'.repeat(43).slice(0, 300);
    const name = exportFileName(cjk, ID, '.md');
    expectSafe(name);
    const title = name.slice(0, -' (k7m2q9x4).md'.length);
    expect(cjk.startsWith(title)).toBe(true);
    // 3 bytes a character: as many as fit in what the id and extension leave.
    expect(bytes(title)).toBe(Math.floor((MAX_NAME_BYTES - bytes(' (k7m2q9x4).md')) / 3) * 3);

    const emoji = exportFileName('👨‍👩‍👧‍👦'.repeat(30), ID, '.md');
    expectSafe(emoji);
    expect(emoji.slice(0, -' (k7m2q9x4).md'.length)).toMatch(/^(?:👨‍👩‍👧‍👦)+$/u);

    const accents = exportFileName('e\u0301\u0302\u0323'.repeat(60), ID, '.md');
    expectSafe(accents);
    expect([...new Intl.Segmenter().segment(accents.slice(0, -' (k7m2q9x4).md'.length))].every(({ segment }) => segment === 'e\u0301\u0302\u0323'.normalize('NFC'))).toBe(true);

    const cutBeforeDots = exportFileName(`${'a'.repeat(104)}. b`, ID, '.md');
    expect(cutBeforeDots).toBe(`${'a'.repeat(104)} (k7m2q9x4).md`);
  });

  it('hold for hostile titles, and each can be written as a file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cp-names-'));
    try {
      const titles = [
        '../../../etc/passwd',
        '..\\..\\windows\\system32',
        'CON',
        'a/b\\c',
        '東'.repeat(300),
        '🙂'.repeat(100),
        'a\u0308'.repeat(200),
        'Trailing dots...',
        'Trailing spaces   ',
        `${'x'.repeat(200)}.`,
        '\u0000\u0001\u001f',
        'tab\tnew\nline\rreturn',
        ':<>"/\\|?*',
        'NUL.tar.gz',
        'com3 ',
        '\uD800 lone surrogate \uDFFF',
      ];
      const names = titles.map((title, index) => exportFileName(title, `${ID.slice(0, 6)}${String(index).padStart(2, '0')}xxxxxxxx`, '.md'));
      for (const name of names) {
        expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(name).not.toMatch(/[<>:"/\\|?*\p{Cc}]|\.\.|^[\s.]/u);
        writeFileSync(join(folder, name), 'x');
      }
      expect(readdirSync(folder).sort()).toEqual([...names].sort());
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuse an extension that is not one', () => {
    expect(() => exportFileName('x', ID, '../x')).toThrow(/extension/);
    expect(() => exportFileName('x', ID, '.m/d')).toThrow(/extension/);
  });
});

describe('short ids', () => {
  it('are the first 8 characters', () => {
    expect(shortId(ID)).toBe('k7m2q9x4');
    expect(shortId('abc')).toBe('abc');
  });
});

describe('paths inside the export folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'cp-root-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolve a relative path under the folder', () => {
    expect(pathInside(root, 'Articles/Climate (k7m2q9x4).md')).toBe(join(root, 'Articles', 'Climate (k7m2q9x4).md'));
    expect(pathInside(root, 'Claims.md')).toBe(join(root, 'Claims.md'));
    expect(pathInside(`${root}/./`, 'assets/x.png')).toBe(join(root, 'assets', 'x.png'));
    expect(pathInside(root, 'a/./b')).toBe(join(root, 'a', 'b'));
  });

  it('resolve against the current directory when the folder is relative', () => {
    expect(pathInside('vault', 'x.md')).toBe(resolve('vault', 'x.md'));
  });

  it('refuse anything that would leave it, or is the folder itself', () => {
    for (const path of ['../x.md', 'a/../../x.md', '..', 'a/..', '..\\x.md', 'a\\..\\..\\x', '/etc/passwd', `${root}/x.md`, 'C:\\Windows\\x', 'c:x', '\\\\server\\share', 'a\u0000b', '', '.', './']) {
      expect(() => pathInside(root, path), path).toThrow(/inside the export folder/);
    }
  });
});

describe('link labels', () => {
  it('carry a hostile title as text: nothing a Markdown reader would take for HTML or a link’s end', () => {
    const brackets = (text: string) => text.replace(/[^[\]]/g, '');
    for (const flavor of [flavorOf('obsidian'), flavorOf('logseq')]) {
      const plain = flavor.passageLink('Articles/Report (k7m2q9x4)', ID, 'A plain title');
      const link = flavor.passageLink('Articles/Report (k7m2q9x4)', ID, `<img src=x onerror=alert(1)>]] | [x](javascript:alert(1))`);
      expect(link).not.toMatch(/[<>]/);
      expect(brackets(link), 'the label opens and closes no link').toBe(brackets(plain));
      expect(link).toContain('img src=x onerror=alert(1)');
    }
  });
});
