import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { parseHTML } from 'linkedom';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorDateCitation, parsePersonName, quoteWithCitation, type CitableArticle } from '../../src-main/common/citation';
import { textFragmentUrl } from '../../src-main/common/text-fragment';
import { citationKeys, toBibtex, toCslJson } from '../../src-main/export/bibliography';

function article(fields: Partial<CitableArticle> = {}): CitableArticle {
  return {
    id: 'a1b2c3d4e5f6g7h2',
    title: 'The Climate of the Border',
    authors: ['Henry Srebrnik'],
    siteName: 'The Guardian',
    journal: null,
    publisher: null,
    publishedAt: '2023-05-01T10:00:00+02:00',
    url: 'https://www.theguardian.com/world/2023/may/01/border',
    doi: null,
    clippedAt: '2024-02-03T23:59:00.000Z',
    ...fields,
  };
}

describe('author-date citations', () => {
  it('names one author, two, or the first and et al.', () => {
    expect(authorDateCitation(article())).toBe('(Srebrnik 2023)');
    expect(authorDateCitation(article({ authors: ['Henry Srebrnik', 'Ann Lee'] }))).toBe('(Srebrnik and Lee 2023)');
    expect(authorDateCitation(article({ authors: ['Henry Srebrnik', 'Ann Lee', 'Bo Chen'] }))).toBe('(Srebrnik et al. 2023)');
  });

  it('reads "Family, Given" names, particles and generational suffixes', () => {
    expect(authorDateCitation(article({ authors: ['Lee, Ann'] }))).toBe('(Lee 2023)');
    expect(authorDateCitation(article({ authors: ['Ludwig van Beethoven'] }))).toBe('(van Beethoven 2023)');
    expect(authorDateCitation(article({ authors: ['Martin Luther King Jr.'] }))).toBe('(King 2023)');
    expect(authorDateCitation(article({ authors: ['King, Jr., Martin Luther', 'Reuters'] }))).toBe('(King and Reuters 2023)');
    expect(parsePersonName('  Charles   de Gaulle ')).toEqual({ given: 'Charles', family: 'de Gaulle', suffix: '' });
    expect(parsePersonName('Procter & Gamble')).toEqual({ literal: 'Procter & Gamble' });
    expect(parsePersonName('   ')).toBeNull();
  });

  it('falls back to the site, then the title, and says n.d. without a date', () => {
    expect(authorDateCitation(article({ authors: [], siteName: 'Guardian', publishedAt: null }))).toBe('(Guardian n.d.)');
    expect(authorDateCitation(article({ authors: [' '], siteName: null, title: 'Why the border moved north in spring' }))).toBe('(“Why the border moved…” 2023)');
    expect(authorDateCitation(article({ publishedAt: '2019' }))).toBe('(Srebrnik 2019)');
  });
});

/** The text a reader sees in rendered HTML: block quote paragraphs apart by a blank line, <br> as a line break. */
function renderedText(node: Node): string {
  if (node.nodeType === 3) return ['P', 'A'].includes(node.parentNode!.nodeName) ? (node.textContent ?? '').replace(/\s*\n\s*/g, '') : '';
  const element = node as Element;
  if (element.tagName === 'BR') return '\n';
  const inner = [...node.childNodes].map(renderedText).join('');
  return element.tagName === 'P' ? `${inner.trim()}\n\n` : inner;
}

