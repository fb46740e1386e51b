import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../src/yaml/json-syntax.js';

describe('jsonSyntaxError', () => {
  it('says where JSON text stops being JSON, and why, without quoting it', () => {
    const cases: [string, number, string][] = [
      ['{"a": 1,}', 7, 'a trailing comma before "}"'],
      ['[1, 2,\n]', 5, 'a trailing comma before "]"'],
      ['{"a" 1}', 5, 'expected ":" after a property name, unexpected text'],
      ['{"a": secret}', 6, 'expected a value, unexpected text'],
      ["{'a': 1}", 1, 'expected a property name in double quotes, unexpected "\'"'],
      ['{"a": "b"\n "c": 1}', 11, 'expected "," or "}" after a property value, unexpected string'],
      ['{"a": "b\nc"}', 8, 'a line break or control character inside a string (strings cannot span lines)'],
      ['{"a": "\\x"}', 7, 'invalid escape in a string'],
      ['{"a": 1} x', 9, 'unexpected text after the end of the JSON value'],
      ['{"a": [1, 2}', 11, 'expected "," or "]" after a list item, unexpected "}"'],
      ['{"a": "b', 8, 'a string is not closed'],
      ['', 0, 'expected a value, the text ends'],
      ['{"a": 01}', 7, 'expected "," or "}" after a property value, unexpected text'],
    ];
    for (const [text, offset, message] of cases) expect(jsonSyntaxError(text), text).toEqual({ offset, message });
  });

  it('accepts exactly what JSON.parse accepts', () => {
    const texts = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0', '{"a": {"b": {}}}', '{"a": 1,}', '[01]', '{"a": .5}', '{"a": -}', 'nul', '{"a": 1}}'];
    for (const text of texts) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonSyntaxError(text) === null, text).toBe(valid);
    }
  });
});
