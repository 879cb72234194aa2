/* lessoncast dev client: injected into every page the dev server sends. Reloads on rebuild, shows script errors. */
(function () {
  'use strict';
  if (window.__lessoncastDev) return;
  window.__lessoncastDev = true;
  // This run's token is in the page that loaded this script (docs/security.md), never in the script.
  var me = document.currentScript;
  var token = (me && me.getAttribute('data-lessoncast-token')) || '';

  // The lesson this page belongs to: /<slug>/... (the index and assets belong to none).
  var parts = location.pathname.split('/').filter(Boolean);
  var slug = parts.length > 1 || (parts.length === 1 && parts[0] !== 'index.html') ? decodeURIComponent(parts[0]) : null;
  if (slug === 'assets') slug = null;

  var css = [
    '#lc-dev-bar{position:fixed;right:12px;bottom:12px;z-index:2147483646;display:flex;gap:8px;align-items:center;',
    'font:500 12px/1.2 system-ui,sans-serif;color:#e6e9ef;background:rgba(17,21,28,.92);border:1px solid #2a313c;',
    'border-radius:999px;padding:6px 8px 6px 12px;box-shadow:0 4px 16px rgba(0,0,0,.3)}',
    '#lc-dev-bar .lc-dot{width:8px;height:8px;border-radius:50%;background:#4ade80;flex:none}',
    '#lc-dev-bar[data-state=building] .lc-dot,#lc-dev-bar[data-state=synthesizing] .lc-dot,#lc-dev-bar[data-state=video] .lc-dot{background:#facc15}',
    '#lc-dev-bar[data-state=error] .lc-dot,#lc-dev-bar[data-state=offline] .lc-dot{background:#f87171}',
    '#lc-dev-bar button{font:600 12px/1 system-ui,sans-serif;color:#11151c;background:#7aa2ff;border:0;border-radius:999px;padding:6px 10px;cursor:pointer}',
    '#lc-dev-bar button[disabled]{opacity:.5;cursor:default}',
    '#lc-dev-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(8,10,14,.72);display:flex;align-items:flex-start;justify-content:center;padding:8vh 16px;overflow:auto}',
    '#lc-dev-overlay .lc-panel{max-width:860px;width:100%;background:#161b22;color:#e6e9ef;border:1px solid #f87171;border-top-width:4px;border-radius:10px;',
    'padding:20px 24px;font:14px/1.5 system-ui,sans-serif;box-shadow:0 20px 60px rgba(0,0,0,.5)}',
    '#lc-dev-overlay h2{margin:0 0 4px;font-size:18px;color:#fca5a5}',
    '#lc-dev-overlay p{margin:0 0 14px;color:#9ba5b4}',
    '#lc-dev-overlay ul{list-style:none;margin:0;padding:0}',
    '#lc-dev-overlay li{margin:0 0 12px;padding:10px 12px;background:#0e1116;border-radius:6px;font:13px/1.5 ui-monospace,"JetBrains Mono",monospace;white-space:pre-wrap;overflow-wrap:anywhere}',
    '#lc-dev-overlay .lc-loc{color:#7aa2ff}#lc-dev-overlay .lc-code{color:#fca5a5}#lc-dev-overlay .lc-hint{color:#9ba5b4}',
    '#lc-dev-overlay button{float:right;font:600 12px system-ui,sans-serif;background:#2a313c;color:#e6e9ef;border:0;border-radius:6px;padding:6px 10px;cursor:pointer}'
  ].join('');

  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var bar = document.createElement('div');
  bar.id = 'lc-dev-bar';
  bar.setAttribute('role', 'status');
  bar.innerHTML = '<span class="lc-dot" aria-hidden="true"></span><span class="lc-text">lessoncast dev</span>';
  var videoButton = document.createElement('button');
  videoButton.type = 'button';
  videoButton.textContent = 'Build video';
  if (slug) bar.appendChild(videoButton);

  function ready(fn) { if (document.body) fn(); else document.addEventListener('DOMContentLoaded', fn); }
  ready(function () { document.body.appendChild(bar); });

  var dismissed = null;
  function text(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }

  function showErrors(errors) {
    var old = document.getElementById('lc-dev-overlay');
    var key = JSON.stringify(errors);
    if (!errors.length || key === dismissed) { if (old) old.remove(); return; }
    var el = old || document.createElement('div');
    el.id = 'lc-dev-overlay';
    el.setAttribute('role', 'alertdialog');
    el.setAttribute('aria-label', 'Build errors');
    el.innerHTML = '<div class="lc-panel"><button type="button" class="lc-close">Dismiss</button>' +
      '<h2>' + (errors.length === 1 ? 'An error' : errors.length + ' errors') + ' in the course</h2>' +
      '<p>Fix and save: the page reloads by itself. The server keeps running.</p><ul>' +
      errors.map(function (e) {
        var loc = e.file ? e.file + (e.line ? ':' + e.line + (e.column ? ':' + e.column : '') : '') : '';
        return '<li>' + (loc ? '<span class="lc-loc">' + text(loc) + '</span> ' : '') +
          (e.code ? '<span class="lc-code">' + text(e.code) + '</span> ' : '') + text(e.message) +
          (e.hint ? '\n<span class="lc-hint">' + text(e.hint) + '</span>' : '') + '</li>';
      }).join('') + '</ul></div>';
    el.querySelector('.lc-close').onclick = function () { dismissed = key; el.remove(); };
    if (!old) ready(function () { document.body.appendChild(el); });
  }

  function showState(state) {
    var label = bar.querySelector('.lc-text');
    var mine = slug && state.lessons ? state.lessons[slug] : null;
    var phase = state.phase || 'idle';
    var msg = state.message || 'up to date';
    if (mine && mine.estimated && phase === 'idle') msg = 'times estimated, synthesizing speech…';
    if (mine && mine.videoStale && phase === 'idle') msg = 'video older than the script';
    bar.setAttribute('data-state', state.errors && state.errors.length ? 'error' : phase);
    label.textContent = 'lessoncast dev · ' + msg;
    videoButton.disabled = phase === 'video';
    videoButton.textContent = phase === 'video' && state.videoSlug === slug ? 'Building video…' : (mine && mine.hasVideo ? 'Rebuild video' : 'Build video');
    showErrors(state.errors || []);
  }

  videoButton.addEventListener('click', function () {
    videoButton.disabled = true;
    fetch('/__lessoncast/build-video', { method: 'POST', headers: { 'content-type': 'application/json', 'x-lessoncast-token': token }, body: JSON.stringify({ slug: slug }) })
      .then(function (r) { if (!r.ok) videoButton.disabled = false; }, function () { videoButton.disabled = false; });
  });

  var source = new EventSource('/__lessoncast/events');
  var version = null;
  source.addEventListener('state', function (ev) { showState(JSON.parse(ev.data)); });
  source.addEventListener('reload', function (ev) {
    var data = JSON.parse(ev.data);
    if (data.all || (slug && data.slugs.indexOf(slug) >= 0) || (!slug && data.index)) location.reload();
  });
  source.addEventListener('hello', function (ev) {
    // The server restarted with a newer build than this page: reload once.
    var v = JSON.parse(ev.data).version;
    if (version !== null && v !== version) location.reload();
    version = v;
  });
  source.onerror = function () {
    bar.setAttribute('data-state', 'offline');
    bar.querySelector('.lc-text').textContent = 'lessoncast dev · disconnected (is the server running?)';
  };
})();
