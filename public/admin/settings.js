// The settings page's live preview of the chat widget: follows the widget form's fields as they change.
// Loaded as a file (the page's CSP allows no inline script); the widget's own colour rule is mirrored here.
/* global document */
(function () {
  'use strict';
  var form = document.getElementById('widget-form');
  var stage = document.getElementById('widget-preview');
  if (!form || !stage) return;
  var title = document.getElementById('preview-title');
  var subtitle = document.getElementById('preview-subtitle');
  var greeting = document.getElementById('preview-greeting');
  var avatar = document.getElementById('preview-avatar');

  function field(name) {
    var el = form.elements.namedItem(name);
    return el && 'value' in el ? String(el.value) : '';
  }

  // Dark text on light accents, white on dark ones (as src/widget/widget-styles.ts decides).
  function textColourOn(hex) {
    var m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
    if (!m) return '#ffffff';
    var h = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
    var lin = function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    var r = parseInt(h.slice(0, 2), 16);
    var g = parseInt(h.slice(2, 4), 16);
    var b = parseInt(h.slice(4, 6), 16);
    var luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    return luminance > 0.45 ? '#111827' : '#ffffff';
  }

  function update() {
    var t = field('title').trim() || 'Chat with us';
    title.textContent = t;
    var letter = t.match(/\p{L}|\p{N}/u);
    avatar.textContent = letter ? letter[0] : '?';
    subtitle.textContent = field('subtitle').trim() || 'Online now';
    var g = field('greeting').trim();
    greeting.textContent = g;
    greeting.hidden = g === '';
    var accent = field('accent');
    if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) {
      stage.style.setProperty('--preview-accent', accent);
      stage.style.setProperty('--preview-on-accent', textColourOn(accent));
    }
    stage.setAttribute('data-side', field('position') === 'left' ? 'left' : 'right');
  }

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
