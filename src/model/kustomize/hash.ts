import { createHash } from 'node:crypto';

/**
 * The name suffix kustomize gives generated ConfigMaps and Secrets: the first ten
 * hex digits of a SHA-256 over a JSON encoding of the object, with five digits
 * swapped for letters. The encoding is Go's `json.Marshal` of a map (sorted keys,
 * `<`, `>` and `&` escaped). kustomize looks the name up under the literal key
 * "metadata/name", which finds nothing, so the name is always "" in the hash.
 */
export function nameSuffixHash(kind: 'ConfigMap' | 'Secret', data: Record<string, string> | null, type?: string, binaryData?: Record<string, string> | null): string {
  const encoded: Record<string, unknown> = { data: data === null ? '' : sortKeys(data), kind, name: '' };
  if (kind === 'ConfigMap' && binaryData && Object.keys(binaryData).length) encoded.binaryData = sortKeys(binaryData);
  if (kind === 'Secret') encoded.type = type ?? '';
  const json = goJson(sortKeys(encoded));
  const hex = createHash('sha256').update(json).digest('hex');
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key]!;
  return sorted;
}

/** JSON as Go's encoding/json writes it. */
function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
