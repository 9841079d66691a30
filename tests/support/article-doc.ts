import type { DocNode } from '../../src-main/common/model';
import { sanitizeArticleFragment } from '../../src-main/clip/sanitize';
import { articleToDoc } from '../../src-main/clip/to-doc';

/** The document the clipper makes of article HTML: sanitized, then parsed with the schema. */
export function htmlToDoc(html: string): DocNode {
  return articleToDoc(sanitizeArticleFragment(html, null));
}
