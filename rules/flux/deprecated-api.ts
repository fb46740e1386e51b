import type { Node } from 'yaml';
import type { Rule } from '../../src/engine/rule.js';
import { displayName } from '../../src/model/resource.js';
import { nodeAt } from '../../src/yaml/nodes.js';

/** Flux API versions that a stable version replaces, by group and kind. */
const STABLE: Record<string, { deprecated: string[]; kinds: Record<string, string> }> = {
  'helm.toolkit.fluxcd.io': { deprecated: ['v2beta1', 'v2beta2'], kinds: { HelmRelease: 'v2' } },
  'kustomize.toolkit.fluxcd.io': { deprecated: ['v1beta1', 'v1beta2'], kinds: { Kustomization: 'v1' } },
  'source.toolkit.fluxcd.io': {
    deprecated: ['v1beta1', 'v1beta2'],
    kinds: { GitRepository: 'v1', HelmRepository: 'v1', HelmChart: 'v1', Bucket: 'v1', OCIRepository: 'v1' },
  },
};

export const deprecatedApi: Rule = {
  meta: {
    id: 'flux/deprecated-api',
    severity: 'warning',
    deployment: true,
    description: 'A Flux object uses a beta API version where a stable one exists.',
    docs: {
      rationale: 'Flux removes beta APIs in later releases; objects still written against them stop reconciling after an upgrade.',
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
        const replacement = `${group}/${stable}`;
        context.report({
          message: `${resource.kind} "${displayName(resource)}" uses ${resource.apiVersion}, which is deprecated; use ${replacement}.`,
          location: resource.document.locate(nodeAt(resource.node, ['apiVersion'], resource.document.doc) as Node),
          fix: `Change apiVersion to ${replacement} and adapt fields the stable API renamed or removed (recent flux CLIs rewrite files with \`flux migrate\`).`,
        });
      },
    };
  },
};
