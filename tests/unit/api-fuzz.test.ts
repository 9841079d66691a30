/**
 * The API under fuzzing: random and malformed input to every contract method (new ones too:
 * the methods come from the contract), sent through the real browser-mode host to a notebook
 * holding real data. Every invalid call must be refused with a validation error (a 4xx whose
 * body is {error: {code, message}}), never a 500, a crash or a hang; valid calls to methods that
 * only read, which random input also produces, must be answered. Afterwards the database must
 * pass SQLite's integrity and foreign key checks and hold exactly what it held before.
 *
 * Inputs that the contract accepts are sent only to methods that read: a valid call to a method
 * that writes would change the notebook legitimately. The refusals that only the service can
 * make (an id that names nothing, a quote that is not in the text, a note document the editor's
 * schema rejects) are sent as hand-made cases, each of which must be refused.
 *
 * Replay a run: FUZZ_SEED=<the seed printed> npx vitest run --config tests/vitest.config.ts tests/unit/api-fuzz.test.ts
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOKMARKLET_PATH } from '../../src-main/common/bookmarklet';
import { contract, methodNames, type MethodInput, type MethodName } from '../../src-main/common/contract';
import { errorCodes, type ErrorCode } from '../../src-main/common/errors';
import { ID_PATTERN } from '../../src-main/common/ids';
import type { Db } from '../../src-main/store/database';
import { MAX_BODY_BYTES } from '../../src-main/host/policy';
import { startHost, type RunningHost } from '../../src-main/host/server';
import type { Notebook } from '../../src-main/notebook';
import { NotebookService } from '../../src-main/service';
import { fixtureBase64, openTempNotebook } from '../support/notebook';
import { seededRandom } from '../support/seeded-random';
import { tempDir } from '../support/temp';

const SEED = Number(process.env.FUZZ_SEED ?? 424_242);
const TOKEN = 'f'.repeat(64);
/** Random whole inputs per method, and random values per field on top of the fixed hostile ones. */
const RANDOM_INPUTS_PER_METHOD = 30;
const RANDOM_VALUES_PER_FIELD = 8;
/** A call that takes longer than this has hung. */
const CALL_TIMEOUT_MS = 20_000;

/** Refusals that say the input was wrong: what a client can correct. */
const VALIDATION_CODES: readonly ErrorCode[] = ['invalid_input', 'invalid_query', 'unknown_method', 'not_found', 'conflict', 'too_large', 'too_deep'];
const REFUSAL_STATUSES = [400, 404, 409, 413, 422];

/**
 * Methods that only read: inputs the contract accepts are sent to these and must be answered.
 * Any other method (a new one included, until it is listed here) is taken to write.
 */
const READS: ReadonlySet<MethodName> = new Set<MethodName>([
  'listArticles',
  'countArticles',
  'listTags',
  'getArticle',
  'listCaptures',
  'importStatus',
  'listHighlights',
  'search',
  'listLinks',
  'listArticleLinks',
  'listClaims',
  'claimGraph',
  'listNotes',
  'getNote',
  'exportStatus',
  'bookmarklet',
  'notebookVersion',
]);

const SAMPLE_BORDER = 'its border with Belarus, which is more than 1,000 kilometres long.';
const SAMPLE_WALL = 'Ukraine announced that it was building a reinforced concrete wall and other fortifications on its border with Belarus';
const OTHER_QUOTE = 'a figure the border guard repeats in every briefing';
const OTHER_ARTICLE = `<!doctype html><html lang="en"><head><title>How long is the border?</title></head><body><article>
<h1>How long is the border?</h1>
<p>Official surveys put the border at 1,084 kilometres, ${OTHER_QUOTE}, and in every annual report since the survey.</p>
<p>Earlier estimates that called it far longer counted the bends of the rivers along the frontier twice over.</p>
<p>Engineers who walked the line in spring found that only selected crossings had been fortified so far.</p>
<p>The work done to date covers less than a tenth of the frontier, according to the same engineers.</p>
<p>Drones have changed how both sides watch the frontier, though no source has shown where they were made.</p>
</article></body></html>`;

