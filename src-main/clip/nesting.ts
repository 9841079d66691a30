/**
 * A limit on how deep HTML nests, held while linkedom parses it. htmlparser2 (linkedom's parser)
 * keeps its stack of open elements with the newest first, so each element it opens costs as much
 * as the depth: a page nested 100,000 deep takes it minutes, and the recursive readers after it
 * overflow the stack. The parse stops as soon as the depth passes the limit, so it never pays for
 * more than `limit` levels.
 *
 * linkedom has no way to stop its parser, so the limit is held at htmlparser2's class: every
 * element it opens, written or implied, passes through emitOpenTag, after which its stack holds
 * the element's depth. A pass of its own over the page, as before, cost 4% of a clip.
 */
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';

class TooDeep extends Error {}

/** The deepest the parse under way may nest; no limit outside parsedWithinNesting. */
let depthLimit = Infinity;

interface OpenElements {
  stack: string[];
}

const parser = Parser.prototype as unknown as { emitOpenTag(this: OpenElements, name: string): void };
const emitOpenTag = parser.emitOpenTag;
parser.emitOpenTag = function (this: OpenElements, name: string) {
  emitOpenTag.call(this, name);
  if (this.stack.length > depthLimit) throw new TooDeep();
};

/**
 * What `parse` (which parses HTML with linkedom) returns, or null when what it parses nests
 * its elements more than `limit` deep.
 */
export function parsedWithinNesting<T>(limit: number, parse: () => T): T | null {
  const outer = depthLimit;
  depthLimit = limit;
  try {
    return parse();
  } catch (error) {
    if (error instanceof TooDeep) return null;
    throw error;
  } finally {
    depthLimit = outer;
  }
}

// A bundler that gave linkedom its own copy of htmlparser2 would leave the limit unheld, and
// hostile pages free to stall the clipper: that fails here, when the module loads.
if (parsedWithinNesting(1, () => parseHTML('<div><div></div></div>')) !== null) {
  throw new Error('linkedom parses with another copy of htmlparser2 than the one nesting.ts watches: the nesting limit would not hold.');
}
