import type { Scalar } from 'yaml';

/**
 * Where each character of a string scalar's value was written.
 *
 * The `yaml` package resolves a scalar's value (unescaping, folding, chomping,
 * stripping indentation) but keeps only the range of the whole node. To point at a
 * line inside a block scalar we align the resolved value with its source text: the
 * value is authoritative, and each of its characters is matched to the source
 * character it came from. Characters that the scalar style creates (a folded line
 * break becomes a space, an escape becomes one character) map to where they were
 * written. `starts[i]` is where character i was written and `ends[i]` where its
 * source ends (after a whole escape sequence, say); `starts` has one more entry,
 * the end of the value.
 *
 * Returns null when the alignment fails, which callers treat as "somewhere in
 * this node" rather than guessing a position.
 */
export interface ScalarOffsets {
  starts: number[];
  ends: number[];
}

export function scalarOffsets(text: string, node: Scalar): ScalarOffsets | null {
  if (typeof node.value !== 'string' || !node.range) return null;
  const value = node.value;
  const [start, , end] = node.range;
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return alignBlock(text, start, value);
    case 'QUOTE_DOUBLE':
      return alignFlow(text, start + 1, end, value, 'double');
    case 'QUOTE_SINGLE':
      return alignFlow(text, start + 1, end, value, 'single');
    default:
      return alignFlow(text, start, end, value, 'plain');
  }
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

function alignFlow(
  text: string,
  from: number,
  limit: number,
  value: string,
  style: 'plain' | 'single' | 'double',
): ScalarOffsets | null {
  const starts: number[] = new Array(value.length + 1);
  const ends: number[] = new Array(value.length);
  let p = from;
  for (let i = 0; i < value.length; ) {
    if (p >= limit) return null;
    const c = value[i];
    const s = text[p];
    if (style === 'double' && s === '\\') {
      if (isBreak(text[p + 1])) {
        // An escaped line break joins the lines; the break and the next indentation vanish.
        p += 1;
        while (p < limit && (isBreak(text[p]) || isBlank(text[p]))) p++;
        continue;
      }
      const escape = readEscape(text, p);
      if (!escape || !value.startsWith(escape.decoded, i)) return null;
      for (let k = 0; k < escape.decoded.length; k++) {
        starts[i + k] = p;
        ends[i + k] = p + escape.length;
      }
      i += escape.decoded.length;
      p += escape.length;
      continue;
    }
    if (style === 'single' && c === "'" && s === "'" && text[p + 1] === "'") {
      starts[i] = p;
      ends[i++] = p + 2;
      p += 2;
      continue;
    }
    if (c === s || (c === ' ' && isBreak(s))) {
      // The same character, or a single line break folded into a space.
      starts[i] = p;
      ends[i++] = ++p;
      continue;
    }
    if (isBlank(s) || isBreak(s)) {
      // Indentation, trailing white space or a folded line break that left no character.
      p++;
      continue;
    }
    return null;
  }
  starts[value.length] = p;
  return { starts, ends };
}

function alignBlock(text: string, headerStart: number, value: string): ScalarOffsets | null {
  const newline = text.indexOf('\n', headerStart);
  const contentStart = newline === -1 ? text.length : newline + 1;
  const indent = blockIndent(text, contentStart, value);
  const starts: number[] = new Array(value.length + 1);
  const ends: number[] = new Array(value.length);
  let p = contentStart;
  let atLineStart = true;
  for (let i = 0; i < value.length; ) {
    if (atLineStart) {
      for (let k = 0; k < indent && text[p] === ' '; k++) p++;
      atLineStart = false;
    }
    const c = value[i];
    const s = text[p];
    if (p >= text.length) {
      // A clipped or kept final line break at the very end of a file without one.
      if (c !== '\n') return null;
      starts[i] = text.length;
      ends[i++] = text.length;
      continue;
    }
    if (c === s) {
      starts[i] = p;
      ends[i++] = ++p;
      if (s === '\n') atLineStart = true;
      continue;
    }
    if (s === '\r') {
      p++;
      continue;
    }
    if (s === '\n') {
      // Folding: a line break became a space, or vanished between folded lines.
      if (c === ' ') {
        starts[i] = p;
        ends[i++] = p + 1;
      }
      p++;
      atLineStart = true;
      continue;
    }
    if (isBlank(s)) {
      p++;
      continue;
    }
    return null;
  }
  starts[value.length] = Math.min(p, text.length);
  return { starts, ends };
}

/**
 * The indentation of a block scalar's content: the first line with content in the
 * source, less the spaces that the value keeps at the start of its first line (an
 * explicit indentation indicator keeps them).
 */
function blockIndent(text: string, contentStart: number, value: string): number {
  const valueLead = /^[\n]*( *)\S/.exec(value);
  if (!valueLead) return 0;
  const lineRe = /^( *)[^ \r\n]/gm;
  lineRe.lastIndex = contentStart;
  const sourceLead = lineRe.exec(text);
  if (!sourceLead) return 0;
  return Math.max(0, sourceLead[1]!.length - valueLead[1]!.length);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function readEscape(text: string, at: number): { decoded: string; length: number } | null {
  const kind = text[at + 1];
  if (kind === undefined) return null;
  const simple = SIMPLE_ESCAPES[kind];
  if (simple !== undefined) return { decoded: simple, length: 2 };
  const digits = HEX_ESCAPE_LENGTH[kind];
  if (digits === undefined) return null;
  const hex = text.slice(at + 2, at + 2 + digits);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return null;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return null;
  return { decoded: String.fromCodePoint(code), length: 2 + digits };
}
