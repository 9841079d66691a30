/** Elements that load, embed, redirect or submit: frames, plugins, <base>, refresh, <link>, forms. */
import { base64, family } from '../case';

const postBack = (id: string) => `<script>parent.postMessage('pwn:${id}','*')</script>`;

export const srcdocCases = family('<iframe srcdoc>', 'sd', [
  { body: (c) => `<iframe srcdoc="<script>parent.pwn('${c.id}')</script>"></iframe>` },
  { body: (c) => `<iframe srcdoc="&lt;script&gt;parent.pwn('${c.id}')&lt;/script&gt;"></iframe>` },
  { body: (c) => `<iframe srcdoc="<img src=x onerror=parent.pwn('${c.id}')>"></iframe>` },
  { body: (c) => `<IFRAME SRCDOC="<svg onload=parent.pwn('${c.id}')>"></IFRAME>` },
  { body: (c) => `<iframe srcdoc="<iframe srcdoc='<script>top.pwn(&quot;${c.id}&quot;)</script>'></iframe>"></iframe>` },
  { body: (c) => `<iframe sandbox="allow-scripts allow-same-origin" srcdoc="<script>parent.pwn('${c.id}')</script>"></iframe>` },
  { body: (c) => `<iframe srcdoc="<base href='${c.hit}/'><img src='a.png'>"></iframe>` },
  { body: (c) => `<iframe srcdoc="<link rel=stylesheet href='${c.hit}'>"></iframe>` },
  { body: (c) => `<iframe srcdoc="<script src='data:text/javascript,parent.pwn(&quot;${c.id}&quot;)'></script>"></iframe>` },
  { body: (c) => `<iframe srcdoc="<body onload=parent.pwn('${c.id}')>"></iframe>` },
]);

export const embedCases = family('<embed>', 'em', [
  { body: (c) => `<embed src="data:text/html,${postBack(c.id)}">` },
  { body: (c) => `<embed src="${c.hit}">` },
  { body: (c) => `<embed type="text/html" src="${c.hit}">` },
  { body: (c) => `<EMBED SRC="data:text/html;base64,${base64(postBack(c.id))}">` },
  { body: (c) => `<embed type="image/svg+xml" src="data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" onload="parent.postMessage('pwn:${c.id}','*')"/>`)}">` },
  { body: (c) => `<embed src=" data:text/html,${postBack(c.id)}">` },
  { body: (c) => `<embed src="${c.hit}.svg" type="image/svg+xml">` },
  { body: (c) => `<embed src="${c.hit}.pdf" type="application/pdf" width="100" height="100">` },
  { body: (c) => `<p><embed src="${c.hit}.html" width="10" height="10"></p>` },
  { body: (c) => `<embed src="data:text/html,<img src=x onerror=parent.postMessage('pwn:${c.id}','*')>">` },
]);

export const objectCases = family('<object>', 'ob', [
  { body: (c) => `<object data="data:text/html,${postBack(c.id)}"></object>` },
  { body: (c) => `<object data="${c.hit}"></object>` },
  { body: (c) => `<object type="text/html" data="${c.hit}"></object>` },
  { body: (c) => `<OBJECT DATA="data:text/html;base64,${base64(postBack(c.id))}"></OBJECT>` },
  { body: (c) => `<object type="image/svg+xml" data="data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" onload="parent.postMessage('pwn:${c.id}','*')"/>`)}"></object>` },
  { body: (c) => `<object data="nothing-here.bin" type="application/x-unknown"><embed src="${c.hit}"></object>` },
  { body: (c) => `<object data="${c.hit}.svg" type="image/svg+xml"></object>` },
  { body: (c) => `<object data="data:text/html,<svg onload=parent.postMessage('pwn:${c.id}','*')>"></object>` },
  { body: (c) => `<object data="x" onerror="${c.pwn}"></object>` },
  { body: (c) => `<object data=" data:text/html,${postBack(c.id)}"></object>` },
]);

