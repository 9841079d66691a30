/**
 * One case of the hostile-page corpus (see corpus.ts): the payload's parts, where each goes in
 * the page, and how the test sees it act.
 */
export interface PayloadContext {
  id: string;
  /** Script that records this case as having run. */
  pwn: string;
  /** An address on the sink that records this case as having reached the network. */
  hit: string;
  /** Text of the element the test clicks, for payloads that need a user's click. */
  trigger: string;
}

export type Part = (context: PayloadContext) => string;

export interface PayloadSpec {
  /** Inside the article, after its first paragraph. */
  body?: Part;
  head?: Part;
  /** The raw content of <title>. */
  title?: Part;
  htmlAttributes?: Part;
  bodyAttributes?: Part;
  /** After the article, still in <body>. */
  after?: Part;
  /**
   * For payloads that only act once some field of the page is shown as HTML (a title, an
   * author): that HTML, which the control shows unsanitised.
   */
  fragment?: Part;
  /** The control clicks the element with id="trigger"; the reader, any element showing `trigger`. */
  clicked?: boolean;
  /** For clobbering: true, run in the page, once the page's names have replaced the document's own. */
  probe?: () => boolean;
}

export interface PayloadCase extends PayloadSpec {
  id: string;
  family: string;
  /** A word found only in this case's article, to search for it. */
  word: string;
}

export function family(name: string, code: string, specs: PayloadSpec[]): PayloadCase[] {
  return specs.map((spec, index) => {
    const id = `${code}${String(index + 1).padStart(2, '0')}`;
    return { ...spec, id, family: name, word: `zq${id}` };
  });
}

export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}
