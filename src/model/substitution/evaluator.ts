/** The evaluation of Flux's envsubst: a port of envsubst's template.go and funcs.go. */
import { type ExprNode, type Node } from './syntax.js';
import { isDefaultOp } from './parser.js';

/** A variable whose value exists but cannot be read (from a SOPS-encrypted Secret). */
export const UNKNOWN: unique symbol = Symbol('fluxlint.substitution.unknown');

/** The value of a variable: undefined when it is not defined. */
export type Lookup = (name: string) => string | undefined | typeof UNKNOWN;

type Value = string | typeof UNKNOWN;

/** A Go runtime panic in envsubst (kustomize-controller recovers it as a reconcile error). */
export class GoPanic {
  constructor(
    readonly message: string,
    readonly node: ExprNode,
  ) {}
}

export class Evaluator {
  readonly unresolved = new Set<ExprNode>();
  readonly unknown = new Set<ExprNode>();

  constructor(private readonly lookup: Lookup) {}

  private node(node: Node, needed: boolean): Value {
    return node.type === 'text' ? node.value : this.expression(node, needed);
  }

  /** `needed`: whether the output depends on this expression (for `unknown` only; evaluation is eager, as in Go). */
  expression(node: ExprNode, needed: boolean): Value {
    const found = this.lookup(node.name);
    const value = typeof found === 'string' ? found.replaceAll('\n', '') : found;
    const defaultOp = isDefaultOp(node.op);
    if (value === undefined && !defaultOp) this.unresolved.add(node);
    if (value === UNKNOWN && needed) this.unknown.add(node);
    const v = value ?? '';
    // Go evaluates every argument, used or not; in strict mode a missing one fails.
    const argsNeeded = needed && !(defaultOp && v !== UNKNOWN && v !== '');
    const args = node.args.map((arg) => this.node(arg, argsNeeded));
    if (v === UNKNOWN) return UNKNOWN;
    if (defaultOp && v !== '') return v;
    if (args.some((arg) => arg === UNKNOWN)) return UNKNOWN;
    return apply(node, v, args as string[]);
  }
}

/** lookupFunc and the functions it returns. */
function apply(node: ExprNode, s: string, args: string[]): string {
  switch (node.op) {
    case ',':
      return mapFirst(s, lowerRune);
    case ',,':
      return mapRunes(s, lowerRune);
    case '^':
      return mapFirst(s, upperRune);
    case '^^':
      return mapRunes(s, upperRune);
    case '#':
      return args.length === 0 ? String(utf8(s).length) : bytesToString(trimPrefix(utf8(s), utf8(args[0]!), false));
    case '##':
      return bytesToString(trimPrefix(utf8(s), utf8(args[0]!), true));
    case '%':
      return bytesToString(trimSuffix(utf8(s), utf8(args[0]!), false));
    case '%%':
      return bytesToString(trimSuffix(utf8(s), utf8(args[0]!), true));
    case ':':
      return substring(node, s, args);
    case '/#':
      return args.length === 2 && s.startsWith(args[0]!) ? goReplace(s, args[0]!, args[1]!, 1) : s;
    case '/%':
      return args.length === 2 && s.endsWith(args[0]!) ? s.slice(0, s.length - args[0]!.length) + args[1]! : s;
    case '/':
      return args.length === 0 ? s : goReplace(s, args[0]!, args[1] ?? '', 1);
    case '//':
      return args.length === 0 ? s : goReplace(s, args[0]!, args[1] ?? '', -1);
    default:
      // toDefault: `=`, `:=`, `:-`, `:+`, `:?`, `${var}` itself, and the mixed casings.
      return s === '' && args.length > 0 ? args.join('') : s;
  }
}

/** strings.Replace(s, old, new, n) for n = 1 or -1. */
function goReplace(s: string, old: string, replacement: string, n: 1 | -1): string {
  if (old === '') {
    // An empty old string matches before every rune and at the end.
    if (n === 1) return replacement + s;
    const runes = [...s];
    return runes.length === 0 ? replacement : replacement + runes.join(replacement) + replacement;
  }
  if (n === -1) return s.split(old).join(replacement);
  const at = s.indexOf(old);
  return at < 0 ? s : s.slice(0, at) + replacement + s.slice(at + old.length);
}

