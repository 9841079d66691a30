/**
 * How a link's relation is said and drawn, in one place for the claims list, the graph and its
 * legend. Colours are theme variables (read when drawing, so each theme stays readable), and
 * each relation also has its own line style, so the graph does not rely on colour alone.
 */
import type { LinkRelation, Passage } from '@common/model';
import { relationVerbs } from '@common/model';

export interface RelationLook {
  /** "A supports B". */
  verb: string;
  /** The legend's name for it. */
  name: string;
  /** The theme variable the line is drawn in. */
  colorVariable: string;
  lineStyle: 'solid' | 'dashed' | 'dotted';
  /** supports and contradicts read one way: "from supports to". */
  arrow: boolean;
}

export const relationLooks: Record<LinkRelation, RelationLook> = {
  supports: { verb: relationVerbs.supports, name: 'Supports', colorVariable: '--accent', lineStyle: 'solid', arrow: true },
  contradicts: { verb: relationVerbs.contradicts, name: 'Contradicts', colorVariable: '--error', lineStyle: 'dashed', arrow: true },
  same_as: { verb: relationVerbs.same_as, name: 'Same as', colorVariable: '--link', lineStyle: 'solid', arrow: false },
  related: { verb: relationVerbs.related, name: 'Related', colorVariable: '--muted', lineStyle: 'dotted', arrow: false },
};

/** A passage in a line or a node: the researcher's statement, else its quote, cut at a word. */
export function passageLabel(passage: Pick<Passage, 'statement' | 'quote'>, maxLength = 90): string {
  return shorten(passage.statement?.trim() || passage.quote, maxLength);
}

function shorten(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
