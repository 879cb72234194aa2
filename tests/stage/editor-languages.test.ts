/**
 * The editor's languages (docs/stage.md, "Editor languages"): every language of the table loads
 * from the installed shiki and colours its sample; files and code fences get their language; a
 * code block's tab is named by its language's extension; and, in real Chromium on a tiny lesson,
 * HTML and CSS are highlighted, the status bar names the language, and a long line wraps at its
 * indentation instead of being cut at the pane's edge. KEEP=1 keeps the course and its screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSession } from '../../src/adapters/browser.ts';
import { openCourse } from '../../src/course.ts';
import type { Timeline } from '../../src/schedule/types.ts';
import { highlightKey } from '../../src/stage/editor-files.ts';
import { EDITOR_LANGUAGES, languageName, languageOfFence, languageOfFile, untitledName } from '../../src/stage/editor-languages.ts';
import { highlightLines, MAX_TOKENIZED_LINE } from '../../src/stage/highlight-code.ts';
import { lineIndent } from '../../src/stage/render-stage-html.ts';
import { deckDir } from '../../src/render/deck/build-deck.ts';
import { goTo, openDeck } from '../deck/deck-helpers.ts';
import { openVideoStage } from './helpers.ts';

/** A small sample of each language: enough tokens for the grammar to give several colours. */
const SAMPLES: Record<string, string> = {
  html: '<!doctype html>\n<p class="x">Hi &amp; bye</p>',
  css: 'body { color: #fff; margin: 0 auto; }',
  scss: '$c: red;\n.a { &:hover { color: $c; } }',
  javascript: 'import x from "y";\nconst f = (a) => `t${a}`;',
  jsx: 'const A = () => <div className="x">{a}</div>;',
  typescript: 'interface A { b: string }\nexport const f = (x: A): string => x.b;',
  tsx: 'const A = (p: { a: string }) => <div>{p.a}</div>;',
  json: '{"a": [1, true, null], "b": "c"}',
  jsonc: '{\n  // a comment\n  "a": 1\n}',
  yaml: 'apiVersion: v1\nkind: Pod # a comment\nmetadata:\n  name: "x"',
  markdown: '# Title\n\nSome *em* and `code`.',
  dockerfile: 'FROM node:20\nRUN npm ci && echo "x"',
  shellscript: 'for f in *.txt; do echo "$f"; done',
  python: 'def f(a: int) -> str:\n    return f"{a}"  # c',
  go: 'package main\nimport "fmt"\nfunc main() { fmt.Println("hi") }',
  rust: 'fn main() { let x: i32 = 1; println!("{}", x); }',
  java: 'public class A { void m() { String s = "x"; } }',
  c: '#include <stdio.h>\nint main(void) { return 0; }',
  cpp: '#include <vector>\nint main() { std::vector<int> v{1}; }',
  ruby: 'def f(a)\n  puts "#{a}"\nend',
  sql: 'SELECT a, b FROM t WHERE c = 1;',
  xml: '<?xml version="1.0"?><a b="c"><!-- x --></a>',
  toml: '[a]\nb = "c"\nd = 1',
  ini: '[a]\nb=c ; x',
  properties: 'a.b=c\n# x',
  make: 'all: a.o\n\tcc -o $@ $^',
  diff: '--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y',
  hcl: 'resource "aws_instance" "x" {\n  ami = "y"\n}',
  nginx: 'server { listen 80; location / { proxy_pass http://a; } }',
};

