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
