/**
 * Flux postBuild variable substitution (`spec.postBuild.substitute` / `substituteFrom`
 * of a kustomize.toolkit.fluxcd.io Kustomization), as a pure function on one string.
 *
 * Sources (read, not copied; the behaviour below is theirs):
 * - fluxcd/pkg kustomize/kustomize_varsub.go: SubstituteVariables, varSubstitution,
 *   the name regex, the `substitute: disabled` label/annotation, the "\n" stripping.
 * - fluxcd/pkg envsubst/{parse/parse.go, parse/scan.go, template.go, funcs.go,
 *   path/match.go, eval_test.go, README.md}: Flux's fork of drone/envsubst, the grammar
 *   and evaluation ported here (v1.7.0, which kustomize-controller v1.9 uses; only
 *   template.go's strict check changed since the fork's v1.0.0).
 * - drone/envsubst {parse/scan.go, template.go}: the original; its evalFunc has no
 *   strict mode (Flux added it, then extended it to every non-default operator in
 *   fluxcd/pkg commit 8c54c729 "envsubst: enforce strict mode for transformation
 *   operators", envsubst v1.6.0).
 * - fluxcd/kustomize-controller internal/controller/kustomization_controller.go,
 *   internal/features/features.go, api/v1/kustomization_types.go and
 *   docs/spec/v1/kustomizations.md ("Post build variable substitution").
 *
 * What Flux does, and so what this module does:
 * - Only `${...}` is an expression. `$var` without braces is plain text (the Flux docs
 *   recommend it for shell scripts). `$$` is an escape for `$` ANYWHERE in the text, not
 *   only before `{`: `$${var}` gives `${var}`, `pa$$word` gives `pa$word`, `$$$${x}` gives
 *   `$${x}`. Inside an expression `$$` is not special, except in the two arguments of
 *   `${var/pattern/replacement}`, where `$$`, `\/` and `\\` are escapes.
 * - Forms: `${var}`; `${#var}` (length in UTF-8 bytes); `${var^}` `${var^^}` `${var,}`
 *   `${var,,}` (case); `${var:offset}` `${var:offset:length}` (byte offsets, strconv.Atoi,
 *   a negative offset counts from the end; `${var: -1}` is NOT that: Atoi fails on the
 *   space and the value is returned whole); `${var#glob}` `${var##glob}` `${var%glob}`
 *   `${var%%glob}` (trim; `*` and `?` also match `/`); `${var/old/new}` `${var//old/new}`
 *   `${var/#old/new}` `${var/%old/new}` (old is a literal string, not a glob; `/#` and
 *   `/%` without a replacement leave the value unchanged); `${var=default}`
 *   `${var:=default}` `${var:-default}`, and `${var:+word}` `${var:?word}`, which all
 *   mean the same in Flux: the value when it is non-empty, else the default. Nothing is
 *   assigned and nothing fails. A default is text up to the first `}` with nested
 *   `${...}` expressions (`${A:-${B:-x}}`).
 * - Not supported, and a syntax error: `${var-default}`, `${var+x}`, `${var?x}` (the
 *   README lists `${var-default}`, the parser rejects it: "missing closing brace"),
 *   `${}`, `${ var }`, `${var.x}`, `${{ github.token }}`, an unclosed `${`. A syntax error
 *   anywhere fails the whole Kustomization ("envsubst error: variable substitution
 *   failed: ..."), so it is reported, never guessed around.
 * - Names in expressions are runs of Unicode letters, digits and `_` (so `${1}` and
 *   `${héllo}` parse), but a variable can only be DEFINED with a name matching
 *   `^[_[:alpha:]][_[:alpha:][:digit:]]*$` (ASCII): any other key in `substitute` or in a
 *   referenced ConfigMap's or Secret's data fails the Kustomization. See
 *   isValidVariableName.
 * - Values: every newline is removed from every value (`strings.ReplaceAll(v, "\n", "")`);
 *   `substitute` overrides `substituteFrom`, later `substituteFrom` entries override
 *   earlier ones (the caller builds the lookup).
 * - An undefined variable: non-strict, it is "" (and a default applies); strict, Flux
 *   fails on the first one that is referenced without a default operator, including
 *   `${#var}`, `${var^^}`, `${var/a/b}` and any nested in a default that is not used
 *   (arguments are evaluated first). Strict is on by default since kustomize-controller
 *   v1.9 (feature gate StrictPostBuildSubstitutions, opt-out); before, it was opt-in and
 *   (envsubst before v1.6) rejected only a bare `${var}`. `unresolved` below is exactly
 *   the set current strict mode rejects; Flux reports the first in evaluation order.
 * - Go quirks kept: `${var:0:-1}` (negative length) panics in Go ("slice bounds out of
 *   range"), reported as an error; `${var:é...}` (a non-ASCII character after `:`) is
 *   "bad substitution" because the scanner steps back one byte too many.
 *
 * What the caller handles (not in this pure function):
 * - Substitution runs only when the Kustomization has `spec.postBuild`, and then only
 *   when at least one variable is defined, unless `postBuild.substituteStrategy: Always`
 *   (kustomize-controller v1.9+). Without it, even `$$` stays `$$`.
 * - A resource labelled OR annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
 *   is not substituted at all (SUBSTITUTE_ANNOTATION, SUBSTITUTE_DISABLED).
 * - Flux substitutes the serialized YAML text of each built resource, keys and values
 *   alike, and parses the result again; this module works on one string value. So a
 *   value is pasted unescaped into YAML (a `'`, `"` or `: ` in it can break the
 *   document; `replicas: ${N}` becomes a number), and an expression cannot span two
 *   scalars here although it could in Flux.
 *
 * Offsets are UTF-16 code units of the input, like the rest of fluxlint.
 */