const colours = (lines: string[]) => new Set(lines.join('\n').match(/color:#[0-9a-fA-F]{6}/g) ?? []);

describe('editor languages', () => {
  it('every language of the table loads from the installed shiki (offline) and colours its sample', async () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(EDITOR_LANGUAGES.map((l) => l.id).sort());
    for (const l of EDITOR_LANGUAGES) {
      const lines = await highlightLines(SAMPLES[l.id], l.id);
      expect(lines.length, l.id).toBe(SAMPLES[l.id].split('\n').length);
      expect(colours(lines).size, `${l.id}: ${lines.join(' | ')}`).toBeGreaterThanOrEqual(2);
    }
  }, 60_000);

  it('a line past VS Code\'s tokenization length is shown plain; the lines around it are coloured', async () => {
    const long = `<p class="x">${'a'.repeat(MAX_TOKENIZED_LINE)}</p>`;
    const [before, plain, after] = await highlightLines(`<p class="x">y</p>\n${long}\n<p class="x">y</p>`, 'html');
    expect(plain).toBe(long.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(colours([before]).size).toBeGreaterThanOrEqual(3);
    expect(after).toBe(before);
  });

  it('the languages the issue names: files by name and extension, fences by word', () => {
    const files: Record<string, string> = {
      'site/index.html': 'html', 'style.css': 'css', 'app.js': 'javascript', 'src/main.ts': 'typescript', 'package.json': 'json',
      'tsconfig.json': 'jsonc', 'configs/pod.yml': 'yaml', 'k8s/svc.yaml': 'yaml', 'README.md': 'markdown', 'Dockerfile': 'dockerfile',
      'docker/Dockerfile.dev': 'dockerfile', 'api.dockerfile': 'dockerfile', 'run.sh': 'shellscript', '.bashrc': 'shellscript', 'app.py': 'python',
      'main.go': 'go', 'Makefile': 'make', 'nginx.conf': 'nginx', 'notes.txt': 'text', 'LICENSE': 'text',
    };
    for (const [path, lang] of Object.entries(files)) expect(languageOfFile(path), path).toBe(lang);
    const fences: Record<string, string> = {
      python: 'python', py: 'python', html: 'html', css: 'css', js: 'javascript', javascript: 'javascript', ts: 'typescript', json: 'json',
      yaml: 'yaml', yml: 'yaml', markdown: 'markdown', md: 'markdown', dockerfile: 'dockerfile', docker: 'dockerfile', bash: 'shellscript',
      sh: 'shellscript', shell: 'shellscript', console: 'shellscript', go: 'go', golang: 'go', 'python title="x.py"': 'python', elixir: 'text', '': 'text',
    };
    for (const [fence, lang] of Object.entries(fences)) expect(languageOfFence(fence), fence).toBe(lang);
  });

  it('a code block\'s tab is named by its language\'s extension, and the status bar by its name', () => {
    expect(untitledName(1, languageOfFence('python'))).toBe('untitled-1.py');
    expect(untitledName(2, languageOfFence('bash'))).toBe('untitled-2.sh');
    expect(untitledName(3, languageOfFence('yml'))).toBe('untitled-3.yml');
    expect(untitledName(4, languageOfFence('elixir'))).toBe('untitled-4.txt');
    expect(['html', 'css', 'javascript', 'typescript', 'json', 'yaml', 'markdown', 'dockerfile', 'shellscript', 'python', 'go', 'text'].map(languageName))
      .toEqual(['HTML', 'CSS', 'JavaScript', 'TypeScript', 'JSON', 'YAML', 'Markdown', 'Dockerfile', 'Shell Script', 'Python', 'Go', 'Plain Text']);
  });

  it('the store key of highlighted code changes with its language', () => {
    expect(highlightKey('<p>x</p>', 'html').hash).not.toBe(highlightKey('<p>x</p>', 'text').hash);
    expect(highlightKey('<p>x</p>', 'html').hash).toBe(highlightKey('<p>x</p>', 'html').hash);
  });

  it('a line\'s wrap indent is its leading blanks, a tab four columns, markup aside', () => {
    expect(lineIndent('<span style="color:#fff">    </span><span>x</span>')).toBe(4);
    expect(lineIndent('\t  y')).toBe(6);
    expect(lineIndent('x  ')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------- in Chromium

const LONG = 'This paragraph is a long line of text, much wider than the editor pane beside the terminal, so the editor wraps it onto the rows below it at its own indentation.';
const HTML = `<!doctype html>
<html lang="en">
  <head>
    <link rel="stylesheet" href="style.css">
  </head>
  <body>
    <p class="lead">${LONG}</p>
  </body>
</html>
`;
const SCRIPT = `---
title: Editor languages
---
## vscode: the page it serves

Here is the page.

\`\`\`bash
code site/index.html
\`\`\`

And its style.

\`\`\`bash
code site/style.css
\`\`\`

And a small script.

\`\`\`python
def greet(name: str) -> str:
    return f"Hello, {name}!"
\`\`\`

Run it.

\`\`\`bash
$ python3 greet.py
Hello, world!
\`\`\`
`;

const keep = !!process.env.KEEP;
const root = mkdtempSync(join(tmpdir(), 'lessoncast-editor-langs-'));
let session: BrowserSession;
let page: Page;
let timeline: Timeline;
const errors: string[] = [];
type Stage = { ready: Promise<void>; seek(t: number): Promise<boolean> };
const seek = (t: number) => page.evaluate((t) => (window as unknown as { lessoncastStage: Stage }).lessoncastStage.seek(t), t);

/** What the editor shows: the active tab, the status bar's language, the active file's coloured tokens. */
function editorView(p: Page) {
  return p.evaluate(() => {
    const desk = document.querySelector('.lc-scene.lc-current .lc-desktop')!;
    const file = desk.querySelector('.lc-file.lc-active');
    const spans = file ? Array.from(file.querySelectorAll<HTMLElement>('.lc-src span')) : [];
    return {
      tab: desk.querySelector('.lc-tab.lc-active .lc-tab-name')?.textContent ?? null,
      status: desk.querySelector('.lc-status-lang')?.textContent ?? null,
      colours: [...new Set(spans.map((s) => getComputedStyle(s).color))].length,
      colourOf: Object.fromEntries(spans.map((s) => [s.textContent!.trim(), getComputedStyle(s).color])),
    };
  });
}

beforeAll(async () => {
  mkdirSync(join(root, 'transcripts'));
  mkdirSync(join(root, 'site'));
  writeFileSync(join(root, 'transcripts', 'langs.md'), SCRIPT);
  writeFileSync(join(root, 'site', 'index.html'), HTML);
  writeFileSync(join(root, 'site', 'style.css'), 'body {\n  margin: 0 auto;\n  color: #222;\n}\n.lead { font-size: 1.25rem; }\n');
  ({ timeline, session, page } = await openVideoStage(root, 'langs', errors));
}, 60_000);
afterAll(async () => {
  await session?.close();
  if (keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
});

describe('the editor pane (video stage, Chromium)', () => {
  const opened = (path: string) => timeline.cues.find((c) => c.type === 'direction' && c.path === path)!;

  it('HTML is highlighted (tags, attributes, text in their Dark+ colours) and the status bar says HTML', async () => {
    await seek(opened('site/index.html').start + 0.01);
    const v = await editorView(page);
    expect(v.tab).toBe('index.html');
    expect(v.status).toBe('HTML');
    expect(v.colours).toBeGreaterThanOrEqual(4);
    expect(v.colourOf['html']).toBe('rgb(86, 156, 214)'); // entity.name.tag: #569CD6
    expect(v.colourOf['class']).toBe('rgb(156, 220, 254)'); // entity.other.attribute-name: #9CDCFE
    await page.screenshot({ path: join(root, 'html.png') });
  });

  it('a long line wraps inside the pane, its rows below at its own indentation; nothing is cut', async () => {
    await seek(opened('site/index.html').start + 0.01);
    const m = await page.evaluate(() => {
      const file = document.querySelector('.lc-scene.lc-current .lc-file.lc-active')!;
      const scroller = file.querySelector('.lc-scroll')!;
      const rows = Array.from(file.querySelectorAll('.lc-line'));
      const rangeRects = (el: Element) => { const r = document.createRange(); r.selectNodeContents(el); return Array.from(r.getClientRects()); };
      const firstRange = document.createRange();
      firstRange.selectNodeContents(rows[0].querySelector('.lc-src')!);
      const long = rangeRects(rows[6].querySelector('.lc-src')!);
      const pane = scroller.getBoundingClientRect();
      // Fragments of one visual row: keep the leftmost of each row (by top).
      const rowLefts = new Map<number, number>();
      for (const r of long) { const top = Math.round(r.top); rowLefts.set(top, Math.min(rowLefts.get(top) ?? Infinity, r.left)); }
      const lefts = [...rowLefts.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
      return {
        ch: firstRange.getBoundingClientRect().width / '<!doctype html>'.length,
        lineHeight: rows[0].getBoundingClientRect().height, longHeight: rows[6].getBoundingClientRect().height,
        lefts, right: Math.max(...long.map((r) => r.right)), paneRight: pane.right,
        overflow: scroller.scrollWidth - scroller.clientWidth,
        numbers: rows.map((r) => r.querySelector('.lc-ln')!.textContent),
      };
    });
    expect(m.numbers).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(m.longHeight).toBeGreaterThanOrEqual(3 * m.lineHeight - 1);
    expect(m.lefts.length).toBeGreaterThanOrEqual(3);
    expect(m.overflow).toBeLessThanOrEqual(0);
    expect(m.right).toBeLessThanOrEqual(m.paneRight);
    // The rows after the first start 4 columns in, where the line's text starts.
    for (const left of m.lefts.slice(1)) expect(Math.abs(left - m.lefts[0] - 4 * m.ch), JSON.stringify(m)).toBeLessThan(2);
  });

  it('CSS is highlighted and named; a ```python block opens as untitled-1.py, "Python" in the status bar', async () => {
    await seek(opened('site/style.css').start + 0.01);
    let v = await editorView(page);
    expect(v).toMatchObject({ tab: 'style.css', status: 'CSS' });
    expect(v.colours).toBeGreaterThanOrEqual(3);
    const code = timeline.cues.find((c) => c.type === 'code')!;
    await seek(code.start + 0.01);
    v = await editorView(page);
    expect(v).toMatchObject({ tab: 'untitled-1.py', status: 'Python' });
    expect(v.colourOf['def']).toBe('rgb(86, 156, 214)'); // storage.type.function: #569CD6
    await page.screenshot({ path: join(root, 'python.png') });
    const tabs = await page.evaluate(() => Array.from(document.querySelectorAll('.lc-scene.lc-current .lc-tab.lc-open .lc-tab-name')).map((t) => t.textContent));
    expect(tabs).toEqual(['index.html', 'style.css', 'untitled-1.py']);
    expect(errors).toEqual([]);
  });

  it('the deck shows the same tabs, status bar and wrapped line on each step', async () => {
    const deck = await openDeck(session.browser, pathToFileURL(join(deckDir(await openCourse({ root }), 'langs'), 'index.html')).href);
    const view = () => deck.page.evaluate(() => ({
      tab: document.querySelector('#scene-1 .lc-tab.lc-active .lc-tab-name')?.textContent,
      status: document.querySelector('#scene-1 .lc-status-lang')?.textContent,
      rows: Math.round(document.querySelectorAll('#scene-1 .lc-file.lc-active .lc-line')[6]?.getBoundingClientRect().height ?? 0),
    }));
    await goTo(deck.page, 0, 0);
    await deck.page.waitForFunction(() => document.querySelector('#scene-1 .lc-status-lang')?.textContent === 'HTML', { timeout: 5000 });
    const html = await view();
    // The deck is scaled to its window; at 1920×1080 the 7th line is as tall as in the video's frame.
    await seek(timeline.cues.find((c) => c.type === 'direction' && c.path === 'site/index.html')!.start + 0.01);
    const video = await page.evaluate(() => Math.round(document.querySelectorAll('#scene-1 .lc-file[data-file="site/index.html"] .lc-line')[6].getBoundingClientRect().height));
    expect(html).toEqual({ tab: 'index.html', status: 'HTML', rows: video });
    await goTo(deck.page, 0, 2);
    await deck.page.waitForFunction(() => document.querySelector('#scene-1 .lc-status-lang')?.textContent === 'Python', { timeout: 5000 });
    expect((await view()).tab).toBe('untitled-1.py');
    expect(deck.errors).toEqual([]);
    await deck.page.close();
  }, 60_000);
});
