/** Style that reaches the network, and payloads on the root element. */
import { family } from '../case';

export const cssCases = family('CSS url() and @import', 'css', [
  { body: (c) => `<style>@import url(${c.hit});</style>` },
  { body: (c) => `<style>@import '${c.hit}';</style>` },
  { body: (c) => `<div style="background:url(${c.hit})"><p>Boxed text.</p></div>` },
  { body: (c) => `<style>p { background-image: url("${c.hit}") }</style>` },
  { body: (c) => `<style>@font-face { font-family: survey; src: url(${c.hit}) } p { font-family: survey }</style>` },
  { body: (c) => `<ul style="list-style-image:url(${c.hit})"><li>First marker</li></ul>` },
  { body: (c) => `<div style="background:u\\72l(${c.hit})"><p>Boxed text.</p></div>` },
  { body: (c) => `<style>@\\69mport url(${c.hit});</style>` },
  { body: (c) => `<svg><style>@import url(${c.hit});</style></svg>` },
  { body: (c) => `<div style="background:url(&#x68;ttp${c.hit.slice(4)})"><p>Boxed text.</p></div>` },
  { head: (c) => `<style>body { background: url(${c.hit}) }</style>` },
]);

export const rootAttributeCases = family('attributes on the root element', 'rt', [
  { bodyAttributes: (c) => `onload="${c.pwn}"` },
  { bodyAttributes: (c) => `ONLOAD=${c.pwn}` },
  { bodyAttributes: (c) => `onpageshow="${c.pwn}"` },
  { bodyAttributes: (c) => `onload="&#x70;wn('${c.id}')"` },
  { after: (c) => `<body onload="${c.pwn}">` },
  { bodyAttributes: (c) => `background="${c.hit}"` },
  { htmlAttributes: (c) => `style="background:url(${c.hit})"` },
  { bodyAttributes: (c) => `style="background-image:url(${c.hit})"` },
  { after: (c) => `<html style="background:url(${c.hit})">` },
  { after: (c) => `<BODY/ONPAGESHOW="${c.pwn}">` },
]);
