/**
 * SOPS and Flux write regular expressions in Go's RE2 syntax. Most of it is valid
 * JavaScript; leading inline flags such as `(?i)` are not, so they become flags.
 * Returns null for an expression JavaScript cannot run, so callers can say they could
 * not check rather than guess.
 */
export function goRegExp(source: string): RegExp | null {
  let flags = '';
  let body = source;
  // Flags set before anything that could match, like `(?i)a` or `((?i)a|b)`, hold for
  // the whole expression; later ones would need scoped flags JavaScript lacks.
  const inline = /^([(^]*)\(\?([imsU]+)\)/.exec(body);
  if (inline) {
    body = inline[1]! + body.slice(inline[0].length);
    for (const flag of inline[2]!) {
      if (flag === 'i' || flag === 'm' || flag === 's') flags += flag;
      else return null;
    }
  }
  if (/\(\?[imsU-]+[:)]/.test(body)) return null;
  // RE2 classes JavaScript spells differently.
  body = body.replace(/\\z/g, '$').replace(/\\A/g, '^');
  try {
    return new RegExp(body, flags + 'u');
  } catch {
    try {
      return new RegExp(body, flags);
    } catch {
      return null;
    }
  }
}
