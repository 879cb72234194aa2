/**
 * The stage page as HTML, from the model (pure). One markup for every scene, used by the deck
 * (inside reveal.js sections, steps as fragments, narration as speaker notes) and by the video
 * (a fixed page of the shape's design size — 1920×1080, 1080×1920, 1080×1080 — driven by
 * `window.lessoncastStage.seek(t)`). A desktop's picture sits in a camera layer (`.lc-camera`, the
 * transform the camera sets); popups and keys on screen sit above it, at their own size.
 */
import type { EditorFile } from './editor-files.ts';
import { languageBadge, languageName } from './editor-languages.ts';
import { escapeHtml } from './screen-html.ts';
import type { StageModel, StageScene } from './stage-model.ts';
import type { StageStep } from './stage-steps.ts';
import { keyCaps, KEYS_SECONDS } from './key-labels.ts';
import { isStacked } from './stage-shape.ts';
import { chromeOf, TERM_LINE_HEIGHT } from './terminal-layout.ts';

/** Asset paths, relative to the page. */
export const ASSETS = {
  revealCss: 'assets/reveal/reveal.css',
  revealJs: 'assets/reveal/reveal.js',
  notesJs: 'assets/reveal/notes.js',
  playerCss: 'assets/asciinema-player/asciinema-player.css',
  playerJs: 'assets/asciinema-player/asciinema-player.min.js',
  fontsCss: 'assets/fonts/fonts.css',
  stageCss: 'assets/stage/stage.css',
  stageJs: 'assets/stage/stage-client.js',
};

