import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { setDocumentUrl } from '../../src-main/clip/extract';
import { cleanArticle, readableArticle, type PageContext } from '../../src-main/clip/readable';
import { normalizeSpace } from '../support/notebook';

const PAGE_URL = 'https://news.example.com/2024/05/17/harbour-reopens.html';
const TITLE = 'Harbour reopens after storm';
const STORY = [
  'The harbour reopened on Friday, three weeks after the storm closed it to all but rescue boats.',
  'Fishing crews, who had waited in the next town along the coast, began unloading before dawn.',
  'The port authority said repairs to the outer wall would continue well into the summer.',
];
const STORY_HTML = STORY.map((paragraph) => `<p>${paragraph}</p>`).join('');

/** The text left after cleaning `html` as if Readability had returned it for the sample page. */
function cleaned(html: string, page: Partial<PageContext> = {}): string {
  const { document } = parseHTML(`<!doctype html><html><body><div id="result">${html}</div></body></html>`);
  const article = cleanArticle(document.getElementById('result')!, { title: TITLE, pageUrl: PAGE_URL, ...page });
  return normalizeSpace(article.textContent ?? '');
}

function expectStory(text: string): void {
  for (const paragraph of STORY) expect(text).toContain(paragraph);
}

describe('the article Readability finds, cleaned', () => {
  const page = `<!doctype html><html><head><title>${TITLE}</title></head><body><article>
    <p>Updated May 17, 2024, 9:41 AM</p>
    ${STORY_HTML}
    <p>Advertisement</p>
    <figure><img src="/harbour.jpg"><figcaption>Boats back at the quay. <span class="credit">Jane Doe | Example Agency</span></figcaption></figure>
    <p>${'The harbour master thanked the volunteers, the coastguard, and the crews of three lifeboats. '.repeat(3)}</p>
    <p>You may also like…</p>
    <p><a href="/2024/05/10/storm-warning.html">Storm warning for the coast</a></p>
    <p><a href="/2024/05/12/ferry-cancelled.html">Ferries cancelled for a week</a></p>
  </article></body></html>`;
  const boilerplate = ['Updated May 17', 'Advertisement', 'Example Agency', 'You may also like', 'Storm warning', 'Ferries cancelled'];

  function parse() {
    const { document } = parseHTML(page);
    setDocumentUrl(document, PAGE_URL, page);
    return document;
  }

  it('keeps the story and caption and drops what bare Readability leaves in', () => {
    const bare = normalizeSpace(new Readability(parse() as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent ?? '');
    for (const text of boilerplate) expect(bare).toContain(text);

    const article = readableArticle(parse(), PAGE_URL, parse);
    const text = normalizeSpace(article?.content.textContent ?? '');
    expectStory(text);
    expect(text).toContain('Boats back at the quay.');
    for (const line of boilerplate) expect(text).not.toContain(line);
    expect(article?.content.innerHTML).not.toContain('Advertisement');
    expect(article?.title).toBe(TITLE);
  });
});

describe("narrowing to the page's own article element", () => {
  it('drops the site header Readability climbed into', () => {
    const text = cleaned(`<header><h1>The Example Gazette</h1><span>Serving the coast since 1851</span></header><article>${STORY_HTML}</article>`);
    expectStory(text);
    expect(text).not.toMatch(/Example Gazette|Serving the coast/);
  });

  it('prefers the articleBody inside the article', () => {
    const text = cleaned(`<article><h2>A subtitle that sits above the body</h2><div itemprop="articleBody">${STORY_HTML}</div></article>`);
    expectStory(text);
    expect(text).not.toContain('subtitle');
  });

  it('keeps the whole result when the article element holds only part of the story', () => {
    const text = cleaned(`<p>${STORY[0]}</p><article><p>${STORY[1]}</p></article><p>${STORY[2]}</p>`);
    expectStory(text);
  });
});

describe('boilerplate lines', () => {
  it('drops interface labels on their own line, not the words in a sentence', () => {
    const text = cleaned(`${STORY_HTML}<p>Advertisement</p><p>Continue reading below</p><div>Image 1 of 8</div><p>An advertisement for the ferry ran all week.</p>`);
    expectStory(text);
    expect(text).toContain('An advertisement for the ferry');
    expect(text).not.toMatch(/Advertisement|Continue reading|Image 1 of 8/);
  });

  it("drops a gallery's photo count beside a picture, not numbers elsewhere", () => {
    const text = cleaned(`${STORY_HTML}<figure><img src="/a.jpg"><span>6</span><figcaption>The quay</figcaption></figure><table><tr><td>Boats</td><td>6</td></tr></table>`);
    expect(text).toContain('The quay');
    expect(text).toMatch(/Boats\s*6$/);
    expect(text.match(/6/g)).toHaveLength(1);
  });

  it('drops photo credits, written out or marked by class, and keeps the caption', () => {
    const text = cleaned(`${STORY_HTML}
      <figure><img src="/a.jpg"><figcaption>Crews unloading at dawn. <span>Photo: Jane Doe/AP</span></figcaption></figure>
      <figure><img src="/b.jpg"><figcaption>The outer wall. <span class="image-credit">Example Agency</span></figcaption></figure>
      <p>(Image credit: Port Authority)</p><p>© Sam Smith</p>`);
    expectStory(text);
    expect(text).toContain('Crews unloading at dawn.');
    expect(text).toContain('The outer wall.');
    expect(text).not.toMatch(/Jane Doe|Example Agency|Port Authority|Sam Smith/);
  });

  it('drops datelines, and keeps a bare date inside the article (a timeline)', () => {
    const text = cleaned(`<p>November 20, 2019 / 1:07 AM / CBS News</p>${STORY_HTML}<h3>March 3, 2019</h3>${STORY_HTML}<p>Published: May 17, 2024 at 10:48</p>${STORY_HTML}<p>Updated 2 hours ago</p>`);
    expectStory(text);
    expect(text).toContain('March 3, 2019');
    expect(text).not.toMatch(/CBS News|Published|Updated/);
  });

  it('drops copyright notices, not sentences about copyright', () => {
    const text = cleaned(`${STORY_HTML}<p>The court ruled that copyright in the harbour plans belongs to the town.</p><p>© 2024 Example Media Group. All rights reserved.</p><p>This material may not be reproduced without permission.</p>`);
    expect(text).toContain('The court ruled that copyright');
    expect(text).not.toMatch(/Example Media Group|reproduced/);
  });

  it('drops prompts to subscribe or follow, and keeps sentences that only mention them', () => {
    const text = cleaned(`${STORY_HTML}
      <p>Get the latest news in your inbox. <a href="/newsletters">Subscribe to our newsletters</a>.</p>
      <p>Follow us on <a href="https://twitter.com/gazette">Twitter</a> and <a href="https://facebook.com/gazette">Facebook</a>.</p>
      <p>GET THE GAZETTE APP</p>
      <p>Get Out is streaming on <a href="https://youtube.com/watch?v=1">YouTube</a> this week.</p>
      <p>Many crews subscribe to the weather service's newsletter.</p>`);
    expectStory(text);
    expect(text).toContain('Get Out is streaming on YouTube');
    expect(text).toContain('Many crews subscribe');
    expect(text).not.toMatch(/inbox|Follow us|GAZETTE APP/);
  });

  it('drops "Related:" links and headlines of other stories in capitals', () => {
    const text = cleaned(`${STORY_HTML}
      <p>Related: <a href="/2024/05/10/storm.html">The storm, hour by hour</a></p>
      <p><a href="/2024/05/11/mayor.html">MAYOR PROMISES A NEW SEA WALL</a></p>
      <p>The NHS and the RNLI sent teams to help.</p>`);
    expectStory(text);
    expect(text).toContain('The NHS and the RNLI');
    expect(text).not.toMatch(/hour by hour|SEA WALL|Related/);
  });

  it('drops the title repeated at the top, alone or after a breadcrumb trail, and the page address', () => {
    for (const top of [
      `<h2>${TITLE}</h2>`,
      `<p><a href="/">Home</a> › <a href="/news">News</a> › ${TITLE}</p>`,
      `<div><span>${PAGE_URL}</span><h2>Local news</h2></div>`,
    ]) {
      const text = cleaned(`${top}${STORY_HTML}`);
      expectStory(text);
      expect(text).not.toMatch(/Harbour reopens|Home|example\.com/);
    }
  });

  it('leaves quoted material alone, an embedded post with its date too', () => {
    const text = cleaned(`${STORY_HTML}<blockquote><p>The harbour is open!</p>— Jane (@jane) May 17, 2024</blockquote>`);
    expect(text).toContain('— Jane (@jane) May 17, 2024');
  });

  it('removes nothing when the rules would leave nothing', () => {
    expect(cleaned('<p>Advertisement</p>')).toBe('Advertisement');
  });
});

describe('runs of links to the same site', () => {
  it('drops a list of links to other stories with its label', () => {
    const text = cleaned(`${STORY_HTML}<h3>More from the coast</h3><ul>
      <li><a href="https://www.news.example.com/2024/05/10/storm.html">Storm warning for the coast</a></li>
      <li><a href="/2024/05/12/ferry.html">Ferries cancelled for a week</a></li></ul>`);
    expectStory(text);
    expect(text).not.toMatch(/More from|Storm warning|Ferries/);
  });

  it('drops teaser cards: a picture linking to a story, and its headline', () => {
    const card = (n: number) => `<div><a href="/2024/05/0${n}/story.html"><img src="/t${n}.jpg"></a><h3>KICKER ${n}</h3><p>Headline of story ${n}</p></div>`;
    const text = cleaned(`${STORY_HTML}<div>${card(1)}${card(2)}${card(3)}</div>`);
    expectStory(text);
    expect(text).not.toMatch(/KICKER|Headline of story/);
  });

  it('keeps lists of links to other sites, pictures with captions, a lone link and links inside a sentence', () => {
    const html = `${STORY_HTML}
      <h3>Sources</h3><ul><li><a href="https://gov.example.org/report">The inquiry's report</a></li><li><a href="https://stats.example.net/tides">Tide tables</a></li></ul>
      <div><div><a href="/wiki/Quay"><img src="/q.jpg"></a><div>The old quay</div></div><div><a href="/wiki/Wall"><img src="/w.jpg"></a><div>The outer wall</div></div></div>
      <p><a href="/2024/05/17/report.html">Read the full report</a></p>
      <p><a href="/topics/port-authority">The port authority</a> and <a href="/topics/coastguard">the coastguard</a> agreed.</p>`;
    const text = cleaned(html);
    for (const kept of ['Sources', "The inquiry's report", 'Tide tables', 'The old quay', 'The outer wall', 'Read the full report', 'the coastguard agreed']) {
      expect(text).toContain(kept);
    }
  });
});

describe("Readability's copy of the page, made only when it tries again", () => {
  const story = STORY.join(' ').repeat(3);
  /**
   * Readability's first attempt drops the sidebar, finds too little text, and tries again keeping
   * it, on the page as it was after its preparation: the script gone, the line breaks paragraphs.
   */
  const retried = `<!doctype html><html><head><title>${TITLE}</title></head><body>
    <div class="sidebar"><p>${story}</p><script>document.write('late')</script>
    Boats back at the quay.<br><br>Crews unloaded before dawn.<br><br><font>The wall is under repair.</font></div>
    <footer><p>Contact the newsroom.</p></footer></body></html>`;
  const readOnce = `<!doctype html><html><head><title>${TITLE}</title></head><body><article><p>${story}</p></article></body></html>`;

  function parse(html: string) {
    const { document } = parseHTML(html);
    setDocumentUrl(document, PAGE_URL, html);
    return document;
  }

  /** Readability as readableArticle runs it, keeping its page copy the usual way, then the same cleaning. */
  function asReadabilityAlone(html: string): string {
    const reader = new Readability(parse(html) as unknown as ConstructorParameters<typeof Readability>[0], { keepClasses: true, serializer: (node) => node });
    const parsed = reader.parse();
    expect((reader as unknown as { _attempts: unknown[] })._attempts.length).toBeGreaterThan(0);
    return cleanArticle(parsed!.content as unknown as Parameters<typeof cleanArticle>[0], { title: TITLE, pageUrl: PAGE_URL }).innerHTML;
  }

  /** readableArticle on `html`, counting how often it builds the page again. */
  function read(html: string) {
    let built = 0;
    const article = readableArticle(parse(html), PAGE_URL, () => {
      built++;
      return parse(html);
    });
    return { article, built };
  }

  it('builds the page again when Readability tries again, and finds the article it would have found', () => {
    const { article, built } = read(retried);
    expect(built).toBe(1);
    expect(normalizeSpace(article?.content.textContent ?? '')).toContain(STORY[0]);
    expect(article?.content.innerHTML).toBe(asReadabilityAlone(retried));
  });

  it('never builds the page again when the first attempt finds the article', () => {
    const { article, built } = read(readOnce);
    expect(built).toBe(0);
    expect(normalizeSpace(article?.content.textContent ?? '')).toContain(STORY[2]);
  });
});

describe('the HTML Readability would make and discard', () => {
  /** How many times linkedom writes an element out as HTML while `work` runs. */
  function serializations(work: () => void): number {
    const owner = Object.getPrototypeOf(Object.getPrototypeOf(parseHTML('<div></div>').document.createElement('div')));
    let prototype = owner;
    while (!Object.getOwnPropertyDescriptor(prototype, 'innerHTML')) prototype = Object.getPrototypeOf(prototype);
    const accessor = Object.getOwnPropertyDescriptor(prototype, 'innerHTML')!;
    let count = 0;
    Object.defineProperty(prototype, 'innerHTML', { ...accessor, get() { count++; return accessor.get!.call(this); } });
    try {
      work();
    } finally {
      Object.defineProperty(prototype, 'innerHTML', accessor);
    }
    return count;
  }

  const page = `<!doctype html><html><head><title>${TITLE}</title></head><body><article>${STORY_HTML.repeat(3)}</article></body></html>`;
  function parse() {
    const { document } = parseHTML(page);
    setDocumentUrl(document, PAGE_URL, page);
    return document;
  }

  it('is never made: neither the copy of the page nor the grabbed article it logs', () => {
    // Readability alone writes out the body, then the article for its log, then the article as its result.
    expect(serializations(() => new Readability(parse() as unknown as ConstructorParameters<typeof Readability>[0]).parse())).toBe(3);
    let article: ReturnType<typeof readableArticle> = null;
    expect(serializations(() => (article = readableArticle(parse(), PAGE_URL, parse)))).toBe(0);
    expect(normalizeSpace(article!.content.textContent ?? '')).toContain(STORY[2]);
    // The article still writes itself out when asked, as the same HTML every time.
    expect(article!.content.innerHTML).toContain(`<p>${STORY[0]}</p>`);
    expect(article!.content.innerHTML).toBe(article!.content.innerHTML);
  });
});
