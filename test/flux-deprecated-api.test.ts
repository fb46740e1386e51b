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

  it('knows every beta version Flux replaced, written out here (not read from the rule) so a dropped one fails', async () => {
    const deprecated = [
      'helm.toolkit.fluxcd.io/v2beta1 HelmRelease',
      'helm.toolkit.fluxcd.io/v2beta2 HelmRelease',
      'kustomize.toolkit.fluxcd.io/v1beta1 Kustomization',
      'kustomize.toolkit.fluxcd.io/v1beta2 Kustomization',
      'source.toolkit.fluxcd.io/v1beta1 GitRepository',
      'source.toolkit.fluxcd.io/v1beta2 GitRepository',
      'source.toolkit.fluxcd.io/v1beta1 HelmRepository',
      'source.toolkit.fluxcd.io/v1beta2 HelmRepository',
      'source.toolkit.fluxcd.io/v1beta2 HelmChart',
      'source.toolkit.fluxcd.io/v1beta2 Bucket',
      'source.toolkit.fluxcd.io/v1beta2 OCIRepository',
    ];
    const files = Object.fromEntries(
      deprecated.map((entry, i) => {
        const [apiVersion, kind] = entry.split(' ');
        return [`f${String(i).padStart(2, '0')}.yaml`, `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`];
      }),
    );
    const result = await lintDir(makeRepo(files));
    expect(findings(result, 'flux/deprecated-api')).toEqual(deprecated.map((_, i) => `flux/deprecated-api f${String(i).padStart(2, '0')}.yaml:1:13`));
    expect(result.diagnostics.find((d) => d.location.file === 'f00.yaml')!.message).toBe(
      'HelmRelease "x" uses helm.toolkit.fluxcd.io/v2beta1, which is deprecated; use helm.toolkit.fluxcd.io/v2.',
    );
  });
});
