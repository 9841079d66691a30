import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseImportList } from '../../src-main/common/imports';
import { bestSrcsetCandidate, prepareImages } from '../../src-main/clip/images';
import { findMetadataElements } from '../../src-main/clip/metadata-elements';
import { isPrivateAddress } from '../../src-main/clip/network-policy';
import { normalizeUrl } from '../../src-main/clip/url';

describe('normalising an article’s address', () => {
  it('drops the fragment, tracking parameters and default port, and keeps what identifies the page', () => {
    expect(normalizeUrl('HTTPS://Example.ORG:443/a/b?utm_source=x&id=7&fbclid=y#section')).toBe('https://example.org/a/b?id=7');
    expect(normalizeUrl('https://example.org/a?gclid=1&utm_medium=m')).toBe('https://example.org/a');
    expect(normalizeUrl('https://example.org/a?page=2')).toBe('https://example.org/a?page=2');
    expect(normalizeUrl('ftp://example.org/')).toBeNull();
    expect(normalizeUrl('not a url')).toBeNull();
  });
});

describe('private addresses', () => {
  it('covers loopback, the private ranges, link-local and unique-local IPv6', () => {
    for (const address of ['127.0.0.1', '127.9.9.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:4860:4860::8888', '1.1.1.1']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});

describe('finding an image’s real address', () => {
  it('takes the largest srcset candidate', () => {
    expect(bestSrcsetCandidate('a.jpg 480w, b.jpg 1200w, c.jpg 800w')).toBe('b.jpg');
    expect(bestSrcsetCandidate('a.jpg, b.jpg 2x')).toBe('b.jpg');
    expect(bestSrcsetCandidate('https://x.org/a,b.jpg 1x, https://x.org/c.jpg 3x')).toBe('https://x.org/c.jpg');
    expect(bestSrcsetCandidate('')).toBeNull();
  });

  it('prefers lazy-loading attributes and <picture> sources over placeholders', () => {
    const { document } = parseHTML(`<html><body>
      <img id="lazy" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real.jpg">
      <img id="lazyset" src="/spacer.gif" data-srcset="/s.jpg 300w, /l.jpg 900w">
      <img id="set" src="/small.jpg" srcset="/small.jpg 1x, /big.jpg 2x">
      <picture><source type="image/webp" srcset="/p.webp 1x, /p2.webp 2x"><img id="pic" src="/fallback.jpg"></picture>
      <img id="plain" src="/plain.png" loading="lazy">
    </body></html>`);
    prepareImages(findMetadataElements(document).images);
    const src = (id: string) => document.getElementById(id)?.getAttribute('src');
    expect(src('lazy')).toBe('/real.jpg');
    expect(src('lazyset')).toBe('/l.jpg');
    expect(src('set')).toBe('/big.jpg');
    expect(src('pic')).toBe('/p2.webp');
    expect(src('plain')).toBe('/plain.png');
    expect(document.querySelector('img[srcset], img[loading]')).toBeNull();
  });
});

describe('reading lists', () => {
  it('reads Pocket’s CSV export with its tags, saved date and state', () => {
    const csv = 'title,url,time_added,tags,status\n"Border, explained",https://example.org/a,1680000000,politics|belarus,archive\nPlain,https://example.org/b,1680000100,,unread\nbroken line without url\n';
    expect(parseImportList('pocket.csv', csv)).toEqual([
      { url: 'https://example.org/a', title: 'Border, explained', savedAt: '2023-03-28T10:40:00.000Z', tags: ['politics', 'belarus'], state: 'archived' },
      { url: 'https://example.org/b', title: 'Plain', savedAt: '2023-03-28T10:41:40.000Z', tags: [], state: 'unread' },
    ]);
  });

  it('reads a text file of URLs, one a line, ignoring anything else', () => {
    expect(parseImportList('urls.txt', 'https://a.org/1\n\n# a comment\nhttp://b.org/2\r\nnot a url\n').map((item) => item.url)).toEqual(['https://a.org/1', 'http://b.org/2']);
  });

  it('parses quoted CSV fields with commas, quotes and newlines', () => {
    expect(parseCsv('a,"b, ""c""","d\ne"\n1,2,3')).toEqual([['a', 'b, "c"', 'd\ne'], ['1', '2', '3']]);
  });
});
