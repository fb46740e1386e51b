import { isScalar, visit, type Node } from 'yaml';
import type { YamlDocument } from '../yaml/document.js';
import type { YamlFile } from '../yaml/file.js';
import { itemsOf, keyName, nodeAt, pairOf, pairsOf, scalarLeaves, stringAt, stringValue } from '../yaml/nodes.js';

/**
 * Marks the characters of a file that must never leave the process: values of a
 * Secret's `data` and `stringData`, every `ENC[…]` payload, the keys and MAC in a
 * `sops` block, and the values of kustomize `secretGenerator` literals. Reporters
 * mask marked characters in code frames.
 */
export function markSecrets(file: YamlFile): void {
  for (const document of file.documents) {
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
