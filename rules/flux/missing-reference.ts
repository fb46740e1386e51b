import type { Node } from 'yaml';
import type { Location } from '../../src/diagnostic.js';
import type { Rule } from '../../src/engine/rule.js';
import { idOf } from '../../src/model/kustomize/object.js';
import { CreatedObjects } from '../../src/model/flux/created.js';
import type { AppliedObject } from '../../src/model/flux/model.js';
import { itemsOf, nodeAt, stringValue } from '../../src/yaml/nodes.js';

/** A reference one Flux object makes to another, by kind, name and namespace. */
interface Reference {
  field: string;
  kind: string;
  name: string;
  namespace: string;
  node: Node;
  optional: boolean;
}

export const missingReference: Rule = {
  meta: {
    id: 'flux/missing-reference',
    severity: 'error',
    deployment: true,
    description: 'A HelmRelease or Kustomization refers to a source, values, dependency or substitution object the repository does not define.',
    docs: {
      rationale: 'Flux waits for the missing object forever and the release or Kustomization never becomes ready. Objects that objects of the repository create (an ExternalSecret\'s Secret, a Certificate\'s Secret, a CloudNativePG cluster\'s Secrets, the sync source of a FluxInstance or of the flux-instance chart) count as defined; others created outside the repository (by flux bootstrap, by hand) can be listed under `external` in .fluxlint.yaml. Each missing object is reported once, with every reference to it.',
      bad: 'spec:\n  chart:\n    spec:\n      chart: matrix-stack\n      sourceRef:\n        kind: HelmRepository\n        name: element   # the repository defines "element-hq"',
      good: 'spec:\n  chart:\n    spec:\n      chart: matrix-stack\n      sourceRef:\n        kind: HelmRepository\n        name: element-hq',
    },
  },
  create(context) {
    return {
      repository() {
        const flux = context.repository.flux;
        const created = new CreatedObjects(flux);
        // One finding per missing object, at its first reference; the other references are related locations.
        const missing = new Map<string, { reference: Reference; object: AppliedObject; places: Location[] }>();
        for (const object of flux.objects) {
          for (const reference of referencesOf(object)) {
            if (reference.optional || !reference.name || reference.name.includes('${')) continue;
            if (flux.find(reference.kind, reference.name, reference.namespace).length) continue;
            // Written somewhere in the repository, even if no build applies it: do not guess it is missing.
            if (context.repository.ofKind(reference.kind).some((r) => r.name === reference.name)) continue;
            const key = `${reference.kind}/${reference.namespace}/${reference.name}`;
            if (created.has(reference.kind, reference.namespace, reference.name) || context.external(reference.kind, reference.namespace, reference.name)) continue;
            const place = flux.origins.locate(reference.node) ?? object.document.locate(object.anchor);
            const entry = missing.get(key) ?? { reference, object, places: [] };
            if (!entry.places.some((p) => p.file === place.file && p.line === place.line && p.column === place.column)) entry.places.push(place);
            missing.set(key, entry);
          }
        }
        for (const [key, { reference, object, places }] of missing) {
          const id = idOf(object);
          const [first, ...others] = places;
          const name = flux.origins.shownText(reference.node, reference.name);
          const target = `${reference.kind} "${reference.namespace ? `${reference.namespace}/` : ''}${name}"`;
          const more = others.length ? ` (and ${others.length} more reference${others.length === 1 ? '' : 's'})` : '';
          const external = name === reference.name ? `"${key}"` : 'it';
          context.report({
            message: `${id.kind} "${id.namespace ? `${id.namespace}/` : ''}${id.name}" refers to ${target} (${reference.field})${more}, which the repository does not define.`,
            location: first!,
            related: others.slice(0, 20).map((location) => ({ location, message: `also refers to ${target}` })),
            fix: `Add the ${reference.kind}, correct the name or namespace, or list ${external} under \`external\` in .fluxlint.yaml if it is created outside the repository.`,
          });
        }
      },
    };
  },
};

function referencesOf(object: AppliedObject): Reference[] {
  const id = idOf(object);
  const spec = nodeAt(object.node, ['spec']);
  const references: Reference[] = [];
  const ref = (field: string, node: Node | null, defaultKind: string | null, kinds: string[]) => {
    if (!node) return;
    const kind = stringValue(nodeAt(node, ['kind'])) ?? defaultKind;
    const name = stringValue(nodeAt(node, ['name']));
    if (!kind || !name || !kinds.includes(kind)) return;
    const optional = (nodeAt(node, ['optional']) as { value?: unknown } | null)?.value === true;
    references.push({ field, kind, name, namespace: stringValue(nodeAt(node, ['namespace'])) ?? id.namespace, node: nodeAt(node, ['name']) ?? node, optional });
  };
  const group = id.apiVersion.split('/')[0];
  if (id.kind === 'HelmRelease' && group === 'helm.toolkit.fluxcd.io') {
    ref('spec.chart.spec.sourceRef', nodeAt(spec, ['chart', 'spec', 'sourceRef']), null, ['HelmRepository', 'GitRepository', 'Bucket']);
    ref('spec.chartRef', nodeAt(spec, ['chartRef']), null, ['OCIRepository', 'HelmChart']);
    for (const entry of itemsOf(nodeAt(spec, ['valuesFrom']))) {
      const kind = stringValue(nodeAt(entry, ['kind']));
      const name = stringValue(nodeAt(entry, ['name']));
      if (kind && name) references.push({ field: 'spec.valuesFrom', kind, name, namespace: id.namespace, node: nodeAt(entry, ['name'])!, optional: (nodeAt(entry, ['optional']) as { value?: unknown } | null)?.value === true });
    }
    for (const entry of itemsOf(nodeAt(spec, ['dependsOn']))) ref('spec.dependsOn', entry, 'HelmRelease', ['HelmRelease']);
  }
  if (id.kind === 'Kustomization' && group === 'kustomize.toolkit.fluxcd.io') {
    ref('spec.sourceRef', nodeAt(spec, ['sourceRef']), null, ['GitRepository', 'OCIRepository', 'Bucket']);
    for (const entry of itemsOf(nodeAt(spec, ['dependsOn']))) ref('spec.dependsOn', entry, 'Kustomization', ['Kustomization']);
    for (const entry of itemsOf(nodeAt(spec, ['postBuild', 'substituteFrom']))) {
      const kind = stringValue(nodeAt(entry, ['kind']));
      if (kind === 'ConfigMap' || kind === 'Secret') ref('spec.postBuild.substituteFrom', entry, null, ['ConfigMap', 'Secret']);
    }
  }
  return references;
}