/** The label or annotation that turns substitution off for one resource. */
export const SUBSTITUTE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/substitute';
/** Its value that turns substitution off. */
export const SUBSTITUTE_DISABLED = 'disabled';
/** Flux's rule for variable names, as it writes it in its error message. */
export const VARIABLE_NAME_PATTERN = '^[_[:alpha:]][_[:alpha:][:digit:]]*$';

/** Whether Flux accepts `name` as a variable name (a key of `substitute` or of substituteFrom data). */
export function isValidVariableName(name: string): boolean {
  // Go RE2's [:alpha:] and [:digit:] are ASCII only.
  return /^[_A-Za-z][_A-Za-z0-9]*$/.test(name);
}

/** What an expression does with its variable. */
export type SubstitutionKind = 'value' | 'default' | 'length' | 'case' | 'substring' | 'trim' | 'replace';

export interface VariableReference {
  /** The variable, as written (it may fail isValidVariableName, e.g. `${1}`). */
  name: string;
  /** Offset of `$` in the input. */
  start: number;
  /** Offset after the closing `}`. */
  end: number;
  /** The whole `${...}` text. */
  expression: string;
  /** True when the expression supplies a value if the variable is unset (`=`, `:=`, `:-`, `:+`, `:?`). */
  hasDefault: boolean;
  /** The operator as envsubst names it: '' for `${var}`, ':=', '//', '#' (length or trim), ... */
  operator: string;
  kind: SubstitutionKind;
  /** 0 for an expression in the text, 1 for one inside another's argument, and so on. */
  depth: number;
}

/** Text Flux rejects: the whole Kustomization fails with "envsubst error: variable substitution failed: <message>". */
export interface SubstitutionError {
  /** envsubst's own message: "missing closing brace", "bad substitution", "unable to parse variable name", ... */
  message: string;
  /** Where the scanner stopped. */
  offset: number;
  /** Offset of the `${` of the outermost expression being read. */
  expressionStart: number;
}

export interface SubstitutionScan {
  /** Every complete expression, nested ones included, by start offset. */
  references: VariableReference[];
  error: SubstitutionError | null;
}

