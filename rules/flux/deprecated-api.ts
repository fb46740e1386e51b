import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { compareVersions, installedFluxVersion, type FluxVersion } from '../../src/model/flux/installed-version.js';
import { displayName } from '../../src/model/resource.js';
import { nodeAt } from '../../src/yaml/nodes.js';

/** Flux API versions that a stable version replaces, by group and kind, with the Flux release that brought the stable one. */
const STABLE: Record<string, { deprecated: string[]; kinds: Record<string, { version: string; since: FluxVersion }> }> = {
  'helm.toolkit.fluxcd.io': { deprecated: ['v2beta1', 'v2beta2'], kinds: { HelmRelease: { version: 'v2', since: { major: 2, minor: 3 } } } },
  'kustomize.toolkit.fluxcd.io': { deprecated: ['v1beta1', 'v1beta2'], kinds: { Kustomization: { version: 'v1', since: { major: 2, minor: 0 } } } },
  'source.toolkit.fluxcd.io': {
    deprecated: ['v1beta1', 'v1beta2'],
    kinds: {
      GitRepository: { version: 'v1', since: { major: 2, minor: 0 } },
      HelmRepository: { version: 'v1', since: { major: 2, minor: 3 } },
      HelmChart: { version: 'v1', since: { major: 2, minor: 3 } },
      Bucket: { version: 'v1', since: { major: 2, minor: 3 } },
      OCIRepository: { version: 'v1', since: { major: 2, minor: 6 } },
    },
  },
};

export const deprecatedApi: Rule = {
  meta: {
    id: 'flux/deprecated-api',
    severity: 'warning',
    deployment: true,
    description: 'A Flux object uses a beta API version where a stable one exists.',
    docs: {
      rationale:
        'Flux removes beta APIs in later releases; objects still written against them stop reconciling after an upgrade. Where every cluster that applies the object installs a Flux release without the stable version, nothing is said, since that Flux does not serve it yet. The release is read from a gotk-components.yaml header (`# Flux Version: v0.41.2`), the tag of an OCIRepository of oci://ghcr.io/fluxcd/flux-manifests, or a FluxInstance `distribution.version` naming a minor release.',
      bad: 'apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease',
      good: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease',
    },
  },
  create(context) {
    return {
      resource(resource) {
        const [group, version] = resource.apiVersion.split('/');
        const entry = group && version ? STABLE[group] : undefined;
        const stable = entry?.kinds[resource.kind];
        if (!entry || !stable || !entry.deprecated.includes(version!)) return;
        // The Flux that gotk-components.yaml installs may not serve the stable version yet (Flux 0.41 has no kustomize v1).
        const installed = installedFluxVersion(context.repository.flux, resource.document.source.path);
        if (installed && compareVersions(installed, stable.since) < 0) return;
        const replacement = `${group}/${stable.version}`;
        context.report({
          message: `${resource.kind} "${displayName(resource)}" uses ${resource.apiVersion}, which is deprecated; use ${replacement}.`,
          location: resource.document.locate(nodeAt(resource.node, ['apiVersion'], resource.document.doc) as Node),
          fix: `Change apiVersion to ${replacement} and adapt fields the stable API renamed or removed (recent flux CLIs rewrite files with \`flux migrate\`).`,
        });
      },
    };
  },
};
