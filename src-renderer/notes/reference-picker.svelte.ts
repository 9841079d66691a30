/**
 * `[[` in a note: a list of highlights, claims, articles and notes found by the words typed
 * after it, updated as they are typed; choosing one puts a reference to it in their place.
 * The list's state lives here (NoteSuggestions.svelte draws it); @tiptap/suggestion finds the
 * trigger, fetches, and anchors the list to the text.
 */
import { Extension, type Editor } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import { Suggestion, type SuggestionProps } from '@tiptap/suggestion';
import type { ResolvedPos } from '@tiptap/pm/model';
import type { SearchHit } from '@common/model';
import type { Client } from '../lib/api';
import { referenceQuery, shortLabel, snippetText } from './reference-search';

const TRIGGER = '[[';
/** Past this many characters after `[[`, the text is writing, not a search. */
const LONGEST_QUERY = 100;
/**
 * Passages first: a note cites what was read more often than where. Articles come last, since
 * any word of their text finds them. Search's own ranking holds within each kind.
 */
const KIND_ORDER: Record<SearchHit['type'], number> = { highlight: 0, claim: 0, note: 1, article: 2 };

/**
 * The text from the last `[[` in the text before the cursor, unless `]]` closed it. The
 * plugin's own matcher takes one character's worth of rules (what may precede it, whether
 * spaces end it); `[[` may follow anything and its query has spaces.
 */
function findTrigger({ $position }: { $position: ResolvedPos }) {
  const before = $position.nodeBefore;
  if (!before?.isText || !before.text) return null;
  const text = before.text;
  const at = text.lastIndexOf(TRIGGER);
  if (at < 0) return null;
  const query = text.slice(at + TRIGGER.length);
  if (query.includes(']]') || query.includes('\n') || query.length > LONGEST_QUERY) return null;
  const from = $position.pos - text.length + at;
  return { range: { from, to: $position.pos }, query, text: text.slice(at) };
}

/** The list's id, and each option's: the editor names the active one (aria-activedescendant). */
export const OPTIONS_ID = 'reference-options';
export const optionId = (index: number) => `reference-option-${index}`;

export class ReferencePicker {
  open = $state(false);
  hits = $state.raw<SearchHit[]>([]);
  active = $state(0);
  /** The words typed after `[[`. */
  typed = $state('');
  searching = $state(false);
  problem = $state<string | null>(null);

  #api: Client;
  #noteId: string;
  #key = new PluginKey('referencePicker');
  #editor: Editor | null = null;
  #props: SuggestionProps<SearchHit> | null = null;
  #describing = false;

  constructor(api: Client, noteId: string) {
    this.#api = api;
    this.#noteId = noteId;
  }

  /** The editor extension that watches for `[[`; before the editor's own keys, so Enter and Tab choose. */
  extension(): Extension {
    const picker = this;
    return Extension.create({
      name: 'referencePicker',
      priority: 1000,
      addProseMirrorPlugins() {
        picker.#editor = this.editor;
        return [
          Suggestion<SearchHit>({
            editor: this.editor,
            pluginKey: picker.#key,
            char: TRIGGER,
            allowSpaces: true,
            allowedPrefixes: null,
            findSuggestionMatch: findTrigger,
            decorationClass: 'reference-query',
            debounce: 120,
            floatingUi: { strategy: 'fixed' },
            items: ({ query }) => picker.#search(query),
            render: () => ({
              onStart: (props) => picker.#show(props),
              onUpdate: (props) => picker.#show(props),
              onExit: () => picker.#hide(),
              onKeyDown: ({ event }) => picker.#onKeyDown(event),
            }),
          }),
        ];
      },
    });
  }

  /** Keeps the list beside the typed text, however the page scrolls. For the list's element. */
  anchor = (element: HTMLElement) => this.#props?.mount(element);

  /**
   * The editor keeps the focus while the list is open, so it tells assistive technology which
   * option is active, as a combobox's input does. For an effect of the list's component.
   */
  describeToEditor() {
    const active = this.open && this.hits.length > 0 ? optionId(this.active) : null;
    const editor = this.#editor;
    if (!editor || editor.isDestroyed || (!active && !this.#describing)) return;
    const dom = editor.view.dom;
    this.#describing = active !== null;
    if (active) {
      dom.setAttribute('aria-activedescendant', active);
      dom.setAttribute('aria-controls', OPTIONS_ID);
    } else {
      dom.removeAttribute('aria-activedescendant');
      dom.removeAttribute('aria-controls');
    }
  }

  move(step: 1 | -1) {
    if (this.hits.length === 0) return;
    this.active = (this.active + step + this.hits.length) % this.hits.length;
  }

  /** Replaces `[[` and the words after it with a reference to `hit`. */
  async choose(hit: SearchHit | undefined) {
    const editor = this.#editor;
    if (!hit || !editor) return;
    const label = await this.#labelFor(hit);
    // The words may have changed while the label was fetched: replace what is there now.
    if (editor.isDestroyed) return;
    const state = this.#key.getState(editor.state) as { active: boolean; range: { from: number; to: number } } | undefined;
    if (!state?.active) return;
    const attrs = { targetId: hit.id, kind: hit.type, articleId: hit.type === 'note' ? null : hit.articleId, label };
    editor.chain().focus().insertContentAt(state.range, [{ type: 'reference', attrs }, { type: 'text', text: ' ' }]).run();
  }

  async #search(typed: string): Promise<SearchHit[]> {
    const query = referenceQuery(typed);
    if (!query) return [];
    try {
      const { hits } = await this.#api.search({ query, limit: 6 });
      this.problem = null;
      return hits.filter((hit) => hit.id !== this.#noteId).sort((a, b) => KIND_ORDER[a.type] - KIND_ORDER[b.type]);
    } catch (failure) {
      this.problem = (failure as Error).message;
      return [];
    }
  }

  /** A highlight or claim is called by the start of its quote; an article or note by its title. */
  async #labelFor(hit: SearchHit): Promise<string> {
    if (hit.type === 'article' || hit.type === 'note' || !hit.articleId) return shortLabel(hit.title || 'Untitled');
    try {
      const highlights = await this.#api.listHighlights({ articleId: hit.articleId });
      const quote = highlights.find((highlight) => highlight.id === hit.id)?.quote.exact;
      if (quote) return shortLabel(quote);
    } catch {
      // The snippet is the next best name.
    }
    return shortLabel(snippetText(hit));
  }

  #show(props: SuggestionProps<SearchHit>) {
    const itemsChanged = props.items !== this.#props?.items;
    this.#props = props;
    this.open = true;
    this.typed = props.query.trim();
    this.searching = props.loading;
    if (itemsChanged && !props.loading) {
      this.hits = props.items;
      this.active = 0;
    }
  }

  #hide() {
    this.#props = null;
    this.open = false;
    this.hits = [];
    this.problem = null;
  }

  #onKeyDown(event: KeyboardEvent): boolean {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.move(event.key === 'ArrowDown' ? 1 : -1);
      return true;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && this.hits.length > 0) {
      void this.choose(this.hits[this.active]);
      return true;
    }
    // Escape: the plugin closes the list once this returns.
    return event.key === 'Escape';
  }
}
