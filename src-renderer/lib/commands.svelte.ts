/**
 * Every command the app offers, in one registry the command palette lists. Views register
 * their commands while they are shown and take them back when they go, so the palette only
 * offers what can run now.
 */
import { untrack } from 'svelte';

export interface Command {
  id: string;
  title: string;
  /** The shortcut, as the palette shows it ("Ctrl+F"). */
  keys?: string;
  run: () => void;
}

class CommandRegistry {
  #commands = $state<Command[]>([]);

  get all(): readonly Command[] {
    return this.#commands;
  }

  /**
   * Adds commands; the function returned removes them. Views call this from effects, which
   * must not come to depend on the list they change.
   */
  register(...added: Command[]): () => void {
    untrack(() => {
      this.#commands = [...this.#commands.filter((command) => !added.some((next) => next.id === command.id)), ...added];
    });
    return () =>
      untrack(() => {
        this.#commands = this.#commands.filter((command) => !added.includes(command));
      });
  }
}

export const commands = new CommandRegistry();

/** "Ctrl" or "⌘", as this computer says it. */
export const modKey = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
