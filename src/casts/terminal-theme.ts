/**
 * Terminal color themes: the stage's default (VS Code Dark+, as the stage's terminal panel), the
 * ones asciinema-player ships (same colors as its CSS), and a cast's own (v2 `theme`, v3
 * `term.theme`). One resolved theme per cast, used alike by deck, site and video (docs/stage.md).
 */
import type { Cast } from './types.ts';

/** A full theme: foreground, background and the 16 base colors. */
export interface TerminalTheme {
  fg: string;
  bg: string;
  /** 16 colors, `#rrggbb`, colon-separated (the asciicast form). */
  palette: string;
}

/** The lesson's `terminal.theme` that uses each recording's own theme (and this one for the rest). */
export const DEFAULT_TERMINAL_THEME = 'dark';

const t = (fg: string, bg: string, palette: string): TerminalTheme => ({ fg, bg, palette: fillPalette(palette.split(':')).join(':') });

/** Named themes for frontmatter `terminal.theme`. */
export const TERMINAL_THEMES: Record<string, TerminalTheme> = {
  dark: t('#cccccc', '#181818', '#000000:#cd3131:#0dbc79:#e5e510:#2472c8:#bc3fbc:#11a8cd:#e5e5e5:#666666:#f14c4c:#23d18b:#f5f543:#3b8eea:#d670d6:#29b8db:#e5e5e5'),
  light: t('#333333', '#ffffff', '#000000:#cd3131:#00bc00:#949800:#0451a5:#bc05bc:#0598bc:#555555:#666666:#cd3131:#14ce14:#b5ba00:#0451a5:#bc05bc:#0598bc:#a5a5a5'),
  asciinema: t('#cccccc', '#121314', '#000000:#dd3c69:#4ebf22:#ddaf3c:#26b0d7:#b954e1:#54e1b9:#d9d9d9:#4d4d4d:#dd3c69:#4ebf22:#ddaf3c:#26b0d7:#b954e1:#54e1b9:#ffffff'),
  dracula: t('#f8f8f2', '#282a36', '#21222c:#ff5555:#50fa7b:#f1fa8c:#bd93f9:#ff79c6:#8be9fd:#f8f8f2:#6272a4:#ff6e6e:#69ff94:#ffffa5:#d6acff:#ff92df:#a4ffff:#ffffff'),
  monokai: t('#f8f8f2', '#272822', '#272822:#f92672:#a6e22e:#f4bf75:#66d9ef:#ae81ff:#a1efe4:#f8f8f2:#75715e:::::::#f9f8f5'),
  nord: t('#eceff4', '#2e3440', '#3b4252:#bf616a:#a3be8c:#ebcb8b:#81a1c1:#b48ead:#88c0d0:#eceff4::::::::'),
  'solarized-dark': t('#839496', '#002b36', '#073642:#dc322f:#859900:#b58900:#268bd2:#d33682:#2aa198:#eee8d5:#002b36:#cb4b16:#586e75:#657b83:#839496:#6c71c4:#93a1a1:#fdf6e3'),
  'solarized-light': t('#657b83', '#fdf6e3', '#073642:#dc322f:#859900:#b58900:#268bd2:#d33682:#2aa198:#eee8d5:#002b36:#cb4b16:#586e75:#657c83:#839496:#6c71c4:#93a1a1:#fdf6e3'),
  tango: t('#cccccc', '#121314', '#000000:#cc0000:#4e9a06:#c4a000:#3465a4:#75507b:#06989a:#d3d7cf:#555753:#ef2929:#8ae234:#fce94f:#729fcf:#ad7fa8:#34e2e2:#eeeeec'),
  'gruvbox-dark': t('#fbf1c7', '#282828', '#282828:#cc241d:#98971a:#d79921:#458588:#b16286:#689d6a:#a89984:#7c6f65:#fb4934:#b8bb26:#fabd2f:#83a598:#d3869b:#8ec07c:#fbf1c7'),
};

/** 16 colors from 8 or 16 (missing bright colors are the base ones, as the player does). */
function fillPalette(colors: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) out[i] = colors[i] || (i >= 8 ? out[i - 8] : '#000000');
  return out;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** A cast's own theme made whole, or null when it has none (or a malformed one). */
export function castTheme(cast: Cast): TerminalTheme | null {
  const own = cast.theme;
  if (!own || !own.fg || !own.bg || !own.palette) return null;
  const colors = own.palette.split(':').map((c) => c.trim());
  if (!HEX.test(own.fg) || !HEX.test(own.bg) || (colors.length !== 8 && colors.length !== 16) || !colors.every((c) => HEX.test(c))) return null;
  return { fg: own.fg.toLowerCase(), bg: own.bg.toLowerCase(), palette: fillPalette(colors.map((c) => c.toLowerCase())).join(':') };
}

/**
 * The theme a cast plays in: the lesson's `terminal.theme` when it names a theme other than the
 * default (it overrides every cast), else the cast's own, else the default theme.
 */
export function resolveTheme(setting: string, cast: Cast): { theme: TerminalTheme; source: 'lesson' | 'recording' } {
  const named = TERMINAL_THEMES[setting];
  if (named && setting !== DEFAULT_TERMINAL_THEME) return { theme: named, source: 'lesson' };
  const own = castTheme(cast);
  return own ? { theme: own, source: 'recording' } : { theme: named ?? TERMINAL_THEMES[DEFAULT_TERMINAL_THEME], source: 'lesson' };
}