/** A variable whose value exists but cannot be read (from a SOPS-encrypted Secret). */
export const UNKNOWN: unique symbol = Symbol('fluxlint.substitution.unknown');

/** The value of a variable: undefined when it is not defined. */
export type Lookup = (name: string) => string | undefined | typeof UNKNOWN;

export interface SubstitutionSegment {
  outStart: number;
  outEnd: number;
  inStart: number;
  inEnd: number;
  /** Set when the output came from an expression (the whole `${...}` is the input range). */
  variable?: string;
}

export interface SubstitutionResult {
  /** The substituted text; an expression whose value depends on an unknown value is left as written. */
  text: string;
  /** No value and no default operator: "" in non-strict mode, an error in strict mode. By start offset. */
  unresolved: VariableReference[];
  /** The value exists but is unknown, and the output depends on it. By start offset. */
  unknown: VariableReference[];
  changed: boolean;
  /**
   * Where each part of the output came from, in output order, covering it without gaps.
   * Copied text maps 1:1; an escape `$$` maps its one output character to both input
   * characters; an expression maps its output (possibly empty) to the whole expression.
   */
  segments: SubstitutionSegment[];
  /** Set when Flux would fail: a syntax error, or a Go runtime panic. Then `text` is the input unchanged. */
  error: SubstitutionError | null;
}

/** Every expression in a text (nested ones included, in order; escaped `$${…}` excluded), and the syntax error that would stop Flux, if any. Never throws. */
export function scanSubstitutions(text: string): SubstitutionScan {
  const parsed = parse(text);
  return { references: parsed.expressions.map((e) => toReference(text, e)), error: parsed.error };
}

/** Substitutes `text` as Flux would, non-strict; see SubstitutionResult for strict mode. */
export function substitute(text: string, lookup: Lookup): SubstitutionResult {
  const parsed = parse(text);
  if (parsed.error) return unchanged(text, parsed.error);
  const evaluator = new Evaluator(lookup);
  const parts: string[] = [];
  const segments: SubstitutionSegment[] = [];
  let out = 0;
  const emit = (value: string, inStart: number, inEnd: number, variable?: string): void => {
    parts.push(value);
    const segment: SubstitutionSegment = { outStart: out, outEnd: out + value.length, inStart, inEnd };
    if (variable !== undefined) segment.variable = variable;
    segments.push(segment);
    out += value.length;
  };
  try {
    for (const node of parsed.nodes) {
      if (node.type === 'text') {
        // Copied runs map 1:1; each `$$` maps to its one `$`.
        let from = node.start;
        for (const escape of node.escapes) {
          if (escape > from) emit(text.slice(from, escape), from, escape);
          emit('$', escape, escape + 2);
          from = escape + 2;
        }
        if (node.end > from) emit(text.slice(from, node.end), from, node.end);
      } else {
        const value = evaluator.expression(node, true);
        emit(value === UNKNOWN ? text.slice(node.start, node.end) : value, node.start, node.end, node.name);
      }
    }
  } catch (error) {
    if (error instanceof GoPanic) return unchanged(text, { message: error.message, offset: error.node.start, expressionStart: error.node.start });
    throw error;
  }
  const result = parts.join('');
  const sorted = (set: Set<ExprNode>) => [...set].sort((a, b) => a.start - b.start).map((e) => toReference(text, e));
  return { text: result, unresolved: sorted(evaluator.unresolved), unknown: sorted(evaluator.unknown), changed: result !== text, segments, error: null };
}

/** The input offset an output offset comes from: 1:1 in copied text, else the start of the expression or escape. */
export function inputOffset(result: Pick<SubstitutionResult, 'segments'>, outOffset: number): number {
  for (const s of result.segments) {
    if (outOffset >= s.outStart && outOffset < s.outEnd) {
      const verbatim = s.variable === undefined && s.outEnd - s.outStart === s.inEnd - s.inStart;
      return verbatim ? s.inStart + (outOffset - s.outStart) : s.inStart;
    }
  }
  const last = result.segments[result.segments.length - 1];
  return last ? last.inEnd : 0;
}

