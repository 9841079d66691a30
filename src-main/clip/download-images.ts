/**
 * Downloading an article's images: at most 6 at once, 15 s and 10 MB each, 50 MB for the
 * article. data: images are decoded rather than fetched. A failure is recorded with its reason;
 * it never fails the clip.
 */
import { createHash } from 'node:crypto';
import { fetchImage, ImageFetchError, sniffImage, type ImageLimits } from './fetch-image';

export interface DownloadedImage {
  sha256: string;
  mime: string;
  bytes: Buffer;
}

export interface ImageFailure {
  url: string;
  reason: string;
}

export interface DownloadPolicy {
  /** Downloads at once; 0 downloads nothing (the images stay links to their originals). */
  concurrency: number;
  perImage: ImageLimits;
  maxTotalBytes: number;
}

export const DEFAULT_DOWNLOAD_POLICY: DownloadPolicy = {
  concurrency: 6,
  perImage: { timeoutMs: 15_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5, allowPrivate: false },
  maxTotalBytes: 50 * 1024 * 1024,
};

export interface DownloadResult {
  images: Map<string, DownloadedImage>;
  failures: ImageFailure[];
}

/** `known` answers from images already stored (a re-clip or re-extraction needs no network for them). */
export async function downloadImages(
  urls: string[],
  policy: DownloadPolicy,
  known: (url: string) => DownloadedImage | undefined = () => undefined,
): Promise<DownloadResult> {
  const images = new Map<string, DownloadedImage>();
  const failures: ImageFailure[] = [];
  let total = 0;
  const queue = [...urls];
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        const image = known(url) ?? (await obtain(url, policy.perImage));
        if (total + image.bytes.length > policy.maxTotalBytes) {
          failures.push({ url, reason: `the article's images pass the ${policy.maxTotalBytes / 1024 / 1024} MB limit` });
          continue;
        }
        total += image.bytes.length;
        images.set(url, image);
      } catch (error) {
        failures.push({ url, reason: error instanceof ImageFetchError ? error.message : (error as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(policy.concurrency, urls.length) }, worker));
  // Report failures in document order, whatever order the downloads finished in.
  failures.sort((a, b) => urls.indexOf(a.url) - urls.indexOf(b.url));
  return { images, failures };
}

async function obtain(url: string, limits: ImageLimits): Promise<DownloadedImage> {
  const fetched = url.startsWith('data:') ? decodeDataUrl(url, limits.maxBytes) : await fetchImage(url, limits);
  return { ...fetched, sha256: createHash('sha256').update(fetched.bytes).digest('hex') };
}

function decodeDataUrl(url: string, maxBytes: number): { bytes: Buffer; mime: string } {
  const match = /^data:(image\/[a-z0-9.+-]+)?(;base64)?,(.*)$/is.exec(url);
  if (!match) throw new ImageFetchError('malformed data: URL');
  const bytes = match[2] ? Buffer.from(match[3], 'base64') : Buffer.from(decodeURIComponent(match[3]));
  if (bytes.length > maxBytes) throw new ImageFetchError(`larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  const mime = sniffImage(bytes);
  if (!mime) throw new ImageFetchError('data: URL is not a PNG, JPEG, GIF, WebP or AVIF image');
  return { bytes, mime };
}
