/**
 * A strict parser of the XML subset reporters write (a declaration, elements, attributes,
 * text and the predefined and numeric references), for tests: it throws, with the offset,
 * on anything that is not well-formed XML 1.0, and returns the tree with references resolved.
 * No XML parser is a dependency of fluxlint.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;

export function parseXml(xml: string): XmlElement {
  for (let i = 0; i < xml.length; i++) {
    const code = xml.codePointAt(i)!;
    if (!isXmlChar(code)) throw new Error(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${i} is not allowed in XML`);
    if (code > 0xffff) i++;
  }
  const parser = new Parser(xml);
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) throw new Error('unterminated XML declaration');
    parser.pos = end + 2;
  }
  parser.skipSpace();
  const root = parser.element();
  parser.skipSpace();
  if (parser.pos !== xml.length) parser.fail('content after the root element');
  return root;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

class Parser {
  pos = 0;
  constructor(private readonly xml: string) {}

  fail(what: string): never {
    throw new Error(`${what} at offset ${this.pos}: ${JSON.stringify(this.xml.slice(this.pos, this.pos + 40))}`);
  }

  skipSpace(): void {
    while (' \t\r\n'.includes(this.xml[this.pos] ?? 'x')) this.pos++;
  }

  expect(literal: string): void {
    if (!this.xml.startsWith(literal, this.pos)) this.fail(`expected ${JSON.stringify(literal)}`);
    this.pos += literal.length;
  }

  name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.xml[this.pos] ?? '')) this.fail('expected a name');
    while (NAME_CHAR.test(this.xml[this.pos] ?? '')) this.pos++;
    return this.xml.slice(start, this.pos);
  }

  element(): XmlElement {
    this.expect('<');
    const element: XmlElement = { name: this.name(), attributes: {}, children: [] };
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.xml.startsWith('/>', this.pos)) {
        this.pos += 2;
        return element;
      }
      if (this.xml[this.pos] === '>') break;
      if (this.pos === before) this.fail('expected a space before an attribute');
      const name = this.name();
      if (Object.hasOwn(element.attributes, name)) this.fail(`duplicate attribute ${name}`);
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.xml[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
      this.pos++;
      element.attributes[name] = this.characters(quote, true);
      this.expect(quote);
    }
    this.pos++;
    for (;;) {
      if (this.xml.startsWith('</', this.pos)) {
        this.pos += 2;
        if (this.name() !== element.name) this.fail(`end tag does not match <${element.name}>`);
        this.skipSpace();
        this.expect('>');
        return element;
      }
      if (this.xml.startsWith('<!', this.pos) || this.xml.startsWith('<?', this.pos)) this.fail('unexpected markup');
      if (this.xml[this.pos] === '<') element.children.push(this.element());
      else if (this.pos >= this.xml.length) this.fail(`unclosed <${element.name}>`);
      else element.children.push(this.characters('<'));
    }
  }

  /**
   * Characters up to `stop`, with references resolved; `<` and a bare `&` are errors, `]]>` too.
   * Line ends are read as XML reads them: `\r\n` and `\r` as `\n`, and in an attribute value
   * a literal line break or tab as a space.
   */
  characters(stop: string, attribute = false): string {
    let value = '';
    while (this.pos < this.xml.length && this.xml[this.pos] !== stop) {
      const ch = this.xml[this.pos]!;
      if (ch === '<') this.fail('"<" in a value');
      if (!attribute && this.xml.startsWith(']]>', this.pos)) this.fail('"]]>" in text');
      if (ch === '&') value += this.reference();
      else if (ch === '\r') {
        value += attribute ? ' ' : '\n';
        this.pos += this.xml[this.pos + 1] === '\n' ? 2 : 1;
      } else {
        value += attribute && (ch === '\t' || ch === '\n') ? ' ' : ch;
        this.pos++;
      }
    }
    return value;
  }

  reference(): string {
    const end = this.xml.indexOf(';', this.pos);
    if (end === -1) this.fail('unterminated reference');
    const body = this.xml.slice(this.pos + 1, end);
    let value: string | undefined;
    if (body.startsWith('#x') && /^#x[0-9a-fA-F]+$/.test(body)) value = charFrom(parseInt(body.slice(2), 16));
    else if (/^#[0-9]+$/.test(body)) value = charFrom(parseInt(body.slice(1), 10));
    else value = ENTITIES[body];
    if (value === undefined) this.fail(`bad reference &${body};`);
    this.pos = end + 1;
    return value;
  }
}

function charFrom(code: number): string | undefined {
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}
