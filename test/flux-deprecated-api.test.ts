import { describe, expect, it } from 'vitest';
import { findings, lintDir, makeRepo } from './helpers.js';

describe('flux/deprecated-api', () => {
  it('reports beta Flux APIs that have a stable replacement, at the apiVersion value', async () => {
    const dir = makeRepo({
      'a.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2beta2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\n',
      'b.yaml': '---\n# comment\napiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata:\n  name: chart\n',
      'c.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1beta1\nkind: Kustomization\nmetadata:\n  name: apps\n',
      'ok.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n',
      // No stable notification API for Alert: nothing to suggest.
      'alert.yaml': 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: a\n',
      // A kustomize config Kustomization is not a Flux object.
      'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
    });
    const result = await lintDir(dir);
    expect(findings(result, 'flux/')).toEqual([
      'flux/deprecated-api a.yaml:1:13',
      'flux/deprecated-api b.yaml:3:13',
      'flux/deprecated-api c.yaml:1:13',
    ]);
    expect(result.diagnostics[0]!.message).toBe('HelmRelease "apps/app" uses helm.toolkit.fluxcd.io/v2beta2, which is deprecated; use helm.toolkit.fluxcd.io/v2.');
    expect(result.diagnostics[0]!.location).toEqual({ file: 'a.yaml', line: 1, column: 13, endLine: 1, endColumn: 43 });
  });
});
