/**
 * Patterns built from word lists, compiled once per place in the code: `` rx('gi')`\\b${WORDS}\\b` `` reads
 * as one expression where it is used, and a message pays for matching, not for building and compiling
 * thirty patterns (or the garbage of their sources). Only where the parts are module constants (the first call's parts are kept).
 */
const compiled = new WeakMap<TemplateStringsArray, RegExp>();

/** A template tag making the RegExp of its text with `flags`, the same object at each call site. */
export function rx(flags: string): (strings: TemplateStringsArray, ...parts: unknown[]) => RegExp {
  return (strings, ...parts) => {
    let re = compiled.get(strings);
    if (!re) {
      re = new RegExp(
        strings.reduce((source, s, i) => source + String(parts[i - 1]) + s),
        flags,
      );
      compiled.set(strings, re);
    }
    re.lastIndex = 0;
    return re;
  };
}
