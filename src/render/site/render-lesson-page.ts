/** The lesson page (`<slug>/index.html`): video, chapters, downloads, transcript with inline casts. Pure. */
import { clock, esc, fileSize, scriptJson, secAttr, spokenDuration } from './html.ts';
import { renderInline } from '../../markdown/render-markdown.ts';
import type { LessonView, ViewBlock, ViewChapter } from './lesson-view.ts';
import { pageShell } from './page-shell.ts';
import { wrapWords } from './word-spans.ts';

const BASE = '../';

function timeText(t: number, estimated: boolean): string {
  return (estimated ? '~' : '') + clock(t);
}

/** A button that seeks the video, or nothing when there is no video or no time. */
function seekButton(view: LessonView, start: number | null, what: string): string {
  if (start === null || !view.media.video) return '';
  const t = timeText(start, view.estimated);
  return `<button type="button" class="seek" data-seek="${secAttr(start)}" aria-label="Play ${esc(what)} from ${clock(start)}">${t}</button>`;
}

function timing(start: number | null, end: number | null): string {
  return (start !== null ? ` data-start="${secAttr(start)}"` : '') + (end !== null ? ` data-end="${secAttr(end)}"` : '');
}

function renderBlock(view: LessonView, block: ViewBlock): string {
  switch (block.type) {
    case 'narration':
      // Each word carries when it is said, so the page can mark the spoken word (assets/site.js).
      return `<p class="para" id="${esc(block.id)}"${timing(block.start, block.end)}>${seekButton(view, block.start, 'this paragraph')}<span class="para-text">${view.media.video ? wrapWords(renderInline(block.text), block.words) : renderInline(block.text)}</span></p>`;
    case 'command': {
      const output = block.output?.length ? '\n' + block.output.map(esc).join('\n') : '';
      const label = block.recorded ? 'Terminal · recorded' : 'Terminal';
      const cast = block.cast !== null
        ? ` data-cast="${esc(block.id)}" data-cols="${block.cols}" data-rows="${block.rows}"`
        : '';
      return `<div class="block command" id="${esc(block.id)}"${timing(block.start, block.end)}>
<div class="block-head"><span class="block-label">${label}</span>${seekButton(view, block.start, 'this command')}</div>
<div class="cast"${cast}><pre class="cast-text"><code><span class="prompt" aria-hidden="true">$ </span>${esc(block.command)}${output}</code></pre></div>
</div>`;
    }
    case 'commands': {
      // Commands that print nothing: their lines, each seekable, without a player each.
      const lines = block.commands.map((c) => `<li class="cmd-line" id="${esc(c.id)}"${timing(c.start, c.end)}><code><span class="prompt" aria-hidden="true">$ </span>${esc(c.command)}</code>${seekButton(view, c.start, 'this command')}</li>`);
      const label = block.commands.length === 1 ? 'Terminal' : `Terminal · ${block.commands.length} commands`;
      return `<div class="block command commands"${timing(block.start, block.end)}>
<div class="block-head"><span class="block-label">${label}</span><span class="block-note">no output</span></div>
<ul class="cmd-lines">
${lines.join('\n')}
</ul>
</div>`;
    }
    case 'file': {
      const head = `<span class="block-label">Editor</span><code class="file-name">${esc(block.path)}</code>`;
      if (block.content === null)
        return `<div class="block file"${timing(block.start, null)}><div class="block-head">${head}${seekButton(view, block.start, block.path)}</div></div>`;
      return `<details class="block file"${timing(block.start, null)}>
<summary class="block-head">${head}<span class="file-toggle" aria-hidden="true"></span></summary>
<pre class="file-text"><code>${esc(block.content.replace(/\n$/, ''))}</code></pre>
</details>`;
    }
    case 'popup':
      return `<aside class="block popup" id="${esc(block.id)}" aria-label="On-screen callout"${timing(block.start, block.end)}>
<div class="block-head"><span class="block-label">On screen</span>${seekButton(view, block.start, 'this callout')}</div>
<p class="popup-text">${esc(block.text)}</p>
</aside>`;
    case 'code':
      return `<div class="block code" id="${esc(block.id)}"${timing(block.start, null)}>
<div class="block-head"><span class="block-label">${esc(block.lang || 'Code')}</span>${seekButton(view, block.start, 'this code')}</div>
<pre class="file-text"><code>${esc(block.code.replace(/\n$/, ''))}</code></pre>
</div>`;
  }
}

function renderChapter(view: LessonView, chapter: ViewChapter): string {
  const time = chapter.start !== null && view.media.video ? `<span class="chapter-time">${timeText(chapter.start, view.estimated)}</span>` : '';
  return `<section class="scene" id="${esc(chapter.id)}" aria-labelledby="${esc(chapter.id)}-h"${timing(chapter.start, null)}>
<h3 id="${esc(chapter.id)}-h">${esc(chapter.title)}${time}</h3>
${chapter.blocks.map((b) => renderBlock(view, b)).join('\n')}
</section>`;
}

function renderVideo(view: LessonView): string {
  const { media } = view;
  if (!media.video)
    return `<div class="video-missing" role="note">
<p class="video-missing-title">The video for this lesson has not been built yet.</p>
<p>The transcript and the terminal sessions below are complete. Authors: run <code>lessoncast build --video ${esc(view.slug)}</code>, then rebuild the site.</p>
</div>`;
  const poster = media.poster ? ` poster="${esc(media.poster)}"` : '';
  // Inline (data: URL): Chromium refuses a <track> file next to a page opened from file://.
  const track = media.captionsText !== null
    ? `\n<track kind="captions" src="data:text/vtt;charset=utf-8;base64,${Buffer.from(media.captionsText, 'utf8').toString('base64')}" srclang="en" label="English" default>`
    : '';
  return `<div class="video-frame">
<video id="lesson-video" controls preload="metadata" playsinline${poster} aria-label="Video: ${esc(view.title)}">
<source src="${esc(media.video.file)}" type="video/mp4">${track}
<p>Your browser cannot play this video. <a href="${esc(media.video.file)}" download>Download the MP4</a>.</p>
</video>
</div>`;
}