/** The notebook's objects the examples and the id cases refer to. */
interface Seeded {
  article: string;
  trashedArticle: string;
  capture: string;
  otherCapture: string;
  claim: string;
  highlight: string;
  deletedHighlight: string;
  link: string;
  relatedLink: string;
  note: string;
  markdownNote: string;
  tag: string;
  exportFolder: string;
}

/** Every seeded id with the kind of object it names, for ids of the wrong kind. */
function kindsOf(seeded: Seeded): Map<string, string> {
  return new Map([
    [seeded.article, 'article'],
    [seeded.trashedArticle, 'article'],
    [seeded.capture, 'capture'],
    [seeded.otherCapture, 'capture'],
    [seeded.claim, 'highlight'],
    [seeded.highlight, 'highlight'],
    [seeded.deletedHighlight, 'deleted highlight'],
    [seeded.link, 'link'],
    [seeded.relatedLink, 'link'],
    [seeded.note, 'note'],
    [seeded.markdownNote, 'note'],
    [seeded.tag, 'tag'],
  ]);
}

/** A valid call to every method, never sent as it is: the cases are made by breaking it. */
function validExamples(seeded: Seeded): { [M in MethodName]: MethodInput<M> } {
  const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A note.' }] }] };
  return {
    clipUrl: { url: 'https://news.example/story' },
    clipFile: { fileName: 'story.html', contentBase64: Buffer.from(OTHER_ARTICLE).toString('base64') },
    clipHtml: { html: OTHER_ARTICLE, url: 'https://news.example/story' },
    listArticles: { state: 'unread', trashed: false, tag: 'belarus', site: 'news', hasHighlights: true, hasClaims: false, sort: 'title', offset: 0, limit: 10 },
    countArticles: { state: 'read', trashed: true, tag: 'belarus', site: 'news', hasHighlights: false, hasClaims: true },
    listTags: {},
    renameTag: { from: 'belarus', to: 'minsk' },
    getArticle: { id: seeded.article, captureId: seeded.capture },
    listCaptures: { id: seeded.article },
    reextractArticle: { id: seeded.article },
    updateArticle: { id: seeded.article, title: 'A title', authors: ['An Author'], publishedAt: '2024-05-01', siteName: 'A site' },
    setReadingState: { id: seeded.article, state: 'archived' },
    setTags: { id: seeded.article, tags: ['belarus', 'iran'] },
    trashArticle: { id: seeded.article },
    restoreArticle: { id: seeded.trashedArticle },
    emptyTrash: {},
    startImport: { fileName: 'reading.txt', content: 'https://news.example/one\nhttps://news.example/two' },
    importStatus: { jobId: 'jobjobjobjobjobj' },
    createHighlight: { articleId: seeded.article, exact: SAMPLE_BORDER, prefix: '', suffix: '', color: 'green', comment: 'Check this.', isClaim: true },
    listHighlights: { articleId: seeded.article, captureId: seeded.capture },
    updateHighlight: { id: seeded.highlight, color: 'blue', comment: 'Later.', isClaim: true, statement: 'A wall is going up.', start: 10, end: 40 },
    deleteHighlight: { id: seeded.highlight },
    restoreHighlight: { id: seeded.deletedHighlight },
    search: { query: 'border', limit: 5 },
    createLink: { from: seeded.highlight, to: seeded.claim, relation: 'contradicts', rationale: 'Measured differently.' },
    updateLink: { id: seeded.link, relation: 'same_as', rationale: 'The same claim.' },
    deleteLink: { id: seeded.link },
    listLinks: { id: seeded.claim },
    listArticleLinks: { articleId: seeded.article },
    listClaims: { contested: true, tag: 'belarus', site: 'news', sort: 'recent' },
    claimGraph: {},
    listNotes: {},
    getNote: { id: seeded.note },
    createNote: { title: 'A note', doc },
    saveNote: { id: seeded.note, title: 'A note', doc },
    deleteNote: { id: seeded.note },
    quoteIntoNote: { highlightId: seeded.claim, noteId: seeded.markdownNote },
    startExport: { folder: seeded.exportFolder, articleId: seeded.article, fullText: true, flavor: 'logseq' },
    exportStatus: { jobId: 'jobjobjobjobjobj' },
    bookmarklet: {},
    notebookVersion: {},
  };
}

