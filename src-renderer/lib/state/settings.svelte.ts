/**
 * How this user likes to read, remembered in this browser: the app's theme and the reader's
 * font size, line width and typeface. One key, checked field by field when read, so an old or
 * damaged value falls back to its default instead of breaking the reader.
 */
import { z } from 'zod';
import { themes } from '../theme';

export const lineWidths = ['narrow', 'medium', 'wide'] as const;
export const typefaces = ['serif', 'sans'] as const;
export const fontSizeRange = { min: 14, max: 26 } as const;

const preferencesSchema = z.object({
  theme: z.enum(themes).catch('system'),
  fontSize: z.number().int().min(fontSizeRange.min).max(fontSizeRange.max).catch(18),
  lineWidth: z.enum(lineWidths).catch('medium'),
  typeface: z.enum(typefaces).catch('serif'),
});
export type Preferences = z.infer<typeof preferencesSchema>;
const defaultPreferences: Preferences = preferencesSchema.parse({});

const KEY = 'commonplace.reading';
/** Where the theme was kept before the other preferences joined it. */
const OLD_THEME_KEY = 'commonplace.theme';

function parsePreferences(stored: string | null): Preferences {
  try {
    return preferencesSchema.parse(JSON.parse(stored ?? '{}'));
  } catch {
    return defaultPreferences;
  }
}

class Settings {
  preferences = $state<Preferences>(defaultPreferences);

  constructor(private readonly storage: Storage) {
    this.preferences = parsePreferences(storage.getItem(KEY) ?? JSON.stringify({ theme: storage.getItem(OLD_THEME_KEY) }));
  }

  update(change: Partial<Preferences>): void {
    this.preferences = preferencesSchema.parse({ ...this.preferences, ...change });
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