describe('copy with citation', () => {
  it('puts the quote in a block quote, then who, when and the linked title', () => {
    const markdown = quoteWithCitation('The border is long.', article(), 'https://example.com/a#:~:text=The%20border');
    expect(markdown).toBe('> The border is long.\n\n— Srebrnik (2023), [The Climate of the Border](https://example.com/a#:~:text=The%20border)');
  });

  it('keeps paragraphs and line breaks of the quote', () => {
    expect(quoteWithCitation('One.\nTwo.\n\n\nThree.', article({ authors: [] }), null)).toBe(
      '> One.\\\n> Two.\n>\n> Three.\n\n— The Guardian (2023), The Climate of the Border',
    );
  });

  it('reads back as the same text, never as markup, in CommonMark and GFM', () => {
    const quote = [
      'Use *stars*, _under_, `code`, **bold** and [a link](javascript:alert(1)) <script>alert(1)</script>',
      '# not a heading | a | pipe ~~struck~~ &amp; &#42; a\\b',
      '1. not a list',
      '- nor this',
      '+ nor this',
      '> nor a quote',
      '===',
      '    not code',
      '',
      '---',
      'Obsidian: ==mark== %%hidden%% #tag [[Wiki]] ^block-id $x^2$ key:: value',
    ].join('\n');
    const hostile = article({ title: 'A [title] with *stars* & <b>tags</b>', authors: ['O_Brien, Pat', 'Ann `Lee`'] });
    const url = 'https://example.com/wiki/Foo_(bar)?q=1';
    const markdown = quoteWithCitation(quote, hostile, url);
    const { document } = parseHTML(`<html><body>${marked.parse(markdown, { gfm: true, async: false })}</body></html>`);

    const elements = [...document.body.querySelectorAll('*')].map((element) => element.tagName);
    expect(new Set(elements)).toEqual(new Set(['BLOCKQUOTE', 'P', 'BR', 'A']));
    const links = [...document.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual([url]);
    expect(links[0].textContent).toBe(hostile.title);

    const expected = quote
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.split('\n').map((line) => line.trim()).join('\n'))
      .join('\n\n');
    expect(renderedText(document.querySelector('blockquote')!).trim()).toBe(expected);
    expect(document.body.lastElementChild!.textContent).toBe(`— O_Brien and \`Lee\` (2023), ${hostile.title}`);
    // What Obsidian and Logseq read as markup outside CommonMark stays escaped in the source.
    expect(markdown).not.toMatch(/(?<!\\)(?:==|%%|\^|\$|#\w|\[\[|::)/);
  });

  it('links only to http(s) addresses', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'not a url', null]) {
      const markdown = quoteWithCitation('Quote', article(), url);
      expect(markdown).toBe('> Quote\n\n— Srebrnik (2023), The Climate of the Border');
    }
  });
});

describe('text fragment links', () => {
  const url = 'https://example.com/page';
  const link = (exact: string, prefix = '', suffix = '', address: string | null = url) => textFragmentUrl(address, { exact, prefix, suffix });

  it('writes the examples of the spec', () => {
    expect(link('an example text fragment')).toBe(`${url}#:~:text=an%20example%20text%20fragment`);
    expect(link('an example', 'this is ', ' text fragment')).toBe(`${url}#:~:text=this%20is-,an%20example,-text%20fragment`);
    expect(link('مصر', 'البحرين ')).toBe(`${url}#:~:text=%D8%A7%D9%84%D8%A8%D8%AD%D8%B1%D9%8A%D9%86-,%D9%85%D8%B5%D8%B1`);
  });

  it('percent-encodes the directive syntax and every character outside the unreserved set', () => {
    const fragment = link('well-known, R&D #1: 100% (yes!) it\'s *so* ~x_y. "a"+b=c; d/e?f@g$h')!.split('#:~:text=')[1];
    expect(fragment).toBe(
      'well%2Dknown%2C%20R%26D%20%231%3A%20100%25%20%28yes%21%29%20it%27s%20%2Aso%2A%20~x_y.%20%22a%22%2Bb%3Dc%3B%20d%2Fe%3Ff%40g%24h',
    );
    expect(fragment).toMatch(/^[A-Za-z0-9._~%]+$/);
  });

  it('normalises to NFC, encodes UTF-8 and survives a lone surrogate', () => {
    expect(link('Cafe\u0301')).toBe(`${url}#:~:text=Caf%C3%A9`);
    expect(link('日本語の文')).toBe(`${url}#:~:text=%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E6%96%87`);
    expect(link('a\uD800b')).toBe(`${url}#:~:text=a%EF%BF%BDb`);
  });

  it('replaces the address\'s fragment and any directive, and links nothing but http(s)', () => {
    expect(link('x', '', '', 'https://example.com/a?b=1#section')).toBe('https://example.com/a?b=1#:~:text=x');
    expect(link('x', '', '', 'https://example.com/a#s:~:text=old&text=older')).toBe('https://example.com/a#:~:text=x');
    expect(link('x', '', '', 'HTTP://Example.COM')).toBe('http://example.com/#:~:text=x');
    for (const address of ['javascript:alert(1)//', 'file:///tmp/a.html', 'mailto:a@b.c', 'ftp://example.com/', 'not a url', '', null]) {
      expect(link('x', '', '', address)).toBeNull();
    }
    expect(link('  \n ')).toBe(url);
  });

  it('writes a long quote as its first and last words', () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
    expect(link(words.join(' '))).toBe(`${url}#:~:text=word0%20word1%20word2%20word3%20word4,word75%20word76%20word77%20word78%20word79`);
  });

  it('never lets a term cross a block: a quote over paragraphs, list items or table cells is start,end', () => {
    expect(link('First paragraph ends here.\n\nSecond starts and ends.')).toBe(
      `${url}#:~:text=First%20paragraph%20ends%20here.,Second%20starts%20and%20ends.`,
    );
    expect(link('Year\tTotal')).toBe(`${url}#:~:text=Year,Total`);
    expect(link('in\nthe list', 'An item\n', '\nNext item')).toBe(`${url}#:~:text=An%20item-,in,the%20list,-Next%20item`);
  });

  it('takes whole words of context from the nearest block, dropping one the stored context cut', () => {
    // Stored context is 32 characters: its far end may cut a word ("ng", "su").
    const prefix = 'ng of the argument, the author s';
    expect(prefix.length).toBe(32);
    expect(link('aid it twice', prefix.slice(0, -1) + ' ', ' and then left it unsaid. Its su')).toBe(
      `${url}#:~:text=argument%2C%20the%20author-,aid%20it%20twice,-and%20then%20left`,
    );
    // Context shorter than 32 characters reached the start or end of the text: it is whole.
    expect(link('quote', 'Intro ', ' end')).toBe(`${url}#:~:text=Intro-,quote,-end`);
    expect(link('quote', 'A heading\n\n', '\n\nNext paragraph')).toBe(`${url}#:~:text=A%20heading-,quote,-Next%20paragraph`);
    expect(link('quote', 'x'.repeat(40), 'y'.repeat(40))).toBe(`${url}#:~:text=quote`);
  });

  it('parses back, by the spec\'s steps, to the terms it was made of', () => {
    const exact = 'Dash - ampersand & comma , hash # percent % plus + équipe 東京 🙂';
    const directive = link(exact, 'Before, - & ', ' - after, &')!.split('#:~:text=')[1];
    const tokens = directive.split(',');
    expect(tokens).toHaveLength(3);
    expect(tokens[0].endsWith('-')).toBe(true);
    expect(tokens[2].startsWith('-')).toBe(true);
    expect(decodeURIComponent(tokens[0].slice(0, -1))).toBe('Before, - &');
    expect(decodeURIComponent(tokens[1])).toBe(exact);
    expect(decodeURIComponent(tokens[2].slice(1))).toBe('- after, &');
  });
});

