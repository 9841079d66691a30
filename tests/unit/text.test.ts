import { getSchema } from '@tiptap/core';
import { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { articleExtensions } from '../../src-main/common/editor-schema';
import type { DocNode } from '../../src-main/common/model';
import { countWords, docTextWithRuns, docToText } from '../../src-main/common/text';
import { htmlToDoc } from '../support/article-doc';

const schema = getSchema(articleExtensions);

function textOf(html: string): string {
  return docToText(htmlToDoc(html));
}

describe('the text of a document', () => {
  it('separates paragraphs and headings by a blank line', () => {
    expect(textOf('<h2>Title</h2><p>One <em>two</em>.</p><p>Three.</p>')).toBe('Title\n\nOne two.\n\nThree.');
  });

  it('puts list items on their own lines, nested ones too', () => {
    expect(textOf('<p>Intro</p><ul><li>a</li><li><p>b</p><ol><li>c</li></ol></li></ul><p>End</p>')).toBe('Intro\n\na\nb\nc\n\nEnd');
  });

  it('separates table cells by tabs and rows by newlines', () => {
    expect(textOf('<table><tr><th>Year</th><th>Total</th></tr><tr><td>2023</td><td><p>1</p><p>084</p></td></tr></table>')).toBe(
      'Year\tTotal\n2023\t1 084',
    );
  });

  it('turns a hard break into a newline and keeps preformatted text as it is', () => {
    expect(textOf('<p>line one<br>line two</p><pre><code>a  =  1\n  b</code></pre>')).toBe('line one\nline two\n\na  =  1\n  b');
  });

  it('leaves images out, keeps figure captions, and skips empty blocks', () => {
    expect(textOf('<p>Before</p><figure><img src="data:image/png;base64,AA==" alt="x"><figcaption>A caption</figcaption></figure><p></p><hr><p>After</p>')).toBe(
      'Before\n\nA caption\n\nAfter',
    );
  });

  it('maps each text run to its ProseMirror position', () => {
    const json = htmlToDoc('<h1>T</h1><ul><li>alpha <strong>beta</strong></li></ul><table><tr><td>x</td><td>yz</td></tr></table><blockquote><p>q<br>r</p></blockquote>');
    const doc = ProseMirrorNode.fromJSON(schema, json);
    const { text, runs } = docTextWithRuns(json);
    expect(runs.length).toBeGreaterThan(5);
    for (const run of runs) {
      expect(doc.textBetween(run.pos, run.pos + run.length)).toBe(text.slice(run.from, run.from + run.length));
    }
  });

  it('agrees with itself after a round trip through the schema', () => {
    const json = htmlToDoc('<p>a</p><ol><li>b</li></ol>');
    const reparsed = ProseMirrorNode.fromJSON(schema, json).toJSON() as DocNode;
    expect(docToText(reparsed)).toBe(docToText(json));
  });
});

describe('counting words', () => {
  it('counts words in spaced scripts and characters in CJK', () => {
    expect(countWords('The border is 1,084 km long.')).toBe(7);
    expect(countWords('Russia’s ally')).toBe(2);
    expect(countWords('東京都')).toBe(3);
  });
});
