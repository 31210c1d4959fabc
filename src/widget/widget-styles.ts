/**
 * The widget's look: one stylesheet for its shadow root, and the visitor's accent colour applied to it.
 * The `:host` rule resets every inherited and page style with !important, which beats a page's own
 * !important rules, so the widget looks the same on any site.
 */
import { makeElement } from './widget-dom.js';

const STYLES = `
:host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;visibility:visible!important;opacity:1!important;transform:none!important;filter:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{--bg:#fff;--fg:#1f2430;--muted:#5f6777;--line:#e3e6ec;--soft:#f5f6f9;--bot:#fff;--warn-bg:#fff7e6;--warn-line:#f3d19c;--err:#b42318;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);-webkit-font-smoothing:antialiased;text-align:left;letter-spacing:normal;text-transform:none}
@media (prefers-color-scheme:dark){.root{--bg:#171b24;--fg:#e8eaf0;--muted:#a3aab8;--line:#2e3442;--soft:#11141b;--bot:#222836;--warn-bg:#3a2f17;--warn-line:#6b5422;--err:#ff8a80}}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;border:0;background:none;padding:0}
svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;display:block;flex:none}
[hidden]{display:none!important}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
textarea:focus-visible,input:focus-visible{outline:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;bottom:20px;z-index:2147483646;width:60px;height:60px;border-radius:50%;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(16,24,40,.24),0 2px 6px rgba(16,24,40,.16);transition:transform .18s ease,box-shadow .18s ease}
.launcher svg{width:28px;height:28px}
.launcher:hover{transform:scale(1.06);box-shadow:0 10px 28px rgba(16,24,40,.28)}
.launcher:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
.right .launcher,.right .panel{right:20px}.left .launcher,.left .panel{left:20px}
.panel{position:fixed;bottom:92px;z-index:2147483647;width:380px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 112px));display:flex;flex-direction:column;background:var(--bg);border-radius:16px;overflow:hidden;box-shadow:0 16px 48px rgba(16,24,40,.22),0 4px 12px rgba(16,24,40,.12);border:1px solid var(--line);animation:rise .2s ease-out}
@keyframes rise{from{opacity:0;transform:translateY(12px) scale(.98)}}
.head{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--accent);color:var(--on-accent)}
.avatar{width:36px;height:36px;border-radius:50%;background:rgba(255,255,255,.22);display:flex;align-items:center;justify-content:center;font-weight:700;font-size:16px;flex:none}
.titles{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:650;line-height:1.25;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:2px 0 0;font-size:12.5px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;display:flex;align-items:center;gap:6px}
.sub::before{content:"";width:8px;height:8px;border-radius:50%;background:#22c55e;box-shadow:0 0 0 2px rgba(255,255,255,.35);flex:none}
.icon{width:36px;height:36px;border-radius:10px;display:flex;align-items:center;justify-content:center;color:inherit;flex:none}
.icon svg{width:20px;height:20px}
.icon:hover,.icon[aria-pressed=true]{background:rgba(255,255,255,.18)}
.head :focus-visible{outline-color:var(--on-accent)}
.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:var(--soft);overscroll-behavior:contain}
.msg{display:flex;max-width:100%}
.msg.user{justify-content:flex-end}
.bubble{max-width:85%;padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.assistant .bubble{background:var(--bot);border:1px solid var(--line);border-bottom-left-radius:4px}
.user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:4px}
.bubble a{color:inherit;text-decoration:underline;text-underline-offset:2px}
.assistant .bubble a{color:var(--link)}
@media (prefers-color-scheme:dark){.assistant .bubble a{color:#93c5fd;color:color-mix(in srgb,var(--accent) 40%,#fff)}}
.typing .bubble{display:flex;gap:4px;align-items:center;padding:13px 14px}
.dot{width:7px;height:7px;border-radius:50%;background:var(--muted);animation:blink 1.2s infinite ease-in-out}
.dot:nth-child(2){animation-delay:.15s}.dot:nth-child(3){animation-delay:.3s}
@keyframes blink{0%,80%,100%{opacity:.3;transform:translateY(0)}40%{opacity:1;transform:translateY(-3px)}}
.note{align-self:center;max-width:92%;background:var(--warn-bg);border:1px solid var(--warn-line);border-radius:12px;padding:10px 12px;font-size:14px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.note.ok{background:var(--bot);border-color:var(--line)}
.note p{margin:0;flex:1;min-width:160px}
.btn{border-radius:10px;padding:8px 14px;font-weight:600;font-size:14px;background:var(--accent);color:var(--on-accent)}
.btn.ghost{background:transparent;color:var(--fg);border:1px solid var(--line)}
.btn:hover{filter:brightness(1.06)}
.composer{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line);background:var(--bg)}
textarea,input{width:100%;border:1px solid var(--line);border-radius:12px;background:var(--bg);padding:10px 12px;outline:none;transition:border-color .15s}
textarea{resize:none;max-height:132px;min-height:44px;line-height:1.4;display:block}
textarea:focus,input:focus{border-color:var(--accent);box-shadow:0 0 0 3px var(--ring)}
::placeholder{color:var(--muted);opacity:1}
.send{width:44px;height:44px;border-radius:12px;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center;flex:none}
.send[aria-disabled=true]{opacity:.55;cursor:default}
.send svg{width:20px;height:20px}
.form{flex:1;overflow-y:auto;padding:18px 16px;display:flex;flex-direction:column;gap:12px;background:var(--bg)}
.form h3{margin:0;font-size:17px}
.form .lead{margin:0;color:var(--muted);font-size:14px}
.field{display:flex;flex-direction:column;gap:5px}
.field label{font-size:13.5px;font-weight:600}
.field input[aria-invalid=true]{border-color:var(--err)}
.err{margin:0;color:var(--err);font-size:13px}
.err:empty{display:none}
.row{display:flex;gap:8px;justify-content:flex-end;margin-top:4px}
.foot{margin:0;padding:0 12px 10px;font-size:11.5px;color:var(--muted);text-align:center;background:var(--bg)}
@media (max-width:480px){.panel{inset:0;width:100%;max-width:none;height:100%;border-radius:0;border:0}.open .launcher{display:none}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important}.launcher:hover{transform:none}}
`;

/** Puts the stylesheet into the shadow root. */
export function attachStyles(shadow: ShadowRoot): void {
  if (
    'adoptedStyleSheets' in shadow &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    // Constructed sheets are not blocked by a host page's strict style-src CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(makeElement('style', {}, STYLES));
  }
}

/** Sets the accent and the colours derived from it. `root` must be in the document: its colour is computed. */
export function applyAccent(root: HTMLElement, accent: string): void {
  root.style.setProperty('--accent', accent);
  const onAccent = pickTextColour(root, accent);
  root.style.setProperty('--on-accent', onAccent);
  // Links in assistant bubbles: the accent when it reads on white, else a safe blue.
  root.style.setProperty('--link', onAccent === '#ffffff' ? accent : '#1d4ed8');
  root.style.setProperty('--ring', `color-mix(in srgb, ${accent} 25%, transparent)`);
}

/** The visitor's colour, made readable: dark text on light accents, white on dark ones. */
function pickTextColour(probe: HTMLElement, accent: string): string {
  // Any CSS colour (a name, hsl(), …) is turned into rgb() by the browser, then its luminance decides.
  probe.style.color = accent;
  const [r = 0, g = 0, b = 0] = (getComputedStyle(probe).color.match(/[\d.]+/g) ?? []).map(Number);
  probe.style.color = '';
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.45 ? '#111827' : '#ffffff';
}
