/**
 * Writes an export's files into the chosen folder without ever losing the user's work:
 * - a manifest (.commonplace-export.json) records each file Commonplace wrote and its hash;
 * - a file already as it would be written is left alone; one Commonplace wrote and nobody
 *   changed is replaced; one the user changed (or that Commonplace never wrote) is kept, and
 *   the new version is written beside it (".new.md") and reported;
 * - a file Commonplace wrote whose item is gone is removed, unless the user changed it;
 * - everything is written into a staging folder inside the target first, and moved into place
 *   only when all of it was written, so a failure (a full disk) changes no existing file.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExportResult, KeptFile } from '../common/export-model';
import type { VaultFile } from './build-vault';
import { ContentEncoder, type FileContent } from './file-content';
import { FileWriterThread } from './file-writer-thread';
import { pathInside } from './file-names';

export const MANIFEST = '.commonplace-export.json';
/** Work done between two turns of the event loop: short enough that a request waits unnoticed. */
const SLICE_MS = 50;

interface Manifest {
  version: 1;
  /** Path (relative, with /) → sha256 of what Commonplace wrote there. */
  files: Record<string, string>;
}

/** The hash of what is on disk at `path`, null when nothing is; a folder counts as the user's. */
function hashOnDisk(encoder: ContentEncoder, path: string): string | null {
  if (!existsSync(path)) return null;
  return statSync(path).isFile() ? encoder.sha256OfFile(path) : 'not a file';
}

function readManifest(root: string): Manifest['files'] {
  const path = join(root, MANIFEST);
  if (!existsSync(path)) return {};
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return manifest.version === 1 && typeof manifest.files === 'object' && manifest.files ? manifest.files : {};
  } catch {
    // A manifest that does not parse records nothing: every file there is treated as the user's.
    return {};
  }
}

/** Where the new version of a file the user changed goes: "x.md" → "x.new.md". */
export function besideName(path: string): string {
  return path.replace(/(\.[^./]+)?$/, (extension) => `.new${extension}`);
}

/**
 * Writes `files`, taking each as it is made (`onFile` is told of each), so they are never all
 * held at once. Every SLICE_MS it lets the event loop run: an export of minutes must not freeze
 * the host it runs in (progress is read by polling exportStatus, and the app goes on answering).
 */
