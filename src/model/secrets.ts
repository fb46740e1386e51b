import { isScalar, visit, type Node } from 'yaml';
import type { YamlDocument } from '../yaml/document.js';
import type { YamlFile } from '../yaml/file.js';
import { forEachNode, itemsOf, keyName, nodeAt, pairOf, pairsOf, scalarLeaves, stringAt, stringValue } from '../yaml/nodes.js';
import type { BuiltObject } from './kustomize/object.js';
import type { Origins } from './origins.js';

/** What stands for a secret value wherever one would be shown: fixed width, so its length does not leak. */
export const SECRET_MASK = '********';

/**
 * Marks the characters of a file that must never leave the process: values of a
 * Secret's `data` and `stringData`, every `ENC[…]` payload, the keys and MAC in a
 * `sops` block, and the values of kustomize `secretGenerator` literals. Reporters
 * mask marked characters in code frames.
 */
export function markSecrets(file: YamlFile): void {
  for (const document of file.documents) {
    if (document.hasErrors && SECRET_TEXT.test(document.text)) {
      markUnparsedValues(document);
      continue;
    }
    markEncryptedValues(document);
    const root = document.contents;
    const kind = stringAt(root, ['kind'], document.doc);
    if (kind === 'Secret') {
      for (const section of ['data', 'stringData']) {
        for (const pair of pairsOf(nodeAt(root, [section], document.doc), document.doc)) mark(document, pair.value as Node);
      }
    }
    const sops = nodeAt(root, ['sops'], document.doc);
    if (sops) {
      mark(document, pairOf(sops, 'mac', document.doc)?.value as Node);
      visit(sops, {
        Pair(_key, pair) {
          if (keyName(pair as never) === 'enc') mark(document, pair.value as Node);
        },
      });
    }
    for (const generator of itemsOf(nodeAt(root, ['secretGenerator'], document.doc), document.doc)) {
      for (const literal of itemsOf(nodeAt(generator, ['literals'], document.doc), document.doc)) {
        const text = stringValue(literal, document.doc);
        const eq = text?.indexOf('=') ?? -1;
        if (eq >= 0 && literal.range) {
          // Mask from the character after `=`; the key name stays readable.
          const [start, end] = document.fileRange(literal.range[0], literal.range[1]);
          const source = document.source.text.slice(start, end);
          const at = source.indexOf('=');
          document.source.markSecret([start + (at >= 0 ? at + 1 : 0), end]);
        }
      }
    }
  }
}

/** Text that says a document holds secrets, whether or not it parses: a Secret, a generator, SOPS data. */
const SECRET_TEXT = /^\s*kind:\s*["']?Secret\b|secretGenerator|^sops:|ENC\[/m;

/** A line's key (or `key=` of a literal) and where its value starts; no key: the whole content is a value. */
const LINE_VALUE = /^(\s*(?:-\s+)*)(?:[^\s#][^=]*?(?::(?=\s|$)|=))?\s*/;

/** Keys whose values say what a document is, never a secret: kept readable at the top level. */
const DESCRIPTIVE_KEYS = /^(apiVersion|kind):/;

/**
 * A document that holds secrets but does not parse: its nodes cannot be trusted, so
 * every value-looking text is marked, line by line: what follows `key:` or `key=`,
 * and a line with no key at all (a continuation or a list item). Comments, document
 * markers and `apiVersion`/`kind` stay readable.
 */
function markUnparsedValues(document: YamlDocument): void {
  const text = document.text;
  const [from, , to] = document.doc.range ?? [0, text.length, text.length];
  for (let start = text.lastIndexOf('\n', from - 1) + 1; start < to; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).replace(/\s+$/, '');
    if (!/^\s*(#|---|\.\.\.|$)/.test(line) && !DESCRIPTIVE_KEYS.test(line)) {
      const valueStart = LINE_VALUE.exec(line)![0].length;
      if (valueStart < line.length) document.source.markSecret(document.fileRange(start + valueStart, start + line.length));
    }
    start = end + 1;
  }
}

function markEncryptedValues(document: YamlDocument): void {
  if (!document.ownText.includes('ENC[')) return;
  visit(document.doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('ENC[')) mark(document, node);
    },
  });
}

/** Marks a value; of a mapping or sequence, its scalars, so the keys inside stay readable. */
function mark(document: YamlDocument, node: Node | null | undefined): void {
  if (!node) return;
  for (const leaf of scalarLeaves(node, document.doc)) {
    if (!leaf.node.range || (isScalar(leaf.node) && leaf.node.value === null)) continue;
    const [start, end] = document.fileRange(leaf.node.range[0], leaf.node.range[1]);
    document.source.markSecret([start, end]);
  }
}

/**
 * Marks the data of a built Secret as secret whatever wrote it: a generator reading
 * an env file, a patch, a substitution. What its file marks covers only text
 * written in a Secret.
 */
export function markSecretData(object: BuiltObject, origins: Origins): void {
  if (stringValue(nodeAt(object.node, ['kind'])) !== 'Secret') return;
  for (const section of ['data', 'stringData']) {
    for (const pair of pairsOf(nodeAt(object.node, [section]))) if (pair.value) forEachNode(pair.value as Node, (node) => origins.markSecret(node));
  }
}

/**
 * Values too common to mask in free text: they are words of messages too ("enabled:
 * false"), and a Secret holding one gives nothing away. Shorter values are left alone
 * for the same reason.
 */
const COMMON_VALUES = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off']);
const MIN_MASKED_LENGTH = 4;

/**
 * A function that masks every occurrence of the given Secret values in a text, the
 * longest first (so a value holding another is masked whole); null when none is worth
 * masking.
 */
export function secretTextMask(secretValues: ReadonlySet<string>): ((text: string) => string) | null {
  const values = [...secretValues].filter((value) => value.trim().length >= MIN_MASKED_LENGTH && !COMMON_VALUES.has(value.trim().toLowerCase()));
  if (!values.length) return null;
  const pattern = new RegExp(values.sort((a, b) => b.length - a.length).map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => text.replace(pattern, SECRET_MASK);
}
