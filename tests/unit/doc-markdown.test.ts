import { createRequire } from 'node:module';
import { getSchema } from '@tiptap/core';
import { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocNode } from '../../src-main/common/model';
import { noteExtensions } from '../../src-main/common/note-schema';
import { docToText } from '../../src-main/common/text';
import { htmlToDoc } from '../support/article-doc';
import { docToMarkdown, type MarkdownTargets } from '../../src-main/export/doc-markdown';
import { escapeMarkdownText, markdownLinkDestination } from '../../src-main/export/markdown-escape';
import type { Notebook } from '../../src-main/notebook';
import { fixtureBase64, normalizeSpace, openTempNotebook } from '../support/notebook';
import { seededRandom } from '../support/seeded-random';

/** markdown-it ships no types: the one call used here. */
interface MarkdownIt {
  render(markdown: string): string;
}
const MarkdownItParser = createRequire(import.meta.url)('markdown-it') as new (options: { html: boolean }) => MarkdownIt;

/**
 * Two real parsers: markdown-it follows the CommonMark spec closely (with GFM tables and
 * strikethrough); marked is a GFM parser (autolinks, task lists). Raw HTML is enabled in
 * both, so any text that slipped through unescaped would come back as an element.
 */
const markdownIt = new MarkdownItParser({ html: true });
const PARSERS: Record<string, (markdown: string) => string> = {
  'markdown-it': (markdown) => markdownIt.render(markdown),
  marked: (markdown) => marked.parse(markdown, { async: false, gfm: true }),
};

const schema = getSchema(noteExtensions);

const targets: MarkdownTargets = {
  reference: ({ targetId, label }) => `[[Notes/${targetId}|${label.replace(/[[\]|#^]/g, ' ')}]]`,
  passageSource: ({ highlightId, title }) => `— [[Articles/Source#^hl-${highlightId}|${title}]]`,
  image: (src) => (src.startsWith('/media/') ? `../assets/${src.slice('/media/'.length)}.png` : null),
};

function markdownOf(...content: DocNode[]): string {
  return docToMarkdown({ type: 'doc', content }, targets);
}

const text = (value: string, marks: DocNode['marks'] = []): DocNode => ({ type: 'text', text: value, ...(marks.length ? { marks } : {}) });
const paragraph = (...content: DocNode[]): DocNode => ({ type: 'paragraph', content });
const link = (href: string, title: string | null = null) => ({ type: 'link', attrs: { href, target: '_blank', rel: null, class: null, title } });

function body(html: string): HTMLElement {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body as unknown as HTMLElement;
}

/** The elements a parser made, in document order. */
function tagsOf(element: HTMLElement): string[] {
  return [...element.querySelectorAll('*')].map((child) => child.localName);
}

const BLOCK_ELEMENTS = new Set(['p', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'ul', 'ol', 'table', 'hr']);

/** The text a reader sees, blocks apart (a line break and an element's edge are whitespace). */
function visibleText(element: HTMLElement): string {
  let out = '';
  const walk = (node: ChildNode) => {
    if (node.nodeType === 3) out += node.textContent ?? '';
    else if (node.nodeType === 1) {
      const name = (node as Element).localName;
      if (name === 'br') out += '\n';
      if (BLOCK_ELEMENTS.has(name)) out += ' ';
      node.childNodes.forEach(walk);
      if (BLOCK_ELEMENTS.has(name)) out += ' ';
    }
  };
  element.childNodes.forEach(walk);
  return out;
}


