/** The widget's options, read from the `data-` attributes of its script tag, with a default for each. */

export interface WidgetOptions {
  server: URL;
  title: string;
  /** Empty: no greeting bubble. */
  greeting: string;
  subtitle: string;
  accent: string;
  side: 'left' | 'right';
}

export function readOptions(script: HTMLScriptElement | null): WidgetOptions {
  const data = script?.dataset ?? {};
  return {
    server: resolveServer(data.server, script?.src),
    title: (data.title ?? '').trim() || 'Chat with us',
    // Unlike the others, an empty data-greeting is meant: it turns the greeting off.
    greeting: data.greeting === undefined ? 'Hi! How can we help you today?' : data.greeting.trim(),
    subtitle: (data.subtitle ?? '').trim() || 'Online now',
    // A value the browser cannot read as a colour would leave the launcher invisible.
    accent: data.accent && CSS.supports('color', data.accent) ? data.accent : '#2563eb',
    side: data.position === 'left' ? 'left' : 'right',
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