function unchanged(text: string, error: SubstitutionError): SubstitutionResult {
  const segments = text.length > 0 ? [{ outStart: 0, outEnd: text.length, inStart: 0, inEnd: text.length }] : [];
  return { text, unresolved: [], unknown: [], changed: false, segments, error };
}

// ---------------------------------------------------------------------------
// Parsing: a port of envsubst/parse (parse.go and scan.go), with offsets kept.

interface TextNode {
  type: 'text';
  value: string;
  start: number;
  end: number;
  /** Offsets of the escape characters envsubst removes (the first `$` of `$$`, the `\` of `\/`). */
  escapes: number[];
}

interface ExprNode {
  type: 'expr';
  name: string;
  /** envsubst's FuncNode.Name. */
  op: string;
  args: Node[];
  start: number;
  end: number;
  depth: number;
}

type Node = TextNode | ExprNode;

const EOF = -1;
const CH = (c: string): number => c.codePointAt(0)!;
const DOLLAR = CH('$');
const LBRACE = CH('{');
const RBRACE = CH('}');
const BACKSLASH = CH('\\');
const SLASH = CH('/');
const COLON = CH(':');
const HASH = CH('#');
const PERCENT = CH('%');
const EQUALS = CH('=');
const MINUS = CH('-');
const QUESTION = CH('?');
const PLUS = CH('+');
const COMMA = CH(',');
const CARET = CH('^');

// Scanner modes and escapes, as in scan.go.
const SCAN_IDENT = 1;
const SCAN_LBRACK = 2;
const SCAN_RBRACK = 4;
const SCAN_ESCAPE = 8;
const ESCAPE_DOLLAR = 1;
const ESCAPE_BACKSLASH = 2;
const ESCAPE_ALL = ESCAPE_DOLLAR | ESCAPE_BACKSLASH;

const enum Token {
  Illegal,
  EOF,
  Ident,
  Lbrack,
  Rbrack,
}

type Accept = (r: number, i: number) => boolean;

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;
const acceptRune: Accept = () => true;
const acceptIdent: Accept = (r) => LETTER_OR_DIGIT.test(String.fromCodePoint(r));
const acceptColon: Accept = (r) => r === COLON;
const acceptOneHash: Accept = (r, i) => r === HASH && i === 1;
const acceptNotClosing: Accept = (r) => r !== RBRACE;
const acceptHashFunc: Accept = (r, i) => r === HASH && i < 3;
const acceptPercentFunc: Accept = (r, i) => r === PERCENT && i < 3;
const acceptDefaultFunc: Accept = (r, i) => (i === 1 && r === COLON) || (i === 2 && (r === EQUALS || r === MINUS || r === QUESTION || r === PLUS));
const acceptReplaceFunc: Accept = (r, i) => (i === 1 && r === SLASH) || (i === 2 && (r === SLASH || r === HASH || r === PERCENT));
const acceptOneEqual: Accept = (r, i) => i === 1 && r === EQUALS;
const acceptOneColon: Accept = (r, i) => i === 1 && r === COLON;
const rejectColonClose: Accept = (r) => r !== COLON && r !== RBRACE;
const acceptSlash: Accept = (r) => r === SLASH;
const acceptNotSlash: Accept = (r) => r !== SLASH;
const acceptCasingFunc: Accept = (r, i) => (r === COMMA || r === CARET) && i < 3;

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * scan.go's scanner over UTF-16 offsets. Go's `skip` deletes an escape character from
 * its buffer; here the scanner steps over the escaped character and records where the
 * escape was, so offsets stay those of the input.
 */
class Scanner {
  pos = 0;
  start = 0;
  width = 0;
  mode = 0;
  escapeChars = 0;
  accept: Accept = acceptRune;
  escapes: number[] = [];

