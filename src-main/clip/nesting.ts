/**
 * How deep HTML nests, measured before anything builds a tree of it. htmlparser2 (linkedom's
 * parser) keeps its stack of open elements with the newest first, so each element it opens
 * costs as much as the depth: a page nested 100,000 deep takes it minutes, and
 * the recursive readers after it overflow the stack. This pass runs the same parser with the
 * same options, so it sees the tree linkedom would build, and stops as soon as the depth passes
 * the limit: it never pays for more than `limit` levels. One option differs: it leaves character
 * references undecoded, which changes no tag (a reference never holds a "<") and halves its time.
 */
import { Parser } from 'htmlparser2';

class TooDeep extends Error {}

export function nestingExceeds(html: string, limit: number): boolean {
  let depth = 0;
  const parser = new Parser(
    {
      onopentagname() {
        if (++depth > limit) throw new TooDeep();
      },
      onclosetag() {
        depth--;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: false, xmlMode: false },
  );
  try {
    parser.write(html);
    parser.end();
    return false;
  } catch (error) {
    if (error instanceof TooDeep) return true;
    throw error;
  }
}
