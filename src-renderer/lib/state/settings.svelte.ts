/**
 * How this user likes to read, remembered in this browser: the app's theme and the reader's
 * font size, line width and typeface. One key, checked field by field when read, so an old or
 * damaged value falls back to its default instead of breaking the reader.
 */
import { themes, type Theme } from '../theme';
import { integerIn, oneOf, storedObject } from '../stored-choice';

export const lineWidths = ['narrow', 'medium', 'wide'] as const;
export const typefaces = ['serif', 'sans'] as const;
export const fontSizeRange = { min: 14, max: 26 } as const;

export interface Preferences {
  theme: Theme;
  fontSize: number;
  lineWidth: (typeof lineWidths)[number];
  typeface: (typeof typefaces)[number];
}

function checkedPreferences(value: Record<string, unknown>): Preferences {
  return {
    theme: oneOf(themes, value.theme, 'system'),
    fontSize: integerIn(fontSizeRange, value.fontSize, 18),
    lineWidth: oneOf(lineWidths, value.lineWidth, 'medium'),
    typeface: oneOf(typefaces, value.typeface, 'serif'),
  };
}

const defaultPreferences: Preferences = checkedPreferences({});

const KEY = 'commonplace.reading';
/** Where the theme was kept before the other preferences joined it. */
const OLD_THEME_KEY = 'commonplace.theme';

class Settings {
  preferences = $state<Preferences>(defaultPreferences);

  constructor(private readonly storage: Storage) {
    this.preferences = checkedPreferences(storedObject(storage.getItem(KEY) ?? JSON.stringify({ theme: storage.getItem(OLD_THEME_KEY) })));
  }

  update(change: Partial<Preferences>): void {
    this.preferences = checkedPreferences({ ...this.preferences, ...change });
    this.storage.setItem(KEY, JSON.stringify(this.preferences));
    this.storage.removeItem(OLD_THEME_KEY);
  }
}

export const settings = new Settings(localStorage);

/** reader-comfort.css sizes and sets the reader's text from these. */
export function applyReadingStyle(root: HTMLElement, { fontSize, lineWidth, typeface }: Preferences): void {
  root.style.setProperty('--reader-font-size', `${fontSize}px`);
  root.dataset.lineWidth = lineWidth;
  root.dataset.typeface = typeface;
}
