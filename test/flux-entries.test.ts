import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { brief, lintDir, makeRepo } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function lintFiles(files: Record<string, string>): Promise<string[]> {
  const dir = makeRepo(files);
  dirs.push(dir);
  const result = await lintDir(dir);
  return result.diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`);
}

/** `flux bootstrap --path=<path>`: the flux-system GitRepository and Kustomization (with one postBuild variable `NAME: value`, if given). */
function gotkSync(path: string, url = 'https://github.com/example/fleet', variable?: string): Record<string, string> {
  return {
    [`${path}/flux-system/gotk-sync.yaml`]: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {interval: 1m, url: ${url}, ref: {branch: main}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: flux-system, namespace: flux-system}
spec:
  interval: 10m
  prune: true
  path: ./${path}
  sourceRef: {kind: GitRepository, name: flux-system}
${variable ? `  postBuild:\n    substitute:\n      ${variable}\n` : ''}`,
    [`${path}/flux-system/kustomization.yaml`]: 'resources: [gotk-sync.yaml]\n',
  };
}

/** A parent Kustomization whose spec.patches give every child Kustomization its defaults. */
function parent(name: string, path: string, patchSpec: string): string {
  return `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: flux-system}
spec:
  interval: 1h
  prune: true
  path: ./${path}
  sourceRef: {kind: GitRepository, name: flux-system}
  patches:
    - patch: |-
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: _
        spec:
${patchSpec}
      target: {group: kustomize.toolkit.fluxcd.io, kind: Kustomization}
`;
}

const child = (name: string, path: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: flux-system}
spec:
  path: ./${path}
  sourceRef: {kind: GitRepository, name: flux-system}
${extra}`;

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata: {url: "https://web.${DOMAIN:=example.org}"}\n';

describe('objects validated as their parent applies them (issue 9, class 3)', () => {
  const web = { 'apps/kustomization.yaml': 'resources: [web/ks.yaml]\n', 'apps/web/ks.yaml': child('web', 'apps/web/app'), 'apps/web/app/configmap.yaml': configMap };

  it('a child Kustomization without interval and prune is valid when its parent patches them in', async () => {
    expect(await lintFiles({ ...gotkSync('clusters/main'), 'clusters/main/apps.yaml': parent('apps', 'apps', '          interval: 30m\n          prune: true'), ...web })).toEqual([]);
  });

  it('reports the same child when no parent patch sets them, at the child', async () => {
    expect(await lintFiles({ ...gotkSync('clusters/main'), 'clusters/main/apps.yaml': parent('apps', 'apps', '          wait: true'), ...web })).toEqual([
      'k8s/schema apps/web/ks.yaml:4:1 error Missing required field "spec.interval" in Kustomization "flux-system/web".',
      'k8s/schema apps/web/ks.yaml:4:1 error Missing required field "spec.prune" in Kustomization "flux-system/web".',
    ]);
  });

  it('reports a wrong value a parent patch gives its children at the line of the patch', async () => {
    const found = await lintFiles({ ...gotkSync('clusters/main'), 'clusters/main/apps.yaml': parent('apps', 'apps', '          interval: 30 minutes\n          prune: true'), ...web });
    expect(found.map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(['k8s/schema clusters/main/apps.yaml:16:21']);
  });
});

describe('a kustomize base validated as its overlays build it (issue 9, class 3)', () => {
  const base = {
    'issuer/base/issuer.yaml': 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: acme}\nspec:\n  acme:\n    email: ops@example.org\n    privateKeySecretRef: {name: acme}\n    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]\n',
    'issuer/base/kustomization.yaml': 'resources: [issuer.yaml]\n',
  };
  const overlay = (url: string) =>
    `resources: [../base]\npatches:\n  - patch: |\n      - op: add\n        path: /spec/acme/server\n        value: ${url}\n    target: {kind: ClusterIssuer, name: acme}\n`;

  it('a base only overlays use is valid when every overlay adds the missing field', async () => {
    expect(await lintFiles({ ...base, 'issuer/production/kustomization.yaml': overlay('https://acme-v02.api.letsencrypt.org/directory'), 'issuer/staging/kustomization.yaml': overlay('https://acme-staging-v02.api.letsencrypt.org/directory') })).toEqual([]);
  });

  it('the same base built on its own lacks it, reported in the base', async () => {
    expect((await lintFiles(base)).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(['k8s/schema issuer/base/issuer.yaml:5:3']);
  });
});

describe('entry points and reachability (issue 9, class 4)', () => {
  const archive = {
    '.archive/old/helmrelease.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: old, namespace: default}\nspec:\n  interval: 1h\n  chart: {spec: {chart: old, sourceRef: {kind: HelmRepository, name: retired}}}\n',
    'clusters/main/web.yaml': configMap,
  };

  it('says once that a tree no entry point reaches holds findings, instead of reporting them', async () => {
    expect(await lintFiles({ ...gotkSync('clusters/main'), ...archive })).toEqual([
      'flux/unreached .archive/old/helmrelease.yaml:1:13 info No Flux entry point (clusters/main) reaches .archive/, so Flux does not apply it; 2 findings of deployment rules there (flux/deprecated-api, flux/missing-reference) are not reported.',
    ]);
  });

  it('reports them one by one with lintUnreached: true', async () => {
    expect(await lintFiles({ ...gotkSync('clusters/main'), ...archive, '.fluxlint.yaml': 'lintUnreached: true\n' })).toEqual([
      'flux/deprecated-api .archive/old/helmrelease.yaml:1:13 warning HelmRelease "default/old" uses helm.toolkit.fluxcd.io/v2beta1, which is deprecated; use helm.toolkit.fluxcd.io/v2.',
      'flux/missing-reference .archive/old/helmrelease.yaml:6:70 error HelmRelease "default/old" refers to HelmRepository "default/retired" (spec.chart.spec.sourceRef), which the repository does not define.',
    ]);
  });

  it('reports them one by one where the repository has no entry point at all', async () => {
    expect((await lintFiles(archive)).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'flux/deprecated-api .archive/old/helmrelease.yaml:1:13',
      'flux/missing-reference .archive/old/helmrelease.yaml:6:70',
    ]);
  });

  /** A root applied by hand (`kubectl apply -k kubernetes/flux/config`), named `cluster` as older home-ops templates name it. */
  const handApplied = (path: string) => ({
    [`${path}/config/cluster.yaml`]: `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: home, namespace: flux-system}