const HOSTILE = [
  '*not emphasis*', '**not strong**', '_under_score_', 'snake_case_name', '[not a link](https://example.com)', '[[Wiki link]]', '![[embed.png]]',
  '![alt](x.png)', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!-- comment -->', '&amp; &lt; &#35; &#x23; &copy;', 'AT&T',
  'a | b | c', '# not a heading', '###### nor this', '> not a quote', '- not a list', '+ not a list', '* not a list', '1. not a list', '2) nor this',
  '1986. A fine year', '---', '***', '___', '===', '- - -', '`code`', '``double``', '```fence', '~~~fence', '~~not struck~~', '~single~',
  'back\\slash \\* \\', '#tag and #another/nested', 'block id ^abc123', '==not highlighted==', '%%not a comment%%', '$x^2$ and $$y$$',
  'https://example.com and www.example.com', 'mail me@example.com', '<https://example.com>', '<me@example.com>', '((block ref))', '{{macro}}',
  'key:: value', '[^1]: footnote', '[ref]: https://example.com', '> [!note] callout', '  leading spaces', 'trailing spaces  ', '\ttab first',
  '    indented code', 'line\nbreak', 'blank\n\nline', '\u00a0nbsp\u00a0', 'emoji 😀 and 𝒳', 'right-to-left עברית', '|', '\\', '`', '*', '_', '#',
  '<', '&', '!', '~', '-', '+', '=', ' ', '1.', 'a  ', '\\\n', '<u>x</u>', '<br>', '&#10;', '&nbsp;', '"quoted" \'single\'',
];

const PIECES = [
  '*', '**', '_', '[', ']', '|', '#', '>', '<', '\\', '`', '``', '!', '~', '~~', '&', '-', '+', '.', ')', '(', ':', '=', '%', '$', '^', '@', '{', '}',
  '"', "'", ' ', ' ', '  ', 'a', 'word', '1', '9', '\u00a0', '\t', 'www.', 'http://', 'https://x.y', '&amp;', '&#35;', '<script>', '<b>', '1.',
  '- ', '\n', 'é', '😀', 'x@y.zz', '](', '[[', ']]', '((', '::', '==', '%%', '$$',
];

function randomStrings(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(random() * 14);
    return Array.from({ length }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');
  });
}

const STRINGS = [...HOSTILE, ...randomStrings(300, 8)];
/** A block of nothing but whitespace is left out of the Markdown, as it shows nothing. */
const VISIBLE_STRINGS = STRINGS.filter((value) => /\S/.test(value));

