import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clipPage } from '../../src-main/clip/clip-page';
import { parseDocument } from '../../src-main/clip/extract';
import { readPageMetadata, toIsoDate } from '../../src-main/clip/metadata';
import { findMetadataElements, METADATA_QUERIES } from '../../src-main/clip/metadata-elements';
import { fixturePath } from '../support/temp';

const PAGE_URL = 'https://news.example.org/2023/04/story.html';

function metadataOf(head: string, body = '', htmlAttributes = '') {
  const html = `<!doctype html><html ${htmlAttributes}><head>${head}</head><body>${body}</body></html>`;
  const document = parseDocument(html);
  return readPageMetadata(document, findMetadataElements(document), PAGE_URL, html);
}

function jsonLd(value: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
}

const ARTICLE_TEXT = Array.from(
  { length: 6 },
  (_, i) => `<p>Paragraph ${i + 1} of the story goes on long enough, with commas, clauses and detail, that Readability takes it for the article body it is.</p>`,
).join('');

describe('JSON-LD', () => {
  it('gives the title, authors, dates, publisher, description and language of an Article', () => {
    const metadata = metadataOf(
      jsonLd({
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        headline: 'Belarus Draws Closer to Iran',
        author: { '@type': 'Person', name: 'Henry Srebrnik' },
        datePublished: '2023-04-05T08:12:00-03:00',
        dateModified: '2023-04-06T10:00:00+0100',
        publisher: { '@type': 'Organization', name: 'The Chronicle' },
        description: 'Minsk and Tehran sign a pact.',
        inLanguage: 'en-GB',
      }),
    );
    expect(metadata).toMatchObject({
      title: 'Belarus Draws Closer to Iran',
      authors: ['Henry Srebrnik'],
      publishedAt: '2023-04-05T08:12:00-03:00',
      modifiedAt: '2023-04-06T10:00:00+01:00',
      publisher: 'The Chronicle',
      siteName: 'The Chronicle',
      excerpt: 'Minsk and Tehran sign a pact.',
      lang: 'en-GB',
    });
  });

  it('reads an @graph, following @id references to the author, page and website', () => {
    const metadata = metadataOf(
      jsonLd({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebSite', '@id': 'https://blog.example/#website', name: 'Field Notes' },
          { '@type': 'WebPage', '@id': 'https://blog.example/post/#webpage', name: 'Post - Field Notes', description: 'What the page says about itself.', isPartOf: { '@id': 'https://blog.example/#website' } },
          { '@type': ['Article', 'BlogPosting'], headline: 'Post', author: { '@id': 'https://blog.example/#/person/1' }, isPartOf: { '@id': 'https://blog.example/post/#webpage' }, datePublished: '2024-01-02' },
          { '@type': 'Person', '@id': 'https://blog.example/#/person/1', name: 'Ann Poe' },
        ],
      }),
    );
    expect(metadata).toMatchObject({ title: 'Post', authors: ['Ann Poe'], siteName: 'Field Notes', excerpt: 'What the page says about itself.', publishedAt: '2024-01-02' });
  });

  it('finds the article as a page’s mainEntity and falls back to the WebPage itself', () => {
    const nested = metadataOf(jsonLd({ '@type': 'WebPage', name: 'Page', mainEntity: { '@type': 'ScholarlyArticle', headline: 'Nested paper', author: 'Jo Bloggs' } }));
    expect(nested).toMatchObject({ title: 'Nested paper', authors: ['Jo Bloggs'] });
    expect(metadataOf(jsonLd({ '@type': 'CollectionPage', name: 'Front page', inLanguage: 'es' }))).toMatchObject({ title: 'Front page', lang: 'es' });
  });

  it('lists every author of an array, whether strings or Person objects, once each and without prefixes or URLs', () => {
    const metadata = metadataOf(
      jsonLd({
        '@type': 'Article',
        headline: 'Joint work',
        author: [{ '@type': 'Person', name: 'Jane Doe' }, 'By John Roe', { '@type': 'Person', givenName: 'Ann', familyName: 'Poe' }, 'jane doe', 'https://example.org/staff/jane'],
      }),
    );
    expect(metadata.authors).toEqual(['Jane Doe', 'John Roe', 'Ann Poe']);
  });

  it('survives broken JSON-LD, reading the next script and the meta tags instead', () => {
    const read = () =>
      metadataOf(`<script type="application/ld+json">{"@type": "Article", "headline": </script>
        <script type="application/ld+json"><![CDATA[ {"@type": "Article", "author": {"name": "Ann Poe"}, "description": "a line
        break inside a string"} ]]></script>
        <meta property="og:title" content="From OpenGraph">`);
    expect(read).not.toThrow();
    expect(read()).toMatchObject({ title: 'From OpenGraph', authors: ['Ann Poe'], excerpt: 'a line break inside a string' });
  });

  it('survives JSON-LD nested far deeper than any real page', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const authors = `{"@type": "Article", "headline": "Deep", "author": ${'['.repeat(50_000)}"Ann Poe"${']'.repeat(50_000)}}`;
    const read = () => metadataOf(`<script type="application/ld+json">${deep}</script><script type="application/ld+json">${authors}</script>`);
    expect(read).not.toThrow();
    expect(read().title).toBe('Deep');
  });

  it('decodes entities sites escape twice', () => {
    expect(metadataOf(jsonLd({ '@type': 'Article', headline: 'That&#039;s it &amp; more' })).title).toBe("That's it & more");
    expect(metadataOf('<meta property="og:title" content="Crying &amp;#x1F62D; &amp;#128557;">').title).toBe('Crying 😭 😭');
  });

  it('prefers the headline, unless it is a tagline and the <title> bears out the name', () => {
    const tagline = metadataOf(`<title>New Zealand - Wikipedia</title>${jsonLd({ '@type': 'Article', name: 'New Zealand', headline: 'constitutional monarchy in Oceania' })}`);
    expect(tagline.title).toBe('New Zealand');
    const siteInName = metadataOf(`<title>Another story</title>${jsonLd({ '@type': 'NewsArticle', name: 'Daily Site', headline: 'Real headline' })}`);
    expect(siteInName.title).toBe('Real headline');
  });

  it('names the journal an article is part of, and its DOI', () => {
    const metadata = metadataOf(
      jsonLd({
        '@type': 'ScholarlyArticle',
        headline: 'A paper',
        sameAs: 'https://doi.org/10.5555/Paper.2023.7',
        isPartOf: { '@type': 'PublicationIssue', issueNumber: '3', isPartOf: { '@type': ['Periodical', 'PublicationVolume'], name: 'Journal of Examples' } },
      }),
    );
    expect(metadata).toMatchObject({ journal: 'Journal of Examples', doi: '10.5555/Paper.2023.7' });
  });
});

