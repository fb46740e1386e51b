/**
 * Where JSON text stops being JSON, and why, in words that never quote the text
 * (it may be secret). `JSON.parse` does not say where for every error, and quotes
 * the input in some of its messages.
 */
export interface JsonSyntaxError {
  /** Offset of the offending character (the text's length at an unexpected end). */
  offset: number;
  message: string;
}

/** The first syntax error of a JSON text, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw { offset: at, message } satisfies JsonSyntaxError;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => {
    const c = text[i];
    if (c === undefined) return 'the text ends';
    return /\w/.test(c) ? 'unexpected text' : c === '"' ? 'unexpected string' : `unexpected "${c}"`;
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const escape = text[i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in a string');
          i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail('invalid escape in a string');
        i += 2;
        continue;
      }
      if (text.charCodeAt(i) < 0x20) fail('a line break or control character inside a string (strings cannot span lines)');
      i++;
    }
    if (i >= text.length) fail('a string is not closed');
    i++;
  };
  /** The items of an object or a list after its opening bracket, up to and including `close`. */
  const items = (close: '}' | ']', item: () => void, itemName: string) => {
    i++;
    space();
    if (text[i] === close) return void i++;
    let comma = -1;
    for (;;) {
      space();
      if (text[i] === close && comma >= 0) fail(`a trailing comma before "${close}"`, comma);
      item();
      space();
      if (text[i] === ',') {
        comma = i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail(`expected "," or "${close}" after ${itemName}, ${describe()}`);
    }
  };
  const property = () => {
    if (text[i] !== '"') fail(`expected a property name in double quotes, ${describe()}`);
    string();
    space();
    if (text[i] !== ':') fail(`expected ":" after a property name, ${describe()}`);
    i++;
    value();
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') return items('}', property, 'a property value');
    if (c === '[') return items(']', value, 'a list item');
    if (c === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (literal) {
      i += literal[0].length;
      return;
    }
    fail(c === "'" ? 'strings need double quotes' : `expected a value, ${describe()}`);
  };
  try {
    value();
    space();
    if (i < text.length) fail(`${describe()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as JsonSyntaxError;
    throw error;
  }
}
