/**
 * The reader's highlights and what the user is doing with them: which one is active, which
 * comment is being edited, which one is being linked or quoted, the deletion waiting to be
 * confirmed and the last deletion (for undo). Every change goes through the API and the list
 * is re-read from it, so what is shown is what is stored.
 */
import type { Backlinks, Highlight, HighlightColor } from '@common/model';
import { highlightColors } from '@common/model';
import type { Client } from '../lib/api';

const COLOR_KEY = 'commonplace.highlightColor';

function rememberedColor(): HighlightColor {
  const stored = localStorage.getItem(COLOR_KEY);
  return highlightColors.find((color) => color === stored) ?? 'yellow';
}

export class Annotations {
  highlights = $state<Highlight[]>([]);
  /** The highlight the keyboard acts on (clicked, or reached with j/k). */
  activeId = $state<string | null>(null);
  editingCommentId = $state<string | null>(null);
  /** The colour `h` uses: the one picked last. */
  color = $state<HighlightColor>(rememberedColor());
  deleted = $state<Highlight | null>(null);
  /** The highlight whose link dialog is open, and the one being quoted into a note. */
  linkingId = $state<string | null>(null);
  quotingId = $state<string | null>(null);
  /** A highlight that links or notes refer to, waiting for the user to confirm its deletion. */
  pendingDelete = $state<{ highlight: Highlight; passages: number; notes: number } | null>(null);
  /** The highlight whose links the panel lists. */
  linksOpenFor = $state<string | null>(null);
  /** What links to and cites each highlight, by id: the panel counts them. */
  backlinks = $state<Record<string, Backlinks>>({});
  error = $state<string | null>(null);
  private captureId = '';

  constructor(
    private readonly api: Client,
    private readonly articleId: string,
  ) {}

  active = $derived(this.highlights.find((highlight) => highlight.id === this.activeId) ?? null);
  /** Those drawn in the text, in reading order: what j and k step through. */
  placed = $derived(this.highlights.filter((highlight) => highlight.placement.status !== 'orphan'));

  async load(captureId: string): Promise<void> {
    this.captureId = captureId;
    await this.attempt(async () => {
      this.highlights = await this.api.listHighlights({ articleId: this.articleId, captureId });
    });
  }

  /** Reads every highlight's links and citing notes, in one request. */
  async loadLinks(): Promise<void> {
    await this.attempt(async () => {
      this.backlinks = await this.api.listArticleLinks({ articleId: this.articleId });
    });
  }

  /** Reads the list again, after a change made elsewhere (a claim's statement, say). */
  async reload(): Promise<void> {
    await this.load(this.captureId);
  }

  /**
   * Reads the highlights and their links again after a change made elsewhere. Each is replaced
   * only when it changed, so the text is not redrawn (under a selection, say) for nothing.
   */
  async refresh(): Promise<void> {
    if (!this.captureId) return;
    await this.attempt(async () => {
      const [highlights, backlinks] = await Promise.all([
        this.api.listHighlights({ articleId: this.articleId, captureId: this.captureId }),
        this.api.listArticleLinks({ articleId: this.articleId }),
      ]);
      if (JSON.stringify(highlights) !== JSON.stringify(this.highlights)) this.highlights = highlights;
      if (JSON.stringify(backlinks) !== JSON.stringify(this.backlinks)) this.backlinks = backlinks;
    });
  }

  pickColor(color: HighlightColor): void {
    this.color = color;
    localStorage.setItem(COLOR_KEY, color);
  }

  async create(range: { start: number; end: number }, fields: { color?: HighlightColor; isClaim?: boolean } = {}): Promise<Highlight | null> {
    if (fields.color) this.pickColor(fields.color);
    return this.attempt(async () => {
      const created = await this.api.createHighlight({ articleId: this.articleId, ...range, color: fields.color ?? this.color, isClaim: fields.isClaim });
      await this.load(this.captureId);
      this.activeId = created.id;
      return created;
    });
  }

  async update(id: string, fields: { color?: HighlightColor; comment?: string | null; isClaim?: boolean; start?: number; end?: number }): Promise<void> {
    if (fields.color) this.pickColor(fields.color);
    await this.attempt(async () => {
      await this.api.updateHighlight({ id, ...fields });
      await this.load(this.captureId);
    });
  }

  /**
   * Deletes a highlight, first asking (through pendingDelete) when links or notes refer to it:
   * they keep its quote, but the user should know they will say it was deleted.
   */
  async requestRemove(id: string): Promise<void> {
    const highlight = this.highlights.find((candidate) => candidate.id === id);
    if (!highlight) return;
    const found = await this.attempt(() => this.api.listLinks({ id }));
    if (!found) return;
    const passages = new Set([...found.outgoing.map((link) => link.to.id), ...found.incoming.map((link) => link.from.id)]).size;
    if (passages > 0 || found.citedBy.length > 0) this.pendingDelete = { highlight, passages, notes: found.citedBy.length };
    else await this.remove(id);
  }

  /** The user confirmed the deletion pendingDelete asked about. */
  async confirmRemove(): Promise<void> {
    const pending = this.pendingDelete;
    this.pendingDelete = null;
    if (pending) await this.remove(pending.highlight.id);
  }

  async remove(id: string): Promise<void> {
    const highlight = this.highlights.find((candidate) => candidate.id === id);
    if (!highlight) return;
    await this.attempt(async () => {
      await this.api.deleteHighlight({ id });
      this.deleted = highlight;
      if (this.activeId === id) this.activeId = null;
      await this.load(this.captureId);
      await this.loadLinks();
    });
  }

  async undoDelete(): Promise<void> {
    const highlight = this.deleted;
    if (!highlight) return;
    await this.attempt(async () => {
      await this.api.restoreHighlight({ id: highlight.id });
      this.deleted = null;
      this.activeId = highlight.id;
      await this.load(this.captureId);
      await this.loadLinks();
    });
  }

  /** The next (1) or previous (-1) highlight in the text from the active one, wrapping around. */
  step(direction: 1 | -1): Highlight | null {
    const placed = this.placed;
    if (placed.length === 0) return null;
    const at = placed.findIndex((highlight) => highlight.id === this.activeId);
    const next = at < 0 ? (direction === 1 ? 0 : placed.length - 1) : (at + direction + placed.length) % placed.length;
    this.activeId = placed[next].id;
    return placed[next];
  }

  private async attempt<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      const result = await work();
      this.error = null;
      return result;
    } catch (failure) {
      this.error = (failure as Error).message;
      return null;
    }
  }
}