describe('text fragment links in Chromium', () => {
  const filler = (from: number) => Array.from({ length: 60 }, (_, i) => `<p>Filler paragraph number ${from + i} says nothing much.</p>`).join('');
  const page = `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-size:20px">
    <p id="top">The treaty was signed, and the treaty was kept.</p>${filler(0)}
    <p id="hostile">Cross-border trade, R&amp;D spending &amp; the #1 risk: 100% (nearly) “certain” — café, 東京.</p>${filler(100)}
    <p id="first">It began in spring.</p><ul><li id="item">Fields flooded.</li><li>Roads closed.</li></ul><p id="last">By summer the valley was a lake.</p>${filler(200)}
    <p id="repeat">After the vote the treaty was kept.</p>${filler(300)}
    <p id="long">${Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ')}</p>${filler(400)}
  </body></html>`;
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/article`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Opens the link in a new tab (a fresh load, as a click from Obsidian would be) and says which passages are on screen. */
  async function shownAfterOpening(link: string, ids: string[]): Promise<Record<string, boolean>> {
    const tab = await browser.newPage({ viewport: { width: 900, height: 600 } });
    try {
      await tab.goto(link);
      await tab.waitForFunction(() => window.scrollY > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
      return await tab.evaluate((wanted) => {
        const onScreen = (id: string) => {
          const box = document.getElementById(id)!.getBoundingClientRect();
          return box.bottom > 0 && box.top < window.innerHeight;
        };
        return Object.fromEntries(wanted.map((id) => [id, onScreen(id)]));
      }, ids);
    } finally {
      await tab.close();
    }
  }

  it('scrolls to a quote full of directive syntax and non-ASCII text', async () => {
    const exact = 'Cross-border trade, R&D spending & the #1 risk: 100% (nearly) “certain” — café, 東京.';
    expect(await shownAfterOpening(textFragmentUrl(base, { exact, prefix: 'says nothing much.\n\n', suffix: '\n\nFiller' })!, ['top', 'hostile'])).toEqual({
      top: false,
      hostile: true,
    });
  });

  it('scrolls to a quote that spans a paragraph and list items', async () => {
    const exact = 'It began in spring.\n\nFields flooded.\nRoads closed.\n\nBy summer the valley was a lake.';
    expect(await shownAfterOpening(textFragmentUrl(base, { exact, prefix: '', suffix: '' })!, ['top', 'item'])).toEqual({ top: false, item: true });
  });

  it('finds the occurrence its context names, not the first', async () => {
    const link = textFragmentUrl(base, { exact: 'the treaty was kept.', prefix: 'says nothing much.\n\nAfter the vote ', suffix: '\n\nFiller' })!;
    expect(await shownAfterOpening(link, ['top', 'repeat'])).toEqual({ top: false, repeat: true });
  });

  it('scrolls to a long quote given by its first and last words', async () => {
    const exact = Array.from({ length: 120 }, (_, i) => `w${i}`).join(' ');
    const link = textFragmentUrl(base, { exact, prefix: '', suffix: '' })!;
    expect(link).toContain('#:~:text=w0%20w1%20w2%20w3%20w4,w115%20w116%20w117%20w118%20w119');
    expect(await shownAfterOpening(link, ['top', 'long'])).toEqual({ top: false, long: true });
  });
});

describe('citation keys', () => {
  it('are family name, year and first meaningful title word, in lower-case ASCII', () => {
    const keys = citationKeys([
      article({ id: 'a' }),
      article({ id: 'b', authors: ['Jürgen Müller-Straße'], title: 'Ærø and the Fjord', publishedAt: null }),
      article({ id: 'c', authors: ['Ludwig van Beethoven'], title: 'On the Symphony' }),
      article({ id: 'd', authors: [], siteName: 'The Guardian', title: '東京の夏' }),
      article({ id: 'e', authors: ['王小明'], siteName: null, title: '' }),
    ]);
    expect([...keys.values()]).toEqual(['srebrnik2023climate', 'mullerstrassendaero', 'vanbeethoven2023symphony', 'guardian2023', 'anon2023']);
  });

  it('tell colliding articles apart with a, b, c in the order given', () => {
    const same = Array.from({ length: 29 }, (_, i) => article({ id: `id${i}` }));
    const keys = [...citationKeys(same).values()];
    expect(keys.slice(0, 4)).toEqual(['srebrnik2023climate', 'srebrnik2023climatea', 'srebrnik2023climateb', 'srebrnik2023climatec']);
    expect(keys.slice(26)).toEqual(['srebrnik2023climatez', 'srebrnik2023climateaa', 'srebrnik2023climateab']);
    expect(new Set(keys).size).toBe(29);
  });
});

/** BibTeX counts every brace, escaped or not: a value is well formed only when they balance at every point. */
function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    if (character === '{') depth++;
    if (character === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('BibTeX', () => {
  it('writes @online for a web page and @article for a journal article, fields in a fixed order', () => {
    const bib = toBibtex(
      [
        article({ authors: ['Henry Srebrnik', 'Lee, Ann'] }),
        article({
          id: 'j',
          title: 'Ice Sheets in Retreat',
          authors: ['Ludwig van Beethoven', 'Martin Luther King Jr.', 'Procter and Gamble'],
          journal: 'Nature',
          publisher: 'Springer',
          publishedAt: '2021-11',
          doi: 'https://doi.org/10.1038/s41586-021-0001-x',
          url: 'https://www.nature.com/articles/x',
        }),
      ],
      '2024-06-30',
    );
    expect(bib).toBe(
      [
        '@online{srebrnik2023climate,',
        '  author = {Srebrnik, Henry and Lee, Ann},',
        '  title = {{The Climate of the Border}},',
        '  organization = {The Guardian},',
        '  date = {2023-05-01},',
        '  url = {https://www.theguardian.com/world/2023/may/01/border},',
        '  urldate = {2024-06-30}',
        '}',
        '',
        '@article{vanbeethoven2021ice,',
        '  author = {van Beethoven, Ludwig and King, Jr., Martin Luther and {Procter and Gamble}},',
        '  title = {{Ice Sheets in Retreat}},',
        '  journal = {Nature},',
        '  publisher = {Springer},',
        '  date = {2021-11},',
        '  doi = {10.1038/s41586-021-0001-x},',
        '  url = {https://www.nature.com/articles/x},',
        '  urldate = {2024-06-30}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes every character special to LaTeX and keeps braces balanced', () => {
    const title = 'Costs {up} 50% & $5 for #1 under_score ~tilde ^hat back\\slash }{';
    const bib = toBibtex([article({ title, authors: ['Ann O_Neil', 'R&D Team'], siteName: 'Site {x}', url: 'https://e.com/a?q={b}&c=d\\e' })], '2024-01-01');
    expect(bib).toContain(
      '  title = {{Costs \\textbraceleft{}up\\textbraceright{} 50\\% \\& \\$5 for \\#1 under\\_score \\textasciitilde{}tilde \\textasciicircum{}hat back\\textbackslash{}slash \\textbraceright{}\\textbraceleft{}}},',
    );
    expect(bib).toContain('  author = {O\\_Neil, Ann and {R\\&D Team}},');
    expect(bib).toContain('  organization = {Site \\textbraceleft{}x\\textbraceright{}},');
    expect(bib).toContain('  url = {https://e.com/a?q=%7Bb%7D&c=d%5Ce},');
    expect(bracesBalance(bib)).toBe(true);
    for (const field of bib.split('\n').filter((line) => line.startsWith('  '))) expect(bracesBalance(field)).toBe(true);
    // Outside verbatim fields, no special character is left bare.
    const text = bib.split('\n').filter((line) => !/^ {2}(url|doi) = /.test(line)).join('\n');
    expect(text.replace(/\\(?:[&%$#_]|text[a-z]+\{\})/g, '')).not.toMatch(/[&%$#_~^]/);
  });

  it('leaves out what is unknown and takes the accessed date from the clip unless given', () => {
    const bib = toBibtex([article({ authors: [], siteName: null, publishedAt: null, url: 'file:///home/me/page.html', title: '  ' })]);
    expect(bib).toBe(['@online{anonnd,', '  title = {{Untitled}},', '  urldate = {2024-02-03}', '}', ''].join('\n'));
    expect(toBibtex([])).toBe('');
  });

  it('is the same text every time', () => {
    const articles = [article(), article({ id: 'b' }), article({ id: 'c', journal: 'Science' })];
    expect(toBibtex(articles, '2024-01-01')).toBe(toBibtex(structuredClone(articles), '2024-01-01'));
  });
});

describe('CSL-JSON', () => {
  it('writes items Zotero, Pandoc and citeproc read: ids are the BibTeX keys', () => {
    const items = toCslJson(
      [
        article({ authors: ['Henry Srebrnik', 'Reuters', 'King, Jr., Martin'] }),
        article({ id: 'j', journal: 'Nature', publisher: 'Springer', doi: 'doi:10.1038/x', publishedAt: '2021', authors: [] }),
      ],
      '2024-06-30',
    );
    expect(JSON.parse(JSON.stringify(items))).toEqual([
      {
        id: 'srebrnik2023climate',
        type: 'webpage',
        title: 'The Climate of the Border',
        author: [{ family: 'Srebrnik', given: 'Henry' }, { literal: 'Reuters' }, { family: 'King', given: 'Martin', suffix: 'Jr.' }],
        'container-title': 'The Guardian',
        issued: { 'date-parts': [[2023, 5, 1]] },
        URL: 'https://www.theguardian.com/world/2023/may/01/border',
        accessed: { 'date-parts': [[2024, 6, 30]] },
      },
      {
        id: 'guardian2021climate',
        type: 'article-journal',
        title: 'The Climate of the Border',
        'container-title': 'Nature',
        publisher: 'Springer',
        issued: { 'date-parts': [[2021]] },
        URL: 'https://www.theguardian.com/world/2023/may/01/border',
        DOI: '10.1038/x',
        accessed: { 'date-parts': [[2024, 6, 30]] },
      },
    ]);
    expect(Object.keys(toCslJson([article()])[0])).toEqual(['id', 'type', 'title', 'author', 'container-title', 'issued', 'URL', 'accessed']);
  });

  it('keeps text as it is (JSON needs no escaping of its own) and refuses a malformed accessed date', () => {
    const [item] = toCslJson([article({ title: 'A {braced} & 50% "title"\n' })], '2024-01-01') as Array<Record<string, unknown>>;
    expect(item.title).toBe('A {braced} & 50% "title"');
    expect(() => toCslJson([article()], 'yesterday')).toThrow(/YYYY-MM-DD/);
  });
});