describe('Highwire citation_* tags', () => {
  it('give a paper’s title, every author, date, journal, DOI, PDF and publisher', () => {
    const metadata = metadataOf(`
      <meta name="citation_title" content="On Examples">
      <meta name="citation_author" content="Srebrnik, Henry">
      <meta name="citation_author" content="Jane Doe">
      <meta name="citation_author" content="Henry Srebrnik">
      <meta name="citation_publication_date" content="2023/04/05">
      <meta name="citation_journal_title" content="Journal of Examples">
      <meta name="citation_doi" content="doi:10.1234/ABC.5">
      <meta name="citation_pdf_url" content="/papers/on-examples.pdf">
      <meta name="citation_publisher" content="Example Press">`);
    expect(metadata).toMatchObject({
      title: 'On Examples',
      authors: ['Henry Srebrnik', 'Jane Doe'],
      publishedAt: '2023-04-05',
      journal: 'Journal of Examples',
      doi: '10.1234/ABC.5',
      pdfUrl: 'https://news.example.org/papers/on-examples.pdf',
      publisher: 'Example Press',
    });
  });

  it('fall back from the publication date to citation_date and the online date', () => {
    expect(metadataOf('<meta name="citation_online_date" content="2021/11/30">').publishedAt).toBe('2021-11-30');
  });
});