export const baseCases = family('<base>', 'bs', [
  { head: (c) => `<base href="${c.hit}/">`, body: () => `<p><img src="picture.png" alt="a marker stone"></p>` },
  { body: (c) => `<base href="${c.hit}/"><p><img src="picture.png" alt="a marker stone"></p>` },
  { head: (c) => `<base href="${c.hit}/">`, body: (c) => `<p>See <a id="trigger" href="appendix.html">${c.trigger}</a>.</p>`, clicked: true },
  { head: (c) => `<base href="${c.hit}/">`, body: (c) => `<form action="submit"><button id="trigger">${c.trigger}</button></form>`, clicked: true },
  { head: (c) => `<base href="${c.hit}/">`, body: () => `<script src="tracker.js"></script>` },
  { head: (c) => `<base href="${c.hit}/">`, body: () => `<iframe src="frame.html"></iframe>` },
  { head: (c) => `<base href="${c.hit}/"><link rel="stylesheet" href="style.css">` },
  { head: (c) => `<BASE HREF=" ${c.hit}/ ">`, body: () => `<p><img src="picture.png" alt="a marker stone"></p>` },
  { head: (c) => `<base href="${c.hit}/" target="_blank">`, body: (c) => `<p>See <a id="trigger" href="appendix.html">${c.trigger}</a>.</p>`, clicked: true },
  { head: (c) => `<base href="${c.hit}/">`, body: () => `<p><img srcset="picture.png 1x" alt="a marker stone"></p>` },
]);

export const metaRefreshCases = family('<meta http-equiv=refresh>', 'mr', [
  { head: (c) => `<meta http-equiv="refresh" content="0;url=${c.hit}">` },
  { body: (c) => `<meta http-equiv="refresh" content="0;url=${c.hit}">` },
  { head: (c) => `<meta http-equiv="Refresh" content="0; URL='${c.hit}'">` },
  { head: (c) => `<META HTTP-EQUIV="REFRESH" CONTENT="0;URL=${c.hit}">` },
  { head: (c) => `<meta http-equiv="refresh" content="0,${c.hit}">` },
  { head: (c) => `<meta http-equiv="refresh" content="0;url=&#x68;ttp${c.hit.slice(4)}">` },
  { head: (c) => `<meta http-equiv="refresh" content="1;url=${c.hit}">` },
  { head: (c) => `<meta http-equiv="refresh" content="  0  ;  url = ${c.hit}">` },
  { body: (c) => `<p>Moved.<meta http-equiv=refresh content=0;url=${c.hit}></p>` },
  { head: (c) => `<meta content="0;url=${c.hit}" http-equiv="refresh">` },
]);

export const linkCases = family('<link>', 'ln', [
  { head: (c) => `<link rel="stylesheet" href="${c.hit}">` },
  { body: (c) => `<link rel="stylesheet" href="${c.hit}">` },
  { head: (c) => `<link rel="preload" as="image" href="${c.hit}">` },
  { head: (c) => `<link rel="preload" as="script" href="${c.hit}">` },
  { head: (c) => `<link rel="modulepreload" href="${c.hit}">` },
  { head: (c) => `<link rel="prefetch" href="${c.hit}">` },
  { head: (c) => `<link rel="icon" href="${c.hit}">` },
  { head: (c) => `<link rel="stylesheet" href="data:text/css,body{background:url(${c.hit})}">` },
  { head: (c) => `<LINK REL="STYLESHEET" HREF="${c.hit}">` },
  { head: (c) => `<link rel="preload" as="style" href="${c.hit}" onload="${c.pwn}">` },
  { head: (c) => `<link rel="stylesheet" href="data:text/css,@import url(${c.hit});">` },
]);

export const formCases = family('forms and formaction', 'fm', [
  { body: (c) => `<form action="${c.hit}"><button id="trigger">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form action="javascript:${c.pwn}"><button id="trigger">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form><button id="trigger" formaction="javascript:${c.pwn}">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form action="https://example.org/"><button id="trigger" formaction="${c.hit}">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form action="https://example.org/"><input id="trigger" type="submit" formaction="javascript:${c.pwn}" value="${c.trigger}"></form>`, clicked: true },
  { body: (c) => `<form id="survey" action="${c.hit}" method="post"></form><p><button id="trigger" form="survey">${c.trigger}</button></p>`, clicked: true },
  { body: (c) => `<form action="${c.hit}" method="post"><textarea name="notes">private notes</textarea><button id="trigger">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form><input type="image" src="${c.hit}" alt="Send"></form>` },
  { body: (c) => `<form action="${c.hit}" target="_blank"><button id="trigger">${c.trigger}</button></form>`, clicked: true },
  { body: (c) => `<form action="${c.hit}"><input name="q" autofocus onfocus="this.form.submit()"></form>` },
]);