/** The data the page script reads (embedded as JSON). */
export interface ClientData {
  mode: 'deck' | 'video';
  /** The page's design size (the shape's) and how long a key press stays on screen (s). */
  stage: { width: number; height: number };
  keysSeconds: number;
  slug: string;
  title: string;
  duration: number | null;
  scenes: {
    id: string;
    kind: 'slide' | 'desktop';
    layout: string;
    initialFocus: 'editor' | 'terminal';
    /** `lines`: the lines an open-file step scrolls to and marks (1-based, inclusive, ordered). */
    steps: { id: string; kind: StageStep['kind']; file?: string; placeholder?: boolean; lines?: [number, number]; keys?: boolean }[];
    term: null | {
      cols: number; rows: number; fontSize: number;
      theme: { fg: string; bg: string; palette: string };
      events?: [number, string, string][];
      spans?: Record<string, { from: number; to: number }>;
      frames?: { times: number[]; rowTable: string[]; frames: { rows: number[]; cursor: [number, number] | null }[] };
    };
    video: { start: number; end: number; steps: ([number, number] | null)[] } | null;
    /** The camera (StageScene.camera): deck framings per steps shown, video cues, highlights; and the deck's highlights per steps shown. */
    camera: StageScene['camera'] & { deckHighlights: string[][] | null };
  }[];
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const ICONS = {
  files: '<svg viewBox="0 0 24 24"><path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/><path d="M14 2v6h6"/></svg>',
  search: '<svg viewBox="0 0 24 24"><circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 21 21"/></svg>',
  branch: '<svg viewBox="0 0 24 24"><circle cx="6" cy="5" r="2.2"/><circle cx="6" cy="19" r="2.2"/><circle cx="18" cy="8" r="2.2"/><path d="M6 7.2v9.6M18 10.2c0 4-6 3-11 6.5"/></svg>',
  run: '<svg viewBox="0 0 24 24"><path d="M7 4v16l13-8z"/></svg>',
  boxes: '<svg viewBox="0 0 24 24"><rect x="3" y="3" width="7.5" height="7.5"/><rect x="13.5" y="3" width="7.5" height="7.5"/><rect x="3" y="13.5" width="7.5" height="7.5"/><rect x="13.5" y="13.5" width="7.5" height="7.5"/></svg>',
};

/** A small colored file-type badge, like the editor's file icons. */
function fileIcon(f: EditorFile): string {
  const [text, color] = languageBadge(f.lang);
  return `<span class="lc-ficon" style="color:${color}">${escapeHtml(text)}</span>`;
}

/** Columns of a highlighted line's leading blanks (a tab is TAB_SIZE): its wrapped rows start there, as VS Code's word wrap indents them. */
export function lineIndent(html: string): number {
  const lead = /^[ \t]*/.exec(html.replace(/<[^>]*>/g, ''))![0];
  return [...lead].reduce((n, c) => n + (c === '\t' ? TAB_SIZE : 1), 0);
}

/** Tab width of the editor pane (stage.css `tab-size`), VS Code's default. */
export const TAB_SIZE = 4;

function renderLine(html: string, i: number): string {
  const indent = lineIndent(html);
  return `<div class="lc-line"><span class="lc-ln">${i + 1}</span><span class="lc-src"${indent ? ` style="--indent:${indent}"` : ''}>${html || ' '}</span></div>`;
}

function renderFile(f: EditorFile): string {
  let body: string;
  if (f.status === 'ok') {
    // The file scrolls in its pane (a long file is never cut); the page scrolls it to the lines a step names.
    // The thumb is drawn by the page: Chromium hides real scrollbars in headless mode, and the viewer should see where in the file they are.
    // Long lines wrap (stage.css): a line cut at the pane's edge hides what the narration may be talking about.
    body = `<div class="lc-scroll"><div class="lc-code">${f.lines.map(renderLine).join('')}</div></div>` +
      '<div class="lc-thumb" aria-hidden="true"></div>';
  } else {
    const why = {
      missing: 'File not found', binary: 'Binary file: not shown', outside: 'Outside the course folder: not published', 'too-large': 'File too large to show',
    }[f.status];
    body = `<div class="lc-file-missing" role="note"><div class="lc-missing-icon">!</div><div class="lc-missing-title">${why}</div>` +
      `<div class="lc-missing-path">${escapeHtml(f.path ?? f.name)}</div></div>`;
  }
  const crumbs = (f.path ?? f.name).split('/').map(escapeHtml).join('<span class="lc-crumb-sep">›</span>');
  return `<div class="lc-file" data-file="${escapeHtml(f.key)}" data-status="${f.status}" data-lang="${escapeHtml(f.lang)}" data-lang-name="${escapeHtml(languageName(f.lang))}">` +
    `<div class="lc-breadcrumb">${crumbs}</div>${body}</div>`;
}

/** A terminal theme as the CSS variables asciinema-player's themes set (inline: it wins over the theme class). */
export function themeVars(theme: { fg: string; bg: string; palette: string } | undefined): string {
  if (!theme) return '';
  return `--term-color-foreground:${theme.fg};--term-color-background:${theme.bg};` + theme.palette.split(':').map((c, i) => `--term-color-${i}:${c}`).join(';');
}

/** The terminal drawn from a precomputed screen (video, print) in the player's markup. */
export function staticTerminal(cols: number, rows: number, fontSize: number, screen: { rows: string[]; cursor: [number, number] | null } | null, theme?: { fg: string; bg: string; palette: string }): string {
  const cursor = screen?.cursor ? `<span class="lc-cursor" style="--col:${screen.cursor[0]};--row:${screen.cursor[1]}"></span>` : '';
  return `<div class="lc-term-static ap-player asciinema-player-theme-lessoncast" style="${themeVars(theme)}"><div class="ap-term" style="${termStyle(cols, rows, fontSize)}">` +
    `<pre class="ap-term-text">${screen ? screen.rows.join('') : ''}</pre>${cursor}</div></div>`;
}

function termStyle(cols: number, rows: number, fontSize: number): string {
  return `font-size:${fontSize}px;width:${cols}ch;height:${(rows * TERM_LINE_HEIGHT).toFixed(4)}em;--term-line-height:${TERM_LINE_HEIGHT}em;--term-cols:${cols};--term-rows:${rows}`;
}

function renderPopups(scene: StageScene): string {
  return scene.steps.map((s, i) => s.kind === 'popup'
    ? `<div class="lc-popup" data-step="${i}" role="status"><div class="lc-popup-text">${escapeHtml(s.text)}</div></div>` : '').join('');
}

function renderSlide(model: StageModel, scene: StageScene): string {
  // The title slide shows the lesson title big already: its kicker is the course alone.
  const kicker = [model.courseTitle, scene.slide ? model.title : null].filter(Boolean).map((s) => escapeHtml(s!)).join('<span class="lc-dot">·</span>');
  const body = scene.slide
    ? `<div class="lc-slide-body">${scene.slide.html}</div>`
    : `<div class="lc-slide-body lc-title-slide"><h1>${escapeHtml(model.title)}</h1>` +
      (scene.title !== model.title ? `<p class="lc-subtitle">${escapeHtml(scene.title)}</p>` : '') + '</div>';
  return `<div class="lc-stage lc-slide-stage"><div class="lc-slide-bg"></div><div class="lc-slide-kicker">${kicker}</div>${body}` +
    `<div class="lc-slide-bar"></div>${renderPopups(scene)}</div>`;
}

/** The keys on screen of a scene's key-press steps (shown for KEYS_SECONDS from the step; docs/stage.md). */
function renderKeys(scene: StageScene): string {
  return scene.steps.map((s, i) => (s.kind === 'focus-terminal' || s.kind === 'clear') && s.keys
    ? `<div class="lc-keys" data-step="${i}" aria-hidden="true">${keyCaps(s.keys).map((k) => `<kbd>${escapeHtml(k)}</kbd>`).join('')}</div>` : '').join('');
}

function renderDesktop(model: StageModel, scene: StageScene): string {
  const tabs = scene.files.map((f) => `<div class="lc-tab" data-file="${escapeHtml(f.key)}">${fileIcon(f)}<span class="lc-tab-name">${escapeHtml(f.name)}</span><span class="lc-tab-x">×</span></div>`).join('');
  const editor = scene.layout === 'terminal' ? '' :
    `<div class="lc-pane lc-editor" data-pane="editor"><div class="lc-tabs">${tabs}</div><div class="lc-files">` +
    `<div class="lc-empty"><div class="lc-empty-mark">${ICONS.files}</div><div class="lc-empty-text">${escapeHtml(model.title)}</div></div>` +
    scene.files.map(renderFile).join('') + '</div></div>';
  const t = scene.terminal;
  const panel = !t ? '' :
    `<div class="lc-pane lc-panel" data-pane="terminal"><div class="lc-panel-head"><span>PROBLEMS</span><span>OUTPUT</span><span>DEBUG CONSOLE</span>` +
    `<span class="lc-panel-active">TERMINAL</span><span class="lc-panel-shell">${ICONS.run}bash</span></div>` +
    `<div class="lc-term-host" data-cols="${t.cols}" data-rows="${t.rows}">` +
    `<div class="lc-term-live"></div>${staticTerminal(t.cols, t.rows, t.fontSize, model.mode === 'video' ? null : t.final, t.theme)}</div></div>`;
  const icons = [ICONS.files, ICONS.search, ICONS.branch, ICONS.run, ICONS.boxes].map((i, n) => `<span class="lc-act${n === 0 ? ' lc-act-on' : ''}">${i}</span>`).join('');
  return `<div class="lc-stage lc-desktop" data-layout="${scene.layout}" data-focus="${scene.initialFocus}"><div class="lc-camera">` +
    `<div class="lc-titlebar"><span class="lc-lights"><i></i><i></i><i></i></span><span class="lc-wintitle"><span class="lc-wintitle-file"></span>${escapeHtml(model.title)}</span></div>` +
    `<div class="lc-activity">${icons}</div><div class="lc-work">${editor}${panel}</div>` +
    `<div class="lc-status"><span class="lc-status-l">${ICONS.branch}main</span><span class="lc-status-r"><span class="lc-status-lang"></span><span>UTF-8</span><span>LF</span></span></div>` +
    `</div>${renderPopups(scene)}${renderKeys(scene)}</div>`;
}

/** What the step does, for the presenter's notes ("Next: ..."). */
function stepLabel(step: StageStep): string {
  switch (step.kind) {
    case 'command': return `<code>$ ${escapeHtml(step.text)}</code>`;
    case 'marker': return `the recording's marker ${step.index}${step.label ? ` <em>${escapeHtml(step.label)}</em>` : ''}`;
    case 'open-file': return step.placeholder ? `open a file (<code>code ${escapeHtml(step.path)}</code>, placeholder)` : `open <code>${escapeHtml(step.path)}</code>`;
    case 'focus-terminal': return 'switch to the terminal';
    case 'clear': return 'clear the terminal';
    case 'popup': return `popup <code>${escapeHtml(step.text)}</code>`;
    case 'code': return 'show the code block';
  }
}

function notesBlock(html: string, next: StageStep | undefined): string {
  const hint = next ? `<p class="lc-next"><em>Next:</em> ${stepLabel(next)}</p>` : '';
  return `<aside class="notes">${html}${hint}</aside>`;
}

function renderSection(model: StageModel, scene: StageScene): string {
  const inner = scene.kind === 'slide' ? renderSlide(model, scene) : renderDesktop(model, scene);
  const attrs = `class="lc-scene" id="${scene.id}" data-scene-index="${scene.index}" data-kind="${scene.kind}" data-title="${escapeHtml(scene.title)}"`;
  if (model.mode === 'video') return `<section ${attrs}>${inner}</section>`;
  const frags = scene.steps.map((s, i) =>
    `<span class="fragment lc-frag" data-fragment-index="${i}" data-step="${i}" data-kind="${s.kind}">${notesBlock(scene.notes.after[i], scene.steps[i + 1])}</span>`).join('');
  return `<section ${attrs} data-transition="fade">${inner}${notesBlock(scene.notes.intro, scene.steps[0])}${frags}</section>`;
}

/** A written line range as the page uses it: from ≤ to, from at least 1 (lint reports a range that is not one). */
function orderedLines([a, b]: [number, number]): [number, number] {
  return [Math.max(1, Math.min(a, b)), Math.max(1, a, b)];
}

/** The client data embedded in the page. */
export function clientData(model: StageModel): ClientData {
  return {
    mode: model.mode, stage: model.stage, keysSeconds: KEYS_SECONDS, slug: model.slug, title: model.title, duration: model.duration,
    scenes: model.scenes.map((s) => ({
      id: s.id, kind: s.kind, layout: s.layout, initialFocus: s.initialFocus,
      steps: s.steps.map((st) => ({
        id: st.id, kind: st.kind,
        ...(st.kind === 'open-file' ? { file: st.path, placeholder: st.placeholder, ...(st.lines ? { lines: orderedLines(st.lines) } : {}) } : {}),
        ...(st.kind === 'code' ? { file: st.codeId } : {}),
        ...((st.kind === 'focus-terminal' || st.kind === 'clear') && st.keys ? { keys: true } : {}),
      })),
      camera: { ...s.camera, deckHighlights: model.mode === 'deck' ? s.deckHighlights : null },
      term: s.terminal && {
        cols: s.terminal.cols, rows: s.terminal.rows, fontSize: s.terminal.fontSize, theme: s.terminal.theme,
        ...(model.mode === 'deck' ? { events: s.terminal.deck.events, spans: s.terminal.deck.spans } : {}),
        ...(model.mode === 'video' && s.terminal.frames ? { frames: { times: s.terminal.frames.times, rowTable: s.terminal.frames.rowTable, frames: s.terminal.frames.frames } } : {}),
      },
      video: s.video,
    })),
  };
}

/** The complete page. */
export function renderStageHtml(model: StageModel): string {
  const title = escapeHtml(model.title);
  const deck = model.mode === 'deck';
  const css = [ASSETS.fontsCss, ...(deck ? [ASSETS.revealCss] : []), ASSETS.playerCss, ASSETS.stageCss];
  const js = [...(deck ? [ASSETS.revealJs, ASSETS.notesJs, ASSETS.playerJs] : []), ASSETS.stageJs];
  const sections = model.scenes.map((s) => renderSection(model, s)).join('\n');
  const c = chromeOf(model.shape);
  const vars = `--lc-accent:${model.accent};--lc-stage-w:${model.stage.width}px;--lc-stage-h:${model.stage.height}px;--lc-titlebar:${c.titleBar}px;` +
    `--lc-activity:${c.activityBar}px;--lc-statusbar:${c.statusBar}px;--lc-panel-head:${c.panelHeader}px;` +
    `--lc-panel-pad:${c.panelPadding}px;--lc-editor-share:${(isStacked(model.shape) ? c.stackedEditorShare : c.editorShare) * 100}%`;
  const body = deck
    ? `<div class="reveal"><div class="slides">\n${sections}\n</div></div>`
    : `<div class="lc-video">\n${sections}\n</div>`;
  return `<!doctype html>
<html lang="en" class="lc-mode-${model.mode} lc-shape-${model.shape}${model.cameraMode === 'off' ? ' lc-camera-off' : ''}" style="${vars}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
${css.map((h) => `<link rel="stylesheet" href="${h}">`).join('\n')}
</head>
<body>
${body}
<script type="application/json" id="lessoncast-data">${scriptJson(clientData(model))}</script>
${js.map((s) => `<script src="${s}"></script>`).join('\n')}
</body>
</html>
`;
}