describe('OpenGraph and article:*', () => {
  it('give title, site, description, canonical URL and language', () => {
    const metadata = metadataOf(`
      <meta property="og:title" content="OG title">
      <meta property="og:site_name" content="Example News">
      <meta property="og:description" content="OG description">
      <meta property="og:url" content="https://example.org/canonical">
      <meta property="og:locale" content="pt_BR">`);
    expect(metadata).toMatchObject({ title: 'OG title', siteName: 'Example News', excerpt: 'OG description', canonicalUrl: 'https://example.org/canonical', lang: 'pt-BR' });
  });

  it('give published and modified times, and authors by name but not by profile URL', () => {
    const metadata = metadataOf(`
      <meta property="article:published_time" content="2021-11-01T10:52:50+0100">
      <meta property="article:modified_time" content="2021-11-02T09:00:00Z">
      <meta property="article:author" content="https://www.facebook.com/someone">
      <meta property="article:author" content="Aleš Vávra">`);
    expect(metadata).toMatchObject({ publishedAt: '2021-11-01T10:52:50+01:00', modifiedAt: '2021-11-02T09:00:00Z', authors: ['Aleš Vávra'] });
  });
});

describe('Dublin Core and plain meta tags', () => {
  it('read DC.* and dcterms.* in any case and spelling', () => {
    const metadata = metadataOf(`
      <meta name="DC.title" content="DC title">
      <meta name="dc.creator" content="Ann Poe">
      <meta property="DC:creator" content="Jo Bloggs">
      <meta name="DCTERMS.issued" content="2015-04-08">
      <meta name="dcterms.modified" content="2015-04-09T12:46:00">
      <meta name="DC.Publisher" content="Heise Medien">
      <meta name="dc.language" content="de">`);
    expect(metadata).toMatchObject({
      title: 'DC title',
      authors: ['Ann Poe', 'Jo Bloggs'],
      publishedAt: '2015-04-08',
      modifiedAt: '2015-04-09T12:46:00',
      publisher: 'Heise Medien',
      lang: 'de',
    });
  });

  it('split a meta author list into people, but keep an organisation with "&" whole', () => {
    expect(metadataOf('<meta name="author" content="By Jane Doe and John Roe">').authors).toEqual(['Jane Doe', 'John Roe']);
    expect(metadataOf('<meta name="author" content="Mac &amp; i">').authors).toEqual(['Mac & i']);
  });

  it('take the description from <meta name=description> when nothing richer says it', () => {
    expect(metadataOf('<meta name="description" content="  Plain   description ">').excerpt).toBe('Plain description');
  });

  it('use twitter:* only as a last resort', () => {
    expect(metadataOf('<meta name="twitter:title" content="Tweet title"><meta name="twitter:description" content="Tweet text">')).toMatchObject({
      title: 'Tweet title',
      excerpt: 'Tweet text',
    });
    expect(metadataOf('<meta name="twitter:title" content="Tweet title"><meta name="DC.title" content="DC title">').title).toBe('DC title');
  });
});

describe('dates in the page', () => {
  it('take <time itemprop=datePublished> and the first <time> of the article', () => {
    expect(metadataOf('', '<p><time itemprop="datePublished" datetime="2013-09-29">Sep 29</time></p>').publishedAt).toBe('2013-09-29');
    expect(metadataOf('', '<article><time datetime="comment_date">x</time><time datetime="2020-12-18T16:09:48+00:00">Dec 18</time></article>').publishedAt).toBe(
      '2020-12-18T16:09:48+00:00',
    );
  });

  it('prefer a declared date over one shown in the page', () => {
    const metadata = metadataOf('<meta property="article:published_time" content="2016-12-22T10:43:37-08:00">', '<article><time datetime="2016-12-22T10:43:37Z">x</time></article>');
    expect(metadata.publishedAt).toBe('2016-12-22T10:43:37-08:00');
  });

  it('are written as ISO 8601, keeping the page’s offset and a bare date as it is', () => {
    expect(toIsoDate('2023-04-05')).toBe('2023-04-05');
    expect(toIsoDate('2019-04-28 06:01:07')).toBe('2019-04-28T06:01:07');
    expect(toIsoDate('2020-11-11 12:00:00.000-0600')).toBe('2020-11-11T12:00:00.000-06:00');
    expect(toIsoDate('Thu, 09 Mar 2017 18:16:02 -0400')).toBe('2017-03-09T18:16:02-04:00');
    expect(toIsoDate('Thu, 09 Mar 2017 18:16:02 GMT')).toBe('2017-03-09T18:16:02Z');
    expect(toIsoDate('Mon Nov 01 2021 10:52:50 GMT+0100 (Central European Standard Time)')).toBe('2021-11-01T10:52:50+01:00');
    expect(toIsoDate('05/29/2007 09:49:00')).toBe('2007-05-29T09:49:00');
    expect(toIsoDate('March 9, 2017')).toBe('2017-03-09');
    for (const junk of ['comment_date', '2023-13-01', '0000-00-00', 'Issue 85', '1429214521']) expect(toIsoDate(junk)).toBeNull();
  });
});

