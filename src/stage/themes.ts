/** The stage's named accent colours (config `theme`: one of these names, or a #hex colour). */

/** Theme name → accent colour. */
export const THEMES: Readonly<Record<string, string>> = { blue: '#3b82f6', kubernetes: '#326ce5', green: '#10b981', orange: '#f97316', purple: '#8b5cf6', red: '#ef4444', teal: '#14b8a6' };

/** The names config `theme` accepts (besides a #hex colour). */
export const THEME_NAMES: readonly string[] = Object.keys(THEMES);

/** A #rgb, #rgba, #rrggbb or #rrggbbaa colour. */
export const HEX_COLOR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
