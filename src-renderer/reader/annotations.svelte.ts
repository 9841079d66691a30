/**
 * The reader's highlights and what the user is doing with them: which one is active, which
 * comment is being edited, the last deletion (for undo). Every change goes through the API
 * and the list is re-read from it, so what is shown is what is stored.
 */
import type { Highlight, HighlightColor } from '@common/model';
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

  async remove(id: string): Promise<void> {
    const highlight = this.highlights.find((candidate) => candidate.id === id);
    if (!highlight) return;
    await this.attempt(async () => {
      await this.api.deleteHighlight({ id });
      this.deleted = highlight;
      if (this.activeId === id) this.activeId = null;
      await this.load(this.captureId);
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
