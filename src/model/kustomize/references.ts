import { isMap, isSeq, Scalar, type Node } from 'yaml';
import { nodeAt, type MapNode } from '../../yaml/nodes.js';
import { CLUSTER_SCOPED_KINDS, idOf, type BuiltObject } from './object.js';

/** A renamed object: its kind and namespace, its name before and after. */
export interface Rename {
  kind: string;
  namespace: string;
  from: string;
  to: string;
}

/**
 * Where the built-in kinds refer to other objects by name, as kustomize's name
 * reference configuration lists them (the common part). Paths walk mappings; `[]`
 * steps into every item of a list. Custom resources (a HelmRelease's valuesFrom)
 * are not in kustomize's list, so their references are not updated, as in kustomize.
 */
const POD_SPEC_REFERENCES: [kind: string, path: string[]][] = [
  ['ConfigMap', ['volumes', '[]', 'configMap', 'name']],
  ['ConfigMap', ['volumes', '[]', 'projected', 'sources', '[]', 'configMap', 'name']],
  ['ConfigMap', ['containers', '[]', 'envFrom', '[]', 'configMapRef', 'name']],
  ['ConfigMap', ['initContainers', '[]', 'envFrom', '[]', 'configMapRef', 'name']],
  ['ConfigMap', ['containers', '[]', 'env', '[]', 'valueFrom', 'configMapKeyRef', 'name']],
  ['ConfigMap', ['initContainers', '[]', 'env', '[]', 'valueFrom', 'configMapKeyRef', 'name']],
  ['Secret', ['volumes', '[]', 'secret', 'secretName']],
  ['Secret', ['volumes', '[]', 'projected', 'sources', '[]', 'secret', 'name']],
  ['Secret', ['containers', '[]', 'envFrom', '[]', 'secretRef', 'name']],
  ['Secret', ['initContainers', '[]', 'envFrom', '[]', 'secretRef', 'name']],
  ['Secret', ['containers', '[]', 'env', '[]', 'valueFrom', 'secretKeyRef', 'name']],
  ['Secret', ['initContainers', '[]', 'env', '[]', 'valueFrom', 'secretKeyRef', 'name']],
  ['Secret', ['imagePullSecrets', '[]', 'name']],
  ['ServiceAccount', ['serviceAccountName']],
  ['PersistentVolumeClaim', ['volumes', '[]', 'persistentVolumeClaim', 'claimName']],
];

const POD_SPECS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const OTHER_REFERENCES: [owner: string, kind: string, path: string[]][] = [
  ['Ingress', 'Secret', ['spec', 'tls', '[]', 'secretName']],
  ['Ingress', 'Service', ['spec', 'rules', '[]', 'http', 'paths', '[]', 'backend', 'service', 'name']],
  ['Ingress', 'Service', ['spec', 'defaultBackend', 'service', 'name']],
  ['StatefulSet', 'Service', ['spec', 'serviceName']],
  ['RoleBinding', 'Role', ['roleRef', 'name']],
  ['RoleBinding', 'ClusterRole', ['roleRef', 'name']],
  ['ClusterRoleBinding', 'ClusterRole', ['roleRef', 'name']],
  ['RoleBinding', 'ServiceAccount', ['subjects', '[]', 'name']],
  ['ClusterRoleBinding', 'ServiceAccount', ['subjects', '[]', 'name']],
  ['ServiceAccount', 'Secret', ['secrets', '[]', 'name']],
  ['ServiceAccount', 'Secret', ['imagePullSecrets', '[]', 'name']],
];

/** A reference taught by a kustomization's `configurations` (kustomize's nameReference): owner kind, target kind, path. */
export interface ReferenceSpec {
  owner: string;
  target: string;
  path: string[];
}

/**
 * Whether a reference may follow a renamed object across namespaces. kustomize
 * renames only within one namespace, but an object whose namespace is unset is
 * placed later: Flux writes a Kustomization's targetNamespace into the kustomization,
 * so it applies before names get their hash and both sides end up in one namespace.
 * The build does not know that overlay, so only two namespaces both written and
 * different keep a reference from following.
 */
const mayRefer = (a: string, b: string) => !a || !b || a === b;

/**
 * Updates references to renamed objects (a prefix, a suffix, a generator's hash). As
 * in kustomize, a namespaced object refers only to namespaced objects of its own
 * namespace (see mayRefer); a cluster-scoped one (either side) and a role binding's
 * subjects (which name their namespace) are not held to it.
 */
export function updateReferences(objects: BuiltObject[], renames: Rename[], configured: ReferenceSpec[] = []): void {
  if (!renames.length) return;
  for (const object of objects) {
    const { kind, namespace } = idOf(object);
    const names = (target: string, anyNamespace = false): Map<string, string> | undefined => {
      const free = anyNamespace || CLUSTER_SCOPED_KINDS.has(kind) || CLUSTER_SCOPED_KINDS.has(target);
      const matching = renames.filter((r) => r.kind === target && (free || mayRefer(r.namespace, namespace)));
      return matching.length ? new Map(matching.map((r) => [r.from, r.to])) : undefined;
    };
    const podSpec = POD_SPECS[kind];
    if (podSpec) {
      const spec = nodeAt(object.node, podSpec);
      for (const [target, path] of POD_SPEC_REFERENCES) rename(spec, path, names(target));
    }
    for (const [owner, target, path] of OTHER_REFERENCES) {
      if (owner === kind) rename(object.node, path, names(target, path[0] === 'subjects'));
    }
    for (const spec of configured) {
      if (spec.owner === kind) rename(object.node, spec.path, names(spec.target));
    }
  }
}

function rename(node: Node | null, path: string[], names: Map<string, string> | undefined): void {
  if (!node || !names) return;
  const [step, ...rest] = path;
  if (step === undefined) return;
  if (step === '[]' || isSeq(node)) {
    // kustomize's field paths step through lists without saying so.
    if (isSeq(node)) for (const item of node.items) rename(item as Node, step === '[]' ? rest : path, names);
    return;
  }
  if (!isMap(node)) return;
  const next = (node as MapNode).get(step, true) as Node | undefined;
  if (rest.length === 0) {
    if (next instanceof Scalar && typeof next.value === 'string' && names.has(next.value)) next.value = names.get(next.value);
    return;
  }
  rename(next ?? null, rest, names);
}