  constructor(readonly buf: string) {}

  read(): number {
    if (this.pos >= this.buf.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.buf.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  unread(): void {
    this.pos -= this.width;
  }

  peek(): number {
    const r = this.read();
    this.unread();
    return r;
  }

  /** The text of the last token, escape characters removed. */
  string(): string {
    let value = '';
    let from = this.start;
    for (const escape of this.escapes) {
      value += this.buf.slice(from, escape);
      from = escape + 1;
    }
    return value + this.buf.slice(from, this.pos);
  }

  scan(): Token {
    this.start = this.pos;
    this.escapes = [];
    const r = this.read();
    if (r === EOF) return Token.EOF;
    if (this.scanLbrack(r)) return Token.Lbrack;
    if (this.scanRbrack(r)) return Token.Rbrack;
    if (this.scanIdent(r)) return Token.Ident;
    return Token.Illegal;
  }

  private skip(): void {
    // The escape character was just read; the escaped one (`$`, `/` or `\`) is taken as is.
    this.escapes.push(this.pos - 1);
    this.pos += 1;
    this.width = 1;
  }

  private scanIdent(r: number): boolean {
    if ((this.mode & SCAN_IDENT) === 0) return false;
    if (this.scanEscaped(r)) this.skip();
    else if (!this.accept(r, this.pos - this.start)) return false;
    for (;;) {
      const c = this.read();
      if (c === EOF) {
        this.unread();
        break;
      }
      if (this.scanLbrack(c)) {
        this.unread();
        this.unread();
        break;
      }
      if (this.scanEscaped(c)) {
        this.skip();
        continue;
      }
      if (!this.accept(c, this.pos - this.start)) {
        this.unread();
        break;
      }
    }
    return true;
  }

  private scanLbrack(r: number): boolean {
    if ((this.mode & SCAN_LBRACK) === 0) return false;
    if (r === DOLLAR) {
      if (this.read() === LBRACE) return true;
      this.unread();
    }
    return false;
  }

  private scanRbrack(r: number): boolean {
    return (this.mode & SCAN_RBRACK) !== 0 && r === RBRACE;
  }

  private scanEscaped(r: number): boolean {
    if ((this.mode & SCAN_ESCAPE) === 0) return false;
    if (r === DOLLAR && (this.escapeChars & ESCAPE_DOLLAR) !== 0 && this.peek() === DOLLAR) return true;
    if (r === BACKSLASH && (this.escapeChars & ESCAPE_BACKSLASH) !== 0) {
      const next = this.peek();
      return next === SLASH || next === BACKSLASH;
    }
    return false;
  }
}

interface Parsed {
  nodes: Node[];
  /** Complete expressions, nested included, by start offset. */
  expressions: ExprNode[];
  error: SubstitutionError | null;
}

function parse(text: string): Parsed {
  const parser = new Parser(text);
  let error: SubstitutionError | null = null;
  try {
    parser.parseAny();
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    error = { message: failure.message, offset: failure.offset, expressionStart: parser.expressionStart };
  }
  return { nodes: parser.nodes, expressions: parser.expressions.sort((a, b) => a.start - b.start), error };
}

const ERR_BAD_SUBSTITUTION = 'bad substitution';
const ERR_MISSING_CLOSING_BRACE = 'missing closing brace';
const ERR_PARSE_VARIABLE_NAME = 'unable to parse variable name';
const ERR_PARSE_FUNC_SUBSTITUTION = 'unable to parse substitution within function';
const ERR_PARSE_DEFAULT_FUNCTION = 'unable to parse default function';

class Parser {
  readonly s: Scanner;
  readonly nodes: Node[] = [];
  readonly expressions: ExprNode[] = [];
  expressionStart = 0;
  private depth = 0;

  constructor(readonly text: string) {
    this.s = new Scanner(text);
  }

  private fail(message: string): never {
    throw new SyntaxFailure(message, this.s.start);
  }

  private textNode(): TextNode {
    return { type: 'text', value: this.s.string(), start: this.s.start, end: this.s.pos, escapes: this.s.escapes };
  }

  /** parseAny, as a loop instead of Go's recursion. */
  parseAny(): void {
    for (;;) {
      const s = this.s;
      s.accept = acceptRune;
      s.mode = SCAN_IDENT | SCAN_LBRACK | SCAN_ESCAPE;
      s.escapeChars = ESCAPE_DOLLAR;
      switch (s.scan()) {
        case Token.Ident:
          this.nodes.push(this.textNode());
          break;
        case Token.EOF:
          return;
        case Token.Lbrack:
          this.expressionStart = s.start;
          this.nodes.push(this.parseFunc(s.start));
          break;
        default:
          this.fail(ERR_BAD_SUBSTITUTION);
      }
    }
  }

  private expr(name: string, op: string, args: Node[], start: number): ExprNode {
    const node: ExprNode = { type: 'expr', name, op, args, start, end: this.s.pos, depth: this.depth };
    this.expressions.push(node);
    return node;
  }

  /** After `${`; `start` is the offset of the `$`. */
  private parseFunc(start: number): ExprNode {
    const s = this.s;
    s.escapeChars = ESCAPE_ALL;
    if (s.peek() === HASH) return this.parseLenFunc(start);

    s.accept = acceptIdent;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_PARSE_VARIABLE_NAME);
    const name = s.string();

    switch (s.peek()) {
      case COLON:
        return this.parseDefaultOrSubstr(name, start);
      case EQUALS:
        return this.parseDefaultFunc(name, start);
      case COMMA:
      case CARET:
        return this.parseCasingFunc(name, start);
      case SLASH:
        return this.parseReplaceFunc(name, start);
      case HASH:
        return this.parseRemoveFunc(name, acceptHashFunc, start);
      case PERCENT:
        return this.parseRemoveFunc(name, acceptPercentFunc, start);
    }

    s.accept = acceptIdent;
    s.mode = SCAN_RBRACK;
    if (s.scan() !== Token.Rbrack) this.fail(ERR_MISSING_CLOSING_BRACE);
    return this.expr(name, '', [], start);
  }

  private parseParam(accept: Accept, mode: number): Node {
    const s = this.s;
    s.accept = accept;
    s.mode = mode | SCAN_LBRACK;
    switch (s.scan()) {
      case Token.Lbrack: {
        this.depth++;
        const node = this.parseFunc(s.start);
        this.depth--;
        return node;
      }
      case Token.Ident:
      case Token.Rbrack:
        return this.textNode();
      default:
        return this.fail(ERR_PARSE_FUNC_SUBSTITUTION);
    }
  }

  private parseDefaultOrSubstr(name: string, start: number): ExprNode {
    const s = this.s;
    const colon = s.pos;
    s.read();
    const r = s.peek();
    if (r === EQUALS || r === MINUS || r === QUESTION || r === PLUS) {
      s.pos = colon;
      return this.parseDefaultFunc(name, start);
    }
    if (r === EOF || r > 0x7f) {
      // Go steps back by the width of the peeked character (0 at the end, 2-4 bytes for
      // non-ASCII) instead of that of the `:`, and the substring parser then fails.
      s.start = colon + 1;
      this.fail(ERR_BAD_SUBSTITUTION);
    }
    s.pos = colon;
    return this.parseSubstrFunc(name, start);
  }

  private parseSubstrFunc(name: string, start: number): ExprNode {
    const s = this.s;
    s.accept = acceptOneColon;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const op = s.string();
    const args: Node[] = [this.parseParam(rejectColonClose, SCAN_IDENT)];

    s.accept = acceptColon;
    s.mode = SCAN_IDENT | SCAN_RBRACK;
    switch (s.scan()) {
      case Token.Rbrack:
        return this.expr(name, op, args, start);
      case Token.Ident:
        break;
      default:
        this.fail(ERR_BAD_SUBSTITUTION);
    }
    args.push(this.parseParam(acceptNotClosing, SCAN_IDENT));
    this.consumeRbrack();
    return this.expr(name, op, args, start);
  }

  private parseRemoveFunc(name: string, accept: Accept, start: number): ExprNode {
    const s = this.s;
    s.accept = accept;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const op = s.string();
    const args = [this.parseParam(acceptNotClosing, SCAN_IDENT)];
    this.consumeRbrack();
    return this.expr(name, op, args, start);
  }

  private parseReplaceFunc(name: string, start: number): ExprNode {
    const s = this.s;
    s.accept = acceptReplaceFunc;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const op = s.string();
    const args = [this.parseParam(acceptNotSlash, SCAN_IDENT | SCAN_ESCAPE)];

    s.accept = acceptSlash;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    if (s.peek() === RBRACE) {
      this.consumeRbrack();
      return this.expr(name, op, args, start);
    }
    args.push(this.parseParam(acceptNotClosing, SCAN_IDENT | SCAN_ESCAPE));
    this.consumeRbrack();
    return this.expr(name, op, args, start);
  }

  private parseDefaultFunc(name: string, start: number): ExprNode {
    const s = this.s;
    s.accept = s.peek() === EQUALS ? acceptOneEqual : acceptDefaultFunc;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_PARSE_DEFAULT_FUNCTION);
    const op = s.string();
    const args: Node[] = [];
    for (;;) {
      if (s.peek() === RBRACE) {
        this.consumeRbrack();
        return this.expr(name, op, args, start);
      }
      args.push(this.parseParam(acceptNotClosing, SCAN_IDENT));
    }
  }

