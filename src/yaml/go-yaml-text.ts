import { CST, Parser } from 'yaml';
import type { OffsetMapping } from './document.js';

/** Quick test before the exact one: an alias name followed by a colon and a space (or a line end). */
const ALIAS_COLON = /\*[A-Za-z0-9_-]+:(?=[ \t\r\n]|$)/;

/** An alias token whose name, as go-yaml reads it, ends at a colon: `*app:`. */
const ALIAS_KEY_TOKEN = /^\*[A-Za-z0-9_-]+:$/;

/**
 * The text to parse so that the `yaml` package reads it as go-yaml (kustomize,
 * Flux) does, and the offsets back to the text as written.
 *
 * go-yaml ends an alias name at the first character that is not a letter, digit,
 * `_` or `-`, so `*app:` is the alias `app` used as a mapping key. The YAML
 * specification (and the `yaml` package) lets the name run to the next space, so it
 * reads the alias `app:` and fails. A space is put before each such colon; the
 * mapping skips the added spaces, so every position stays the written one.
 */
export function goYamlText(text: string): { text: string; mapping: OffsetMapping } | null {
  if (!ALIAS_COLON.test(text)) return null;
  const colons: number[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (node?.type === 'alias' && ALIAS_KEY_TOKEN.test(node.source)) colons.push(node.offset + node.source.length - 1);
      }
    });
  }
  if (!colons.length) return null;
  colons.sort((a, b) => a - b);
  let parsed = '';
  let from = 0;
  for (const colon of colons) {
    parsed += `${text.slice(from, colon)} `;
    from = colon;
  }
  parsed += text.slice(from);
  // The i-th added space is at parsed offset colons[i] + i; offsets after it are one further.
  const added = colons.map((colon, i) => colon + i);
  const back = (offset: number) => offset - added.filter((space) => space < offset).length;
  return { text: parsed, mapping: { start: back, end: back } };
}
