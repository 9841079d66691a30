import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src-main/data-dir';

describe('the data directory', () => {
  const home = '/home/reader';

  it('follows each platform’s convention', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home })).toBe('/home/reader/.local/share/commonplace');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home })).toBe('/data/commonplace');
    expect(resolveDataDir({ env: {}, platform: 'darwin', home })).toBe('/home/reader/Library/Application Support/Commonplace');
    expect(resolveDataDir({ env: { APPDATA: '/appdata' }, platform: 'win32', home })).toMatch(/appdata[\\/]Commonplace$/);
  });

  it('is overridden by COMMONPLACE_DATA, and that by --data', () => {
    expect(resolveDataDir({ env: { COMMONPLACE_DATA: '/notes' }, platform: 'darwin', home })).toBe('/notes');
    expect(resolveDataDir({ flag: '/flag', env: { COMMONPLACE_DATA: '/notes' }, platform: 'linux', home })).toBe('/flag');
  });
});
