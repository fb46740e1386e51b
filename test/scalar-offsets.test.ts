import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, Scalar, stringify, visit } from 'yaml';
import { PARSE_OPTIONS } from '../src/yaml/document.js';
import { scalarOffsets } from '../src/yaml/scalar-offsets.js';
import { CORPUS, sharedAvailable } from './corpus.js';

/** Every string scalar of a text, with its offsets; asserts the alignment invariant. */
function checkText(text: string): { scalars: number; failures: string[] } {
  const failures: string[] = [];
  let scalars = 0;
  for (const doc of parseAllDocuments(text, PARSE_OPTIONS) as unknown as Iterable<import('yaml').Document.Parsed>) {
    if (doc.errors.length) continue;
    visit(doc, {
      Scalar(_k, node) {
        if (typeof node.value !== 'string') return;
        scalars++;
        const offsets = scalarOffsets(text, node);
        if (!offsets) {
          failures.push(`${node.type} at ${node.range?.[0]}: no alignment`);
          return;
        }
        const map = offsets.starts;
        const value = node.value;
        for (let i = 0; i < value.length; i++) {
          const c = value[i]!;
          const s = text[map[i]!];
          // A character the style created (fold, escape) maps to where it was written.
          const created = s === '\\' || (c === '\n' && s === undefined) || (c === ' ' && (s === '\n' || s === '\r')) || (c === "'" && s === "'");
          if (c !== s && !created) {
            failures.push(`${node.type} at ${node.range?.[0]}: value[${i}]=${JSON.stringify(c)} maps to ${JSON.stringify(s)}`);
            return;
          }
          if (i > 0 && map[i]! < map[i - 1]!) {
            failures.push(`${node.type} at ${node.range?.[0]}: offsets go backwards at ${i}`);
            return;
          }
        }
      },
    });
  }
  return { scalars, failures };
}

describe('scalarOffsets', () => {
  it('maps a literal block with an indentation indicator', () => {
    const text = 'a: |2-\n    x\n   y\n';
    const doc = parseAllDocuments(text, PARSE_OPTIONS)[0]!;
    const node = (doc.contents as any).items[0].value as Scalar;
    expect(node.value).toBe('  x\n y');
    expect(scalarOffsets(text, node)!.starts).toEqual([9, 10, 11, 12, 15, 16, 17]);
    expect(scalarOffsets(text, node)!.ends).toEqual([10, 11, 12, 13, 16, 17]);
  });

  it('maps folded lines, escapes and quotes to where they were written', () => {
    const text = 'b: >\n  foo\n  bar\n\n  baz\nc: "q\\u00e9\\n  \\\n   x"\nd: \'it\'\'s\'\n';
    const doc = parseAllDocuments(text, PARSE_OPTIONS)[0]!;
    const [b, c, d] = (doc.contents as any).items.map((p: any) => p.value as Scalar);
    const bm = scalarOffsets(text, b)!.starts;
    expect(b.value).toBe('foo bar\nbaz\n');
    expect(text[bm[0]!]).toBe('f');
    expect(bm[3]).toBe(text.indexOf('\n', text.indexOf('foo'))); // folded space at the line break
    expect(text.slice(bm[8]!, bm[8]! + 3)).toBe('baz');
    const cm = scalarOffsets(text, c)!.starts;
    expect(c.value).toBe('qé\n  x');
    expect(text.slice(cm[1]!, cm[1]! + 6)).toBe('\\u00e9');
    expect(text[cm[5]!]).toBe('x');
    const dm = scalarOffsets(text, d)!.starts;
    expect(d.value).toBe("it's");
    expect(text.slice(dm[2]!, dm[2]! + 2)).toBe("''");
    expect(text[dm[3]!]).toBe('s');
  });

  it('aligns every string the yaml package writes, in every style', () => {
    const samples = ['plain', 'two\nlines', 'trailing\n', 'lead  spaces', '  indented\nmore', 'tab\there', 'quote"s and \'s', 'é ✓ 𝄞', 'a\n\n\nb\n\n', 'x: y\n  z: [1, 2]\n', '\\back\\slash', 'long '.repeat(30)];
    const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
    for (const sample of samples) {
      for (const style of styles) {
        for (const eol of ['\n', '\r\n']) {
          const node = new Scalar(sample);
          node.type = style;
          const text = stringify({ outer: { key: node } }, { lineWidth: 20 }).replace(/\n/g, eol);
          const { scalars, failures } = checkText(text);
          expect(scalars, text).toBeGreaterThan(1);
          expect(failures, `${style} ${JSON.stringify(sample)}\n${text}`).toEqual([]);
        }
      }
    }
  });

  it.runIf(sharedAvailable(CORPUS))('aligns every string scalar of the corpus', () => {
    const files = fg.sync(['**/*.{yaml,yml}'], { cwd: CORPUS, dot: true, absolute: true });
    let scalars = 0;
    const failures: string[] = [];
    for (const file of files) {
      const result = checkText(readFileSync(file, 'utf8'));
      scalars += result.scalars;
      failures.push(...result.failures.map((f) => `${file}: ${f}`));
    }
    expect(scalars).toBeGreaterThan(100_000);
    expect(failures).toEqual([]);
  });
});