/** Methods that take an id of more than one kind: ids of those kinds are not wrong for them. */
const KINDS_ACCEPTED: Partial<Record<MethodName, Partial<Record<string, string[]>>>> = {
  listLinks: { id: ['highlight', 'deleted highlight', 'article', 'note'] },
};

/**
 * Calls the contract accepts that the service must refuse, each for its own reason, by method.
 * Ids that name nothing or the wrong kind of object are made for every id field separately.
 */
function serviceRefusals(seeded: Seeded): Array<{ method: MethodName; label: string; input: object }> {
  const badDocs: Array<[string, object]> = [
    ['an unknown node', { type: 'doc', content: [{ type: 'script', text: 'alert(1)' }] }],
    ['text straight in the document', { type: 'doc', content: [{ type: 'text', text: 'loose' }] }],
    ['content that is not a list', { type: 'doc', content: 'text' }],
    ['an empty text node', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }],
    ['an unknown mark', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'blink' }] }] }] }],
    ['a javascript: link', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] }],
    ['a reference without a target', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'reference', attrs: { kind: 'highlight', targetId: 'nope' } }] }] }],
    ['a quoted passage without a highlight', { type: 'doc', content: [{ type: 'passageQuote', attrs: { highlightId: '../x' }, content: [{ type: 'paragraph' }] }] }],
    ['a node whose content is a node', { type: 'doc', content: [{ type: 'paragraph', content: { type: 'text', text: 'x' } }] }],
  ];
  return [
    { method: 'renameTag', label: 'a tag that does not exist', input: { from: 'no such tag', to: 'other' } },
    { method: 'getArticle', label: "another article's capture", input: { id: seeded.article, captureId: seeded.otherCapture } },
    { method: 'listHighlights', label: "another article's capture", input: { articleId: seeded.article, captureId: seeded.otherCapture } },
    { method: 'createHighlight', label: 'a range past the end of the text', input: { articleId: seeded.article, start: 10_000_000, end: 10_000_005 } },
    { method: 'createHighlight', label: 'an empty range', input: { articleId: seeded.article, start: 40, end: 40 } },
    { method: 'createHighlight', label: 'a backwards range', input: { articleId: seeded.article, start: 40, end: 10 } },
    { method: 'createHighlight', label: 'a range as long as a safe integer', input: { articleId: seeded.article, start: 0, end: Number.MAX_SAFE_INTEGER } },
    { method: 'createHighlight', label: 'a quote not in the text', input: { articleId: seeded.article, exact: 'words this article never says' } },
    { method: 'createHighlight', label: 'a quote in many places', input: { articleId: seeded.article, exact: 'the' } },
    { method: 'createHighlight', label: 'a quote with the wrong prefix', input: { articleId: seeded.article, exact: SAMPLE_BORDER, prefix: 'not what comes before' } },
    { method: 'updateHighlight', label: 'a start without an end', input: { id: seeded.highlight, start: 3 } },
    { method: 'updateHighlight', label: 'an end without a start', input: { id: seeded.highlight, end: 3 } },
    { method: 'updateHighlight', label: 'a backwards range', input: { id: seeded.highlight, start: 30, end: 3 } },
    { method: 'updateHighlight', label: 'a range past the end of the text', input: { id: seeded.highlight, start: 0, end: 10_000_000 } },
    { method: 'createLink', label: 'a passage linked to itself', input: { from: seeded.claim, to: seeded.claim, relation: 'supports' } },
    { method: 'createLink', label: 'a link that exists', input: { from: seeded.claim, to: seeded.highlight, relation: 'supports' } },
    { method: 'createLink', label: 'the mirror of a symmetric link that exists', input: { from: seeded.highlight, to: seeded.claim, relation: 'related' } },
    { method: 'updateLink', label: 'a relation that duplicates another link', input: { id: seeded.relatedLink, relation: 'supports' } },
    ...['"an unclosed quote', '*educat', 'edu*cat', 'site:', '"a phrase"*'].map((query) => ({ method: 'search' as const, label: `the query ${query}`, input: { query } })),
    { method: 'createNote', label: 'both a document and Markdown', input: { doc: { type: 'doc', content: [{ type: 'paragraph' }] }, markdown: '# Title' } },
    ...badDocs.flatMap(([label, doc]) => [
      { method: 'createNote' as const, label: `a document with ${label}`, input: { title: 'Bad', doc } },
      { method: 'saveNote' as const, label: `a document with ${label}`, input: { id: seeded.note, title: 'Bad', doc } },
    ]),
    { method: 'startImport', label: 'a list without URLs', input: { fileName: 'list.txt', content: 'no addresses here\nftp://files.example/x' } },
    { method: 'startImport', label: 'a CSV without a url column', input: { fileName: 'pocket.csv', content: 'title,time_added\nA,1700000000' } },
    { method: 'startExport', label: 'a relative folder', input: { folder: 'exports', articleId: seeded.article } },
    { method: 'startExport', label: 'a folder that is a file', input: { folder: fixtureFile(), articleId: seeded.article } },
    { method: 'startExport', label: 'both an article and a tag', input: { folder: seeded.exportFolder, articleId: seeded.article, tag: 'belarus' } },
    { method: 'startExport', label: 'a tag no article has', input: { folder: seeded.exportFolder, tag: 'no such tag' } },
  ];
}

