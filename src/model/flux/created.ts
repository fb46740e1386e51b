import { nodeAt, stringValue } from '../../yaml/nodes.js';
import { idOf, type BuiltObject } from '../kustomize/object.js';

/**
 * Objects that objects of the repository make in the cluster, as
 * `Kind/namespace/name`: they are not written in the repository, yet they exist.
 * - an ExternalSecret its target Secret (`spec.target.name`, else its own name);
 * - a SealedSecret, a OnePasswordItem its Secret of the same name;
 * - a cert-manager Certificate its `spec.secretName`;
 * - an ObjectBucketClaim a ConfigMap and a Secret of its name;
 * - a Flux Operator FluxInstance with `spec.sync` the source it syncs from, named after itself.
 */
export function createdInCluster(objects: BuiltObject[]): Set<string> {
  const created = new Set<string>();
  for (const object of objects) {
    const { apiVersion, kind, name, namespace } = idOf(object);
    const group = apiVersion.split('/')[0] ?? '';
    const add = (k: string, n: string | null) => {
      if (n) created.add(`${k}/${namespace}/${n}`);
    };
    if (kind === 'ExternalSecret' && group === 'external-secrets.io') add('Secret', stringValue(nodeAt(object.node, ['spec', 'target', 'name'])) ?? name);
    else if (kind === 'SealedSecret' || kind === 'OnePasswordItem') add('Secret', name);
    else if (kind === 'Certificate' && group === 'cert-manager.io') add('Secret', stringValue(nodeAt(object.node, ['spec', 'secretName'])));
    else if (kind === 'ObjectBucketClaim') {
      add('ConfigMap', name);
      add('Secret', name);
    } else if (kind === 'FluxInstance' && group === 'fluxcd.controlplane.io') {
      const sync = stringValue(nodeAt(object.node, ['spec', 'sync', 'kind']));
      if (sync) created.add(`${sync}/${namespace || 'flux-system'}/${name}`);
    }
  }
  return created;
}
