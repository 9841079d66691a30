import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../support/seeded-random';
import {
  ftsString,
  parseSearchQuery,
  substringClauses,
  toFtsExclusion,
  toFtsMatch,
  type SearchClause,
  type SearchQuery,
} from '../../src-main/common/search-query';

function parsed(input: string): SearchQuery {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(`"${input}" did not parse: ${result.message}`);
  return result.query;
}

function clauses(input: string): SearchClause[] {
  return parsed(input).clauses;
}

const word = (text: string, extra: { prefix?: boolean; negated?: boolean; unspacedScript?: boolean } = {}) => ({
  kind: 'word' as const,
  text,
  prefix: false,
  negated: false,
  unspacedScript: false,
  ...extra,
});
const phrase = (text: string, extra: { negated?: boolean; unspacedScript?: boolean } = {}) => ({
  kind: 'phrase' as const,
  text,
  negated: false,
  unspacedScript: false,
  ...extra,
});
const anyOf = (...terms: ReturnType<typeof word | typeof phrase>[]) => ({ kind: 'text', anyOf: terms });
const filter = (field: string, value: string, negated = false) => ({ kind: 'filter', field, value, negated });

describe('parsing', () => {
  it('makes each word a clause that must match', () => {
    expect(clauses('climate  change\tpolicy')).toEqual([anyOf(word('climate')), anyOf(word('change')), anyOf(word('policy'))]);
  });

  it('reads a quoted phrase as one term, its spaces collapsed, with straight or typographic quotes', () => {
    expect(clauses('"climate \n change" policy')).toEqual([anyOf(phrase('climate change')), anyOf(word('policy'))]);
    expect(clauses('“climate change” „Klimawandel“')).toEqual([anyOf(phrase('climate change')), anyOf(phrase('Klimawandel'))]);
    expect(clauses('"a b"c')).toEqual([anyOf(phrase('a b')), anyOf(word('c'))]);
  });

  it('keeps quotes inside a word as text', () => {
    expect(clauses('don"t 5\'10"')).toEqual([anyOf(word('don"t')), anyOf(word('5\'10"'))]);
  });

  it('marks a word ending in * as a prefix', () => {
    expect(clauses('educat*')).toEqual([anyOf(word('educat', { prefix: true }))]);
  });

  it('makes OR bind tighter than the spaces: a b OR c is a, and b or c', () => {
    expect(clauses('a b OR c')).toEqual([anyOf(word('a')), anyOf(word('b'), word('c'))]);
    expect(clauses('a OR "b c" OR d* e')).toEqual([anyOf(word('a'), phrase('b c'), word('d', { prefix: true })), anyOf(word('e'))]);
  });

  it('reads or, AND, NOT and NEAR as words: OR in capitals is the only operator', () => {
    expect(clauses('a or b AND c NOT d NEAR e')).toEqual(['a', 'or', 'b', 'AND', 'c', 'NOT', 'd', 'NEAR', 'e'].map((text) => anyOf(word(text))));
  });

  it('negates words, phrases and filters with a leading -, and nothing else', () => {
    expect(clauses('a -b -"c d" -tag:x -OR')).toEqual([
      anyOf(word('a')),
      anyOf(word('b', { negated: true })),
      anyOf(phrase('c d', { negated: true })),
      filter('tag', 'x', true),
      anyOf(word('OR', { negated: true })),
    ]);
    expect(clauses('e-mail 1990 - 2000')).toEqual([anyOf(word('e-mail')), anyOf(word('1990')), anyOf(word('2000'))]);
  });

  it('reads filters, in any case, with plain or quoted values', () => {
    expect(clauses('tag:climate site:nytimes.com author:"Ada  Lovelace" TAG:"a b"')).toEqual([
      filter('tag', 'climate'),
      filter('site', 'nytimes.com'),
      filter('author', 'Ada Lovelace'),
      filter('tag', 'a b'),
    ]);
    expect(clauses('is:Claim color:green colour:PINK rel:same_as')).toEqual([
      filter('is', 'claim'),
      filter('color', 'green'),
      filter('color', 'pink'),
      filter('rel', 'same_as'),
    ]);
  });

  it('turns dates into the first day of their period: after is on or after it, before is before it', () => {
    expect(clauses('after:2023 before:2024')).toEqual([filter('after', '2023-01-01'), filter('before', '2024-01-01')]);
    expect(clauses('after:2023-06 before:2024-02-29')).toEqual([filter('after', '2023-06-01'), filter('before', '2024-02-29')]);
  });

  it('reads an unknown field as text: URLs and times have colons', () => {
    expect(clauses('foo:bar https://example.com/a 10:30')).toEqual([anyOf(word('foo:bar')), anyOf(word('https://example.com/a')), anyOf(word('10:30'))]);
  });

  it('accepts filters alone, excluded ones too', () => {
    expect(clauses('tag:x')).toEqual([filter('tag', 'x')]);
    expect(clauses('-tag:x -draft')).toEqual([filter('tag', 'x', true), anyOf(word('draft', { negated: true }))]);
  });

  it('ignores terms with no letter or digit, and control characters count as spaces', () => {
    expect(clauses('a & — b OR ... "!!"')).toEqual([anyOf(word('a')), anyOf(word('b'))]);
    expect(clauses('a\u0000b\u0007"c\u0001d"')).toEqual([anyOf(word('a')), anyOf(word('b')), anyOf(phrase('c d'))]);
  });

  it('takes blank input as an empty query', () => {
    expect(parseSearchQuery('')).toEqual({ ok: true, query: { clauses: [] } });
    expect(parseSearchQuery(' \n\t\u0000 ')).toEqual({ ok: true, query: { clauses: [] } });
  });

  it('marks terms in scripts written without spaces, and only those', () => {
    const marked = (input: string) => clauses(input).map((clause) => clause.kind === 'text' && clause.anyOf[0].unspacedScript);
    expect(marked('東京 ひらがな カタカナ ภาษาไทย ພາສາລາວ ខ្មែរ မြန်မာ iPhone発売 "Tokyo 東京"')).toEqual(Array(9).fill(true));
    expect(marked('서울 café Москва مرحبا 2023')).toEqual(Array(5).fill(false));
  });
});