describe('text reads back as the same text', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`in a paragraph, with ${name}`, () => {
      for (const value of VISIBLE_STRINGS) {
        const html = body(parse(markdownOf(paragraph(text(value)))));
        expect({ value, tags: tagsOf(html) }).toEqual({ value, tags: ['p'] });
        expect(html.querySelector('p')!.textContent).toBe(value);
      }
    });

    it(`in a heading, with ${name}`, () => {
      for (const value of VISIBLE_STRINGS) {
        const html = body(parse(markdownOf({ type: 'heading', attrs: { level: 2 }, content: [text(value)] })));
        expect({ value, tags: tagsOf(html) }).toEqual({ value, tags: ['h2'] });
        expect(html.querySelector('h2')!.textContent).toBe(value);
      }
    });

    it(`in a list item, with ${name}`, () => {
      for (const value of VISIBLE_STRINGS) {
        const list = { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text(value))] }] };
        const html = body(parse(markdownOf(list)));
        expect({ value, tags: tagsOf(html) }).toEqual({ value, tags: ['ul', 'li'] });
        expect(html.querySelector('li')!.textContent).toBe(value);
      }
    });

    it(`in a table cell, with ${name}`, () => {
      for (const value of VISIBLE_STRINGS) {
        const row = (type: string) => ({ type: 'tableRow', content: [{ type, content: [paragraph(text(value))] }, { type, content: [paragraph(text('x'))] }] });
        const html = body(parse(markdownOf({ type: 'table', content: [row('tableHeader'), row('tableCell')] })));
        expect({ value, tags: tagsOf(html) }).toEqual({ value, tags: ['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td'] });
        expect([...html.querySelectorAll('th, td')].map((cell) => cell.textContent)).toEqual([value, 'x', value, 'x']);
      }
    });

    it(`as a link's text, with ${name}`, () => {
      for (const value of STRINGS) {
        const html = body(parse(markdownOf(paragraph(text(value, [link('https://example.com/page')])))));
        expect({ value, tags: tagsOf(html) }).toEqual({ value, tags: ['p', 'a'] });
        expect(html.querySelector('a')!.textContent).toBe(value);
        expect(html.querySelector('a')!.getAttribute('href')).toBe('https://example.com/page');
      }
    });

    it(`in a code span, verbatim, with ${name}`, () => {
      // A code span has no line breaks: CommonMark renders them as spaces.
      for (const value of STRINGS.filter((candidate) => !/[\r\n]/.test(candidate))) {
        for (const inCell of [false, true]) {
          const code = paragraph(text(value, [{ type: 'code' }]));
          const doc = inCell ? { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableHeader', content: [code] }] }] } : code;
          const html = body(parse(markdownOf(doc)));
          expect({ value, inCell, code: html.querySelectorAll('code').length }).toEqual({ value, inCell, code: 1 });
          expect(html.querySelector('code')!.textContent).toBe(value);
        }
      }
    });
  }

  it('after a hard break, where a line starts again', () => {
    const random = seededRandom(99);
    for (let round = 0; round < 300; round++) {
      const [first, second] = [0, 1].map(() => VISIBLE_STRINGS[Math.floor(random() * VISIBLE_STRINGS.length)]);
      if (second.startsWith('\n')) continue; // markdown-it keeps the source's line break after <br>, marked does not
      const markdown = markdownOf(paragraph(text(first), { type: 'hardBreak' }, text(second)));
      for (const [name, parse] of Object.entries(PARSERS)) {
        const html = body(parse(markdown));
        expect({ name, markdown, tags: tagsOf(html) }).toEqual({ name, markdown, tags: ['p', 'br'] });
        const [before, after] = html.querySelector('p')!.innerHTML.split('<br>');
        expect([body(before).textContent, body(after).textContent!.replace(/^\n/, '')]).toEqual([first, second]);
      }
    }
  });

  it('after the prefixes callers write before escapeMarkdownText', () => {
    for (const value of VISIBLE_STRINGS) {
      for (const [prefix, selector] of [['# ', 'h1'], ['> ', 'blockquote p'], ['- Comment: ', 'li'], ['— ', 'p']] as const) {
        for (const [name, parse] of Object.entries(PARSERS)) {
          const element = body(parse(`${prefix}${escapeMarkdownText(value)}\n`)).querySelector(selector);
          expect({ name, prefix, value, read: element?.textContent }).toEqual({ name, prefix, value, read: `${prefix.replace(/^[#>-] /, '')}${value}` });
        }
      }
    }
  });

  it('escapes only what needs it, so ordinary prose stays readable', () => {
    expect(escapeMarkdownText('The border is 1,084 km long (officially).')).toBe('The border is 1,084 km long (officially).');
    expect(escapeMarkdownText('*Really* [sic] <b> #1 & co. 50% off; x=1')).toBe('\\*Really\\* \\[sic\\] \\<b> \\#1 & co. 50% off; x=1');
    expect(escapeMarkdownText('1. first')).toBe('1\\. first');
    expect(escapeMarkdownText('- item')).toBe('\\- item');
    expect(escapeMarkdownText('  padded ')).toBe('&#x20; padded&#x20;');
    expect(escapeMarkdownText('two\nlines')).toBe('two&#xA;lines');
    expect(escapeMarkdownText('&amp; see https://x.org or www.x.org, me@x.org')).toBe('\\&amp; see https\\://x.org or www\\.x.org, me\\@x.org');
  });
});

/** Marks as the parsers' HTML shows them. */
const MARK_ELEMENTS: Record<string, string[]> = {
  bold: ['strong'],
  italic: ['em'],
  strike: ['del', 's'],
  code: ['code'],
  link: ['a'],
  underline: ['u'],
  subscript: ['sub'],
  superscript: ['sup'],
};

/** Each character with the formatting it shows: "bold,italic" etc.; whitespace's emphasis is not visible, so not compared. */
function styledCharacters(element: HTMLElement): string[] {
  const out: string[] = [];
  const walk = (node: ChildNode, formats: string[]) => {
    if (node.nodeType === 3) for (const char of node.textContent ?? '') out.push(styled(char, formats));
    else if (node.nodeType === 1) {
      const element = node as Element;
      const mark = Object.keys(MARK_ELEMENTS).find((type) => MARK_ELEMENTS[type].includes(element.localName));
      const format = mark === 'link' ? `link(${element.getAttribute('href')})` : mark;
      node.childNodes.forEach((child) => walk(child, format ? [...formats, format] : formats));
    }
  };
  element.childNodes.forEach((child) => walk(child, []));
  return out;
}