spec: {interval: 30m, url: https://example.invalid/home.git, ref: {branch: main}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: cluster, namespace: flux-system}
spec: {interval: 30m, path: ./${path}, prune: true, sourceRef: {kind: GitRepository, name: home}}
`,
    [`${path}/config/kustomization.yaml`]: 'resources: [cluster.yaml]\n',
    [`${path}/kustomization.yaml`]: 'resources: [config, web.yaml]\n',
    [`${path}/web.yaml`]: configMap,
  });

  it('takes a Kustomization of any name that syncs a GitRepository defined here from a directory holding its own file as the entry', async () => {
    expect(await lintFiles({ ...handApplied('kubernetes/flux'), ...archive })).toEqual([
      'flux/unreached .archive/old/helmrelease.yaml:1:13 info No Flux entry point (kubernetes/flux) reaches .archive/, so Flux does not apply it; 2 findings of deployment rules there (flux/deprecated-api, flux/missing-reference) are not reported.',
    ]);
  });

  it('counts only the outermost of such roots, and none beside a bootstrap entry', async () => {
    const nested = { ...handApplied('kubernetes/flux'), ...handApplied('kubernetes/flux/inner') };
    nested['kubernetes/flux/kustomization.yaml'] = 'resources: [config, web.yaml, inner]\n';
    nested['kubernetes/flux/inner/config/cluster.yaml'] = nested['kubernetes/flux/inner/config/cluster.yaml']!.replace(/name: (home|cluster)\b/g, 'name: $1-inner');
    nested['kubernetes/flux/inner/web.yaml'] = configMap.replace('name: web', 'name: web-inner');
    expect(await lintFiles({ ...nested, ...archive })).toEqual([
      'flux/unreached .archive/old/helmrelease.yaml:1:13 info No Flux entry point (kubernetes/flux) reaches .archive/, so Flux does not apply it; 2 findings of deployment rules there (flux/deprecated-api, flux/missing-reference) are not reported.',
    ]);
    // An app Kustomization whose path holds its own ks.yaml syncs a source written elsewhere: no root of its own.
    const selfIncluding: Record<string, string> = { ...handApplied('kubernetes/flux'), 'kubernetes/apps/db/ks.yaml': child('db', 'kubernetes/apps/db', '  interval: 1h\n  prune: true\n').replace('name: flux-system}', 'name: home}') };
    selfIncluding['kubernetes/flux/kustomization.yaml'] = 'resources: [config, web.yaml, ../apps/db/ks.yaml]\n';
    expect(await lintFiles({ ...selfIncluding, ...archive })).toEqual([
      'flux/unreached .archive/old/helmrelease.yaml:1:13 info No Flux entry point (kubernetes/flux) reaches .archive/, so Flux does not apply it; 2 findings of deployment rules there (flux/deprecated-api, flux/missing-reference) are not reported.',
    ]);
    // Beside flux bootstrap's entry, a hand-applied root is a Kustomization like any other: clusters/main does not reach it.
    const withFinding = { ...handApplied('kubernetes/flux'), 'kubernetes/flux/web.yaml': archive['.archive/old/helmrelease.yaml'].replace('name: old,', 'name: web,') };
    expect(await lintFiles({ ...gotkSync('clusters/main'), ...withFinding, ...archive })).toEqual([
      'flux/unreached .archive/old/helmrelease.yaml:1:13 info No Flux entry point (clusters/main) reaches .archive/, so Flux does not apply it; 1 finding of deployment rules there (flux/deprecated-api) is not reported.',
      'flux/unreached kubernetes/flux/web.yaml:1:13 info No Flux entry point (clusters/main) reaches kubernetes/, so Flux does not apply it; 2 findings of deployment rules there (flux/deprecated-api, flux/missing-reference) are not reported.',
    ]);
  });

  it('substitutes a parent’s variables into its children’s own spec before reading it: a path and a patch', async () => {
    const files = {
      ...gotkSync('clusters/one', undefined, 'CLUSTER: one'),
      'clusters/one/kustomization.yaml': 'resources: [flux-system, apps.yaml]\n',
      'clusters/one/apps.yaml': child('web', 'apps/web/${CLUSTER}', '  interval: 1h\n  prune: true\n  patches:\n    - patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: web\n        data:\n          cluster: ${CLUSTER}\n  postBuild:\n    substitute:\n      APP: web\n'),
      'apps/web/one/kustomization.yaml': 'resources: [configmap.yaml]\n',
      'apps/web/one/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata:\n  owner: ${OWNER}\n',
    };
    expect(await lintFiles(files)).toEqual([
      'flux/unresolved-substitution apps/web/one/configmap.yaml:5:10 warning ${OWNER} has no value in Kustomization "flux-system/web": neither postBuild.substitute nor substituteFrom defines OWNER, and it has no default; Flux substitutes an empty string, or fails in strict mode.',
    ]);
  });

  it('does not count a file its kustomization does not list (commented out, replaced) as applied, though its directory is built', async () => {
    const files = {
      ...gotkSync('clusters/one'),
      'clusters/one/kustomization.yaml': 'resources: [flux-system, ../../apps/app]\n',
      'apps/app/kustomization.yaml': 'resources:\n  - cm.yaml\n  #- old-release.yaml\n',
      'apps/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: default}\n',
      'apps/app/old-release.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: old, namespace: default}\nspec:\n  interval: 1h\n  chart: {spec: {chart: old, sourceRef: {kind: HelmRepository, name: old}}}\n',
    };
    expect((await lintFiles(files)).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual(['flux/unreached apps/app/old-release.yaml:1:13 info']);
  });

  it('counts the files a build reads as applied: a generator source in a subdirectory, a patch file outside the kustomization', async () => {
    const files = {
      ...gotkSync('clusters/one', undefined, 'ENV: one'),
      'clusters/one/kustomization.yaml': 'resources: [flux-system, ../../apps/app]\n',
      'apps/app/kustomization.yaml': 'resources: [cm.yaml]\nconfigMapGenerator:\n  - name: script\n    files: [files/run.sh]\npatches:\n  - path: ../../shared/patch.yaml\n',
      'apps/app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: default}\ndata: {a: "${ENV}"}\n',
      'apps/app/files/run.sh': '#!/bin/sh\necho ${UNSET_IN_SCRIPT}\n',
      'shared/patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  b: ${UNSET_IN_PATCH}\n',
    };
    expect((await lintFiles(files)).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      'flux/unresolved-substitution apps/app/files/run.sh:2:6 warning',
      'flux/unresolved-substitution shared/patch.yaml:6:6 warning',
    ]);
  });

  it('does not build a Kustomization of another repository from this one, nor check its path', async () => {
    const tenant = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: tenant, namespace: flux-system}\nspec: {interval: 1h, url: https://github.com/example/tenant, ref: {branch: main}}\n---\n'
      + child('tenant', 'deploy/prod', '  interval: 1h\n  prune: true\n').replace('name: flux-system}', 'name: tenant}');
    expect(await lintFiles({ ...gotkSync('clusters/main'), 'clusters/main/tenant.yaml': tenant })).toEqual([]);
  });

  it('finds the flux-instance chart inside a ResourceSet, its OCI artifact made from kubernetes/, and patches the children of its sync path', async () => {
    const resourceSet = `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: flux-instance, namespace: flux-system}
