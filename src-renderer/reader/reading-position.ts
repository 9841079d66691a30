/**
 * Where the reader was in each article, remembered in this browser. A place is the text offset
 * at the top of the window rather than a scroll height, so it survives another font size, line
 * width or window size. The most recent articles are kept; the oldest are forgotten.
 */
import type { ReaderView } from './reader-view';
import { docToTextOffset, textToDocPosition } from './positions';

const KEY = 'commonplace.reading-positions';
const KEPT = 500;
/** How long the window must rest before its place is kept. */
const REST_MS = 600;
/** The reading line: this far below the window's top edge, inside the first line in sight. */
const READING_LINE = 8;

/** What keeping the place needs of the reader: the editor's view, the text and the runs between them. */
type PlacedReader = Pick<ReaderView, 'editor' | 'text' | 'runs'>;

/** Most recent first. */
type Places = [articleId: string, offset: number][];

function loadPlaces(): Places {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value)
      ? value.filter((place): place is Places[number] => Array.isArray(place) && typeof place[0] === 'string' && Number.isInteger(place[1]) && place[1] >= 0)
      : [];
  } catch {
    return [];
  }
}

function savePlace(articleId: string, offset: number): void {
  const places: Places = [[articleId, offset], ...loadPlaces().filter(([id]) => id !== articleId)];
  localStorage.setItem(KEY, JSON.stringify(places.slice(0, KEPT)));
}

function savedPlace(articleId: string): number | null {
  return loadPlaces().find(([id]) => id === articleId)?.[1] ?? null;
}

/** The text offset on the reading line, or null while the article's first line is in sight. */
function placeInSight({ editor: { view }, runs }: PlacedReader): number | null {
  if (view.dom.getBoundingClientRect().top >= READING_LINE) return null;
  const blocks = view.dom.children;
  // Blocks stand one under another: find the first whose bottom is below the reading line.
  let low = 0;
  let high = blocks.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (blocks[middle].getBoundingClientRect().bottom > READING_LINE) high = middle;
    else low = middle + 1;
  }
  const block = blocks[low];
  if (!block) return null;
  const box = block.getBoundingClientRect();
  const hit = box.top < READING_LINE ? view.posAtCoords({ left: box.left + box.width / 2, top: READING_LINE + 1 }) : null;
  return docToTextOffset(runs, hit?.pos ?? view.posAtDOM(block, 0), 'start');
}

/** Scrolls the window so the line holding this offset sits on the reading line. */
function scrollToPlace({ editor: { view }, runs, text }: PlacedReader, offset: number): void {
  const position = textToDocPosition(runs, Math.min(offset, text.length), 'start');
  if (position === null) return;
  const { top } = view.coordsAtPos(position);
  window.scrollTo({ top: window.scrollY + top - READING_LINE + 2, behavior: 'instant' });
}

/**
 * Takes the reader back to where they were in this article, then keeps their place as they
 * scroll. Returns the function that stops.
 */
export function keepReadingPosition(reader: PlacedReader, articleId: string): () => void {
  /** The place on the reading line; null while the header is in sight. */
  let here = savedPlace(articleId);
  if (here === null) window.scrollTo({ top: 0, behavior: 'instant' });

  // Whenever the text changes size (once laid out, as images load, with another font size or
  // line width, in a resized window) the place goes back on the reading line.
  const resized = new ResizeObserver(() => {
    if (here !== null) scrollToPlace(reader, here);
  });
  resized.observe(reader.editor.view.dom);

  // A place in the text counts once the reader rests there. Leaving by the Library link means
  // scrolling up to it first: neither that passing scroll nor the header it ends on replaces
  // the place they were reading at.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => {
    clearTimeout(timer);
    if (here !== null) savePlace(articleId, here);
  };
  const onScroll = () => {
    clearTimeout(timer);
    here = placeInSight(reader);
    if (here !== null) timer = setTimeout(write, REST_MS);
  };

  // The browser's own restoring of scroll heights on reload would fight ours.
  const restoration = history.scrollRestoration;
  history.scrollRestoration = 'manual';
  window.addEventListener('scroll', onScroll, { passive: true });
  // Closing or reloading leaves the window where the reader was: that place is kept at once.
  window.addEventListener('pagehide', write);
  return () => {
    clearTimeout(timer);
    resized.disconnect();
    history.scrollRestoration = restoration;
    window.removeEventListener('scroll', onScroll);
    window.removeEventListener('pagehide', write);
  };
}