function nestedBlockquotes(depth: number): object {
  let node: object = { type: 'paragraph', content: [{ type: 'text', text: 'deep' }] };
  for (let level = 0; level < depth; level++) node = { type: 'blockquote', content: [node] };
  return node;
}

function fixtureFile(): string {
  return new URL('../fixtures/srebrnik-belarus-iran.html', import.meta.url).pathname;
}

/** Method names that must not reach anything: unknown, inherited, and the service's own members outside the contract. */
function strangeMethodNames(random: Random): string[] {
  const serviceMembers = Object.getOwnPropertyNames(NotebookService.prototype).filter((name) => !(methodNames as string[]).includes(name));
  return [
    '',
    'dropDatabase',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'prototype',
    '__defineGetter__',
    'LISTARTICLES',
    'listarticles',
    'listArticles%00',
    'list%41rticles',
    'listArticles%2F..%2FemptyTrash',
    'listArticles/extra',
    'x'.repeat(10_000),
    percentEncoded('listArticles\u200b'),
    percentEncoded('ӏistArticles'),
    '%ff%fe%00',
    ...serviceMembers,
    ...Array.from({ length: 10 }, () => percentEncoded(random.string(1 + random.int(30)))),
  ];
}

/** Every byte of the text's UTF-8 percent-encoded, so any text can travel in a path. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

// ---------------------------------------------------------------------------------------------
// Values

/** JSON text placed in a body as it is: what JSON.stringify cannot write (1e999 is Infinity once parsed). */
class RawJson {
  constructor(readonly text: string) {}
}

interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  string(length: number): string;
  /** A well-formed id, which names nothing in the notebook. */
  id(): string;
}

/** Seeded, so a failing case can be replayed. */
function randomSource(seed: number): Random {
  const next = seededRandom(seed);
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]) => items[int(items.length)];
  const alphabets = ['abcdefghijklmnopqrstuvwxyz234567', 'ABCXYZ0189 -_./:?#&=%+', '\u0000\u0007\t\n\r"\\\u2028\u202e', 'éßøΩжש中文😀\ud83d\ude00', '\ud800\udfff\ufffe\uffff'];
  const string = (length: number, alphabet = pick(alphabets)) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, string: (length) => string(length), id: () => string(16, alphabets[0]) };
}

function randomScalar(random: Random): unknown {
  switch (random.int(9)) {
    case 0:
      return null;
    case 1:
      return random.next() < 0.5;
    case 2:
      return random.int(2000) - 1000;
    case 3:
      return (random.next() - 0.5) * 10 ** random.int(300);
    case 4:
      return random.pick([new RawJson('1e999'), new RawJson('-1e999'), new RawJson('-0'), new RawJson('1E400'), Number.MAX_SAFE_INTEGER + 2, -(2 ** 63)]);
    case 5:
      return random.id();
    case 6:
      return random.pick(['https://news.example/story', 'javascript:alert(1)', '2024-05-01', 'unread', 'supports', 'yellow', 'doc', '', ' ']);
    default:
      return random.string(random.int(40));
  }
}