/** Go's unicode.ToUpper/ToLower map one rune to one rune; JavaScript's full mappings can expand. */
function upperRune(ch: string): string {
  const upper = ch.toUpperCase();
  return [...upper].length === 1 ? upper : ch;
}

function lowerRune(ch: string): string {
  if (ch === '\u0130') return 'i';
  const lower = ch.toLowerCase();
  return [...lower].length === 1 ? lower : ch;
}

function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) out += f(ch);
  return out;
}

function mapFirst(s: string, f: (ch: string) => string): string {
  if (s === '') return s;
  const first = String.fromCodePoint(s.codePointAt(0)!);
  return f(first) + s.slice(first.length);
}

/** strconv.Atoi on a 64-bit platform; null when Go reports an error. */
function atoi(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return Number(value);
}

/** toSubstr, on UTF-8 bytes as in Go. */
function substring(node: ExprNode, s: string, args: string[]): string {
  if (args.length === 0) return s;
  let pos = atoi(args[0]!);
  if (pos === null) return s; // bash returns the string when the position is not a number
  const bytes = utf8(s);
  const len = bytes.length;
  if (pos < 0) pos = Math.max(0, len + pos);
  if (args.length === 1) return pos < len ? bytesToString(bytes.subarray(pos)) : '';
  const length = atoi(args[1]!);
  if (length === null) return s;
  if (pos + length >= len) return pos < len ? bytesToString(bytes.subarray(pos)) : '';
  if (length < 0) {
    const high = pos + length;
    throw new GoPanic(`runtime error: slice bounds out of range [${high < 0 ? '' : pos}:${high}]`, node);
  }
  return bytesToString(bytes.subarray(pos, pos + length));
}

// UTF-8 byte strings, for the functions Go runs on bytes.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const RUNE_ERROR = 0xfffd;

function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes back to text; a byte sequence Go cut in the middle of a character becomes U+FFFD. */
function bytesToString(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** utf8.DecodeRune: the rune at `i` and its width; RuneError and width 1 for an invalid byte. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i]!;
  if (b0 < 0x80) return [b0, 1];
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 < 0xe0) need = 1;
  else if (b0 >= 0xe0 && b0 < 0xf0) {
    need = 2;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f;
  } else if (b0 >= 0xf0 && b0 < 0xf5) {
    need = 3;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return [RUNE_ERROR, 1];
  if (i + need >= b.length) return [RUNE_ERROR, 1];
  let r = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const c = b[i + k]!;
    const min = k === 1 ? lo : 0x80;
    const max = k === 1 ? hi : 0xbf;
    if (c < min || c > max) return [RUNE_ERROR, 1];
    r = (r << 6) | (c & 0x3f);
  }
  return [r, need + 1];
}

/** Reverses the runes of a byte string, as Go's `reverse` via []rune. */
function reverseRunes(b: Uint8Array): Uint8Array {
  const runes: number[] = [];
  for (let i = 0; i < b.length; ) {
    const [r, w] = decodeRune(b, i);
    runes.push(r);
    i += w;
  }
  return utf8(String.fromCodePoint(...runes.reverse()));
}

function trimPrefix(s: Uint8Array, pattern: Uint8Array, longest: boolean): Uint8Array {
  return longest ? trimLongest(s, pattern) : trimShortest(s, pattern);
}

function trimSuffix(s: Uint8Array, pattern: Uint8Array, longest: boolean): Uint8Array {
  // Go reverses the string and the pattern (so `[a-z]` becomes `]z-a[`: kept).
  return reverseRunes(trimPrefix(reverseRunes(s), reverseRunes(pattern), longest));
}

function trimShortest(s: Uint8Array, pattern: Uint8Array): Uint8Array {
  let shortest = 0;
  for (let i = 0; i < s.length; i++) {
    const prefix = s.subarray(0, s.length - i);
    try {
      if (globMatch(pattern, prefix)) shortest = prefix.length;
    } catch (error) {
      if (error instanceof BadPattern) return s;
      throw error;
    }
  }
  return shortest > 0 ? s.subarray(shortest) : s;
}

