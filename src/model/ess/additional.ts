import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { keyName, nodeAt, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';
import type { ChartValues, ValuesPath } from './release.js';

/** The components whose configuration files users extend through `additional`. */
export const ADDITIONAL_COMPONENTS = {
  synapse: ['synapse'],
  mas: ['matrixAuthenticationService'],
  hookshot: ['hookshot'],
  sfu: ['matrixRTC', 'sfu'],
  elementWeb: ['elementWeb'],
} as const satisfies Record<string, ValuesPath>;

export type AdditionalComponent = keyof typeof ADDITIONAL_COMPONENTS;

/** One entry of a component's `additional`: a configuration text written inline, or read from a Secret at run time. */
export interface AdditionalEntry {
  /** The entry's name: the chart merges entries in the order of their names. */
  name: string;
  /** Where the entry's name was written. */
  key: Node;
  /** The inline text (`config`, or the entry itself for Element Web); null for a Secret. */
  text: Scalar | null;
  /** The Secret and key the chart reads the text from; null for inline text. */
  secret: { name: string; key: string } | null;
}

/** The `additional` entries of a component, in the order the chart merges them. */
export function additionalEntries(values: ChartValues, component: AdditionalComponent): AdditionalEntry[] {
  const path = ADDITIONAL_COMPONENTS[component];
  const map = values.node([...path, 'additional']);
  if (!isMap(map)) return [];
  const entries: AdditionalEntry[] = [];
  for (const pair of (map as MapNode).items) {
    const name = keyName(pair);
    const value = pair.value as Node | null;
    if (name === null || !value) continue;
    if (component === 'elementWeb') {
      entries.push({ name, key: pair.key as Node, text: isScalar(value) ? value : null, secret: null });
      continue;
    }
    const config = nodeAt(value, ['config']);
    const secretName = stringValue(nodeAt(value, ['configSecret']));
    const secretKey = stringValue(nodeAt(value, ['configSecretKey']));
    entries.push({
      name,
      key: pair.key as Node,
      text: isScalar(config) && typeof config.value === 'string' ? config : null,
      secret: !config && secretName && secretKey ? { name: secretName, key: secretKey } : null,
    });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The documents of an entry's inline text, positioned where it was written; [] when there is none. */
export function entryDocuments(origins: Origins, entry: AdditionalEntry): YamlDocument[] {
  if (!entry.text) return [];
  return origins.textOf(entry.text)?.documents() ?? [];
}
