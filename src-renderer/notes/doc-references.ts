/** What a note's document points at: its references and the highlights it quotes. */
import type { DocNode } from '@common/model';

export function referenceTargets(doc: DocNode): Set<string> {
  const targets = new Set<string>();
  const visit = (node: DocNode) => {
    const target = node.type === 'reference' ? node.attrs?.targetId : node.type === 'passageQuote' ? node.attrs?.highlightId : null;
    if (typeof target === 'string') targets.add(target);
    node.content?.forEach(visit);
  };
  visit(doc);
  return targets;
}
