/*
 * lessoncast stage, in the page. One state function for both uses:
 *  - deck: reveal.js fragments are the steps; advancing a command step plays its part of the
 *    scene's terminal stream in asciinema-player (it pauses on the marker at the step's end);
 *  - video: window.lessoncastStage.seek(t) puts the page in the state of lesson time t from the
 *    timeline, drawing the terminal from precomputed screens (exact, synchronous, deterministic).
 * Plain browser JavaScript (no build step); the data comes from the JSON in #lessoncast-data.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('lessoncast-data').textContent);
  var sceneEls = Array.prototype.slice.call(document.querySelectorAll('section.lc-scene'));
  var search = window.location.search;
  var printing = /print-pdf/i.test(search);

  /** The editor/focus/popup state after the first `n` steps of a scene; `lines`: per file, the range its last `code <path>:<from>-<to>` named. */
  function viewState(scene, n, popupVisible) {
    var focus = scene.initialFocus;
    var file = null;
    var tabs = [];
    var popups = [];
    var lines = {};
    for (var i = 0; i < n && i < scene.steps.length; i++) {
      var step = scene.steps[i];
      if ((step.kind === 'open-file' && !step.placeholder) || step.kind === 'code') {
        file = step.file;
        if (tabs.indexOf(file) < 0) tabs.push(file);
        // A later `code` of the same file with other lines scrolls there; without lines it keeps its place.
        if (step.lines) lines[file] = step.lines;
        focus = 'editor';
      } else if (step.kind === 'command' || step.kind === 'marker' || step.kind === 'clear' || step.kind === 'focus-terminal') {
        focus = 'terminal';
      } else if (step.kind === 'popup' && popupVisible(i)) {
        popups.push(i);
      }
    }
    if (scene.layout === 'terminal') focus = 'terminal';
    if (scene.layout === 'editor') focus = 'editor';
    return { focus: focus, file: file, tabs: tabs, popups: popups, lines: lines };
  }

  function stateKey(v) {
    var range = v.file !== null && v.lines[v.file] ? v.lines[v.file].join('-') : '';
    return v.focus + '|' + v.file + '|' + v.tabs.join(',') + '|' + v.popups.join(',') + '|' + range;
  }

  /**
   * Marks a file's lines [from, to] and scrolls them into view: centred when they fit, else from
   * the first with a line above it. Layout numbers only (no smooth scrolling), so the same state
   * gives the same pixels in the video.
   */
  function showLines(fileEl, range) {
    var scroller = fileEl.querySelector('.lc-scroll');
    if (!scroller) return;
    var rows = scroller.querySelectorAll('.lc-line');
    each(rows, function (row, k) { row.classList.toggle('lc-mark', !!range && k + 1 >= range[0] && k + 1 <= range[1]); });
    if (!range || !rows.length) { scroller.scrollTop = 0; drawThumb(scroller); return; }
    var first = rows[Math.min(range[0], rows.length) - 1];
    var last = rows[Math.min(range[1], rows.length) - 1];
    var top = first.offsetTop;
    var bottom = last.offsetTop + last.offsetHeight;
    var view = scroller.clientHeight;
    var target = bottom - top <= view - 2 * first.offsetHeight ? (top + bottom - view) / 2 : top - first.offsetHeight;
    scroller.scrollTop = Math.max(0, Math.min(Math.round(target), scroller.scrollHeight - view));
    drawThumb(scroller);
  }

  /** Sizes and places a file's scrollbar thumb from its scroll position (none when the file fits). */
  function drawThumb(scroller) {
    var thumb = scroller.parentNode.querySelector('.lc-thumb');
    if (!thumb) return;
    var view = scroller.clientHeight, total = scroller.scrollHeight;
    if (total <= view + 1) { thumb.style.height = '0px'; return; }
    thumb.style.top = (scroller.offsetTop + Math.round((scroller.scrollTop / total) * view)) + 'px';
    thumb.style.height = Math.max(20, Math.round((view / total) * view)) + 'px';
  }

  /** Draws a view state into a scene's DOM (only what changed). */
  function applyView(index, v) {
    var el = sceneEls[index];
    var key = stateKey(v);
    if (el.__lcView === key) return;
    el.__lcView = key;
    var desk = el.querySelector('.lc-desktop');
    if (desk) {
      desk.setAttribute('data-focus', v.focus);
      each(desk.querySelectorAll('.lc-tab'), function (tab) {
        var k = tab.getAttribute('data-file');
        tab.classList.toggle('lc-open', v.tabs.indexOf(k) >= 0);
        tab.classList.toggle('lc-active', k === v.file);
      });
      var activeName = '';
      var activeLang = '';
      each(desk.querySelectorAll('.lc-file'), function (f) {
        var on = f.getAttribute('data-file') === v.file;
        f.classList.toggle('lc-active', on);
        if (on) {
          showLines(f, v.lines[v.file] || null);
          var tab = desk.querySelector('.lc-tab[data-file="' + cssEscape(v.file) + '"] .lc-tab-name');
          activeName = tab ? tab.textContent : '';
          activeLang = f.getAttribute('data-lang-name') || langLabel(activeName);
        }
      });
      desk.classList.toggle('lc-has-file', !!v.file);
      var wt = desk.querySelector('.lc-wintitle-file');
      if (wt) wt.textContent = activeName ? activeName + ' — ' : '';
      var sl = desk.querySelector('.lc-status-lang');
      if (sl) sl.textContent = activeLang;
    }
    each(el.querySelectorAll('.lc-popup'), function (p) {
      p.classList.toggle('lc-visible', v.popups.indexOf(Number(p.getAttribute('data-step'))) >= 0);
    });
  }

  /** The status bar's language when the page names none (the build writes `data-lang-name` on each file). */
  function langLabel(name) {
    var ext = (name.split('.').pop() || '').toLowerCase();
    return ({ yml: 'YAML', yaml: 'YAML', sh: 'Shell Script', json: 'JSON', js: 'JavaScript', ts: 'TypeScript', py: 'Python', go: 'Go' })[ext] || (name ? 'Plain Text' : '');
  }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, '\\$&'); }


  // ---------------------------------------------------------------- the camera, highlights, keys on screen (docs/stage.md)

  var STAGE_W = data.stage.width, STAGE_H = data.stage.height;

  /** Ease in and out (cubic), as src/camera/frame-camera.ts `easeInOut`. */
  function easeInOut(p) {
    var q = Math.max(0, Math.min(1, p));
    return q < 0.5 ? 4 * q * q * q : 1 - Math.pow(-2 * q + 2, 3) / 2;
  }

  /** The part of the stage in view at t from the scene's camera cues ([start, end, x, y, w, h], sorted): frame-camera.ts `cameraAt`. */
  function cameraAt(scene, t) {
    var r = [0, 0, STAGE_W, STAGE_H];
    var cues = (scene.camera && scene.camera.cues) || [];
    for (var i = 0; i < cues.length; i++) {
      var c = cues[i];
      if (c[0] > t) continue;
      var to = [c[2], c[3], c[4], c[5]];
      if (t < c[1]) {
        var p = easeInOut((t - c[0]) / (c[1] - c[0]));
        return [r[0] + (to[0] - r[0]) * p, r[1] + (to[1] - r[1]) * p, r[2] + (to[2] - r[2]) * p, r[3] + (to[3] - r[3]) * p];
      }
      r = to;
    }
    return r;
  }

  /** The CSS transform that shows rectangle r of the stage on the whole page (rounded: the same t, the same string, the same pixels). */
  function cameraTransform(r) {
    var z = STAGE_W / r[2];
    if (Math.abs(z - 1) < 1e-6 && Math.abs(r[0]) < 1e-3 && Math.abs(r[1]) < 1e-3) return 'none';
    return 'translate(' + (-r[0] * z).toFixed(3) + 'px, ' + (-r[1] * z).toFixed(3) + 'px) scale(' + z.toFixed(5) + ')';
  }

  function applyCamera(index, transform, animate) {
    var cam = sceneEls[index].querySelector('.lc-camera');
    if (!cam || cam.__lcTransform === transform) return false;
    cam.classList.toggle('lc-cam-anim', !!animate);
    cam.style.transform = transform === 'none' ? '' : transform;
    cam.__lcTransform = transform;
    return true;
  }

  /**
   * Resolves once a frame with the page as it is now is on screen: three animation frames, the
   * third of which cannot begin before the first one's layer tree is active, with its tiles
   * rasterized at the new scale. A screenshot taken sooner can show tiles of the scale before, a
   * few pixels' difference that depends on timing (the same t must give the same pixels).
   */
  function settled() {
    return new Promise(function (resolve) {
      // A hidden page draws no frames (its animation frames never come): nothing to wait for. Nor
      // is a frame waited for longer than half a second, whatever the browser does.
      if (document.visibilityState === 'hidden') { resolve(true); return; }
      var n = 0, done = false;
      var finish = function () { if (!done) { done = true; resolve(true); } };
      setTimeout(finish, 500);
      (function next() { if (n++ === 3) finish(); else if (!done) requestAnimationFrame(next); })();
    });
  }

  /** A highlight's pattern as a global regular expression: `/re/flags` as written, else the text in any case. */
  function patternRegExp(p) {
    var m = /^\/(.+)\/([a-z]*)$/.exec(p);
    try {
      if (m) return new RegExp(m[1], m[2].replace(/[gy]/g, '') + 'g');
    } catch (err) { console.warn('lessoncast: highlight', p, err); return null; }
    return new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  }

  /**
   * Adds a Range for each match of `res` in a row of text: a terminal row (its spans placed by
   * column, so a match may span them and the blanks between) or an editor line.
   */
  function rowRanges(row, res, out) {
    var str = '';
    var map = [];
    var addText = function (node) { for (var k = 0; k < node.data.length; k++) { str += node.data[k]; map.push([node, k]); } };
    var texts = function (el) {
      var w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (var n = w.nextNode(); n; n = w.nextNode()) addText(n);
    };
    if (row.classList.contains('ap-line')) {
      each(row.children, function (span) {
        var off = parseInt(span.style.getPropertyValue('--offset'), 10) || 0;
        while (str.length < off) { str += ' '; map.push(null); }
        texts(span);
      });
    } else texts(row);
    res.forEach(function (re) {
      re.lastIndex = 0;
      for (var m = re.exec(str); m; m = re.exec(str)) {
        if (!m[0].length) { re.lastIndex++; continue; }
        var a = m.index, b = a + m[0].length - 1;
        while (a <= b && !map[a]) a++;
        while (b >= a && !map[b]) b--;
        if (a > b) continue;
        var range = document.createRange();
        range.setStart(map[a][0], map[a][1]);
        range.setEnd(map[b][0], map[b][1] + 1);
        out.push(range);
      }
    });
  }

  /** Highlights every match of `patterns` in the scene's terminal and open file (CSS Custom Highlight API: the DOM is not touched). */
  function applyHighlights(index, patterns) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === 'undefined') return;
    if (!patterns.length) { CSS.highlights.delete('lc-hl'); return; }
    var res = patterns.map(patternRegExp).filter(Boolean);
    var ranges = [];
    each(sceneEls[index].querySelectorAll('.lc-term-host .ap-line, .lc-file.lc-active .lc-src'), function (row) { rowRanges(row, res, ranges); });
    var h = new Highlight();
    ranges.forEach(function (r) { h.add(r); });
    CSS.highlights.set('lc-hl', h);
  }

  /** Shows the keys of the key-press steps in `shown` (step indices), hides the others. */
  function applyKeys(index, shown) {
    each(sceneEls[index].querySelectorAll('.lc-keys'), function (k) {
      k.classList.toggle('lc-visible', shown.indexOf(Number(k.getAttribute('data-step'))) >= 0);
    });
  }

  /** The camera, highlights and keys of lesson time t in a scene (video): their state key, and how to draw it. */
  function videoExtras(index, t) {
    var scene = data.scenes[index];
    var transform = scene.kind === 'desktop' ? cameraTransform(cameraAt(scene, t)) : 'none';
    var patterns = ((scene.camera && scene.camera.highlights) || []).filter(function (h) { return h[0] <= t && t < h[1]; }).map(function (h) { return h[2]; });
    var spans = (scene.video && scene.video.steps) || [];
    var keys = [];
    scene.steps.forEach(function (st, i) { if (st.keys && spans[i] && spans[i][0] <= t + 1e-9 && t < spans[i][0] + data.keysSeconds - 1e-9) keys.push(i); });
    return {
      key: transform + '|' + patterns.join('\u0001') + '|' + keys.join(','),
      draw: function () { var moved = applyCamera(index, transform, false); applyKeys(index, keys); applyHighlights(index, patterns); return moved; },
    };
  }

  /** The deck: the framing of `n` steps shown (eased by CSS from the last), keys of a step just taken, the highlights of the narration said now. */
  function deckExtras(index, n, prev) {
    var scene = data.scenes[index];
    if (printing) return;
    var steps = scene.camera && scene.camera.steps;
    if (steps && steps.length) applyCamera(index, cameraTransform(steps[Math.min(n, steps.length - 1)]), true);
    applyKeys(index, []);
    var step = scene.steps[n - 1];
    if (n === prev + 1 && step && step.keys) {
      var k = sceneEls[index].querySelector('.lc-keys[data-step="' + (n - 1) + '"]');
      if (k) { k.classList.remove('lc-flash'); void k.offsetWidth; k.classList.add('lc-flash'); }
    }
    var patterns = (scene.camera && scene.camera.deckHighlights && scene.camera.deckHighlights[n]) || [];
    deckPatterns = { index: index, patterns: patterns };
    applyHighlights(index, patterns);
  }

  var deckPatterns = null;
  // The deck's player redraws its rows as a cast plays: the highlights follow them.
  if (data.mode === 'deck' && window.MutationObserver) {
    var pendingHighlight = false;
    new MutationObserver(function () {
      if (pendingHighlight || !deckPatterns || !deckPatterns.patterns.length) return;
      pendingHighlight = true;
      requestAnimationFrame(function () { pendingHighlight = false; if (deckPatterns) applyHighlights(deckPatterns.index, deckPatterns.patterns); });
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }

  // ---------------------------------------------------------------- video mode

  function lastAtOrBefore(times, t) {
    var lo = 0, hi = times.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (times[mid] <= t + 1e-9) { ans = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return ans;
  }

  function drawFrame(index, frameIdx) {
    var scene = data.scenes[index];
    var el = sceneEls[index];
    var term = el.querySelector('.lc-term-static .ap-term');
    if (!term || !scene.term || !scene.term.frames) return;
    var fr = scene.term.frames;
    var frame = frameIdx >= 0 ? fr.frames[frameIdx] : null;
    var pre = term.querySelector('.ap-term-text');
    // A row table entry is a row's spans; its place on screen is its index in the frame.
    pre.innerHTML = frame ? frame.rows.map(function (r, y) { return '<span class="ap-line" style="--row:' + y + '">' + fr.rowTable[r] + '</span>'; }).join('') : '';
    var cur = term.querySelector('.lc-cursor');
    if (frame && frame.cursor) {
      if (!cur) { cur = document.createElement('span'); cur.className = 'lc-cursor'; term.appendChild(cur); }
      cur.style.setProperty('--col', frame.cursor[0]);
      cur.style.setProperty('--row', frame.cursor[1]);
    } else if (cur) cur.remove();
  }

  var lastVideoKey = null;
  var activeScene = -1;

  function sceneAt(t) {
    for (var i = 0; i < data.scenes.length; i++) {
      var v = data.scenes[i].video;
      if (v && t >= v.start && t < v.end) return i;
    }
    // Past the end (or a gap): the last scene that started.
    var best = 0;
    for (var j = 0; j < data.scenes.length; j++) if (data.scenes[j].video && data.scenes[j].video.start <= t) best = j;
    return best;
  }

  /** Puts the page in the state of lesson time t; resolves true when the picture changed. */
  function seek(t) {
    var index = sceneAt(t);
    var scene = data.scenes[index];
    var spans = (scene.video && scene.video.steps) || [];
    var n = 0;
    for (var i = 0; i < scene.steps.length; i++) if (spans[i] && spans[i][0] <= t + 1e-9) n = i + 1;
    var view = viewState(scene, n, function (k) { return !!spans[k] && spans[k][0] <= t + 1e-9 && t < spans[k][1] - 1e-9; });
    var frameIdx = scene.term && scene.term.frames ? lastAtOrBefore(scene.term.frames.times, t) : -1;
    var extras = videoExtras(index, t);
    var key = index + '#' + stateKey(view) + '#' + frameIdx + '#' + extras.key;
    if (key === lastVideoKey) return Promise.resolve(false);
    lastVideoKey = key;
    var switched = activeScene !== index;
    if (switched) {
      sceneEls.forEach(function (el, k) { el.classList.toggle('lc-current', k === index); });
      activeScene = index;
    }
    applyView(index, view);
    if (sceneEls[index].__lcFrame !== frameIdx) {
      drawFrame(index, frameIdx);
      sceneEls[index].__lcFrame = frameIdx;
    }
    // A new scene on screen, or the camera's scale, changes the raster of the whole page: wait for it (see settled).
    var moved = extras.draw();
    return moved || switched ? settled() : Promise.resolve(true);
  }

  function fontsReady() {
    if (!document.fonts) return Promise.resolve();
    // Every face the page declares is one it draws with (the build copies only the terminal
    // fallbacks its text needs): load them all now, so no frame is taken before a glyph's font.
    var loads = [];
    document.fonts.forEach(function (face) { loads.push(face.load().catch(function () {})); });
    return Promise.all(loads).then(function () { return document.fonts.ready; });
  }

  if (data.mode === 'video') {
    var ready = fontsReady().then(function () { lastVideoKey = null; return seek(0); }).then(function () {});
    window.lessoncastStage = { ready: ready, seek: seek, settled: settled, scenes: data.scenes.map(function (s) { return s.id; }), size: data.stage };
    return;
  }

  // ---------------------------------------------------------------- deck mode

  /** The terminal font stack from the stage CSS (one list for deck, video and site). */
  function termFontFamily(el) {
    var probe = el.closest('.lc-term-host') || el;
    var v = getComputedStyle(probe.querySelector('.asciinema-player-theme-lessoncast') || probe).getPropertyValue('--term-font-family');
    return (v && v.trim()) || '"JetBrains Mono", monospace';
  }

  var players = [];
  var shown = [];
  var tokens = [];

  function createPlayer(index) {
    var scene = data.scenes[index];
    if (!scene.term || !window.AsciinemaPlayer || players[index] !== undefined) return players[index];
    var host = sceneEls[index].querySelector('.lc-term-live');
    var t = scene.term;
    players[index] = null;
    if (!host || !t.events || !t.events.length) return null;
    try {
      players[index] = AsciinemaPlayer.create(
        // The scene's theme rides in the header; 'auto/' makes the player prefer it (as the video's screens use it).
        { data: [{ version: 2, width: t.cols, height: t.rows, theme: t.theme }].concat(t.events) },
        host,
        {
          // The size comes from the header: given as options, it would stop the player from following a cast's resizes.
          autoPlay: false, preload: true, controls: false, fit: false,
          pauseOnMarkers: true, cursorMode: 'blinking', theme: 'auto/lessoncast',
          terminalFontSize: t.fontSize + 'px', terminalLineHeight: 1.3333333333,
          terminalFontFamily: termFontFamily(host),
        });
      sceneEls[index].classList.add('lc-live');
    } catch (err) {
      console.warn('lessoncast: terminal player failed', err);
      players[index] = null;
    }
    return players[index];
  }

  /** Brings the live terminal to the state after `n` steps, playing the step just taken. */
  function syncTerminal(index, n, prev) {
    var scene = data.scenes[index];
    var player = createPlayer(index);
    if (!player) return;
    var spans = scene.term.spans || {};
    var target = 0;
    for (var i = 0; i < n; i++) { var sp = spans[scene.steps[i].id]; if (sp) target = sp.to; }
    var step = scene.steps[n - 1];
    var token = (tokens[index] = (tokens[index] || 0) + 1);
    // A command step plays its cast up to its first marker; each marker step plays on to the next one.
    var play = n === prev + 1 && step && (step.kind === 'command' || step.kind === 'marker') && spans[step.id];
    Promise.resolve(player.pause()).then(function () {
      if (tokens[index] !== token) return;
      return player.seek(play ? spans[step.id].from : target);
    }).then(function () {
      if (tokens[index] !== token || !play) return;
      return player.play();
    }).catch(function (err) { console.warn('lessoncast: terminal', err); });
  }

  function deckUpdate(index, n) {
    var scene = data.scenes[index];
    if (!scene) return;
    var prev = shown[index] === undefined ? 0 : shown[index];
    shown[index] = n;
    applyView(index, viewState(scene, n, function (k) { return k === n - 1; }));
    deckExtras(index, n, prev);
    if (scene.term) syncTerminal(index, n, prev);
  }

  function currentSceneIndex() {
    var slide = Reveal.getCurrentSlide();
    return sceneEls.indexOf(slide);
  }

  function visibleSteps(index) {
    return sceneEls[index].querySelectorAll('.lc-frag.visible').length;
  }

  function onChange() {
    var index = currentSceneIndex();
    if (index >= 0) deckUpdate(index, visibleSteps(index));
  }

  function printState() {
    sceneEls.forEach(function (el, index) {
      var scene = data.scenes[index];
      var lastPopup = -1;
      scene.steps.forEach(function (s, k) { if (s.kind === 'popup') lastPopup = k; });
      applyView(index, viewState(scene, scene.steps.length, function (k) { return k === lastPopup; }));
    });
  }

  function openSpeakerView() {
    var notes = Reveal.getPlugin && Reveal.getPlugin('notes');
    try {
      if (notes && notes.open) notes.open();
      return true;
    } catch (err) {
      return false;
    }
  }

  function speakerButton() {
    var b = document.createElement('button');
    b.className = 'lc-speaker-button';
    b.type = 'button';
    b.textContent = 'Open the speaker view';
    b.title = 'Or press S at any time';
    b.addEventListener('click', function () { openSpeakerView(); b.remove(); });
    document.body.appendChild(b);
    setTimeout(function () { if (b.isConnected) b.remove(); }, 15000);
  }

  // A presenter may scroll a file with the wheel: the thumb follows.
  each(document.querySelectorAll('.lc-scroll'), function (s) { s.addEventListener('scroll', function () { drawThumb(s); }, { passive: true }); });

  document.documentElement.classList.toggle('lc-printing', printing);
  Reveal.initialize({
    width: STAGE_W, height: STAGE_H, margin: 0, minScale: 0.1, maxScale: 4,
    center: false, hash: true, fragmentInURL: true, controls: true, progress: true, slideNumber: 'c/t', showSlideNumber: 'speaker',
    transition: 'fade', backgroundTransition: 'none', pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1,
    plugins: window.RevealNotes ? [RevealNotes] : [],
  }).then(function () {
    if (printing) { printState(); return; }
    Reveal.on('slidechanged', onChange);
    Reveal.on('fragmentshown', onChange);
    Reveal.on('fragmenthidden', onChange);
    onChange();
    // Players load in the background so the first command plays at once.
    data.scenes.forEach(function (_, i) { createPlayer(i); });
    if (/[?&]speaker\b/.test(search) && !/receiver/.test(search)) {
      // Browsers allow a pop-up only after a user gesture; fall back to a button.
      if (!openSpeakerView()) speakerButton();
    }
  });
  window.lessoncastDeck = { state: function () { var i = currentSceneIndex(); return { scene: i, steps: shown[i] || 0 }; }, players: players };
})();
