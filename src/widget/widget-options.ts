/**
 * The widget's options: the `data-` attributes of its script tag first (a site's own choice), then what staff
 * saved on the settings page (served inside widget.js, see widget.routes.ts), then a built-in default.
 */

export interface WidgetOptions {
  server: URL;
  title: string;
  /** Empty: no greeting bubble. */
  greeting: string;
  subtitle: string;
  accent: string;
  side: 'left' | 'right';
}

/** The saved settings' texts and colours, as widget.routes.ts writes them into the served script. */
interface ServerDefaults {
  title?: unknown;
  subtitle?: unknown;
  greeting?: unknown;
  accent?: unknown;
  position?: unknown;
}

/**
 * Replaced, as a whole string literal, by the server with the saved settings in JSON (widget.routes.ts); left
 * as it is, JSON.parse fails and the built-in defaults stand.
 */
const SERVER_DEFAULTS = '__LEAD_CHAT_SETTINGS__';

function serverDefaults(): ServerDefaults {
  try {
    const parsed: unknown = JSON.parse(SERVER_DEFAULTS);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function readOptions(script: HTMLScriptElement | null): WidgetOptions {
  const data = script?.dataset ?? {};
  const saved = serverDefaults();
  const accent = [data.accent, textOf(saved.accent)].find((c) => c && CSS.supports('color', c));
  const greeting = data.greeting ?? textOf(saved.greeting);
  return {
    server: resolveServer(data.server, script?.src),
    title: (data.title ?? '').trim() || (textOf(saved.title) ?? '').trim() || 'Chat with us',
    // Unlike the others, an empty greeting is meant: it turns the greeting off.
    greeting: greeting === undefined ? 'Hi! How can we help you today?' : greeting.trim(),
    subtitle: (data.subtitle ?? '').trim() || (textOf(saved.subtitle) ?? '').trim() || 'Online now',
    // A value the browser cannot read as a colour would leave the launcher invisible.
    accent: accent ?? '#2563eb',
    side: (data.position ?? textOf(saved.position)) === 'left' ? 'left' : 'right',
  };
}

/** The chat server: data-server, else the folder the script was loaded from, else this page's origin. */
function resolveServer(option: string | undefined, scriptSrc: string | undefined): URL {
  for (const candidate of [option, scriptSrc ? new URL('.', scriptSrc).href : undefined]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate, location.href);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      // A folder, so the API paths (gemini/train…) resolve under it, not beside it.
      if (!url.pathname.endsWith('/')) url.pathname += '/';
      url.search = '';
      url.hash = '';
      return url;
    } catch {
      // not a URL: try the next candidate
    }
  }
  return new URL('/', location.href);
}