  private parseCasingFunc(name: string, start: number): ExprNode {
    const s = this.s;
    s.accept = acceptCasingFunc;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const op = s.string();
    this.consumeRbrack();
    return this.expr(name, op, [], start);
  }

  private parseLenFunc(start: number): ExprNode {
    const s = this.s;
    s.accept = acceptOneHash;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const op = s.string();
    s.accept = acceptIdent;
    s.mode = SCAN_IDENT;
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION);
    const name = s.string();
    this.consumeRbrack();
    return this.expr(name, op, [], start);
  }

  private consumeRbrack(): void {
    this.s.mode = SCAN_RBRACK;
    if (this.s.scan() !== Token.Rbrack) this.fail(ERR_BAD_SUBSTITUTION);
  }
}

/** template.go isDefaultOp: the operators that tolerate an unset variable in strict mode. */
function isDefaultOp(op: string): boolean {
  return ['-', '+', '=', '?', ':-', ':+', ':=', ':?'].includes(op);
}

function kindOf(node: ExprNode): SubstitutionKind {
  switch (node.op) {
    case '':
      return 'value';
    case '#':
      return node.args.length === 0 ? 'length' : 'trim';
    case '##':
    case '%':
    case '%%':
      return 'trim';
    case ':':
      return 'substring';
    case '/':
    case '//':
    case '/#':
    case '/%':
      return 'replace';
  }
  if (isDefaultOp(node.op)) return 'default';
  return 'case'; // ',', ',,', '^', '^^', and the mixed ',^' and '^,' (which change nothing)
}

function toReference(text: string, node: ExprNode): VariableReference {
  return {
    name: node.name,
    start: node.start,
    end: node.end,
    expression: text.slice(node.start, node.end),
    hasDefault: isDefaultOp(node.op),
    operator: node.op,
    kind: kindOf(node),
    depth: node.depth,
  };
}

// ---------------------------------------------------------------------------
// Evaluation: template.go and funcs.go.

type Value = string | typeof UNKNOWN;

/** A Go runtime panic in envsubst (kustomize-controller recovers it as a reconcile error). */
class GoPanic {
  constructor(
    readonly message: string,
    readonly node: ExprNode,
  ) {}
}

class Evaluator {
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