function trimLongest(s: Uint8Array, pattern: Uint8Array): Uint8Array {
  for (let i = 0; i < s.length; i++) {
    const prefix = s.subarray(0, s.length - i);
    try {
      if (globMatch(pattern, prefix)) return s.subarray(prefix.length);
    } catch (error) {
      if (error instanceof BadPattern) return s;
      throw error;
    }
  }
  return s;
}

// envsubst/path/match.go: Go's path.Match, changed so that `*` and `?` also match `/`
// and a trailing `*` matches the rest.

class BadPattern {}

const STAR = 0x2a;
const QMARK = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const BSLASH = 0x5c;
const HYPHEN = 0x2d;
const CIRCUMFLEX = 0x5e;

function globMatch(pattern: Uint8Array, name: Uint8Array): boolean {
  outer: while (pattern.length > 0) {
    const { star, chunk, rest } = scanChunk(pattern);
    pattern = rest;
    if (star && chunk.length === 0) return true;
    const t = matchChunk(chunk, name);
    if (t !== null && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length; i++) {
        const t2 = matchChunk(chunk, name.subarray(i + 1));
        if (t2 !== null) {
          if (pattern.length === 0 && t2.length > 0) continue;
          name = t2;
          continue outer;
        }
      }
    }
    return false;
  }
  return name.length === 0;
}

function scanChunk(pattern: Uint8Array): { star: boolean; chunk: Uint8Array; rest: Uint8Array } {
  let star = false;
  while (pattern.length > 0 && pattern[0] === STAR) {
    pattern = pattern.subarray(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case BSLASH:
        if (i + 1 < pattern.length) i++;
        break;
      case LBRACKET:
        inRange = true;
        break;
      case RBRACKET:
        inRange = false;
        break;
      case STAR:
        if (!inRange) break scan;
    }
  }
  return { star, chunk: pattern.subarray(0, i), rest: pattern.subarray(i) };
}

/** The rest of `s` after `chunk` matched its beginning, or null; throws BadPattern. */
function matchChunk(chunk: Uint8Array, s: Uint8Array): Uint8Array | null {
  while (chunk.length > 0) {
    if (s.length === 0) return null;
    switch (chunk[0]) {
      case LBRACKET: {
        const [r, n] = decodeRune(s, 0);
        s = s.subarray(n);
        chunk = chunk.subarray(1);
        let notNegated = true;
        if (chunk.length > 0 && chunk[0] === CIRCUMFLEX) {
          notNegated = false;
          chunk = chunk.subarray(1);
        }
        let match = false;
        let ranges = 0;
        for (;;) {
          if (chunk.length > 0 && chunk[0] === RBRACKET && ranges > 0) {
            chunk = chunk.subarray(1);
            break;
          }
          let lo: number;
          [lo, chunk] = getEsc(chunk);
          let hi = lo;
          if (chunk[0] === HYPHEN) [hi, chunk] = getEsc(chunk.subarray(1));
          if (lo <= r && r <= hi) match = true;
          ranges++;
        }
        if (match !== notNegated) return null;
        break;
      }
      case QMARK: {
        const [, n] = decodeRune(s, 0);
        s = s.subarray(n);
        chunk = chunk.subarray(1);
        break;
      }
      default:
        if (chunk[0] === BSLASH) {
          chunk = chunk.subarray(1);
          if (chunk.length === 0) throw new BadPattern();
        }
        if (chunk[0] !== s[0]) return null;
        s = s.subarray(1);
        chunk = chunk.subarray(1);
    }
  }
  return s;
}

function getEsc(chunk: Uint8Array): [number, Uint8Array] {
  if (chunk.length === 0 || chunk[0] === HYPHEN || chunk[0] === RBRACKET) throw new BadPattern();
  if (chunk[0] === BSLASH) {
    chunk = chunk.subarray(1);
    if (chunk.length === 0) throw new BadPattern();
  }
  const [r, n] = decodeRune(chunk, 0);
  if (r === RUNE_ERROR && n === 1) throw new BadPattern();
  const rest = chunk.subarray(n);
  if (rest.length === 0) throw new BadPattern();
  return [r, rest];
}
