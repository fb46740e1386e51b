/**
 * The syntax of Flux's envsubst: the expression tree and the scanner, a port of
 * envsubst/parse/scan.go with offsets kept (see ../substitution.ts for the sources).
 */

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

export interface TextNode {
  type: 'text';
  value: string;
  start: number;
  end: number;
  /** Offsets of the escape characters envsubst removes (the first `$` of `$$`, the `\` of `\/`). */
  escapes: number[];
}

export interface ExprNode {
  type: 'expr';
  name: string;
  /** envsubst's FuncNode.Name. */
  op: string;
  args: Node[];
  start: number;
  end: number;
  depth: number;
}

export type Node = TextNode | ExprNode;

export const EOF = -1;
export const CH = (c: string): number => c.codePointAt(0)!;
export const DOLLAR = CH('$');
export const LBRACE = CH('{');
export const RBRACE = CH('}');
export const BACKSLASH = CH('\\');
export const SLASH = CH('/');
export const COLON = CH(':');
export const HASH = CH('#');
export const PERCENT = CH('%');
export const EQUALS = CH('=');
export const MINUS = CH('-');
export const QUESTION = CH('?');
export const PLUS = CH('+');
export const COMMA = CH(',');
export const CARET = CH('^');

// Scanner modes and escapes, as in scan.go.
export const SCAN_IDENT = 1;
export const SCAN_LBRACK = 2;
export const SCAN_RBRACK = 4;
export const SCAN_ESCAPE = 8;
export const ESCAPE_DOLLAR = 1;
export const ESCAPE_BACKSLASH = 2;
export const ESCAPE_ALL = ESCAPE_DOLLAR | ESCAPE_BACKSLASH;

export const enum Token {
  Illegal,
  EOF,
  Ident,
  Lbrack,
  Rbrack,
}

export type Accept = (r: number, i: number) => boolean;

export const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;
export const acceptRune: Accept = () => true;
export const acceptIdent: Accept = (r) => LETTER_OR_DIGIT.test(String.fromCodePoint(r));
export const acceptColon: Accept = (r) => r === COLON;
export const acceptOneHash: Accept = (r, i) => r === HASH && i === 1;
export const acceptNotClosing: Accept = (r) => r !== RBRACE;
export const acceptHashFunc: Accept = (r, i) => r === HASH && i < 3;
export const acceptPercentFunc: Accept = (r, i) => r === PERCENT && i < 3;
export const acceptDefaultFunc: Accept = (r, i) => (i === 1 && r === COLON) || (i === 2 && (r === EQUALS || r === MINUS || r === QUESTION || r === PLUS));
export const acceptReplaceFunc: Accept = (r, i) => (i === 1 && r === SLASH) || (i === 2 && (r === SLASH || r === HASH || r === PERCENT));
export const acceptOneEqual: Accept = (r, i) => i === 1 && r === EQUALS;
export const acceptOneColon: Accept = (r, i) => i === 1 && r === COLON;
export const rejectColonClose: Accept = (r) => r !== COLON && r !== RBRACE;
export const acceptSlash: Accept = (r) => r === SLASH;
export const acceptNotSlash: Accept = (r) => r !== SLASH;
export const acceptCasingFunc: Accept = (r, i) => (r === COMMA || r === CARET) && i < 3;

export class SyntaxFailure {
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
export class Scanner {
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