/** Any JSON value, nested up to `depth`, its object keys drawn partly from the method's own fields. */
function randomJson(random: Random, depth: number, fields: readonly string[]): unknown {
  if (depth <= 0 || random.next() < 0.4) return randomScalar(random);
  const size = random.int(5);
  if (random.next() < 0.4) return Array.from({ length: size }, () => randomJson(random, depth - 1, fields));
  const keys = Array.from({ length: size }, () => (fields.length > 0 && random.next() < 0.7 ? random.pick(fields) : random.pick(['type', 'doc', 'content', '__proto__', 'constructor', random.string(6)])));
  return Object.fromEntries(keys.map((key) => [key, randomJson(random, depth - 1, fields)]));
}

function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level++) value = [value];
  return value;
}

/** An object with an own `__proto__` key, as JSON.parse makes from text: the key prototype pollution rides on. */
function withOwnKey(key: string, value: unknown): object {
  return Object.defineProperty({}, key, { value, enumerable: true, configurable: true, writable: true });
}

/**
 * Values that break most fields: wrong types, the edges of ranges, hostile text. Some fit one
 * field or another; those make valid calls.
 */
const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0.5,
  1.5,
  2 ** 31,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  1e308,
  Number.MIN_VALUE,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('-0'),
  '',
  ' \t\n',
  '\u0000',
  '10',
  'true',
  'null',
  '1e999',
  'NaN',
  'x'.repeat(100_001),
  '😀'.repeat(2_501),
  '\ud800',
  'ABCDEFGHIJKLMNOP',
  'abcdefghijklmno',
  'abcdefghijklmnopq',
  'abcdefghijklmno1',
  'abcdefghijklmnop\n',
  ' abcdefghijklmnop',
  "' OR 1=1 --",
  '"; DROP TABLE article; --',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://',
  'https://[::1',
  '2024-13-45T99:99',
  [],
  [null],
  [1, 2, 3],
  ['ok', 7],
  Array.from({ length: 1001 }, (_, index) => `tag ${index}`),
  {},
  { type: 'doc' },
  { type: 'doc', content: [{ type: 'paragraph' }], extra: withOwnKey('__proto__', { polluted: true }) },
  { length: 16 },
  { toString: 'abcdefghijklmnop' },
  withOwnKey('__proto__', { polluted: true }),
  { constructor: { prototype: { polluted: true } } },
  nestedArrays(10_000),
  { type: 'doc', content: nestedArrays(10_000) },
  { type: 'doc', content: [nestedBlockquotes(150)] },
];