describe('addresses and language', () => {
  it('resolve a relative canonical URL against the page and refuse other schemes', () => {
    expect(metadataOf('<link rel="canonical" href="../story-canonical.html?id=7">').canonicalUrl).toBe('https://news.example.org/2023/story-canonical.html?id=7');
    expect(metadataOf('<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="//cdn.example.org/x">').canonicalUrl).toBe(
      'https://cdn.example.org/x',
    );
    expect(metadataOf('<meta name="citation_pdf_url" content="ftp://example.org/paper.pdf">').pdfUrl).toBeNull();
  });

  it('take the language from <html lang>, else Content-Language', () => {
    expect(metadataOf('<meta http-equiv="Content-Language" content="fr">', '', 'lang="en-US"').lang).toBe('en-US');
    expect(metadataOf('<meta http-equiv="content-language" content="fr">').lang).toBe('fr');
  });
});

describe('a DOI in the page', () => {
  it('is found in a doi.org link or in "doi:" text, without trailing punctuation', () => {
    expect(metadataOf('', '<p>Cite as <a href="https://doi.org/10.1000%2Fxyz123">the paper</a>.</p>').doi).toBe('10.1000/xyz123');
    expect(metadataOf('', '<p>(doi:10.1002/(SICI)1097-4571(199806)49).</p>').doi).toBe('10.1002/(SICI)1097-4571(199806)49');
    expect(metadataOf('', '<p>(DOI: 10.5555/12345678).</p>').doi).toBe('10.5555/12345678');
    expect(metadataOf('', '<a href="https://dx.doi.org/10.5555/abc?utm_source=feed#cite">x</a>').doi).toBe('10.5555/abc');
  });

  it('is not guessed when the page names several, as a reference list does', () => {
    expect(metadataOf('', '<ol><li><a href="https://doi.org/10.1/a">A</a></li><li><a href="https://doi.org/10.1/b">B</a></li></ol>').doi).toBeNull();
  });

  it('is not read from scripts', () => {
    expect(metadataOf('', '<script>var cited = "doi:10.9999/tracking";</script><p>No DOI here.</p>').doi).toBeNull();
  });

  it('is found when "doi:" and the number are in separate elements', () => {
    expect(metadataOf('', '<p>doi:</p><p>10.5555/split</p>').doi).toBe('10.5555/split');
    expect(metadataOf('', '<p><b>DOI</b> 10.5555/tagged</p>').doi).toBe('10.5555/tagged');
    expect(metadataOf('', '<p>doi&nbsp;10.5555/spaced</p>').doi).toBe('10.5555/spaced');
    expect(metadataOf('', '<p>doi10.5555/joined and doing 10.1234 things</p>').doi).toBe('10.5555/joined');
  });
});

describe('the elements metadata is read from, found in one pass', () => {
  const TRICKY = `<!doctype html><html><head>
    <title>First</title><title>Second</title>
    <META CONTENT="upper-case attribute names" NAME="x"><meta content="" name="empty">
    <meta itemprop="author" content="A"><meta itemprop="author"><meta itemprop="Author" content="B"><span itemprop="author">C</span>
    <link rel="Canonical  shortlink" href="/c"><link rel="canonical"><link rel="xcanonical" href="/x">
    <link rel="ALTERNATE" type="Application/PDF" href="/p.pdf"><link rel="alternate" type="application/pdf+x" href="/q">
    <meta property="og:url" content="/og"><meta property="OG:URL" content="/og2"><meta property="og:url">
    <script type="application/ld+json">{}</script><script>1</script><script type="">x</script>
  </head><body>
    <svg><title>In a drawing</title><a href="https://doi.org/10.1/svg">x</a></svg>
    <span itemprop="datePublished dateModified" content="2020-01-01"></span><span itemprop="xdatePublished"></span>
    <span itemprop="datepublished"></span><i itemprop=" dateModified	"></i>
    <div class="x dt-published" datetime="2020"></div><div class="DT-PUBLISHED" datetime="1"></div><div class="dt-published"></div>
    <time class="published" datetime="2021"></time><abbr class="published" title="2022"></abbr><abbr class="published"></abbr>
    <time class="unpublished" datetime="0"></time><time pubdate datetime="2023"></time><time pubdate></time>
    <article><div><time datetime="2024"></time></div></article><time datetime="2025"></time><ARTICLE><TIME datetime="2"></TIME></ARTICLE>
    <a href="https://doi.org/10.5/x">x</a><a href="https://DOI.org/10.5/y">y</a><a>z</a>
    <template><meta content="in a template"><time pubdate datetime="2026"></time></template>
  </body></html><meta content="after the document element">`;

  it('finds what each query’s CSS selector finds, in document order', () => {
    const pages = [TRICKY, ...readdirSync(fixturePath('.')).filter((name) => name.endsWith('.html')).map((name) => readFileSync(fixturePath(name), 'latin1'))];
    for (const html of pages) {
      const document = parseDocument(html);
      const found = findMetadataElements(document);
      // Elements compared by their place in the document, which also tells them apart.
      const places = new Map<unknown, number>(Array.from(document.querySelectorAll('*')).map((element, index) => [element, index]));
      const placesOf = (elements: Iterable<unknown>) => Array.from(elements, (element) => places.get(element) ?? -1);
      for (const [name, query] of Object.entries(METADATA_QUERIES)) {
        const expected = placesOf(document.querySelectorAll(query.selector));
        expect(placesOf(found[name as keyof typeof found]), query.selector).toEqual(expected);
      }
    }
  });
});

