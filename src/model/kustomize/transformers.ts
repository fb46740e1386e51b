import { isMap, isSeq, Pair, Scalar, YAMLMap, type Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { itemsOf, keyName, nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { Origins } from '../origins.js';
import { CLUSTER_SCOPED_KINDS, idOf, storePreviousId, type BuiltObject } from './object.js';
import type { Rename } from './references.js';

/** Where a transformer writes; values it adds are copies of the kustomization's nodes. */
export interface TransformContext {
  origins: Origins;
  document: YamlDocument;
}

/** Makes a path of mappings exist and returns the innermost one. */
export function ensureMap(root: MapNode, path: string[], context: TransformContext, at: Node): MapNode {
  let current = root;
  for (const key of path) {
    let next = current.get(key, true) as Node | undefined;
    if (!isMap(next)) {
      next = new YAMLMap<unknown, unknown>();
      context.origins.register(next, context.document);
      if (at.range) next.range = [...at.range] as [number, number, number];
      setValue(current, key, next, context, at);
    }
    current = next as MapNode;
  }
  return current;
}

/** Sets a key of a mapping to a node, keeping the place of an existing pair. */
export function setValue(map: MapNode, key: string, value: Node, context: TransformContext, at: Node): void {
  const existing = map.items.find((p) => keyName(p) === key);
  if (existing) {
    existing.value = value;
    return;
  }
  const keyNode = new Scalar(key);
  if (at.range) keyNode.range = [...at.range] as [number, number, number];
  context.origins.register(keyNode, context.document);
  map.items.push(new Pair(keyNode, value));
}

/**
 * `namespace:` sets the namespace of every namespaced object, and of ServiceAccount
 * subjects of role bindings. The field also renames Namespace objects; a
 * NamespaceTransformer config does not (`renameNamespaces: false`).
 */
export function setNamespace(objects: BuiltObject[], namespaceNode: Node, context: TransformContext, renameNamespaces = true): void {
  const namespace = stringValue(namespaceNode);
  if (!namespace) return;
  // A subject naming a ServiceAccount of this build follows that account into the namespace.
  const accounts = new Set(objects.filter((o) => idOf(o).kind === 'ServiceAccount').map((o) => `${idOf(o).namespace}/${idOf(o).name}`));
  for (const object of objects) {
    const { kind } = idOf(object);
    storePreviousId(object);
    // kustomize renames Namespace objects to the namespace it sets.
    if (kind === 'Namespace' && renameNamespaces) {
      setValue(ensureMap(object.node, ['metadata'], context, namespaceNode), 'name', context.origins.copy(namespaceNode, context.document), context, namespaceNode);
    }
    if (!CLUSTER_SCOPED_KINDS.has(kind)) {
      setValue(ensureMap(object.node, ['metadata'], context, namespaceNode), 'namespace', context.origins.copy(namespaceNode, context.document), context, namespaceNode);
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      for (const subject of itemsOf(object.node.get('subjects', true))) {
        if (!isMap(subject) || stringValue((subject as MapNode).get('kind', true)) !== 'ServiceAccount') continue;
        const current = stringValue((subject as MapNode).get('namespace', true));
        const name = stringValue((subject as MapNode).get('name', true));
        if (current === null || current === 'default' || accounts.has(`${current}/${name}`)) {
          setValue(subject as MapNode, 'namespace', context.origins.copy(namespaceNode, context.document), context, namespaceNode);
        }
      }
    }
  }
}

/** `namePrefix` / `nameSuffix`: renames every object but namespaces and CRDs; returns the renames, for references. */
export function renameObjects(objects: BuiltObject[], prefix: string, suffix: string, context: TransformContext, at: Node): Rename[] {
  const renamed: Rename[] = [];
  if (!prefix && !suffix) return renamed;
  for (const object of objects) {
    const id = idOf(object);
    if (id.kind === 'Namespace' || id.kind === 'CustomResourceDefinition' || !id.name) continue;
    storePreviousId(object);
    const metadata = ensureMap(object.node, ['metadata'], context, at);
    const nameNode = metadata.get('name', true) as Scalar;
    const newName = `${prefix}${id.name}${suffix}`;
    nameNode.value = newName;
    renamed.push({ kind: id.kind, namespace: id.namespace, from: id.name, to: newName });
  }
  return renamed;
}

/** Paths of workload pod templates and selectors, for labels that include selectors and templates. */
const TEMPLATE_PATHS: Record<string, string[][]> = {
  Deployment: [['spec', 'template', 'metadata']],
  StatefulSet: [['spec', 'template', 'metadata']],
  DaemonSet: [['spec', 'template', 'metadata']],
  ReplicaSet: [['spec', 'template', 'metadata']],
  Job: [['spec', 'template', 'metadata']],
  CronJob: [['spec', 'jobTemplate', 'metadata'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']],
};

/** Selector paths, and whether kustomize creates the selector when it is absent (its fieldSpec `create`). */
const SELECTOR_PATHS: Record<string, { path: string[]; create: boolean }[]> = {
  Deployment: [{ path: ['spec', 'selector', 'matchLabels'], create: true }],
  StatefulSet: [{ path: ['spec', 'selector', 'matchLabels'], create: true }],
  DaemonSet: [{ path: ['spec', 'selector', 'matchLabels'], create: true }],
  ReplicaSet: [{ path: ['spec', 'selector', 'matchLabels'], create: true }],
  Service: [{ path: ['spec', 'selector'], create: true }],
  PodDisruptionBudget: [{ path: ['spec', 'selector', 'matchLabels'], create: false }],
  // An empty podSelector selects every pod; kustomize never narrows it.
  NetworkPolicy: [{ path: ['spec', 'podSelector', 'matchLabels'], create: false }],
};

/**
 * Adds labels (or annotations) to every object's metadata and, when asked, to pod
 * templates and selectors, as kustomize's `commonLabels`, `labels` and
 * `commonAnnotations` do.
 */
export function addMetadata(
  objects: BuiltObject[],
  field: 'labels' | 'annotations',
  pairs: MapNode,
  options: { templates: boolean; selectors: boolean },
  context: TransformContext,
): void {
  for (const object of objects) {
    const { kind } = idOf(object);
    const targets: string[][] = [['metadata', field]];
    if (options.templates) targets.push(...(TEMPLATE_PATHS[kind] ?? []).map((p) => [...p, field]));
    if (options.selectors && field === 'labels') {
      for (const selector of SELECTOR_PATHS[kind] ?? []) {
        if (selector.create || nodeAt(object.node, selector.path) !== null) targets.push(selector.path);
      }
    }
    const maps = targets.map((path) => ensureMap(object.node, path, context, pairs));
    if (options.templates && field === 'labels' && kind === 'StatefulSet') {
      for (const claim of itemsOf(nodeAt(object.node, ['spec', 'volumeClaimTemplates']))) {
        if (isMap(claim)) maps.push(ensureMap(claim as MapNode, ['metadata', 'labels'], context, pairs));
      }
    }
    for (const map of maps) mergePairs(map, pairs, context);
  }
}

/** Sets a mapping's keys to copies of the values of `pairs`, as strings (kustomize writes labels and annotations so). */
export function mergePairs(map: MapNode, pairs: MapNode, context: TransformContext): void {
  for (const pair of pairsOf(pairs)) {
    const key = keyName(pair);
    if (key === null) continue;
    setValue(map, key, context.origins.copy(pair.value as Node, context.document), context, pair.key as Node);
  }
  // Template and selector labels are strings too (metadata is made strings when the build ends).
  for (const pair of pairsOf(map)) {
    const value = pair.value;
    if (value instanceof Scalar && value.value !== null && typeof value.value !== 'string') value.value = String(value.value);
  }
}

/** `images:` changes container images by name: newName, newTag, digest. */
export function setImages(objects: BuiltObject[], images: Node[], context: TransformContext): void {
  for (const image of images) {
    if (!isMap(image)) continue;
    const name = stringValue((image as MapNode).get('name', true));
    if (!name) continue;
    const newName = stringValue((image as MapNode).get('newName', true));
    const newTag = (image as MapNode).get('newTag', true) as Scalar | undefined;
    const digest = stringValue((image as MapNode).get('digest', true));
    for (const object of objects) {
      for (const container of containersOf(object.node)) {
        const current = container.get('image', true) as Scalar | undefined;
        if (!current || typeof current.value !== 'string') continue;
        const parsed = splitImage(current.value);
        if (parsed.name !== name) continue;
        const tag = newTag && newTag.value !== null ? `:${String(newTag.value)}` : null;
        // A new digest replaces the old reference's digest and, unless a new tag is given, its tag.
        const reference = digest ? `${tag ?? ''}@${digest}` : tag !== null ? tag : parsed.tag + parsed.digest;
        const replacement = `${newName ?? parsed.name}${reference}`;
        const node = context.origins.copy(image, context.document) as unknown as Scalar;
        const value = new Scalar(replacement);
        value.range = node.range;
        context.origins.register(value, context.document);
        container.set('image', value);
      }
    }
  }
}

function splitImage(image: string): { name: string; tag: string; digest: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at) : '';
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const slash = rest.lastIndexOf('/');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon), digest };
  return { name: rest, tag: '', digest };
}

/** Every container mapping of an object's pod spec, wherever the kind keeps it. */
export function containersOf(object: MapNode): MapNode[] {
  const specs = [
    nodeAt(object, ['spec']),
    nodeAt(object, ['spec', 'template', 'spec']),
    nodeAt(object, ['spec', 'jobTemplate', 'spec', 'template', 'spec']),
  ];
  const containers: MapNode[] = [];
  for (const spec of specs) {
    for (const field of ['containers', 'initContainers']) {
      const list = nodeAt(spec, [field]);
      if (isSeq(list)) for (const item of list.items) if (isMap(item)) containers.push(item as MapNode);
    }
  }
  return containers;
}

/** Kinds whose `spec.replicas` kustomize's `replicas:` sets. */
const SCALABLE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController', 'HorizontalPodAutoscaler']);

/** `replicas:` sets `spec.replicas` of the named workloads. */
export function setReplicas(objects: BuiltObject[], entries: Node[], context: TransformContext): void {
  for (const entry of entries) {
    if (!isMap(entry)) continue;
    const name = stringValue((entry as MapNode).get('name', true));
    const count = (entry as MapNode).get('count', true) as Node | undefined;
    if (!name || !count) continue;
    for (const object of objects) {
      const id = idOf(object);
      if (id.name !== name || !SCALABLE_KINDS.has(id.kind)) continue;
      setValue(ensureMap(object.node, ['spec'], context, count), 'replicas', context.origins.copy(count, context.document), context, count);
    }
  }
}