function renderChapters(view: LessonView): string {
  if (!view.chapters.length) return '';
  const items = view.chapters.map((c) => {
    const time = c.start !== null ? `<span class="chapter-time">${timeText(c.start, view.estimated)}</span>` : '';
    return view.media.video && c.start !== null
      ? `<li><button type="button" class="chapter" data-seek="${secAttr(c.start)}">${time}<span class="chapter-title">${esc(c.title)}</span></button></li>`
      : `<li><a class="chapter" href="#${esc(c.id)}">${time}<span class="chapter-title">${esc(c.title)}</span></a></li>`;
  });
  return `<section class="panel chapters" aria-labelledby="chapters-h">
<h2 id="chapters-h">Chapters</h2>
<ol class="chapter-list">
${items.join('\n')}
</ol>
</section>`;
}

function renderResources(view: LessonView): string {
  const { media } = view;
  const items: string[] = [];
  if (media.deck) items.push(`<li><a href="${esc(media.deck)}" class="resource"><span class="resource-kind">Slides</span><span class="resource-name">Open the presentation deck</span></a></li>`);
  if (media.pdf) items.push(`<li><a href="${esc(media.pdf.file)}" download class="resource"><span class="resource-kind">PDF</span><span class="resource-name">Slides as PDF <span class="resource-size">${fileSize(media.pdf.size)}</span></span></a></li>`);
  if (media.video) items.push(`<li><a href="${esc(media.video.file)}" download class="resource"><span class="resource-kind">MP4</span><span class="resource-name">Video <span class="resource-size">${fileSize(media.video.size)}</span></span></a></li>`);
  if (media.vtt) items.push(`<li><a href="${esc(media.vtt.file)}" download class="resource"><span class="resource-kind">VTT</span><span class="resource-name">Captions, WebVTT <span class="resource-size">${fileSize(media.vtt.size)}</span></span></a></li>`);
  if (media.srt) items.push(`<li><a href="${esc(media.srt.file)}" download class="resource"><span class="resource-kind">SRT</span><span class="resource-name">Captions, SubRip <span class="resource-size">${fileSize(media.srt.size)}</span></span></a></li>`);
  if (!items.length) return '';
  return `<section class="panel resources" aria-labelledby="resources-h">
<h2 id="resources-h">Slides and downloads</h2>
<ul class="resource-list">
${items.join('\n')}
</ul>
</section>`;
}

function renderPager(view: LessonView): string {
  if (!view.prev && !view.next) return '';
  const link = (rel: 'prev' | 'next', l: { slug: string; title: string } | null) => l
    ? `<a class="pager-link pager-${rel}" rel="${rel}" href="${BASE}${esc(l.slug)}/index.html"><span class="pager-dir">${rel === 'prev' ? '← Previous lesson' : 'Next lesson →'}</span><span class="pager-title">${esc(l.title)}</span></a>`
    : '<span class="pager-link pager-empty"></span>';
  return `<nav class="pager" aria-label="Previous and next lessons">
${link('prev', view.prev)}
${link('next', view.next)}
</nav>`;
}

/** Renders the lesson page from its view. */
export function renderLessonPage(view: LessonView): string {
  const casts: Record<string, string> = {};
  for (const c of view.chapters) for (const b of c.blocks) if (b.type === 'command' && b.cast !== null) casts[b.id] = b.cast;
  const duration = view.duration !== null
    ? `<span aria-hidden="true">·</span> <span title="${spokenDuration(view.duration)}">${timeText(view.duration, view.estimated)}</span>`
    : '';
  const estimatedNote = view.estimated ? '<p class="estimate-note" role="note">Times marked ~ are estimates until the narration is synthesized.</p>' : '';
  const body = `<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="${BASE}index.html"><span class="brand-mark" aria-hidden="true"></span>${esc(view.courseTitle)}</a>
<span class="crumb">Lesson ${view.number} of ${view.count}</span>
</div>
</header>
<main id="main" class="wrap lesson">
<div class="lesson-head">
<p class="eyebrow">Lesson ${view.number} ${duration}</p>
<h1>${esc(view.title)}</h1>
</div>
<div class="lesson-grid">
<div class="media-col">
<section class="player" aria-label="Video">
${renderVideo(view)}
</section>
${renderChapters(view)}
${renderResources(view)}
</div>
<section class="transcript" id="transcript" aria-labelledby="transcript-h">
<div class="transcript-head">
<h2 id="transcript-h">Transcript</h2>
${view.media.video ? '<label class="follow"><input type="checkbox" id="follow" checked> Follow along</label>' : ''}
</div>
${estimatedNote}
${view.chapters.length ? view.chapters.map((c) => renderChapter(view, c)).join('\n') : '<p class="empty">This lesson has no narration yet.</p>'}
</section>
</div>
${renderPager(view)}
</main>
<footer class="site-footer"><div class="wrap">Made with lessoncast</div></footer>
<script type="application/json" id="lesson-casts">${scriptJson(casts)}</script>`;
  return pageShell({
    title: `${view.title} · ${view.courseTitle}`,
    description: view.summary || view.title,
    base: BASE,
    bodyClass: `lesson-page${view.media.video ? ' has-video' : ' no-video'}`,
    body,
    styles: ['assets/asciinema-player.css'],
    scripts: ['assets/asciinema-player.min.js', 'assets/site.js'],
  });
}
