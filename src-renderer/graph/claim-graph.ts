/**
 * The graph of claims, drawn by cytoscape on a canvas: passages are nodes (claims larger, with
 * a strong border) labelled with their statement or quote, links are edges in their relation's
 * colour and line style. The article a passage comes from is in the tooltip the view shows on
 * hover. Colours come from the theme's CSS variables and are read again when the theme changes.
 */
import cytoscape from 'cytoscape';
import type { ClaimGraph, HighlightColor, Passage } from '@common/model';
import { highlightColors, linkRelations } from '@common/model';
import { passageLabel, relationLooks } from './relations';

export interface ClaimGraphView {
  /** Fits the whole graph in the container. */
  fit(): void;
  /** Runs the layout again, from fresh positions. */
  relayout(): void;
  destroy(): void;
}

interface Callbacks {
  onopen: (passage: Passage) => void;
  /** The passage under the pointer and where it is drawn (in the container), or null when it leaves. */
  onhover: (hovered: { passage: Passage; x: number; y: number } | null) => void;
}

/** Cytoscape adds an inline <style> (`position: relative` for its container) unless an element
 * with this id exists. The CSP refuses inline styles, and says so in the console; the
 * container's own stylesheet already sets that position, so a marker element stands in. */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

function markCytoscapeStylesheet(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement('meta');
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  marker.name = 'cytoscape-container-style';
  marker.content = 'in the app stylesheet';
  document.head.append(marker);
}

type Palette = Record<'bg' | 'surface' | 'text' | 'muted' | 'focus' | 'sans', string> & {
  relation: Record<string, string>;
  highlight: Record<HighlightColor, string>;
};

function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    bg: read('--bg', '#ffffff'),
    surface: read('--surface', '#ffffff'),
    text: read('--text', '#222222'),
    muted: read('--muted', '#666666'),
    focus: read('--focus', '#3b82c4'),
    sans: read('--sans', 'sans-serif'),
    relation: Object.fromEntries(Object.values(relationLooks).map((look) => [look.colorVariable, read(look.colorVariable, '#888888')])),
    highlight: Object.fromEntries(highlightColors.map((color) => [color, read(`--hl-${color}`, '#dddddd')])) as Record<HighlightColor, string>,
  };
}

function stylesheet(palette: Palette): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 16,
        height: 16,
        'background-color': palette.surface,
        'border-width': 1.5,
        'border-color': palette.muted,
        label: 'data(label)',
        color: palette.muted,
        'font-family': palette.sans,
        'font-size': 14,
        'text-wrap': 'wrap',
        'text-max-width': '150px',
        'text-valign': 'bottom',
        'text-margin-y': 6,
        // Edges pass under labels: a backing of the page colour keeps the words legible.
        'text-background-color': palette.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
      },
    },
    ...highlightColors.map((color) => ({ selector: `node[color = "${color}"]`, style: { 'background-color': palette.highlight[color] } })),
    {
      selector: 'node[?claim]',
      style: { width: 30, height: 30, 'border-width': 3, 'border-color': palette.text, color: palette.text, 'font-size': 16, 'font-weight': 600, 'text-max-width': '180px' },
    },
    { selector: 'node[?deleted]', style: { opacity: 0.55, 'border-style': 'dashed' } },
    { selector: 'node:active, node:selected', style: { 'overlay-opacity': 0, 'border-color': palette.focus, 'border-width': 3 } },
    {
      selector: 'edge',
      style: { width: 2, 'curve-style': 'bezier', 'arrow-scale': 1.3, 'target-distance-from-node': 2 },
    },
    ...linkRelations.map((relation) => {
      const look = relationLooks[relation];
      const color = palette.relation[look.colorVariable];
      return {
        selector: `edge[relation = "${relation}"]`,
        style: {
          'line-color': color,
          'line-style': look.lineStyle,
          'target-arrow-color': color,
          'target-arrow-shape': look.arrow ? 'triangle' : 'none',
        },
      } as cytoscape.StylesheetJsonBlock;
    }),
  ];
}

function elements(graph: ClaimGraph): cytoscape.ElementDefinition[] {
  const ids = new Set(graph.nodes.map((node) => node.id));
  return [
    ...graph.nodes.map((passage, index) => ({
      group: 'nodes' as const,
      // The layout starts from a circle: the same graph is laid out the same way each time.
      position: { x: 200 * Math.cos((2 * Math.PI * index) / graph.nodes.length), y: 200 * Math.sin((2 * Math.PI * index) / graph.nodes.length) },
      data: {
        id: passage.id,
        label: `${passage.deleted ? '(deleted) ' : ''}${passageLabel(passage, 48)}`,
        claim: passage.isClaim,
        deleted: passage.deleted,
        color: passage.color,
        passage,
      },
    })),
    // A link always joins two nodes of the graph; one that did not would stop the whole drawing.
    ...graph.edges
      .filter((edge) => ids.has(edge.from) && ids.has(edge.to))
      .map((edge) => ({ group: 'edges' as const, data: { id: edge.id, source: edge.from, target: edge.to, relation: edge.relation } })),
  ];
}

/**
 * Nodes are laid out with their labels, so labels do not meet; the forces are weak enough
 * that a small graph stays compact and is drawn at full size rather than shrunk to fit.
 */
const layoutOptions: cytoscape.CoseLayoutOptions = {
  name: 'cose',
  animate: false,
  nodeDimensionsIncludeLabels: true,
  padding: 24,
  nodeRepulsion: () => 1024,
  nodeOverlap: 10,
  idealEdgeLength: () => 24,
  gravity: 10,
};

export function mountClaimGraph(container: HTMLElement, graph: ClaimGraph, { onopen, onhover }: Callbacks): ClaimGraphView {
  markCytoscapeStylesheet();
  const cy = cytoscape({
    container,
    elements: elements(graph),
    style: stylesheet(readPalette()),
    layout: layoutOptions,
    // Small graphs would otherwise be blown up to fill the box.
    maxZoom: 1.6,
    minZoom: 0.2,
    boxSelectionEnabled: false,
  });

  cy.on('tap', 'node', (event) => onopen(event.target.data('passage') as Passage));
  cy.on('mouseover', 'node', (event) => onhover({ passage: event.target.data('passage') as Passage, ...(event.target as cytoscape.NodeSingular).renderedPosition() }));
  // Moving the view or a node moves what the tooltip points at: it goes.
  cy.on('mouseout viewport grab', () => onhover(null));

  // The theme is the root's data-theme, or the system's when it has none.
  const restyle = () => cy.style(stylesheet(readPalette()));
  const themeObserver = new MutationObserver(restyle);
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const systemTheme = matchMedia('(prefers-color-scheme: dark)');
  systemTheme.addEventListener('change', restyle);

  return {
    fit: () => cy.fit(undefined, 32),
    relayout: () => cy.layout({ ...layoutOptions, randomize: true }).run(),
    destroy: () => {
      themeObserver.disconnect();
      systemTheme.removeEventListener('change', restyle);
      cy.destroy();
    },
  };
}
