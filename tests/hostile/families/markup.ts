/** Payloads in the markup itself: handlers, SVG, namespace confusion, clobbering, broken HTML. */
import { family } from '../case';

export const eventHandlerCases = family('event-handler attributes', 'eh', [
  { body: (c) => `<p><img src="/missing.png" alt="a map" onerror="${c.pwn}"></p>` },
  { body: (c) => `<p><IMG SRC=x ONERROR=${c.pwn}></p>` },
  { body: (c) => `<p><img/src="x"/onerror="${c.pwn}"></p>` },
  { body: (c) => `<details open ontoggle="${c.pwn}"><summary>Survey notes</summary><p>Markers were counted twice.</p></details>` },
  { body: (c) => `<p><input autofocus onfocus="${c.pwn}"></p>` },
  { body: (c) => `<p><audio src="x" onerror="${c.pwn}"></audio></p>` },
  { body: (c) => `<p><video><source src="x" onerror="${c.pwn}"></video></p>` },
  { body: (c) => `<p><img src="x" onerror="&#x70;&#x77;&#x6e;('${c.id}')"></p>` },
  { body: (c) => `<p><span onclick="${c.pwn}" id="trigger">${c.trigger}</span> for the appendix.</p>`, clicked: true },
  { body: (c) => `<p><img src="x" onerror
="${c.pwn}"></p>` },
  { body: (c) => `<p><svg><image href="x" onerror="${c.pwn}"></image></svg></p>` },
  { body: (c) => `<p><body onpageshow="${c.pwn}"><img src="x" onerror="${c.pwn}"></p>` },
]);

export const svgCases = family('SVG with script, use and foreignObject', 'svg', [
  { body: (c) => `<svg onload="${c.pwn}" width="10" height="10"><circle cx="5" cy="5" r="4"></circle></svg>` },
  { body: (c) => `<svg><script>${c.pwn}</script></svg>` },
  { body: (c) => `<svg><script href="data:text/javascript,${c.pwn}"></script></svg>` },
  { body: (c) => `<svg><foreignObject width="100" height="50"><img src="x" onerror="${c.pwn}"></foreignObject></svg>` },
  { body: (c) => `<svg width="200" height="30"><a href="javascript:${c.pwn}" id="trigger"><text x="0" y="20">${c.trigger}</text></a></svg>`, clicked: true },
  { body: (c) => `<svg><foreignObject width="100" height="50"><iframe srcdoc="<script>top.pwn('${c.id}')</script>"></iframe></foreignObject></svg>` },
  { body: (c) => `<svg width="10" height="10"><defs><g id="mark"><image href="${c.hit}" width="10" height="10"></image></g></defs><use href="#mark"></use></svg>` },
  { body: (c) => `<svg width="10" height="10"><use href="#probe"></use><defs><foreignObject id="probe" width="10" height="10"><img src="x" onerror="${c.pwn}"></foreignObject></defs></svg>` },
  { body: (c) => `<svg width="200" height="30"><a id="trigger"><animate attributeName="href" values="javascript:${c.pwn}"></animate><text x="0" y="20">${c.trigger}</text></a></svg>`, clicked: true },
  { body: (c) => `<svg><image href="${c.hit}"></image></svg>` },
]);

export const mxssCases = family('MathML, noscript and style namespace confusion (mXSS)', 'mx', [
  { body: (c) => `<math><mtext><img src="x" onerror="${c.pwn}"></mtext></math>` },
  { body: (c) => `<math><style><img src="x" onerror="${c.pwn}"></style></math>` },
  { body: (c) => `<noscript><p title="</noscript><img src=x onerror=${c.pwn}>"></p></noscript>` },
  { body: (c) => `<svg></p><style><a id="</style><img src=1 onerror=${c.pwn}>">` },
  { body: (c) => `<math><annotation-xml encoding="text/html"><img src="x" onerror="${c.pwn}"></annotation-xml></math>` },
  { body: (c) => `<noembed><img title="</noembed><img src=x onerror=${c.pwn}>"></noembed>` },
  { body: (c) => `<xmp><p title="</xmp><img src=x onerror=${c.pwn}>"></xmp>` },
  { body: (c) => `<textarea><img title="</textarea><img src=x onerror=${c.pwn}>"></textarea>` },
  { body: (c) => `<style><img title="</style><img src=x onerror=${c.pwn}>"></style>` },
  { body: (c) => `<noscript><style></noscript><img src="x" onerror="${c.pwn}">` },
  { body: (c) => `<svg><style><img src="x" onerror="${c.pwn}"></style></svg>` },
]);

export const clobberingCases = family('DOM clobbering (name and id on forms and images)', 'cl', [
  { body: () => `<p><img name="getElementById" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`, probe: () => typeof document.getElementById !== 'function' },
  { body: () => `<form name="querySelector"><p>Form text.</p></form>`, probe: () => typeof document.querySelector !== 'function' },
  { body: () => `<p><img name="cookie" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`, probe: () => typeof document.cookie !== 'string' },
  { body: () => `<form name="createElement"></form>`, probe: () => typeof document.createElement !== 'function' },
  { body: () => `<p><img id="commonplace" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`, probe: () => (window as unknown as Record<string, unknown>).commonplace instanceof Element },
  { body: () => `<form id="bridge"><input name="invoke"></form>`, probe: () => (window as unknown as Record<string, unknown>).bridge instanceof Element },
  { body: () => `<p><img name="body" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`, probe: () => !(document.body instanceof HTMLBodyElement) },
  { body: () => `<form name="forms"></form>`, probe: () => !(document.forms instanceof HTMLCollection) },
  { body: () => `<p><img name="defaultView" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`, probe: () => document.defaultView !== window },
  { body: () => `<a id="token" href="https://attacker.example/">x</a><a id="token" name="value" href="https://attacker.example/">y</a>`, probe: () => (window as unknown as Record<string, unknown>).token instanceof HTMLCollection },
]);

export const malformedCases = family('malformed markup and comments', 'mf', [
  { body: (c) => `<!--><img src="x" onerror="${c.pwn}">-->` },
  { body: (c) => `<!-- --!><img src="x" onerror="${c.pwn}"> -->` },
  { body: (c) => `<<img src="x" onerror="${c.pwn}">` },
  { body: (c) => `<![CDATA[><img src="x" onerror="${c.pwn}">]]>` },
  { body: (c) => `<?xml ><img src="x" onerror="${c.pwn}">?>` },
  { body: (c) => `</x><img src="x" onerror="${c.pwn}">` },
  { body: (c) => `<img """><img src="x" onerror="${c.pwn}">">` },
  { body: (c) => `<a href="https://example.org/" title="<!--"><img src="x" onerror="${c.pwn}">-->` },
  { body: (c) => `<p>Stray ends</p></p></div></span></table><img src="x" onerror="${c.pwn}">` },
  { body: (c) => `<img src="x" onerror="${c.pwn}"//` },
  { body: (c) => `<!-- a comment <!-- nested --><img src="x" onerror="${c.pwn}"><!-- -->` },
  { body: (c) => `<p>Unclosed <b><i>tags <img src=x onerror=${c.pwn}></b></i>` },
]);
