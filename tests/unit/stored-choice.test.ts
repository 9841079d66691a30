import { describe, expect, it } from 'vitest';
import { booleanOr, integerIn, oneOf, storedObject, stringOr } from '../../src-renderer/lib/stored-choice';

describe('preferences read back from browser storage', () => {
  it('reads an object, and anything else as empty', () => {
    expect(storedObject('{"theme":"dark","fontSize":20}')).toEqual({ theme: 'dark', fontSize: 20 });
    for (const damaged of [null, '', '{not json', 'null', '[1,2]', '"dark"', '42']) expect(storedObject(damaged)).toEqual({});
  });

  it('keeps a field that is right and falls back for one that is not', () => {
    const stored = storedObject('{"theme":"neon","lineWidth":"narrow","fontSize":99,"size":20.5,"folder":7,"fullText":"yes"}');
    expect(oneOf(['system', 'dark'], stored.theme, 'system')).toBe('system');
    expect(oneOf(['narrow', 'medium'], stored.lineWidth, 'medium')).toBe('narrow');
    expect(integerIn({ min: 14, max: 26 }, stored.fontSize, 18)).toBe(18);
    expect(integerIn({ min: 14, max: 26 }, stored.size, 18)).toBe(18);
    expect(integerIn({ min: 14, max: 26 }, 26, 18)).toBe(26);
    expect(stringOr(stored.folder, '')).toBe('');
    expect(stringOr('/vault', '')).toBe('/vault');
    expect(booleanOr(stored.fullText, false)).toBe(false);
    expect(booleanOr(true, false)).toBe(true);
  });
});
