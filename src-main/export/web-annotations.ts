/**
 * annotations.jsonld: every highlight as a W3C Web Annotation (Web Annotation Data Model,
 * JSON-LD), for tools such as Hypothesis, in one AnnotationCollection whose single page
 * embeds them all.
 *
 * - The target is the article's web address with a TextQuoteSelector (exact, prefix,
 *   suffix). No TextPositionSelector: positions count in our text of the capture, which
 *   does not match the live page's.
 * - An article without a web address is still exported: its highlights target
 *   "urn:commonplace:article:<article id>", a name that stays the same across exports and
 *   that no tool will fetch.
 * - The motivation says what the researcher did: "assessing" for a claim, "commenting" for
 *   a comment, else "highlighting". Each body says its own purpose: the comment
 *   ("commenting"), the claim in the researcher's words ("describing"), the word "claim"
 *   ("tagging").
 * - The colour is a CSS class on the target with the annotation's stylesheet, as the model
 *   styles a highlight.
 */

export interface AnnotatedHighlight {
  id: string;
  exact: string;
  prefix: string;
  suffix: string;
  comment: string | null;
  statement: string | null;
  isClaim: boolean;
  color: string;
  createdAt: string;
  updatedAt: string;
  articleId: string;
  articleUrl: string | null;
  articleTitle: string;
}

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
const COLLECTION_ID = 'urn:commonplace:annotations';
/** The reader's light-theme highlight colours. */
const HIGHLIGHT_CSS: Record<string, string> = {
  yellow: '#fbe89a',
  green: '#c5e8c0',
  blue: '#c4dcf5',
  pink: '#f6c9d8',
  purple: '#dcccf2',
};

/** The collection, highlights in the order given. */
export function toWebAnnotations(highlights: AnnotatedHighlight[]): object {
  const annotate = annotator();
  return collection(highlights.length, highlights.map(annotate));
}

/**
 * The text of annotations.jsonld, in pieces to be joined: compact JSON and a newline, the same
 * as `JSON.stringify(toWebAnnotations(highlights))`. At 100,000 highlights the file is about
 * 70 MB, which as one string took four times as long to make as a thousand annotations at a time.
 */
export function webAnnotationsText(highlights: AnnotatedHighlight[]): string[] {
  if (highlights.length === 0) return [`${JSON.stringify(collection(0, []))}\n`];
  const [head, tail] = JSON.stringify(collection(highlights.length, ITEMS_PLACEHOLDER)).split(JSON.stringify(ITEMS_PLACEHOLDER));
  const annotate = annotator();
  const pieces = [`${head}[`];
  for (let start = 0; start < highlights.length; start += ITEMS_PER_PIECE) {
    const items = JSON.stringify(highlights.slice(start, start + ITEMS_PER_PIECE).map(annotate));
    pieces.push(`${start > 0 ? ',' : ''}${items.slice(1, -1)}`);
  }
  pieces.push(`]${tail}\n`);
  return pieces;
}

/** Stands for the items while the rest of the collection is serialized; no annotation can be it. */
const ITEMS_PLACEHOLDER = '\u0000items';
const ITEMS_PER_PIECE = 1000;

function collection(total: number, items: object[] | typeof ITEMS_PLACEHOLDER): object {
  const result: Record<string, unknown> = {
    '@context': CONTEXT,
    id: COLLECTION_ID,
    type: 'AnnotationCollection',
    label: 'Commonplace highlights',
    total,
  };
  // The model asks for a first page whenever the collection has annotations.
  if (total > 0) result.first = { id: `${COLLECTION_ID}:page:1`, type: 'AnnotationPage', startIndex: 0, items };
  return result;
}

/** Makes annotations, checking each article's address once however many highlights it has. */
function annotator(): (highlight: AnnotatedHighlight) => object {
  const sources = new Map<string, string>();
  const sourceOf = (highlight: AnnotatedHighlight) => {
    let source = sources.get(highlight.articleId);
    if (source === undefined) sources.set(highlight.articleId, (source = targetSource(highlight)));
    return source;
  };
  return (highlight) => toAnnotation(highlight, sourceOf(highlight));
}

function toAnnotation(highlight: AnnotatedHighlight, source: string): object {
  const comment = nonBlank(highlight.comment);
  const statement = nonBlank(highlight.statement);
  const bodies = [
    ...(comment ? [textualBody(comment, 'commenting')] : []),
    ...(statement ? [textualBody(statement, 'describing')] : []),
    ...(highlight.isClaim ? [textualBody('claim', 'tagging')] : []),
  ];
  const styleClass = `commonplace-${cssIdentifier(highlight.color)}`;
  const selector: Record<string, string> = { type: 'TextQuoteSelector', exact: highlight.exact };
  if (highlight.prefix) selector.prefix = highlight.prefix;
  if (highlight.suffix) selector.suffix = highlight.suffix;
  const annotation: Record<string, unknown> = {
    id: `urn:commonplace:highlight:${highlight.id}`,
    type: 'Annotation',
    motivation: highlight.isClaim ? 'assessing' : comment ? 'commenting' : 'highlighting',
    created: highlight.createdAt,
    modified: highlight.updatedAt,
  };
  if (bodies.length > 0) annotation.body = bodies;
  annotation.target = { source, styleClass, selector };
  annotation.stylesheet = { type: 'CssStylesheet', value: `.${styleClass} { background-color: ${HIGHLIGHT_CSS[highlight.color] ?? HIGHLIGHT_CSS.yellow}; }` };
  return annotation;
}

function textualBody(value: string, purpose: string): object {
  return { type: 'TextualBody', value, format: 'text/plain', purpose };
}

function targetSource(highlight: AnnotatedHighlight): string {
  const url = highlight.articleUrl;
  if (url && URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol)) return url;
  return `urn:commonplace:article:${highlight.articleId}`;
}

function nonBlank(value: string | null): string | null {
  return value && value.trim() ? value : null;
}

/** A colour name as a CSS class name: letters, digits and hyphens. */
function cssIdentifier(color: string): string {
  return color.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'yellow';
}