/** JSON text for a value, with RawJson kept as written and own `__proto__` keys kept as keys. */
function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) {
    // Deep arrays are written without recursion.
    let depth = 0;
    let inner: unknown = value;
    while (Array.isArray(inner) && inner.length === 1 && Array.isArray(inner[0])) {
      inner = inner[0];
      depth++;
    }
    if (depth > 100) return '['.repeat(depth) + toJson(inner) + ']'.repeat(depth);
    return `[${value.map(toJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Cases

interface Case {
  path: string;
  label: string;
  body: string | Buffer;
  /** 'refused': a validation error is the only right answer; 'answered': a valid read, which must succeed or be refused. */
  expect: 'refused' | 'answered';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What the host will make of a body for a method: refused, a valid read, or a valid write (not sent). */
function classify(method: MethodName, body: string | Buffer): Case['expect'] | 'valid write' {
  let input: unknown;
  try {
    // As the host reads it: UTF-8 bytes, a byte order mark dropped.
    const text = strictUtf8.decode(typeof body === 'string' ? Buffer.from(body) : body);
    input = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    return 'refused';
  }
  let accepted: boolean;
  try {
    accepted = contract[method].input.safeParse(input ?? {}).success;
  } catch {
    // The contract itself failed on this input: the host must still refuse it.
    return 'refused';
  }
  if (!accepted) return 'refused';
  return READS.has(method) ? 'answered' : 'valid write';
}

function fieldsOf(method: MethodName, example: object): string[] {
  const shape = (contract[method].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return [...new Set([...Object.keys(shape), ...Object.keys(example)])];
}

function casesFor(method: MethodName, example: Record<string, unknown>, seeded: Seeded, random: Random): { cases: Case[]; validWrites: number } {
  const fields = fieldsOf(method, example);
  const generated: Array<{ label: string; body: string | Buffer }> = [];
  const add = (label: string, body: string | Buffer) => generated.push({ label, body });
  const withField = (field: string, value: unknown) => toJson({ ...example, [field]: value });

  // The whole input replaced: JSON of every type and depth, and bodies that are not JSON.
  for (const value of [null, [], [example], 'text', 42, true, { input: example }]) add(`the input ${toJson(value).slice(0, 40)}`, toJson(value));
  for (let index = 0; index < RANDOM_INPUTS_PER_METHOD; index++) add('a random input', toJson(randomJson(random, 1 + random.int(5), fields)));
  for (const text of ['', ' ', '{', '{"a":}', "{'id': 1}", '{"id": undefined}', 'NaN', '{} {}', '\ufeff{}', '{"a":1,}', '[1,]', '/* */ {}', '0x10', '"\\x41"']) {
    add(`the body ${JSON.stringify(text)}`, text);
  }
  add('bytes that are not UTF-8', Buffer.concat([Buffer.from('{"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('": 1}')]));
  add('UTF-16', Buffer.from(toJson(example), 'utf16le'));
  // A body nested 100,000 deep, in one of three places (parsing it takes a while: one per method).
  const deepIn = random.int(3);
  if (deepIn === 0) add('an array nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000));
  if (deepIn === 1) add('an object nested 100,000 deep', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
  const deepField = fields.includes('doc') ? 'doc' : deepIn === 2 ? random.pick(fields) : undefined;
  if (deepField) add(`${deepField} = a document nested 100,000 deep`, toJson({ ...example, [deepField]: new RawJson(`{"type":"doc","content":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) }));

  for (const field of fields) {
    const values = [...HOSTILE_VALUES, ...Array.from({ length: RANDOM_VALUES_PER_FIELD }, () => randomJson(random, random.int(4), fields))];
    for (const value of values) add(`${field} = ${toJson(value).slice(0, 60)}`, withField(field, value));
    add(`${field} missing`, toJson(Object.fromEntries(Object.entries(example).filter(([key]) => key !== field))));
  }
  const extraKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'x'.repeat(5000), 'ID', `${fields[0] ?? 'id'} `];
  for (const key of extraKeys) add(`an extra key ${JSON.stringify(key.slice(0, 20))}`, toJson({ ...example, ...withOwnKey(key, { polluted: true }) }));

  const cases: Case[] = [];
  let validWrites = 0;
  for (const { label, body } of generated) {
    const expectation = classify(method, body);
    if (expectation === 'valid write') validWrites++;
    else cases.push({ path: `/api/${method}`, label, body, expect: expectation });
  }

  // Ids that name nothing, or an object of another kind (one of each), field by field.
  const kinds = kindsOf(seeded);
  const oneOfEachKind = new Map([...kinds].map(([id, kind]) => [kind, id]));
  for (const [field, value] of Object.entries(example)) {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) continue;
    const own = kinds.get(value);
    const accepted = KINDS_ACCEPTED[method]?.[field] ?? (own ? [own] : []);
    const substitutes = [...oneOfEachKind].filter(([kind]) => !accepted.includes(kind));
    for (const [kind, id] of [['nothing', random.id()], ...substitutes]) {
      cases.push({ path: `/api/${method}`, label: `${field} names ${kind === 'nothing' ? 'nothing' : `a ${kind}`}`, body: toJson({ ...example, [field]: id }), expect: 'refused' });
    }
  }
  return { cases, validWrites };
}

// ---------------------------------------------------------------------------------------------
// The notebook and the host