export async function writeVault(folder: string, files: Iterable<VaultFile>, onFile: () => void = () => {}): Promise<ExportResult> {
  mkdirSync(folder, { recursive: true });
  // Into an empty folder (a first export, as a rule) nothing can be in the way: no file is looked for.
  const startedEmpty = readdirSync(folder).length === 0;
  const previous = readManifest(folder);
  const encoder = new ContentEncoder();
  const staging = new Staging(folder, encoder);
  try {
    const next: Manifest['files'] = {};
    const kept: KeptFile[] = [];
    let unchanged = 0;
    let count = 0;
    let sliceStart = performance.now();

    /**
     * Where `content` goes at `path`. A file left as it is goes into the manifest here; one
     * written goes in once the writing thread has hashed it (below).
     */
    const place = (path: string, content: FileContent): 'unchanged' | 'written' | 'taken' => {
      const target = pathInside(folder, path);
      // Nothing there, as for every file of a first export: nothing to compare.
      if (startedEmpty || !existsSync(target)) {
        staging.stage(path, content);
        return 'written';
      }
      // The usual case, a file as it would be written, is found by comparing bytes: no hash of what is on disk.
      const { same, hash } = encoder.compareWithFile(target, content);
      if (same) {
        next[path] = hash;
        return 'unchanged';
      }
      if (previous[path] !== hashOnDisk(encoder, target)) return 'taken';
      // Staged at once, so the bytes of thousands of files are not all held until the end.
      staging.stage(path, content);
      return 'written';
    };

    for (const [path, content] of files) {
      // A file that could not be written ends the export: finishWriting (below) says why.
      if (staging.writeFailed) break;
      if (performance.now() - sliceStart > SLICE_MS) {
        staging.flush();
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      count++;
      onFile();
      const placed = place(path, content);
      if (placed !== 'taken') {
        if (placed === 'unchanged') unchanged++;
        continue;
      }
      // Still Commonplace's file, changed by the user: remember it so the next export keeps it too.
      if (previous[path]) next[path] = previous[path];
      const newVersion = besideName(path);
      const beside = place(newVersion, content);
      kept.push({ path, newVersion: beside === 'taken' ? null : newVersion });
    }
    // Every staged file on disk (or the first that could not be written reported), and hashed.
    Object.assign(next, await staging.finishWriting());

    const removed: string[] = [];
    for (const [path, hash] of Object.entries(previous)) {
      if (path in next) continue;
      const onDisk = hashOnDisk(encoder, pathInside(folder, path));
      if (onDisk === hash) removed.push(path);
      else if (onDisk !== null) kept.push({ path, newVersion: null });
    }

    // No file was looked for in a folder that started empty: one written there meanwhile (by
    // someone else, the export runs for seconds) must not be replaced unseen.
    if (startedEmpty && readdirSync(folder).some((name) => name !== staging.name)) {
      throw new Error(`files appeared in ${folder} while the export was running; export again`);
    }
    staging.commit(removed, { version: 1, files: sortedKeys(next) });
    return { folder, written: [...staging.staged].sort(), unchanged, removed: removed.sort(), kept, files: count };
  } finally {
    await staging.discard();
  }
}

function sortedKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A folder inside the target where files are written first; commit moves them into place,
 * removes what went, and writes the manifest last. Discarded whatever happened.
 */
class Staging {
  /** Paths staged, in the order they were (the order the writer hashes them in). */
  readonly staged: string[] = [];
  private readonly root: string;
  /** Thousands of files share a few folders: each is made once. */
  private readonly made = new Set<string>();
  /** Started with the first file staged: an export that changes nothing needs no thread. */
  private writer: FileWriterThread | null = null;

  constructor(
    private readonly folder: string,
    private readonly encoder: ContentEncoder,
  ) {
    this.root = mkdtempSync(join(folder, '.commonplace-staging-'));
  }

  /** The staging folder's name in the target folder. */
  get name(): string {
    return basename(this.root);
  }

  /** Queues the file to be written into the staging folder. */
  stage(path: string, content: FileContent): void {
    this.writer ??= new FileWriterThread();
    this.encoder.write(this.writer, this.inFolder(pathInside(this.root, path)), content);
    this.staged.push(path);
  }

  /** Whether a staged file could not be written (finishWriting says why). */
  get writeFailed(): boolean {
    return this.writer?.failed ?? false;
  }

  /** Hands the files queued so far to the writing thread, before the export lets the event loop run. */
  flush(): void {
    this.writer?.flush();
  }

  /** Waits for the staged files to be written; the sha256 of each, by path. Rejects with the first failure to write. */
  async finishWriting(): Promise<Manifest['files']> {
    const hashes = this.writer ? await this.writer.finish() : [];
    return Object.fromEntries(hashes.map((hash, index) => [this.staged[index], hash]));
  }

  /** Moves the staged files into place, once finishWriting has returned. */
  commit(removed: string[], manifest: Manifest): void {
    const folders = new Set(this.staged.filter((path) => path.includes('/')).map((path) => path.split('/')[0]));
    // Before anything moves: a file or a broken link where a folder goes would stop the export half-way.
    for (const top of folders) refuseNonFolder(pathInside(this.folder, top));
    writeFileSync(join(this.root, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    // A staged folder the target lacks (Notes/ on a first export) moves whole: one rename, not
    // one for each of its thousands of files. It holds nothing but staged files.
    const movedWhole = new Set<string>();
    for (const top of folders) {
      if (existsSync(pathInside(this.folder, top))) continue;
      renameSync(pathInside(this.root, top), pathInside(this.folder, top));
      movedWhole.add(top);
    }
    for (const path of this.staged) {
      if (!movedWhole.has(path.split('/')[0])) renameSync(pathInside(this.root, path), this.inFolder(pathInside(this.folder, path)));
    }
    for (const path of removed) unlinkSync(pathInside(this.folder, path));
    renameSync(join(this.root, MANIFEST), join(this.folder, MANIFEST));
  }

  /** Removes the staging folder, once the writing thread has stopped writing into it. */
  async discard(): Promise<void> {
    // After a commit this only ends the thread; after a failure it also skips what is still queued.
    await this.writer?.abort();
    rmSync(this.root, { recursive: true, force: true });
  }

  /** `path`, once the folder it goes in exists. */
  private inFolder(path: string): string {
    const parent = dirname(path);
    if (!this.made.has(parent)) mkdirSync(parent, { recursive: true });
    this.made.add(parent);
    return path;
  }
}

/** Throws unless `path` is a folder (a link to one will do) or nothing at all. */
function refuseNonFolder(path: string): void {
  const entry = lstatSync(path, { throwIfNoEntry: false });
  if (!entry || (existsSync(path) && statSync(path).isDirectory())) return;
  const what = entry.isSymbolicLink() ? (existsSync(path) ? 'a link to a file' : 'a link to something that no longer exists') : 'a file';
  throw new Error(`${basename(path)} in ${dirname(path)} is ${what}, where the export puts a folder of that name; move it away and export again`);
}