function styled(char: string, formats: string[]): string {
  const visible = /\s/.test(char) ? formats.filter((format) => !['bold', 'italic', 'strike', 'underline'].includes(format)) : formats;
  return `${char}:${[...new Set(visible)].sort().join(',')}`;
}

function expectedCharacters(nodes: DocNode[]): string[] {
  return nodes.flatMap((node) =>
    [...(node.text ?? '')].map((char) =>
      styled(
        char,
        (node.marks ?? []).map((mark) => (mark.type === 'link' ? `link(${String(mark.attrs?.href)})` : mark.type)),
      ),
    ),
  );
}

describe('marks', () => {
  it('has a writer for every mark of the schema, each read back as its element', () => {
    expect(Object.keys(schema.marks).sort()).toEqual(Object.keys(MARK_ELEMENTS).sort());
    for (const type of Object.keys(schema.marks)) {
      const mark = type === 'link' ? link('https://example.com/') : { type };
      for (const [name, parse] of Object.entries(PARSERS)) {
        const html = body(parse(markdownOf(paragraph(text('plain '), text('marked', [mark]), text(' plain')))));
        expect({ type, name, tags: tagsOf(html) }).toEqual({ type, name, tags: ['p', expect.toBeOneOf(MARK_ELEMENTS[type])] });
        expect(html.querySelector('p')!.textContent).toBe('plain marked plain');
      }
    }
  });

  it('are written as Markdown where it can be, and as what Obsidian renders where it cannot', () => {
    expect(
      markdownOf(
        paragraph(
          text('A '),
          text('bold', [{ type: 'bold' }]),
          text(', '),
          text('italic ', [{ type: 'italic' }]),
          text('struck', [{ type: 'strike' }]),
          text(' H'),
          text('2', [{ type: 'subscript' }]),
          text('O, x'),
          text('2', [{ type: 'superscript' }]),
          text(', '),
          text('under', [{ type: 'underline' }]),
          text(' and '),
          text('a`b', [{ type: 'code' }]),
          text('.'),
        ),
      ),
    ).toBe('A **bold**, *italic* ~~struck~~ H<sub>2</sub>O, x<sup>2</sup>, <u>under</u> and ``a`b``.\n');
  });

  it('nest each mark once, however the text nodes split them', () => {
    const italicBold = [{ type: 'bold' }, { type: 'italic' }];
    expect(markdownOf(paragraph(text('one ', [{ type: 'bold' }]), text('two', italicBold), text(' three', [{ type: 'bold' }])))).toBe('**one *two* three**\n');
    // "***both* bold**" would do in CommonMark; a delimiter never touching one of its own kind is safer.
    expect(markdownOf(paragraph(text('both', italicBold), text(' bold', [{ type: 'bold' }])))).toBe('**_both_ bold**\n');
  });

  it('fall back when a delimiter could not open or close', () => {
    // "**" after a letter and before punctuation does not open: CommonMark would show the asterisks.
    expect(markdownOf(paragraph(text('x'), text('"quoted"', [{ type: 'bold' }]), text('s')))).toBe('x<strong>"quoted"</strong>s\n');
    expect(markdownOf(paragraph(text('('), text('aside', [{ type: 'italic' }]), text(')')))).toBe('(*aside*)\n');
  });

  it('read back as the same formatting for random texts and marks', () => {
    const random = seededRandom(2024);
    const markChoices = [{ type: 'bold' }, { type: 'italic' }, { type: 'strike' }, { type: 'code' }, { type: 'underline' }, { type: 'subscript' }, { type: 'superscript' }, link('https://example.com/a_(b)'), link('https://example.com/c')];
    const words = ['a', 'word', ' ', '  ', '*', '_', '"q"', '.', '(', ')', '[x]', '`', '~', '**', 'é', '!', '<', '-', '😀', ' a ', 'b.'];
    for (let round = 0; round < 500; round++) {
      const nodes = Array.from({ length: 1 + Math.floor(random() * 6) }, () => {
        const value = Array.from({ length: 1 + Math.floor(random() * 3) }, () => words[Math.floor(random() * words.length)]).join('');
        const marks = markChoices.filter(() => random() < 0.3);
        const oneLink = marks.filter((mark) => mark.type !== 'link').concat(marks.find((mark) => mark.type === 'link') ?? []);
        return text(value, oneLink);
      });
      // A paragraph of unformatted whitespace is left out (see the blocks tests).
      if (nodes.every((node) => !node.marks && !/\S/.test(node.text!))) continue;
      const markdown = markdownOf(paragraph(...nodes));
      for (const [name, parse] of Object.entries(PARSERS)) {
        const html = body(parse(markdown));
        const paragraphElement = html.querySelector('p');
        expect({ name, markdown, tags: tagsOf(html).filter((tag) => !Object.values(MARK_ELEMENTS).flat().includes(tag)) }).toEqual({ name, markdown, tags: ['p'] });
        expect({ name, markdown, read: styledCharacters(paragraphElement!) }).toEqual({ name, markdown, read: expectedCharacters(nodes) });
      }
    }
  });
});

