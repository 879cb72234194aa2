/**
 * A course whose every part is a script-injection attempt: narration, headings, the title, slides
 * (where HTML is allowed), commands and their output, a recording (HTML, OSC 8 links, title sequences),
 * popups, code blocks and opened files. Each payload, if it ever ran, would set `window.__lcPwned`
 * (also in a parent or opener frame) and open an alert dialog.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** JavaScript that marks a run payload: a global in this window, its parent and its opener, then an alert. */
export const JS = (tag: string) => `(top.__lcPwned=window.__lcPwned=${JSON.stringify(tag).replace(/"/g, "'")}),alert(1)`;

/** HTML payloads: event handlers, scripts, javascript: URLs, SVG, iframes, CSS tricks, mXSS shapes. */
export function htmlPayloads(tag: string): string[] {
  const js = JS(tag);
  return [
    `<img src=x onerror="${js}">`,
    `<script>${js}</script>`,
    `<svg onload="${js}"><circle r=5 /></svg>`,
    `<svg><script>${js}</script></svg>`,
    `<iframe src="javascript:${js}"></iframe>`,
    `<iframe srcdoc="<script>${js.replace(/"/g, '&quot;')}</script>"></iframe>`,
    `<a href="javascript:${js}">js link</a>`,
    `<a href="&#106;avascript:${js}">entity link</a>`,
    `<a href="java&#x09;script:${js}">tab link</a>`,
    `<a href="data:text/html,<script>${js}</script>">data link</a>`,
    `<object data="javascript:${js}"></object>`,
    `<embed src="javascript:${js}">`,
    `<details open ontoggle="${js}"><summary>s</summary></details>`,
    `<input autofocus onfocus="${js}">`,
    `<video><source onerror="${js}"></video>`,
    `<body onload="${js}">`,
    `<math><maction actiontype="statusline" xlink:href="javascript:${js}">m</maction></math>`,
    `<form action="javascript:${js}"><button>go</button></form>`,
    `<meta http-equiv="refresh" content="0;url=javascript:${js}">`,
    `<base href="javascript:${js}//">`,
    `<style>@import 'javascript:${js}'; body{background:url("javascript:${js}")}</style>`,
    `<div style="position:fixed;inset:0;z-index:99999;background:url(javascript:${js})" class="lc-pwned-overlay">overlay</div>`,
    `<link rel="stylesheet" href="javascript:${js}">`,
    `<noscript><p title="</noscript><img src=x onerror=&quot;${js}&quot;>"></noscript>`,
    `<svg><style><img src=x onerror="${js}"></style></svg>`,
    `<!--<img src="--><img src=x onerror="${js}">`,
    `<img src="x" id="lessoncast-data" name="lessoncastStage">`,
    `<marquee onstart="${js}">m</marquee>`,
  ];
}

/** The lesson script. */
export function payloadScript(): string {
  const p = (tag: string) => htmlPayloads(tag).join(' ');
  return `---
title: "Payloads <img src=x onerror=\\"${JS('title')}\\"> <script>${JS('title-script')}</script>"
---

## slide <img src=x onerror="${JS('heading')}">

Narration with HTML: ${p('narration')} and markdown links [js](javascript:${JS('md-link')}) [entity](jav&#x61;script:${JS('md-entity')}) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <javascript:${JS('autolink')}> and an image ![x" onerror="${JS('md-img')}](x).

\`\`\`popup
${p('popup')}
\`\`\`

## vscode <svg onload="${JS('heading2')}">

A list item follows.

- item ${p('list')}

\`\`\`bash
code configs/payload.html
code configs/"><img src=x onerror="${JS('missing-path')}">.yml
switch to bash terminal (ctrl+~)
$ echo '<img src=x onerror="${JS('command')}">' <script>${JS('command-script')}</script>
<svg onload="${JS('output')}"> <img src=x onerror="${JS('output-img')}"> <script>${JS('output-script')}</script>
$ recorded-payload
\`\`\`

\`\`\`html
<script>${JS('code-block')}</script><img src=x onerror="${JS('code-block-img')}">
\`\`\`

\`\`\`popup
second popup <script>${JS('popup2')}</script> [x](javascript:${JS('popup-link')})
\`\`\`

> A quote <img src=x onerror="${JS('quote')}"> with \`<script>${JS('codespan')}</script>\`.

That is all <iframe src="javascript:${JS('last')}"></iframe>.
`;
}

/** The slides: HTML is allowed there, so everything goes through the sanitizer. */
export function payloadSlides(): string {
  return `# Slide <img src=x onerror="${JS('slide-heading')}">

${htmlPayloads('slide').join('\n\n')}

[markdown js](javascript:${JS('slide-md-link')}) ![img](javascript:${JS('slide-md-img')}) <a href="https://example.invalid/" onclick="${JS('slide-onclick')}">fine link</a>

---

# Second

${htmlPayloads('slide2').join('')}
`;
}

/** A recording whose header and output carry payloads, escape-sequence links and title changes. */
export function payloadCast(): string {
  const js = JS('cast');
  const events: [number, string, string][] = [
    [0.1, 'o', '$ recorded-payload\r\n'],
    [0.2, 'o', `<img src=x onerror="${JS('cast-img')}"> <script>${JS('cast-script')}</script>\r\n`],
    [0.3, 'o', `\u001b]8;;javascript:${js}\u001b\\click me\u001b]8;;\u001b\\\r\n`],
    [0.4, 'o', `\u001b]0;<script>${JS('cast-title')}</script>\u0007\u001b]2;<img src=x onerror=${JS('cast-title2')}>\u0007done\r\n`],
    [0.5, 'o', `\u001b]52;c;${Buffer.from('clipboard').toString('base64')}\u0007\u001bP<script>${JS('cast-dcs')}</script>\u001b\\\r\n`],
    [0.6, 'o', '$ '],
  ];
  const header = { version: 2, width: 80, height: 24, command: `recorded-payload`, title: `<script>${JS('cast-header')}</script>` };
  return [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

/** Writes the payload course (espeak-ng voice, config title with a payload too); returns its root. */
export function makePayloadCourse(): string {
  const root = mkdtempSync(join(tmpdir(), 'lessoncast-payload-'));
  for (const d of ['transcripts', 'slides', 'configs', join('recordings', 'payload')]) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'lessoncast.config.mjs'),
    `export default { title: ${JSON.stringify(`Course <img src=x onerror="${JS('config-title')}">`)}, voice: { engine: 'espeak-ng' }, idleTimeLimit: 0.2 };\n`);
  writeFileSync(join(root, 'transcripts', 'payload.md'), payloadScript());
  writeFileSync(join(root, 'slides', 'payload.md'), payloadSlides());
  writeFileSync(join(root, 'configs', 'payload.html'), `${htmlPayloads('opened-file').join('\n')}\n`);
  writeFileSync(join(root, 'recordings', 'payload', '02-recorded-payload.cast'), payloadCast());
  return root;
}