describe('malformed queries', () => {
  const cases: [input: string, message: RegExp, at: number][] = [
    ['climate "sea level', /closing " to the quote that starts “sea level”/, 8],
    ['tag:"open', /closing "/, 4],
    ['x "', /closing " to this quote/, 2],
    ['*', /\* needs the beginning of a word/, 0],
    ['a -*', /\* needs the beginning of a word/, 3],
    ['*ism', /cannot start with \*/, 0],
    ['wo*rd', /\* can only end a word/, 2],
    ['word**', /\* can only end a word/, 4],
    ['"a phrase"*', /works on words, not phrases/, 10],
    ['OR b', /OR needs a word or phrase before it.*lower case/, 0],
    ['a OR', /OR needs a word or phrase after it/, 2],
    ['a OR OR b', /OR needs a word or phrase after it/, 2],
    ['a OR tag:x', /not filters like tag:x/, 5],
    ['is:note OR a', /not filters like is:note/, 0],
    ['a OR -b', /cannot join -b/, 5],
    ['color:red', /“red” is not a highlight colour: color: takes yellow, green, blue, pink or purple/, 6],
    ['is:articles', /is: takes article, highlight, claim or note/, 3],
    ['rel:refutes', /rel: takes supports, contradicts, same_as or related/, 4],
    ['before:2023-13', /“2023-13” is not a date: before: takes a year, a month or a day/, 7],
    ['after:2023-02-29', /not a date/, 6],
    ['after:23', /not a date/, 6],
    ['after:2023-6', /not a date/, 6],
    ['tag: climate', /tag: needs a value right after the colon, as in tag:climate/, 4],
    ['x author:""', /author: needs a value/, 9],
    ['-draft', /only says what to leave out: add a word or a filter to search for/, 0],
    ['-draft -"old news"', /add a word or a filter to search for/, 0],
    ['  & ""', /no letters or digits.*add a word or a filter/, 2],
  ];

  it.each(cases)('%j gets a helpful message and a position', (input, message, at) => {
    const result = parseSearchQuery(input);
    expect(result).toMatchObject({ ok: false, at });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('MATCH expressions', () => {
  it('quotes every term, doubling its quotes, and marks prefixes after the string', () => {
    expect(toFtsMatch(parsed('said"hi educat* "New York"'))).toBe('"said""hi" AND "educat" * AND "New York"');
    expect(toFtsMatch(parsed('title:x NEAR(a b) AND'))).toBe('"title:x" AND "NEAR(a" AND "b)" AND "AND"');
  });

  it('parenthesises alternatives and excludes with one NOT', () => {
    expect(toFtsMatch(parsed('a b OR c -d -"e f"'))).toBe('("a" AND ("b" OR "c")) NOT ("d" OR "e f")');
    expect(toFtsExclusion(parsed('a -d'))).toBeNull();
  });

  it('hands excluded terms over separately when nothing positive is left for NOT to follow', () => {
    const query = parsed('tag:x -d -"e f"');
    expect(toFtsMatch(query)).toBeNull();
    expect(toFtsExclusion(query)).toBe('("d" OR "e f")');
  });

  it('leaves text in scripts without spaces to substring clauses, alternatives included', () => {
    const query = parsed('report 東京 OR tokyo OR "new capital" -大阪');
    expect(toFtsMatch(query)).toBe('"report"');
    expect(substringClauses(query)).toEqual([
      { substrings: ['東京'], orMatch: '("tokyo" OR "new capital")', negated: false },
      { substrings: ['大阪'], orMatch: null, negated: true },
    ]);
  });

  it('has nothing for the word index in a query of filters', () => {
    const query = parsed('tag:x is:note');
    expect([toFtsMatch(query), toFtsExclusion(query), substringClauses(query)]).toEqual([null, null, []]);
  });
});

const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = "unicode61 remove_diacritics 2")`);
db.exec(`CREATE VIRTUAL TABLE g USING fts5(body, tokenize = "trigram")`);
const rows = [
  'The café opened in Paris',
  'Send an e-mail today',
  "Don't panic",
  'Climate change is real',
  'Change the climate',
  'Educational materials for educators',
  'cats and dogs, not birds near water',
  '東京と大阪の天気',
  'He said "hi" to me',
  'Tokyo weather',
];
for (const [i, body] of rows.entries()) {
  db.prepare('INSERT INTO t(rowid, body) VALUES (?, ?)').run(i + 1, body);
  db.prepare('INSERT INTO g(rowid, body) VALUES (?, ?)').run(i + 1, body);
}
afterAll(() => db.close());

/** What the caller does: the word index, then substrings (by instr, which any length can use), ANDed. */
function search(input: string): string[] {
  const query = parsed(input);
  const conditions: string[] = [];
  const params: string[] = [];
  const inIndex = (match: string) => {
    params.push(match);
    return 'rowid IN (SELECT rowid FROM t WHERE t MATCH ?)';
  };
  const contains = (substring: string) => {
    params.push(substring);
    return 'instr(body, ?) > 0';
  };
  const match = toFtsMatch(query);
  const exclusion = toFtsExclusion(query);
  if (match) conditions.push(inIndex(match));
  if (exclusion) conditions.push(`NOT ${inIndex(exclusion)}`);
  for (const clause of substringClauses(query)) {
    const alternatives = [...clause.substrings.map(contains), ...(clause.orMatch ? [inIndex(clause.orMatch)] : [])];
    conditions.push(`${clause.negated ? 'NOT ' : ''}(${alternatives.join(' OR ')})`);
  }
  const sql = `SELECT body FROM t WHERE ${conditions.join(' AND ') || 'false'} ORDER BY rowid`;
  return db.prepare<string[], { body: string }>(sql).all(...params).map((row) => row.body);
}

describe('searching a real FTS5 table', () => {
  it('needs every word, in any order', () => {
    expect(search('climate change')).toEqual(['Climate change is real', 'Change the climate']);
  });

  it('keeps the order of a phrase', () => {
    expect(search('"climate change"')).toEqual(['Climate change is real']);
    expect(search('"change the climate"')).toEqual(['Change the climate']);
  });

  it('finds words by their beginning', () => {
    expect(search('educat*')).toEqual(['Educational materials for educators']);
    expect(search('educat')).toEqual([]);
  });

  it('finds either side of OR', () => {
    expect(search('cafe OR real climate')).toEqual(['Climate change is real']);
    expect(search('cafe OR climate')).toEqual(['The café opened in Paris', 'Climate change is real', 'Change the climate']);
  });

  it('leaves out excluded words and phrases', () => {
    expect(search('climate -real')).toEqual(['Change the climate']);
    expect(search('climate -"the climate"')).toEqual(['Climate change is real']);
  });

  it('folds accents and case', () => {
    expect(search('cafe')).toEqual(['The café opened in Paris']);
    expect(search('CAFÉ')).toEqual(['The café opened in Paris']);
  });

  it('finds hyphenated and apostrophe words as their parts side by side', () => {
    expect(search('e-mail')).toEqual(['Send an e-mail today']);
    expect(search('email')).toEqual([]);
    expect(search("don't")).toEqual(["Don't panic"]);
    expect(search('don’t')).toEqual(["Don't panic"]);
  });

  it('searches for quotes inside a word as text', () => {
    expect(search('said"hi')).toEqual(['He said "hi" to me']);
  });

  it('searches FTS5 keywords as words: only OR is an operator', () => {
    const catsAndDogs = ['cats and dogs, not birds near water'];
    for (const input of ['NOT', 'not', 'AND', 'NEAR', 'near', 'cats NOT dogs', 'cats AND dogs', 'dogs NEAR birds', 'NEAR(water)']) {
      expect(search(input), input).toEqual(catsAndDogs);
    }
    expect(search('cats or dogs')).toEqual([]);
    expect(search('cats OR tokyo')).toEqual([...catsAndDogs, 'Tokyo weather']);
  });

  it('finds text in scripts without spaces by substring, two characters included', () => {
    expect(search('東京')).toEqual(['東京と大阪の天気']);
    expect(search('大阪の')).toEqual(['東京と大阪の天気']);
    expect(search('東京 OR tokyo')).toEqual(['東京と大阪の天気', 'Tokyo weather']);
    expect(search('weather -東京')).toEqual(['Tokyo weather']);
    expect(search('天気 -tokyo -real')).toEqual(['東京と大阪の天気']);
  });
});


const NASTY = [
  'a', 'b', 'Zz', 'é', 'e\u0301', '0', '2023', '-02', '-29', ' ', ' ', ' ', '\t', '\n', '\u0000', '\u0001', '\u007f', '\u0085',
  '\u00a0', '\u200b', '\u2028', '\ufeff', '"', '"', '""', '“', '”', '„', "'", '’', '-', '-', '--', '*', '*', ':', '::', '(', ')',
  '^', '+', '.', '/', '\\', '%', '_', '{', '}', 'OR', 'OR', 'or', 'AND', 'NOT', 'NEAR', 'NEAR(', 'tag:', 'site:', 'author:',
  'is:', 'color:', 'colour:', 'rel:', 'before:', 'after:', 'foo:', 'body:', 'article', 'yellow', 'same_as', '東', '京都', 'ก',
  'ไทย', '한', '🙂', '\ud800', '\udc00', '\u0301',
];

function nastyString(next: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => NASTY[Math.floor(next() * NASTY.length)]).join('');
}

/** The expressions a result gives the caller; each must be accepted by FTS5. */
function expressionsOf(query: SearchQuery): { words: string[]; trigrams: string[] } {
  const clauses = substringClauses(query);
  return {
    words: [toFtsMatch(query), toFtsExclusion(query), ...clauses.map((clause) => clause.orMatch)].filter((match) => match !== null),
    trigrams: clauses.flatMap((clause) => clause.substrings).map(ftsString),
  };
}

describe('any input at all', () => {
  const countWords = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM t WHERE t MATCH ?');
  const countTrigrams = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM g WHERE g MATCH ?');

  function check(input: string) {
    const result = parseSearchQuery(input);
    if (!result.ok) {
      expect(result.message.length, input).toBeGreaterThan(0);
      expect(Number.isInteger(result.at) && result.at >= 0 && result.at <= input.length, input).toBe(true);
      return;
    }
    const { words, trigrams } = expressionsOf(result.query);
    for (const match of words) expect(() => countWords.get(match), `${JSON.stringify(input)} → ${match}`).not.toThrow();
    for (const match of trigrams) expect(() => countTrigrams.get(match), `${JSON.stringify(input)} → ${match}`).not.toThrow();
  }

  it('parses thousands of random strings without throwing, into MATCH expressions FTS5 accepts', () => {
    const next = seededRandom(6);
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const input = nastyString(next, Math.floor(next() * 24));
      check(input);
      if (parseSearchQuery(input).ok) valid++;
    }
    // The generator must reach the FTS5 side often enough for the test to mean something.
    expect(valid).toBeGreaterThan(1000);
  });

  it('handles very long input', () => {
    const next = seededRandom(7);
    for (let i = 0; i < 5; i++) check(nastyString(next, 20_000));
    const manyWords = Array.from({ length: 5000 }, (_, i) => `w${i} -x${i} y${i}* OR "z ${i}"`).join(' ');
    check(manyWords);
    expect(parsed(manyWords).clauses).toHaveLength(15_000);
  });
});
