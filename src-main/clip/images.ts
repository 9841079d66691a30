/**
 * Images of an article: finding the real source of lazy-loaded and responsive images before
 * Readability runs, and pointing the stored document at local copies afterwards.
 */
import type { DocNode } from '../common/model';
import type { LinkedomElement } from './dom';

/** Attributes lazy-loading scripts keep the real address in until they run (they never run here). */
const LAZY_SRC_ATTRIBUTES = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src'];
const LAZY_SRCSET_ATTRIBUTES = ['data-srcset', 'data-lazy-srcset'];
const PLACEHOLDER_SRC = /^data:image\/(gif|png|svg\+xml)[;,]|\/(blank|spacer|pixel|placeholder|transparent|lazy)[^/]*\.(gif|png|svg)(\?|$)/i;

/** The largest candidate of a srcset ("a.jpg 480w, b.jpg 960w" or "a.jpg 1x, b.jpg 2x"). */
export function bestSrcsetCandidate(srcset: string | null | undefined): string | null {
  if (!srcset) return null;
  let best: { url: string; size: number } | null = null;
  for (const candidate of srcset.split(/,\s+(?=\S)/)) {
    const [url, descriptor = '1x'] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const size = parseFloat(descriptor) * (descriptor.endsWith('w') ? 1 : 1000);
    if (!best || (Number.isFinite(size) && size > best.size)) best = { url, size: Number.isFinite(size) ? size : 0 };
  }
  return best?.url ?? null;
}

/** Gives each of a page's <img> elements the best real address it has, so Readability and the sanitizer see it in src. */
export function prepareImages(images: Iterable<LinkedomElement>): void {
  for (const img of images) {
    const src = chooseImageSource(img);
    if (src) img.setAttribute('src', src);
    img.removeAttribute('srcset');
    img.removeAttribute('loading');
  }
}

function chooseImageSource(img: LinkedomElement): string | null {
  const attribute = (name: string) => img.getAttribute(name)?.trim() || null;
  const fromSrcset = bestSrcsetCandidate(attribute('srcset'));
  const lazySet = LAZY_SRCSET_ATTRIBUTES.map((name) => bestSrcsetCandidate(attribute(name))).find(Boolean) ?? null;
  const lazy = LAZY_SRC_ATTRIBUTES.map(attribute).find(Boolean) ?? null;
  const parent = img.parentElement as LinkedomElement | null;
  const pictureSource = parent?.tagName === 'PICTURE' ? bestPictureSource(parent) : null;
  const src = attribute('src');
  const usableSrc = src && !PLACEHOLDER_SRC.test(src) ? src : null;
  return lazySet ?? lazy ?? pictureSource ?? fromSrcset ?? usableSrc ?? src;
}

function bestPictureSource(picture: LinkedomElement): string | null {
  for (const source of picture.querySelectorAll('source') as Iterable<LinkedomElement>) {
    const type = source.getAttribute('type');
    // A format the reader may not decode is a worse choice than the <img> fallback.
    if (type && !/^image\/(jpeg|png|gif|webp|avif)$/i.test(type)) continue;
    const url = bestSrcsetCandidate(source.getAttribute('srcset') ?? source.getAttribute('data-srcset'));
    if (url) return url;
  }
  return null;
}

/** Every distinct image address in a document, in document order. */
export function imageSources(doc: DocNode): string[] {
  const sources = new Set<string>();
  const walk = (node: DocNode) => {
    if (node.type === 'image' && typeof node.attrs?.src === 'string') sources.add(node.attrs.src);
    node.content?.forEach(walk);
  };
  walk(doc);
  return [...sources];
}

/**
 * A copy of the document whose images point at local copies, where there is one. A data: image
 * that could not be kept (too large, not an image) loses its bytes: the reader shows only local
 * images, and a data: URL as large as the page would only weigh down the capture and every read.
 */
export function withLocalImages(doc: DocNode, localFor: (src: string) => string | undefined): DocNode {
  const rewrite = (node: DocNode): DocNode => {
    if (node.type === 'image' && typeof node.attrs?.src === 'string') {
      const local = localFor(node.attrs.src);
      if (local) return { ...node, attrs: { ...node.attrs, src: local } };
      return node.attrs.src.startsWith('data:') ? { ...node, attrs: { ...node.attrs, src: null } } : node;
    }
    return node.content ? { ...node, content: node.content.map(rewrite) } : node;
  };
  return rewrite(doc);
}

export const MEDIA_PREFIX = '/media/';

export function mediaUrl(sha256: string): string {
  return `${MEDIA_PREFIX}${sha256}`;
}
