/** javascript:, vbscript: and data: addresses, obfuscated the ways browsers forgive. */
import { base64, family } from '../case';

export const scriptUrlCases = family('javascript:, vbscript: and data: URLs', 'url', [
  { body: (c) => `<p>Read <a id="trigger" href="javascript:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="JaVaScRiPt:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="  javascript:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="java&#x09;script:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="java\tscr\nipt:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="javascript&colon;${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="&#x01;javascript:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="vbscript:${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<p>Read <a id="trigger" href="VbScRiPt&#58;${c.pwn}">${c.trigger}</a>.</p>`, clicked: true },
  { body: (c) => `<iframe src="javascript:parent.${c.pwn}"></iframe>` },
  { body: (c) => `<script src="data:text/javascript,${c.pwn}"></script>` },
  { body: (c) => `<iframe src="DATA:text/html,<script>parent.postMessage('pwn:${c.id}','*')</script>"></iframe>` },
  { body: (c) => `<iframe src="data:text/html;base64,${base64(`<script>parent.postMessage('pwn:${c.id}','*')</script>`)}"></iframe>` },
  { body: (c) => `<iframe src=" d&#x61;ta:text/html,<script>parent.postMessage('pwn:${c.id}','*')</script>"></iframe>` },
  { body: (c) => `<p><img src="data:image/svg+xml;base64,${base64('<svg xmlns="http://www.w3.org/2000/svg"/>')}" onload="${c.pwn}"></p>` },
]);
