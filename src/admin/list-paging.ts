/** Numbered page links for the workspace's lists (the leads, the inbox): first, last and a few around this one. */

export interface PageLink {
  /** 1-based page number, or null for a gap ("…"). */
  number: number | null;
  url: string;
  current: boolean;
}

export interface Pager {
  pages: PageLink[];
  prevUrl: string | undefined;
  nextUrl: string | undefined;
  /** 1-based numbers of the first and last rows shown. */
  from: number;
  to: number;
}

/** Pages shown on each side of the current one. */
const AROUND = 2;

export function pageLinks(opts: {
  total: number;
  offset: number;
  limit: number;
  shown?: number;
  /** More rows follow than `total` says (a lower bound): the next page is linked. */
  more?: boolean;
  urlOf: (offset: number) => string;
}): Pager {
  const { total, offset, limit, urlOf } = opts;
  const count = Math.max(1, Math.ceil(total / limit));
  const current = Math.min(count, Math.floor(offset / limit) + 1);
  const pages: PageLink[] = [];
  let last = 0;
  for (let n = 1; n <= count; n++) {
    if (n !== 1 && n !== count && Math.abs(n - current) > AROUND) continue;
    if (n - last > 1) pages.push({ number: null, url: '', current: false });
    pages.push({ number: n, url: urlOf((n - 1) * limit), current: n === current });
    last = n;
  }
  const shown = opts.shown ?? Math.max(0, Math.min(limit, total - offset));
  return {
    pages: count > 1 ? pages : [],
    prevUrl: offset > 0 ? urlOf(Math.max(0, offset - limit)) : undefined,
    nextUrl: offset + limit < total || opts.more ? urlOf(offset + limit) : undefined,
    from: shown > 0 ? offset + 1 : 0,
    to: offset + shown,
  };
}
