/** The parser of Flux's envsubst: a port of envsubst/parse/parse.go with offsets kept. */
import {
  EOF,
  RBRACE,
  SLASH,
  COLON,
  HASH,
  PERCENT,
  EQUALS,
  MINUS,
  QUESTION,
  PLUS,
  COMMA,
  CARET,
  SCAN_IDENT,
  SCAN_LBRACK,
  SCAN_RBRACK,
  SCAN_ESCAPE,
  ESCAPE_DOLLAR,
  ESCAPE_ALL,
  Token,
  acceptRune,
  acceptIdent,
  acceptColon,
  acceptOneHash,
  acceptNotClosing,
  acceptHashFunc,
  acceptPercentFunc,
  acceptDefaultFunc,
  acceptReplaceFunc,
  acceptOneEqual,
  acceptOneColon,
  rejectColonClose,
  acceptSlash,
  acceptNotSlash,
  acceptCasingFunc,
  SyntaxFailure,
  Scanner,
  type SubstitutionKind,
  type VariableReference,
  type SubstitutionError,
  type TextNode,
  type ExprNode,
  type Node,
  type Accept,
} from './syntax.js';

interface Parsed {
  nodes: Node[];
  /** Complete expressions, nested included, by start offset. */
  expressions: ExprNode[];
  error: SubstitutionError | null;
}

export function parse(text: string): Parsed {
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
export function isDefaultOp(op: string): boolean {
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

export function toReference(text: string, node: ExprNode): VariableReference {
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