spec:
  resources:
    - apiVersion: source.toolkit.fluxcd.io/v1
      kind: OCIRepository
      metadata: {name: flux-instance, namespace: flux-system}
      spec: {interval: 1h, url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance, ref: {tag: 0.53.0}}
    - apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata: {name: flux-instance, namespace: flux-system}
      spec:
        interval: 1h
        chartRef: {kind: OCIRepository, name: flux-instance}
        values:
          instance:
            sync: {kind: OCIRepository, url: oci://ghcr.io/example/manifests, ref: main, path: ./clusters/main}
`;
    const cluster = parent('cluster', 'apps', '          interval: 30m\n          prune: true').replace('kind: GitRepository, name: flux-system', 'kind: OCIRepository, name: flux-system');
    const found = await lintFiles({
      'kubernetes/clusters/main/flux-system/flux-instance.yaml': resourceSet,
      'kubernetes/clusters/main/cluster.yaml': cluster,
      'kubernetes/apps/kustomization.yaml': 'resources: [web/ks.yaml]\n',
      'kubernetes/apps/web/ks.yaml': child('web', 'apps/web/app').replace('kind: GitRepository, name: flux-system', 'kind: OCIRepository, name: flux-system'),
      'kubernetes/apps/web/app/configmap.yaml': configMap,
    });
    expect(found).toEqual([]);
  });

  it('builds every Kustomization however many there are (no round limit): 1,200 children of one parent', async () => {
    const files: Record<string, string> = { ...gotkSync('clusters/main'), 'clusters/main/apps.yaml': parent('apps', 'apps', '          interval: 30m\n          prune: true') };
    files['apps/kustomization.yaml'] = `resources:\n${Array.from({ length: 1200 }, (_, i) => `  - app${i}/ks.yaml\n`).join('')}`;
    for (let i = 0; i < 1200; i++) {
      files[`apps/app${i}/ks.yaml`] = child(`app${i}`, `apps/app${i}/app`);
      files[`apps/app${i}/app/configmap.yaml`] = configMap.replace('name: web', `name: web${i}`);
    }
    const dir = makeRepo(files);
    dirs.push(dir);
    const result = await lintDir(dir);
    expect(result.diagnostics).toEqual([]);
    const flux = result.repository.flux;
    expect(flux.kustomizations.length).toBe(1202);
    expect(flux.kustomizations.filter((k) => k.object.owner?.name === 'apps' && k.build !== null).length).toBe(1200);
    expect(flux.ofKind('ConfigMap').filter((o) => o.cluster?.name === 'clusters/main').length).toBe(1200);
  });

  it('keys Kustomizations per cluster: two clusters\' same-named parents each patch their own children', async () => {
    const cluster = (name: string, domain: string) => ({
      ...gotkSync(`clusters/${name}`),
      [`clusters/${name}/cluster-apps.yaml`]: parent('cluster-apps', `clusters/${name}/apps`, '          postBuild:\n            substituteFrom:\n              - {kind: ConfigMap, name: cluster-settings}'),
      [`clusters/${name}/settings.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cluster-settings, namespace: flux-system}\ndata: {DOMAIN: ${domain}}\n`,
      [`clusters/${name}/apps/${name}-web.yaml`]: child(`${name}-web`, 'base/web', '  interval: 1h\n  prune: true\n'),
    });
    const web = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata: {url: "https://web.${DOMAIN}"}\n';
    expect(await lintFiles({ ...cluster('main', 'example.org'), ...cluster('edge', 'example.net'), 'base/web/configmap.yaml': web })).toEqual([]);
  });
});

describe('cross-file rules compare within one cluster (issue 9, class 4)', () => {
  const certificate = (secretName: string) =>
    `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a, namespace: web}\nspec:\n  secretName: ${secretName}\n  dnsNames: [a.example.com]\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n`;
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  namespace: web
  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
spec:
  tls:
    - hosts: [a.example.com]
      secretName: y
`;

  it('cert-manager/duplicate-host reports two Secrets for one name in one cluster, not the same name in another cluster', async () => {
    const found = await lintFiles({
      ...gotkSync('clusters/a'),
      'clusters/a/cert.yaml': certificate('x'),
      'clusters/a/ingress.yaml': ingress,
      ...gotkSync('clusters/b'),
      'clusters/b/cert.yaml': certificate('z'),
    });
    expect(found.map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual(['cert-manager/duplicate-host clusters/a/ingress.yaml:9:15']);
    expect(found[0]).toContain('(web/x, web/y)');
  });
});