async function seed(notebook: Notebook, exportFolder: string): Promise<Seeded> {
  const service = notebook.service;
  const article = (await service.clipFile({ fileName: 'srebrnik.html', contentBase64: fixtureBase64('srebrnik-belarus-iran.html') })).id;
  const trashedArticle = (await service.clipHtml({ html: OTHER_ARTICLE, url: 'https://borderwatch.example/length' })).id;
  await service.setTags({ id: article, tags: ['belarus', 'iran'] });
  await service.setTags({ id: trashedArticle, tags: ['belarus'] });
  const claim = (await service.createHighlight({ articleId: article, exact: SAMPLE_BORDER, isClaim: true, comment: 'Check the figure.' })).id;
  await service.updateHighlight({ id: claim, statement: 'The border is over 1,000 km long' });
  const highlight = (await service.createHighlight({ articleId: article, exact: SAMPLE_WALL, color: 'pink' })).id;
  const deletedHighlight = (await service.createHighlight({ articleId: trashedArticle, exact: OTHER_QUOTE })).id;
  await service.deleteHighlight({ id: deletedHighlight });
  const link = (await service.createLink({ from: claim, to: highlight, relation: 'supports', rationale: 'A wall needs a long border.' })).id;
  const relatedLink = (await service.createLink({ from: claim, to: highlight, relation: 'related' })).id;
  const note = (await service.quoteIntoNote({ highlightId: claim })).id;
  const markdownNote = (await service.createNote({ markdown: '# Reading list\n\n- [ ] the border\n- [x] the wall\n\n> A quote' })).id;
  await service.trashArticle({ id: trashedArticle });
  const capture = (await service.getArticle({ id: article })).captureId;
  const otherCapture = (await service.getArticle({ id: trashedArticle })).captureId;
  // Reads that place highlights on their capture write once; after this they only read.
  await service.listHighlights({ articleId: article });
  await service.listHighlights({ articleId: trashedArticle });
  const tag = notebook.db.prepare("SELECT id FROM object WHERE kind = 'tag' LIMIT 1").pluck().get() as string;
  return { article, trashedArticle, capture, otherCapture, claim, highlight, deletedHighlight, link, relatedLink, note, markdownNote, tag, exportFolder };
}

/** Every table's row count and a hash of its rows (in any order): what "unchanged" is checked against. */
function snapshot(db: Db): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((table) => {
      const rows = (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((row) =>
        JSON.stringify(row.map((cell) => (Buffer.isBuffer(cell) ? `blob:${cell.toString('base64')}` : typeof cell === 'bigint' ? `${cell}n` : cell))),
      );
      const hash = createHash('sha256').update(rows.sort().join('\n')).digest('hex');
      return [table, `${rows.length} rows, ${hash}`];
    }),
  );
}

interface Answer {
  status: number;
  body: string;
}

function post(port: number, agent: Agent, path: string, body: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
        timeout: CALL_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    call.on('timeout', () => call.destroy(new Error(`no answer within ${CALL_TIMEOUT_MS / 1000} s (a hang)`)));
    call.on('error', reject);
    call.end(body);
  });
}

/** zod's own wording, and what a message shows when it was built from a value that was not there. */
const UNHELPFUL = /\[object |\bundefined\b|\bNaN\b|(Invalid input|Invalid option|Too small|Too big): expected/;

/** Why an answer is wrong for its case, or null when it is right. */
function problemWith(answer: Answer, call: Case): string | null {
  let parsed: { result?: unknown; error?: { code?: unknown; message?: unknown; field?: unknown } };
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return `answered ${answer.status} with a body that is not JSON`;
  }
  if (answer.status === 200 && call.expect === 'answered' && 'result' in parsed) return null;
  const error = parsed.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || error.message.length === 0) {
    return `answered ${answer.status} without {error: {code, message}}`;
  }
  if (!(errorCodes as readonly string[]).includes(error.code)) return `answered with the unknown code ${error.code}`;
  if (!VALIDATION_CODES.includes(error.code as ErrorCode)) return `answered ${answer.status} ${error.code}: ${error.message}`;
  if (!REFUSAL_STATUSES.includes(answer.status)) return `answered ${error.code} with status ${answer.status}`;
  if (UNHELPFUL.test(error.message)) return `answered with an unhelpful message: ${error.message}`;
  if (typeof error.field === 'string' && error.message.endsWith(`${error.field} is required`) && valueAt(call.body, error.field) !== undefined) {
    return `said ${error.field} is required, though the call gives it: ${error.message}`;
  }
  return null;
}

