/**
 * The hostile-page corpus: payloads a clipped page could carry, in families, each a small
 * article around one payload. A payload shows that it ran in one of three ways, all watched by
 * the e2e test (tests/e2e/hostile-corpus.spec.ts): it calls `pwn(id)` (script ran), it makes a
 * request to the sink (`hit`: the page reached the network or navigated), or its `probe`
 * expression becomes true (the page's names replaced the document's own: DOM clobbering).
 * Every case has a control: opened unsanitised in Chromium, it must show its effect, so a
 * payload that does nothing anyway cannot pass for a defence.
 */
import type { Part, PayloadCase, PayloadContext } from './case';
import { cssCases, rootAttributeCases } from './families/styles';
import { baseCases, embedCases, formCases, linkCases, metaRefreshCases, objectCases, srcdocCases } from './families/elements';
import { clobberingCases, eventHandlerCases, malformedCases, mxssCases, svgCases } from './families/markup';
import { bidiLinkCases, metadataCases } from './families/text';
import { scriptUrlCases } from './families/script-urls';

export const PAYLOAD_CASES: PayloadCase[] = [
  ...eventHandlerCases,
  ...scriptUrlCases,
  ...srcdocCases,
  ...embedCases,
  ...objectCases,
  ...baseCases,
  ...metaRefreshCases,
  ...linkCases,
  ...formCases,
  ...svgCases,
  ...mxssCases,
  ...clobberingCases,
  ...malformedCases,
  ...cssCases,
  ...rootAttributeCases,
  ...metadataCases,
  ...bidiLinkCases,
];

export function payloadContext(testCase: PayloadCase, sinkOrigin: string): PayloadContext {
  return {
    id: testCase.id,
    pwn: `pwn('${testCase.id}')`,
    hit: `${sinkOrigin}/hit/${testCase.id}`,
    trigger: `Trigger ${testCase.word}`,
  };
}

/** The page the case is clipped from: an ordinary article carrying the payload. */
export function payloadPage(testCase: PayloadCase, context: PayloadContext): string {
  const part = (make: Part | undefined) => (make ? make(context) : '');
  const htmlAttributes = part(testCase.htmlAttributes);
  const bodyAttributes = part(testCase.bodyAttributes);
  return `<!DOCTYPE html>
<html lang="en"${htmlAttributes ? ` ${htmlAttributes}` : ''}>
<head>
<meta charset="utf-8">
<title>${testCase.title ? part(testCase.title) : `Field report ${testCase.word}`}</title>
${part(testCase.head)}
</head>
<body${bodyAttributes ? ` ${bodyAttributes}` : ''}>
<article>
<h1>Field report ${testCase.word}</h1>
<p>${testCase.word} is the marker of this report. The survey teams walked the length of the frontier over three summers, recording every marker, fence line and checkpoint they could find along the way.</p>
${part(testCase.body)}
<p>Their notebooks, now digitised, run to several thousand pages and describe a border that is far less settled than the maps suggest. In the northern sector the markers were often missing entirely, replaced by piles of stones or painted trees.</p>
<p>The central sector was better documented. Here the teams found that the fortifications built in recent years follow the treaty line closely, with only a handful of places where the fence strays onto the other side.</p>
<p>Taken together, the notebooks show a frontier that is mostly where the treaty says it is, with the exceptions concentrated in places where nobody had looked for decades.</p>
</article>
${part(testCase.after)}
</body>
</html>
`;
}

/** The control of a case that acts only when shown as HTML: that HTML in a bare page. */
export function fragmentPage(testCase: PayloadCase, context: PayloadContext): string | null {
  return testCase.fragment ? `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>${testCase.fragment(context)}</body></html>\n` : null;
}