describe('links', () => {
  it('keep only web, mail and relative addresses', () => {
    for (const hostile of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:x', 'vbscript:x', 'data:text/html,<script>', 'file:///etc/passwd', 'obsidian://open?vault=x', '//evil.example/x', '\\\\evil.example\\x', '/\\evil.example', 'a:b', '']) {
      expect({ hostile, destination: markdownLinkDestination(hostile) }).toEqual({ hostile, destination: null });
    }
    expect(markdownLinkDestination('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(markdownLinkDestination('HTTP://EXAMPLE.COM')).toBe('HTTP://EXAMPLE.COM');
    expect(markdownLinkDestination('mailto:ada@example.com')).toBe('mailto:ada@example.com');
    expect(markdownLinkDestination('../assets/a b.png')).toBe('../assets/a%20b.png');
    expect(markdownLinkDestination('#^hl-abc')).toBe('#^hl-abc');
  });

  it('read back as the same address and title', () => {
    const addresses = ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://example.com/a)b(c', 'https://example.com/?q=1&amp;b=2', 'https://example.com/<x>', 'https://example.com/a\\b', 'https://example.com/*_`[]|', 'mailto:ada@example.com?subject=Hi%20there', 'Notes/My note.md'];
    for (const address of addresses) {
      const title = 'A "title" with \\ and &amp; and\nnewline';
      const markdown = markdownOf(paragraph(text('see', [link(address, title)])));
      for (const [name, parse] of Object.entries(PARSERS)) {
        const anchor = body(parse(markdown)).querySelector('a');
        expect({ name, markdown, href: decodeURI(anchor?.getAttribute('href') ?? '') }).toEqual({ name, markdown, href: decodeURI(address.replace(/ /g, '%20').replace(/[<>]/g, encodeURIComponent)) });
        expect(anchor!.getAttribute('title')).toBe(title);
      }
    }
  });

  it('drops a link it may not keep and keeps its text', () => {
    const markdown = markdownOf(paragraph(text('click '), text('here', [link('javascript:alert(1)')]), text('.')));
    expect(markdown).toBe('click here.\n');
  });

  it('turns links to the app’s own addresses into references', () => {
    const article = 'abcdefghijklmnop';
    const highlight = 'qrstuvwxyz234567';
    const markdown = markdownOf(
      paragraph(
        text('See '),
        text('the ', [link(`#/article/${article}/highlight/${highlight}`)]),
        text('passage', [link(`#/article/${article}/highlight/${highlight}`), { type: 'bold' }]),
        text(' and '),
        text('the note', [link(`#/note/${article}`)]),
      ),
    );
    expect(markdown).toBe(`See [[Notes/${highlight}|the passage]] and [[Notes/${article}|the note]]\n`);
  });
});

describe('blocks', () => {
  it('nest lists and quotes, numbered from their start, tight where Markdown allows', () => {
    const doc = htmlToDoc(
      '<ol start="9"><li>nine</li><li><p>ten</p><ul><li>inner</li><li><p>para one</p><p>para two</p></li></ul></li></ol>' +
        '<blockquote><p>quoted</p><ul><li>in a quote</li></ul><blockquote><p>deeper</p></blockquote></blockquote>',
    );
    expect(docToMarkdown(doc, targets)).toBe(
      [
        '9. nine',
        '10. ten',
        '    - inner',
        '',
        '    - para one',
        '',
        '      para two',
        '',
        '> quoted',
        '>',
        '> - in a quote',
        '>',
        '> > deeper',
        '',
      ].join('\n'),
    );
    for (const parse of Object.values(PARSERS)) {
      const html = body(parse(docToMarkdown(doc, targets)));
      expect(html.querySelector('ol')!.getAttribute('start')).toBe('9');
      expect(html.querySelectorAll('ol > li').length).toBe(2);
      expect(html.querySelectorAll('ol > li > ul > li').length).toBe(2);
      expect(html.querySelector('blockquote > blockquote')!.textContent!.trim()).toBe('deeper');
      expect(normalizeSpace(visibleText(html))).toBe(normalizeSpace(docToText(doc)));
    }
  });

  it('keeps lists that follow each other apart', () => {
    const list = (type: string, word: string) => ({ type, content: [{ type: type === 'taskList' ? 'taskItem' : 'listItem', attrs: { checked: false }, content: [paragraph(text(word))] }] });
    const markdown = markdownOf(list('bulletList', 'a'), list('bulletList', 'b'), list('taskList', 'c'), list('orderedList', 'd'), list('orderedList', 'e'));
    expect(markdown).toBe('- a\n\n* b\n\n- [ ] c\n\n1. d\n\n1) e\n');
    for (const parse of Object.values(PARSERS)) expect(body(parse(markdown)).querySelectorAll('ul, ol').length).toBe(5);
  });

  it('fences code with more backticks than it holds, keeping it verbatim', () => {
    const code = 'const a = "```";\n  ````\n<script>x</script> \\* # \n';
    const markdown = markdownOf({ type: 'codeBlock', attrs: { language: 'js`; x' }, content: [text(code)] });
    expect(markdown.split('\n')[0]).toBe('`````jsx');
    for (const parse of Object.values(PARSERS)) {
      const html = body(parse(markdown));
      expect(tagsOf(html)).toEqual(['pre', 'code']);
      expect(html.querySelector('code')!.textContent).toBe(code);
    }
  });

  it('writes tables as GFM, merged cells spread out and block content as a list', () => {
    const doc = htmlToDoc(
      '<table><tr><th colspan="2">Border | length</th><th>Note</th></tr><tr><td rowspan="2">Belarus</td><td>1,084<br>km</td><td><code>a|b</code></td></tr><tr><td>2</td><td></td></tr></table>',
    );
    expect(docToMarkdown(doc, targets)).toBe(
      ['| Border \\| length |  | Note |', '| --- | --- | --- |', '| Belarus | 1,084<br>km | `a\\|b` |', '|  | 2 |  |', ''].join('\n'),
    );
    const blocks = htmlToDoc('<table><tr><th>Step</th><th>How</th></tr><tr><td>1</td><td><ul><li>cut</li><li>fold</li></ul></td></tr></table>');
    expect(docToMarkdown(blocks, targets)).toBe('- Step\n\n  How\n\n- 1\n\n  - cut\n  - fold\n');
    for (const parse of Object.values(PARSERS)) {
      const html = body(parse(docToMarkdown(doc, targets)));
      expect([...html.querySelectorAll('th, td')].map((cell) => cell.textContent)).toEqual(['Border | length', '', 'Note', 'Belarus', '1,084km', 'a|b', '', '2', '']);
      expect(normalizeSpace(visibleText(body(parse(docToMarkdown(blocks, targets)))))).toBe(normalizeSpace(docToText(blocks)));
    }
  });

  it('writes images where the export puts them, else their alt text', () => {
    const figure = htmlToDoc('<figure><img src="data:image/png;base64,AA==" alt="A [map]"><figcaption>The border, 2023</figcaption></figure>');
    expect(docToMarkdown(figure, targets)).toBe('A \\[map\\]\n\n*The border, 2023*\n');
    const stored = { type: 'image', attrs: { src: `/media/${'a'.repeat(64)}`, alt: 'A *map*', title: 'Map "1"' } };
    expect(markdownOf(stored)).toBe(`![A \\*map\\*](../assets/${'a'.repeat(64)}.png "Map \\"1\\"")\n`);
    // Only marked: markdown-it leaves escaped characters out of alt text (markdown-it/markdown-it#1142).
    const image = body(PARSERS.marked(markdownOf(stored))).querySelector('img')!;
    expect([image.getAttribute('alt'), image.getAttribute('title')]).toEqual(['A *map*', 'Map "1"']);
  });

  it('ends with exactly one newline, writes nothing for an empty document, and is deterministic', () => {
    expect(markdownOf()).toBe('');
    expect(markdownOf(paragraph(), paragraph(text('  ')), { type: 'horizontalRule' })).toBe('***\n');
    const doc = htmlToDoc('<h1>T</h1><p>a<br>b<br></p><ul><li>x</li></ul>');
    expect(docToMarkdown(doc, targets)).toBe('# T\n\na\\\nb\n\n- x\n');
    expect(docToMarkdown(structuredClone(doc), targets)).toBe(docToMarkdown(doc, targets));
  });

  it('takes time in proportion to the document (a long paragraph of many runs)', () => {
    const marks = [[], [{ type: 'bold' }], [{ type: 'italic' }], [link('https://example.com/')], [{ type: 'code' }]];
    const runs = Array.from({ length: 20_000 }, (_, index) => text(['alpha ', '"beta" ', 'gamma! '][index % 3], marks[index % marks.length]));
    const started = performance.now();
    expect(markdownOf(paragraph(...runs)).length).toBeGreaterThan(140_000);
    expect(performance.now() - started).toBeLessThan(10_000); // reading back what was written made this minutes long
  });

  it('refuses a node or mark it has no writer for, rather than losing it', () => {
    expect(() => markdownOf({ type: 'mystery' })).toThrow(/mystery/);
    expect(() => markdownOf(paragraph({ type: 'mention' }))).toThrow(/mention/);
    expect(() => markdownOf(paragraph(text('x', [{ type: 'highlight' }])))).toThrow(/highlight/);
  });
});

/** A note using every node and mark of the notes' schema. */
const EVERY_NODE: DocNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [text('Drones & borders')] },
    paragraph(
      text('Plain, '),
      text('bold', [{ type: 'bold' }]),
      text(', '),
      text('italic', [{ type: 'italic' }]),
      text(', '),
      text('gone', [{ type: 'strike' }]),
      text(', '),
      text('under', [{ type: 'underline' }]),
      text(', H'),
      text('2', [{ type: 'subscript' }]),
      text('O, x'),
      text('2', [{ type: 'superscript' }]),
      text(', '),
      text('code', [{ type: 'code' }]),
      text(', '),
      text('a link', [link('https://example.com/')]),
      { type: 'hardBreak' },
      text('and a citation: '),
      { type: 'reference', attrs: { targetId: 'abcdefghijklmnop', kind: 'claim', articleId: 'qrstuvwxyz234567', label: 'The border is long' } },
      text('.'),
    ),
    { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('one')), { type: 'orderedList', attrs: { start: 1, type: null }, content: [{ type: 'listItem', content: [paragraph(text('nested'))] }] }] }] },
    { type: 'taskList', content: [{ type: 'taskItem', attrs: { checked: true }, content: [paragraph(text('done'))] }, { type: 'taskItem', attrs: { checked: false }, content: [paragraph(text('to do'))] }] },
    { type: 'blockquote', content: [paragraph(text('A plain quote.'))] },
    {
      type: 'passageQuote',
      attrs: { highlightId: 'qrstuvwxyz234567', articleId: 'abcdefghijklmnop', title: 'Belarus and Iran', url: 'https://example.com/a' },
      content: [paragraph(text('The '), text('border', [{ type: 'bold' }]), text(' is long.')), paragraph(text('Second paragraph.'))],
    },
    { type: 'codeBlock', attrs: { language: 'python' }, content: [text('print("hi")')] },
    { type: 'horizontalRule' },
    { type: 'figure', content: [{ type: 'image', attrs: { src: `/media/${'b'.repeat(64)}`, alt: 'Map', title: null, width: null, height: null } }, { type: 'figcaption', content: [text('The map')] }] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [paragraph(text('Year'))] }, { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: 'right' }, content: [paragraph(text('km'))] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: null }, content: [paragraph(text('2023'))] }, { type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null, align: 'right' }, content: [paragraph(text('1,084'))] }] },
      ],
    },
  ],
};

