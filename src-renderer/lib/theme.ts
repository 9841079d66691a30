/** The app's colours: light, sepia or dark; "system" follows the operating system. */
export const themes = ['system', 'light', 'sepia', 'dark'] as const;
export type Theme = (typeof themes)[number];

/** The theme after this one, for the top bar's button that steps through them. */
export function nextTheme(theme: Theme): Theme {
  return themes[(themes.indexOf(theme) + 1) % themes.length];
}

/** The stylesheets key their colours on the root's data-theme; without it they follow the system. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
