import { isScalar, type Scalar } from 'yaml';
import { keyName, nodeAt, pairsOf } from '../../yaml/nodes.js';
import type { BuiltObject } from '../kustomize/object.js';
import type { Origins } from '../origins.js';
import { looksEncrypted } from '../sops.js';
import { UNKNOWN } from '../substitution.js';

/**
 * The entries of a Secret as text: `data` decoded from base64, `stringData` as
 * written (it wins, as in Kubernetes). A value SOPS encrypted, or that a generator
 * read from an encrypted file, is UNKNOWN: its key is known, its value is not.
 */
export function secretDataOf(object: BuiltObject, origins: Origins): Map<string, string | typeof UNKNOWN> {
  const data = new Map<string, string | typeof UNKNOWN>();
  for (const [field, decode] of [
    ['data', true],
    ['stringData', false],
  ] as const) {
    for (const pair of pairsOf(nodeAt(object.node, [field]))) {
      const key = keyName(pair);
      const value = pair.value as Scalar | null;
      if (key === null || !value || !isScalar(value)) continue;
      const text = value.value === null ? '' : String(value.value);
      if (looksEncrypted(text) || origins.unknownReason(value)) {
        data.set(key, UNKNOWN);
        continue;
      }
      data.set(key, decode ? Buffer.from(text, 'base64').toString('utf8') : text);
    }
  }
  return data;
}