const EVERY_NODE_MARKDOWN = `# Drones & borders

Plain, **bold**, *italic*, ~~gone~~, <u>under</u>, H<sub>2</sub>O, x<sup>2</sup>, \`code\`, [a link](https://example.com/)\\
and a citation: [[Notes/abcdefghijklmnop|The border is long]].

- one
  1. nested

* [x] done
* [ ] to do

> A plain quote.

> The **border** is long.
>
> Second paragraph.
>
> — [[Articles/Source#^hl-qrstuvwxyz234567|Belarus and Iran]]

\`\`\`python
print("hi")
\`\`\`

***

![Map](../assets/${'b'.repeat(64)}.png)

*The map*

| Year | km |
| --- | ---: |
| 2023 | 1,084 |
`;

describe('a note with every node type', () => {
  it('uses every node and mark of the schema the editor uses', () => {
    const used = { nodes: new Set<string>(), marks: new Set<string>() };
    const walk = (node: DocNode) => {
      used.nodes.add(node.type);
      for (const mark of node.marks ?? []) used.marks.add(mark.type);
      node.content?.forEach(walk);
    };
    walk(EVERY_NODE);
    ProseMirrorNode.fromJSON(schema, EVERY_NODE).check();
    expect([...used.nodes].sort()).toEqual(Object.keys(schema.nodes).sort());
    expect([...used.marks].sort()).toEqual(Object.keys(schema.marks).sort());
  });

  it('converts to Markdown that Obsidian and CommonMark read as the note', () => {
    expect(docToMarkdown(EVERY_NODE, targets)).toBe(EVERY_NODE_MARKDOWN);
    for (const [name, parse] of Object.entries(PARSERS)) {
      const html = body(parse(EVERY_NODE_MARKDOWN));
      const tags = new Set(tagsOf(html));
      for (const tag of ['h1', 'strong', 'em', 'u', 'sub', 'sup', 'code', 'a', 'br', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'img', 'table', 'th', 'td']) {
        expect({ name, tag, present: tags.has(tag) }).toEqual({ name, tag, present: true });
      }
      expect(tags.has('del') || tags.has('s')).toBe(true);
      expect(html.querySelectorAll('blockquote').length).toBe(2);
    }
    // marked reads GFM task lists.
    const boxes = [...body(marked.parse(EVERY_NODE_MARKDOWN, { async: false })).querySelectorAll('input[type=checkbox]')];
    expect(boxes.map((box) => box.hasAttribute('checked'))).toEqual([true, false]);
  });
});

describe('real articles', () => {
  let notebook: Notebook;
  beforeAll(() => {
    notebook = openTempNotebook();
  });
  afterAll(() => notebook.close());

  for (const fixture of ['srebrnik-belarus-iran.html', 'inline-marks.html']) {
    it(`converts ${fixture} to Markdown whose text is the article's`, async () => {
      const { id } = await notebook.service.clipFile({ fileName: fixture, contentBase64: fixtureBase64(fixture) });
      const article = await notebook.service.getArticle({ id });
      const markdown = docToMarkdown(article.doc, targets);
      expect(markdown.endsWith('\n') && !markdown.endsWith('\n\n')).toBe(true);
      expect(docToMarkdown(article.doc, targets)).toBe(markdown);
      for (const parse of Object.values(PARSERS)) {
        const html = body(parse(markdown));
        expect(tagsOf(html)).not.toContain('script');
        expect(normalizeSpace(visibleText(html))).toBe(normalizeSpace(docToText(article.doc)));
      }
    });
  }
});
