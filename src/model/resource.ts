
import type { YamlDocument } from '../yaml/document.js';
import { asMap, stringAt, type MapNode } from '../yaml/nodes.js';

/** A Kubernetes object as written in the repository. */
export interface Resource {
  apiVersion: string;
  kind: string;
  name: string | null;
  namespace: string | null;
  /** The document that holds the object; `document.source.path` is its file. */
  document: YamlDocument;
  /** The object's top-level mapping. */
  node: MapNode;
}

/** The object a document describes, when it has a string `apiVersion` and `kind`. */
export function resourceOf(document: YamlDocument): Resource | null {
  if (document.hasErrors) return null;
  const node = asMap(document.contents, document.doc);
  if (!node) return null;
  const apiVersion = stringAt(node, ['apiVersion'], document.doc);
  const kind = stringAt(node, ['kind'], document.doc);
  if (!apiVersion || !kind) return null;
  return {
    apiVersion,
    kind,
    name: stringAt(node, ['metadata', 'name'], document.doc),
    namespace: stringAt(node, ['metadata', 'namespace'], document.doc),
    document,
    node,
  };
}

/** "namespace/name" or "name", for messages. */
export function displayName(resource: Resource): string {
  const name = resource.name ?? '(unnamed)';
  return resource.namespace ? `${resource.namespace}/${name}` : name;
}

