import type { Node } from 'yaml';
import type { YamlDocument } from '../../yaml/document.js';
import { stringAt, type MapNode } from '../../yaml/nodes.js';

/** An object as a build produces it: copies of written nodes, each with its origin registered. */
export interface BuiltObject {
  node: MapNode;
  /** The document the object was written in; for a generated object, the kustomization. */
  document: YamlDocument;
  /** The node to point at for the object as a whole: its mapping, or the generator entry. */
  anchor: Node;
  /** A generated object whose name gets kustomize's content-hash suffix after the build. */
  hashed?: boolean;
  /**
   * Why a generated object's entries are not all known (a generator file is remote):
   * a key it does not have may still be there.
   */
  unknownKeys?: string;
  /**
   * The identities the object had before a transformer of this build renamed it or
   * set its namespace (kustomize's previous-id annotations), namespace as
   * `effectiveNamespace` gives it; a replacement still selects the object by them.
   */
  previousIds?: ObjectId[];
}

export interface ObjectId {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
}

export function idOf(object: { node: MapNode }): ObjectId {
  return {
    apiVersion: stringAt(object.node, ['apiVersion']) ?? '',
    kind: stringAt(object.node, ['kind']) ?? '',
    name: stringAt(object.node, ['metadata', 'name']) ?? '',
    namespace: stringAt(object.node, ['metadata', 'namespace']) ?? '',
  };
}

/** kustomize's effective namespace: "default" for a namespaced object without one, none for a cluster-scoped kind. */
export function effectiveNamespace(kind: string, namespace: string): string {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return '';
  return namespace || 'default';
}

/** Records an object's identity before a transformer changes it. */
export function storePreviousId(object: BuiltObject): void {
  const id = idOf(object);
  (object.previousIds ??= []).push({ ...id, namespace: effectiveNamespace(id.kind, id.namespace) });
}

/** Selects objects by identity as kustomize's ResId.IsSelectedBy: an unset field matches all, the rest exactly. */
export interface IdSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** Whether the selector selects the object by its identity now or by one it had (`previousIds`). */
export function isSelectedBy(object: BuiltObject, selector: IdSelector): boolean {
  const selects = (id: ObjectId) =>
    (!selector.group || groupOf(id.apiVersion) === selector.group) &&
    (!selector.version || versionOf(id.apiVersion) === selector.version) &&
    (!selector.kind || id.kind === selector.kind) &&
    (!selector.name || id.name === selector.name) &&
    // The selector's namespace is effective for the selector's own kind, as kustomize compares them.
    (!selector.namespace || effectiveNamespace(selector.kind ?? '', selector.namespace) === effectiveNamespace(id.kind, id.namespace));
  const current = idOf(object);
  return selects(current) || (object.previousIds ?? []).some((previous) => selects({ ...previous, apiVersion: current.apiVersion }));
}

/** The API group of an apiVersion ('' for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
}

/** "Kind namespace/name" for messages. */
export function describeObject(id: ObjectId): string {
  return `${id.kind} "${id.namespace ? `${id.namespace}/` : ''}${id.name}"`;
}

/** Kinds Kubernetes itself defines as cluster-scoped; kustomize gives every other kind a namespace. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);