describe('precedence', () => {
  it('trusts JSON-LD over Highwire over OpenGraph over Dublin Core over twitter', () => {
    const all = `<meta name="twitter:title" content="T"><meta name="DC.title" content="DC"><meta property="og:title" content="OG">`;
    expect(metadataOf(all).title).toBe('OG');
    expect(metadataOf(`${all}<meta name="citation_title" content="Highwire">`).title).toBe('Highwire');
    expect(metadataOf(`${all}<meta name="citation_title" content="Highwire">${jsonLd({ '@type': 'Article', headline: 'JSON-LD' })}`).title).toBe('JSON-LD');
  });

  it('takes authors from the most trusted source that names any, without mixing sources', () => {
    const metadata = metadataOf(`<meta name="author" content="Web Desk">${jsonLd({ '@type': 'Article', author: [{ name: 'Jane Doe' }, { name: 'John Roe' }] })}`);
    expect(metadata.authors).toEqual(['Jane Doe', 'John Roe']);
  });
});

describe('clipping with page metadata', () => {
  function clip(head: string, body: string) {
    const html = `<!doctype html><html lang="en"><head><title>A plain page title</title>${head}</head><body>${body}</body></html>`;
    return clipPage({ bytes: new TextEncoder().encode(html), fetchedUrl: PAGE_URL, label: 'page' }).article;
  }

  it('keeps what JSON-LD says, though Readability removes the script before it reads the page', () => {
    const article = clip(
      jsonLd({ '@type': 'ScholarlyArticle', headline: 'Stated title', author: ['Ann Poe', 'Jo Bloggs'], datePublished: '2022-02-03', dateModified: '2022-03-04', identifier: 'doi:10.4321/xyz', publisher: { name: 'Example Press' }, isPartOf: { '@type': 'Periodical', name: 'Examples Quarterly' } }) +
        '<meta name="citation_pdf_url" content="/x.pdf">',
      `<article><h1>Stated title</h1><p class="byline">By Somebody Else</p>${ARTICLE_TEXT}</article>`,
    );
    expect(article).toMatchObject({
      title: 'Stated title',
      authors: ['Ann Poe', 'Jo Bloggs'],
      byline: 'Ann Poe, Jo Bloggs',
      publishedAt: '2022-02-03',
      modifiedAt: '2022-03-04',
      doi: '10.4321/xyz',
      journal: 'Examples Quarterly',
      publisher: 'Example Press',
      pdfUrl: 'https://news.example.org/x.pdf',
    });
  });

  it('falls back to Readability’s title and byline when the page states neither', () => {
    const article = clip('', `<article><h1>Heading</h1><p class="byline">By Jane Doe and John Roe</p>${ARTICLE_TEXT}</article>`);
    expect(article.title).toBe('A plain page title');
    expect(article.authors).toEqual(['Jane Doe', 'John Roe']);
    expect(article).toMatchObject({ doi: null, journal: null, publisher: null, pdfUrl: null, modifiedAt: null });
  });
});