/** The value at a dotted path ("tags.0") of a JSON body, or undefined. */
function valueAt(body: string | Buffer, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch {
    return undefined;
  }
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

describe('the API under fuzzing', () => {
  let notebook: Notebook;
  let host: RunningHost;
  let seeded: Seeded;
  let before: Record<string, string>;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const exportDir = tempDir();

  beforeAll(async () => {
    notebook = openTempNotebook();
    seeded = await seed(notebook, join(exportDir.dir, 'never-written'));
    before = snapshot(notebook.db);
    host = await startHost({ api: notebook.service, token: TOKEN, port: 0 });
  });
  afterAll(async () => {
    agent.destroy();
    await host.close();
    notebook.close();
    exportDir.cleanup();
  });

  it('starts from valid examples of every method', () => {
    const examples = validExamples(seeded);
    for (const method of methodNames) {
      expect(contract[method].input.safeParse(examples[method]).success, `validExamples() needs a valid call to ${method}`).toBe(true);
    }
  });

  it('refuses every invalid call with a validation error, and leaves the notebook as it was', async () => {
    const random = randomSource(SEED);
    const examples = validExamples(seeded) as Record<MethodName, Record<string, unknown>>;
    const cases: Case[] = [];
    let validWrites = 0;
    for (const method of methodNames) {
      expect(examples[method], `validExamples() needs a valid call to ${method}`).toBeDefined();
      const made = casesFor(method, examples[method], seeded, random);
      cases.push(...made.cases);
      validWrites += made.validWrites;
    }
    for (const { method, label, input } of serviceRefusals(seeded)) {
      // These must pass the contract: the service is what refuses them.
      expect(contract[method].input.safeParse(input).success, `${method}: ${label} passes the contract`).toBe(true);
      cases.push({ path: `/api/${method}`, label, body: toJson(input), expect: 'refused' });
    }
    for (const name of strangeMethodNames(random)) cases.push({ path: `/api/${name}`, label: `the method ${name.slice(0, 40)}`, body: '{}', expect: 'refused' });
    // The bookmarklet endpoint takes clipHtml's input from any page.
    cases.push(...cases.filter((call) => call.path === '/api/clipHtml').map((call) => ({ ...call, path: BOOKMARKLET_PATH })));
    cases.push({ path: '/api/clipHtml', label: 'a body over the size limit', body: toJson({ html: 'x'.repeat(MAX_BODY_BYTES) }), expect: 'refused' });

    const failures: string[] = [];
    let answered = 0;
    for (const call of cases) {
      const answer = await post(host.port, agent, call.path, call.body).catch((error: Error) => ({ status: 0, body: error.message }));
      if (answer.status === 200) answered++;
      const problem = answer.status === 0 ? answer.body : problemWith(answer, call);
      if (problem) {
        const body = typeof call.body === 'string' ? call.body : call.body.toString('latin1');
        failures.push(`${call.path} (${call.label}): ${problem}\n    body: ${body.slice(0, 300)}${body.length > 300 ? `… (${body.length} characters)` : ''}`);
      }
    }
    console.log(
      `API fuzz (seed ${SEED}): ${cases.length} calls to ${methodNames.length} methods, ${cases.length - answered} refused and ${answered} valid reads answered; ${validWrites} generated valid writes not sent.`,
    );
    expect(failures, `seed ${SEED}: replay with FUZZ_SEED=${SEED}\n${failures.slice(0, 40).join('\n')}`).toEqual([]);

    expect(notebook.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(notebook.db.pragma('foreign_key_check')).toEqual([]);
    expect(snapshot(notebook.db)).toEqual(before);
    expect(existsSync(seeded.exportFolder)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 240_000);
});
