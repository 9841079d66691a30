/**
 * Payloads in what the app shows as text: the title, byline and metadata (they act only if
 * shown as HTML, so their control shows that HTML unsanitised), and link text that hides where
 * a link goes with bidi and zero-width characters.
 */
import { family } from '../case';

const image = (pwn: string) => `<img src="x" onerror="${pwn}">`;
const escaped = (html: string) => html.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export const metadataCases = family('payloads in the title, byline and metadata', 'md', [
  { title: (c) => escaped(image(c.pwn)), fragment: (c) => image(c.pwn) },
  { title: (c) => `<img src=x onerror=${c.pwn}>`, fragment: (c) => `<img src=x onerror=${c.pwn}>` },
  { head: (c) => `<meta name="author" content="${escaped(image(c.pwn))}">`, fragment: (c) => image(c.pwn) },
  { head: (c) => `<meta property="og:title" content="${escaped(`<svg onload="${c.pwn}">`)}">`, fragment: (c) => `<svg onload="${c.pwn}">` },
  { head: (c) => `<meta property="og:site_name" content="${escaped(image(c.pwn))}">`, fragment: (c) => image(c.pwn) },
  { head: (c) => `<meta name="description" content="${escaped(`<details open ontoggle="${c.pwn}">`)}">`, fragment: (c) => `<details open ontoggle="${c.pwn}">` },
  {
    head: (c) => `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', headline: image(c.pwn), author: { '@type': 'Person', name: image(c.pwn) } })}</script>`,
    fragment: (c) => image(c.pwn),
  },
  { head: (c) => `<script type="application/ld+json">{"@type":"NewsArticle","headline":"</script><script>${c.pwn}</script>"}</script>` },
  { head: (c) => `<meta name="citation_author" content="${escaped(image(c.pwn))}"><meta name="citation_journal_title" content="${escaped(image(c.pwn))}">`, fragment: (c) => image(c.pwn) },
  { body: (c) => `<p class="byline">By <span class="author">Mallory ${image(c.pwn)}</span></p>` },
  { head: (c) => `<link rel="canonical" href="javascript:${c.pwn}">`, fragment: (c) => `<a id="trigger" href="javascript:${c.pwn}">${c.trigger}</a>`, clicked: true },
  { head: (c) => `<meta name="citation_pdf_url" content="javascript:${c.pwn}">`, fragment: (c) => `<a id="trigger" href="javascript:${c.pwn}">${c.trigger}</a>`, clicked: true },
  { head: (c) => `<meta name="citation_doi" content="10.1234/x&quot;&gt;${escaped(image(c.pwn))}">`, fragment: (c) => `10.1234/x">${image(c.pwn)}` },
  { head: (c) => `<meta property="article:published_time" content="${escaped(image(c.pwn))}">`, fragment: (c) => image(c.pwn) },
]);

export const bidiLinkCases = family('bidi and zero-width characters in link text', 'bd', [
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">${c.trigger} https://example.org/&#x202E;fdp.exe</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="java&#x09;script:${c.pwn}">${c.trigger} &#x200B;https://bank.example/</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">${c.trigger}&#x2066;&#x2067;&#x2068;&#x2069;</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">${c.trigger} w&#x200D;w&#x200D;w.example.org</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="JAVASCRIPT:${c.pwn}">${c.trigger} &#x061C;&#x200E;&#x200F;</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">&#x202D;${c.trigger}&#x202C; report</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="  javascript:${c.pwn}">${c.trigger}&#xFEFF; report</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">${c.trigger} &#x202B;&#x05D0;&#x05D1;&#x202C; report</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="javascript:${c.pwn}">${c.trigger} &#x2060;&#x180E;&#x00AD; report</a></p>`, clicked: true },
  { body: (c) => `<p>Get <a id="trigger" href="j&#x0A;avascript:${c.pwn}">${c.trigger} https://example.org/&#x202E;gpj.exe</a></p>`, clicked: true },
]);
