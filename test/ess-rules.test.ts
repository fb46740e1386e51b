import { describe, expect, it } from 'vitest';
import type { Diagnostic, Location } from '../src/diagnostic.js';
import type { LintResult } from '../src/lint.js';
import { essReleases } from '../src/model/ess/release.js';
import { CHART, ENC, HELM_REPOSITORY, brief, findings, helmRelease, indent, lintDir, makeRepo, sopsBlock } from './helpers.js';

const CHART_REF = ['  chartRef:', '    kind: OCIRepository', '    name: matrix-stack'];

/**
 * The Element Server Suite rule pack (ess/*, cert-manager/duplicate-host, synapse/*,
 * mas/*, element-web/config) on small repositories with one HelmRelease of the
 * matrix-stack chart.
 *
 * `helmRelease(values)` writes hr.yaml with this fixed head, so that the values begin at
 * line 16, each top-level key at column 5 (a `before` block of n lines moves them down n):
 *
 *    1 apiVersion: helm.toolkit.fluxcd.io/v2      9     spec:
 *    2 kind: HelmRelease                         10       chart: matrix-stack
 *    3 metadata:                                 11       version: 26.8.1
 *    4   name: ess                               12       sourceRef:
 *    5   namespace: matrix                       13         kind: HelmRepository
 *    6 spec:                                     14         name: ess
 *    7   interval: 1h                            15   values:
 *    8   chart:                                  16     <first line of the values>
 *
 * ConfigMaps and Secrets of values (`valuesObject`) put the first line of their
 * values.yaml at line 8, top-level keys at column 5. A block scalar `config: |` of
 * `<component>.additional.<name>` has its text at column 13 in either place.
 */

const OCI_REPOSITORY = (url: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: matrix-stack\n  namespace: matrix\nspec:\n  interval: 1h\n  url: ${url}\n  ref:\n    tag: 26.8.1\n`;

/** A ConfigMap or plaintext Secret whose values.yaml starts at line 8. */
function valuesObject(kind: 'ConfigMap' | 'Secret', name: string, values: string): string {
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: matrix\n${kind === 'Secret' ? 'stringData' : 'data'}:\n  values.yaml: |\n${indent(values, 4)}`;
}

/** A SOPS-encrypted Secret of values: fluxlint cannot read it. */
const encryptedValues = (name: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: matrix\nstringData:\n  values.yaml: ${ENC.a}\n${sopsBlock('encrypted_regex: ^(data|stringData)$')}`;

/** `spec.valuesFrom` lines for hr.yaml: each entry takes two lines, the block one more. */
const valuesFrom = (...entries: [kind: string, name: string][]) => ['  valuesFrom:', ...entries.flatMap(([kind, name]) => [`    - kind: ${kind}`, `      name: ${name}`])];

async function lintRelease(values: string, files: Record<string, string> = {}, options: { chart?: string[]; before?: string[] } = {}): Promise<LintResult> {
  return lintDir(makeRepo({ 'hr.yaml': helmRelease(values, options), 'repository.yaml': HELM_REPOSITORY, ...files }));
}

const ESS_RULES = ['ess/', 'cert-manager/', 'synapse/', 'mas/', 'element-web/'];

/** Every diagnostic of the rule pack, as "rule file:line:col". */
const ess = (result: LintResult) => result.diagnostics.filter((d) => ESS_RULES.some((p) => d.ruleId.startsWith(p))).map(brief);

const at = (location: Location) => `${location.file}:${location.line}:${location.column}`;
const span = (location: Location) => `${at(location)}-${location.endLine}:${location.endColumn}`;

/** The single diagnostic of a rule (fails when there are none or several). */
function only(result: LintResult, ruleId: string): Diagnostic {
  const found = result.diagnostics.filter((d) => d.ruleId === ruleId);
  expect(found.map(brief)).toHaveLength(1);
  return found[0]!;
}

const related = (d: Diagnostic) => d.related.map((r) => `${at(r.location)} ${r.message}`);

// ---------------------------------------------------------------------------------

describe('recognition of matrix-stack HelmReleases', () => {
  /** Broken in three ways: an unknown chart key, an invented Synapse option, the well-known delegation off. */
  const BROKEN = [
    'serverName: example.com', //            16 (12 with chartRef)
    'certManager:',
    '  clusterIssuer: letsencrypt-prod',
    'matrixRTC:',
    '  ingress:', //                          20
    '    host: mrtc.example.com',
    'elementWeb:',
    '  ingress:',
    '    host: example.com',
    'synapse:', //                            25
    '  ingres: {}',
    '  additional:',
    '    rtc:',
    '      config: |',
    '        matrix_rtc_enabled: true', //    30
    'wellKnownDelegation:',
    '  enabled: false', //                    32
    '',
  ].join('\n');

  it('recognises the chart by spec.chart.spec.chart, with its version and release name', async () => {
    const result = await lintRelease(BROKEN);
    expect(result.diagnostics.map(brief)).toEqual([
      'ess/values-schema hr.yaml:26:7',
      'synapse/unknown-key hr.yaml:30:13',
      'ess/well-known-disabled hr.yaml:32:16',
    ]);
    expect(essReleases(result.repository.flux).map((r) => [r.namespace, r.name, r.releaseName, r.chartVersion])).toEqual([['matrix', 'ess', 'ess', '26.8.1']]);
  });

  it('recognises the chart by chartRef to an OCIRepository of .../matrix-stack, its version from ref.tag', async () => {
    const result = await lintDir(
      makeRepo({ 'hr.yaml': helmRelease(BROKEN, { chart: CHART_REF }), 'oci.yaml': OCI_REPOSITORY('oci://ghcr.io/element-hq/ess-helm/matrix-stack') }),
    );
    // chartRef takes 3 lines instead of 7: everything is 4 lines up.
    expect(result.diagnostics.map(brief)).toEqual([
      'ess/values-schema hr.yaml:22:7',
      'synapse/unknown-key hr.yaml:26:13',
      'ess/well-known-disabled hr.yaml:28:16',
    ]);
    expect(essReleases(result.repository.flux).map((r) => [r.releaseName, r.chartVersion])).toEqual([['ess', '26.8.1']]);
  });

  it('takes spec.releaseName, else <targetNamespace>-<name>, as the prefix of the chart objects', async () => {
    const named = await lintRelease('serverName: example.com\n', {}, { before: ['  releaseName: matrix-stack'] });
    expect(essReleases(named.repository.flux).map((r) => r.releaseName)).toEqual(['matrix-stack']);
    const targeted = await lintRelease('serverName: example.com\n', {}, { before: ['  targetNamespace: chat'] });
    expect(essReleases(targeted.repository.flux).map((r) => r.releaseName)).toEqual(['chat-ess']);
  });

  it('ignores a HelmRelease of another chart, whatever its values', async () => {
    const chart = CHART.map((line) => line.replace('matrix-stack', 'podinfo'));
    const result = await lintRelease(BROKEN, {}, { chart });
    expect(ess(result)).toEqual([]);
    expect(essReleases(result.repository.flux)).toEqual([]);
  });

  it('ignores a chartRef to an OCIRepository of another chart', async () => {
    const result = await lintDir(
      makeRepo({ 'hr.yaml': helmRelease(BROKEN, { chart: CHART_REF }), 'oci.yaml': OCI_REPOSITORY('oci://ghcr.io/example/charts/matrix-stack-fork') }),
    );
    expect(ess(result)).toEqual([]);
    expect(essReleases(result.repository.flux)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------

describe('ess/well-known-disabled', () => {
  const WELL_KNOWN_OFF = [
    'serverName: example.com', //            16
    'matrixRTC:',
    '  ingress:',
    '    host: mrtc.example.com',
    'elementWeb:', //                        20
    '  ingress:',
    '    host: example.com', //              22
    'wellKnownDelegation:',
    '  enabled: false', //                   24
    '',
  ].join('\n');

  it('is an error when matrixRTC is enabled (the chart default), at the `false`, with Element Web on the server name as related', async () => {
    const result = await lintRelease(WELL_KNOWN_OFF);
    expect(ess(result)).toEqual(['ess/well-known-disabled hr.yaml:24:16']);
    const d = only(result, 'ess/well-known-disabled');
    expect(d.severity).toBe('error');
    expect(span(d.location)).toBe('hr.yaml:24:16-24:21');
    expect(d.message).toBe(
      'wellKnownDelegation is disabled, so https://example.com/.well-known/matrix/client is not served and lacks org.matrix.msc4143.rtc_foci (https://mrtc.example.com): Element Call cannot find MatrixRTC and calls fail with MISSING_MATRIX_RTC_TRANSPORT.',
    );
    expect(related(d)).toEqual([
      'hr.yaml:22:15 Element Web is on the server name example.com: with the delegation enabled, its Ingress and the well-known one both claim that host (two certificates for one name); move Element Web to a host of its own.',
    ]);
    expect(d.fix).toBe(
      'Enable it (remove "enabled: false"; the chart\'s default is true). If the well-known documents with rtc_foci are served outside the chart, list example.com under ess.externalWellKnown in .fluxlint.yaml.',
    );
  });

  it('is a warning when matrixRTC.enabled is false, without a related location when Element Web has a host of its own', async () => {
    const values = WELL_KNOWN_OFF.replace('matrixRTC:\n', 'matrixRTC:\n  enabled: false\n').replace('host: example.com', 'host: chat.example.com');
    const result = await lintRelease(values);
    // One line more: the `false` of wellKnownDelegation is on line 25.
    expect(ess(result)).toEqual(['ess/well-known-disabled hr.yaml:25:16']);
    const d = only(result, 'ess/well-known-disabled');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      'wellKnownDelegation is disabled, so https://example.com/.well-known/matrix/client and /server are not served: clients and other servers cannot find the homeserver from the server name.',
    );
    expect(d.related).toEqual([]);
    expect(d.fix).toBe(
      'Enable it (remove "enabled: false"; the chart\'s default is true). If the well-known documents are served outside the chart, list example.com under ess.externalWellKnown in .fluxlint.yaml.',
    );
  });

  it('is only a warning for MatrixRTC without Synapse, and says nothing without both', async () => {
    const rtcOnly = await lintRelease(`${WELL_KNOWN_OFF}synapse:\n  enabled: false\n`);
    expect(ess(rtcOnly)).toEqual(['ess/well-known-disabled hr.yaml:24:16']);
    expect(only(rtcOnly, 'ess/well-known-disabled').severity).toBe('warning');
    const neither = await lintRelease(`${WELL_KNOWN_OFF}synapse:\n  enabled: false\n`.replace('matrixRTC:\n', 'matrixRTC:\n  enabled: false\n'));
    expect(ess(neither)).toEqual([]);
  });

  it('says nothing when the delegation is enabled (the good example)', async () => {
    const result = await lintRelease(WELL_KNOWN_OFF.replace('host: example.com', 'host: chat.example.com').replace('enabled: false', 'enabled: true'));
    expect(result.diagnostics.map(brief)).toEqual([]);
  });

  it('says nothing when .fluxlint.yaml lists the server name under ess.externalWellKnown', async () => {
    const external = await lintRelease(WELL_KNOWN_OFF, { '.fluxlint.yaml': 'ess:\n  externalWellKnown: [example.com]\n' });
    expect(findings(external, 'ess/well-known-disabled')).toEqual([]);
    const other = await lintRelease(WELL_KNOWN_OFF, { '.fluxlint.yaml': 'ess:\n  externalWellKnown: [example.org]\n' });
    expect(findings(other, 'ess/well-known-disabled')).toEqual(['ess/well-known-disabled hr.yaml:24:16']);
  });

  // hr.yaml with valuesFrom a ConfigMap and a Secret: 5 lines more, the values start at line 21.
  const LAYERED = 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\n';
  const before = valuesFrom(['ConfigMap', 'ess-values'], ['Secret', 'ess-secret']);

  it('does not guess when an encrypted Secret layer comes after the ConfigMap that disables it', async () => {
    const result = await lintRelease(LAYERED, {
      'cm.yaml': valuesObject('ConfigMap', 'ess-values', 'wellKnownDelegation:\n  enabled: false\n'),
      'secret.sops.yaml': encryptedValues('ess-secret'),
    }, { before });
    expect(findings(result, 'ess/well-known-disabled')).toEqual([]);
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:18:7']);
  });

  it('reports it when spec.values, the last layer, disables it, even after an encrypted Secret', async () => {
    const result = await lintRelease(`${LAYERED}wellKnownDelegation:\n  enabled: false\n`, {
      'cm.yaml': valuesObject('ConfigMap', 'ess-values', 'wellKnownDelegation:\n  enabled: true\n'),
      'secret.sops.yaml': encryptedValues('ess-secret'),
    }, { before });
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:18:7', 'ess/well-known-disabled hr.yaml:26:16']);
    expect(only(result, 'ess/well-known-disabled').severity).toBe('error');
  });

  it('points into the ConfigMap when a readable valuesFrom layer disables it', async () => {
    const result = await lintRelease(LAYERED, { 'cm.yaml': valuesObject('ConfigMap', 'ess-values', 'wellKnownDelegation:\n  enabled: false\n') }, {
      before: valuesFrom(['ConfigMap', 'ess-values']),
    });
    expect(ess(result)).toEqual(['ess/well-known-disabled cm.yaml:9:16']);
  });
});

// ---------------------------------------------------------------------------------

describe('ess/host-conflict', () => {
  const WEB_ON_APEX = 'serverName: example.com\nelementWeb:\n  ingress:\n    host: example.com\n'; // host at 19:15

  it('takes a null as Helm does: it deletes the chart default, so a component enabled by default is off', async () => {
    expect(ess(await lintRelease(`${WEB_ON_APEX}  enabled: null\n`))).toEqual([]);
    // A null in a later layer deletes what an earlier layer set, and the default with it.
    const configMap = valuesObject('ConfigMap', 'web', 'elementWeb:\n  enabled: true\n');
    expect(ess(await lintRelease(`${WEB_ON_APEX}  enabled: null\n`, { 'cm.yaml': configMap }, { before: valuesFrom(['ConfigMap', 'web']) }))).toEqual([]);
  });

  it('reports Element Web on the server name at its host, with serverName as related', async () => {
    const result = await lintRelease(WEB_ON_APEX);
    expect(ess(result)).toEqual(['ess/host-conflict hr.yaml:19:15']);
    const d = only(result, 'ess/host-conflict');
    expect(d.severity).toBe('error');
    expect(span(d.location)).toBe('hr.yaml:19:15-19:26');
    expect(d.message).toBe(
      'elementWeb.ingress.host "example.com" is the server name, where the well-known delegation\'s Ingress already routes "/" (its base-domain redirect sends it to Element Web): two Ingresses for one host, and a redirect loop if the well-known one wins.',
    );
    expect(related(d)).toEqual(['hr.yaml:16:17 the well-known delegation serves example.com (serverName)']);
    expect(d.fix).toBe(
      'Give elementWeb a host of its own (for example chat.example.com); the base domain then redirects to it. Keeping it on the server name needs wellKnownDelegation.baseDomainRedirect.enabled: false and one shared TLS Secret.',
    );
  });

  it('says nothing when the base-domain redirect is off: the well-known Ingress then routes only /.well-known/matrix', async () => {
    const result = await lintRelease(`${WEB_ON_APEX}wellKnownDelegation:\n  baseDomainRedirect:\n    enabled: false\n`);
    expect(ess(result)).toEqual([]);
  });

  it('says nothing for Synapse on the server name: it routes only /_matrix and /_synapse', async () => {
    const result = await lintRelease('serverName: example.com\nsynapse:\n  ingress:\n    host: example.com\nelementWeb:\n  ingress:\n    host: chat.example.com\n');
    expect(ess(result)).toEqual([]);
  });

  const WEB_AND_ADMIN = [
    'serverName: example.com', //            16
    'elementWeb:',
    '  ingress:',
    '    host: chat.example.com', //         19
    'elementAdmin:', //                      20
    '  ingress:',
    '    host: chat.example.com', //         22
    '',
  ].join('\n');

  it('reports two components on one host at the one written last', async () => {
    const result = await lintRelease(WEB_AND_ADMIN);
    expect(ess(result)).toEqual(['ess/host-conflict hr.yaml:22:15']);
    const d = only(result, 'ess/host-conflict');
    expect(d.message).toBe('elementAdmin.ingress.host "chat.example.com" is also the host of elementWeb: two Ingresses route the same path of one host.');
    expect(related(d)).toEqual(['hr.yaml:19:15 elementWeb also uses chat.example.com']);
    expect(d.fix).toBe('Give elementAdmin a host of its own.');
  });

  it('says nothing when one of them has className none (switched off)', async () => {
    const result = await lintRelease(WEB_AND_ADMIN.replace('elementAdmin:\n  ingress:\n', 'elementAdmin:\n  ingress:\n    className: none\n'));
    expect(ess(result)).toEqual([]);
  });

  it('says nothing when one of them is disabled', async () => {
    const result = await lintRelease(WEB_AND_ADMIN.replace('elementAdmin:\n', 'elementAdmin:\n  enabled: false\n'));
    expect(ess(result)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------

describe('cert-manager/duplicate-host', () => {
  /** axion: cert-manager for every Ingress, Element Web on the apex, the well-known delegation left on. */
  const AXION = [
    'serverName: example.com', //            16
    'certManager:',
    '  clusterIssuer: letsencrypt-prod',
    'elementWeb:',
    '  ingress:', //                         20
    '    host: example.com', //              21
    '',
  ].join('\n');

  it('reports the apex requested into the well-known and the Element Web Secrets', async () => {
    const result = await lintRelease(AXION);
    expect(ess(result)).toEqual(['cert-manager/duplicate-host hr.yaml:21:15', 'ess/host-conflict hr.yaml:21:15']);
    const d = only(result, 'cert-manager/duplicate-host');
    expect(d.severity).toBe('error');
    expect(d.message).toBe(
      "example.com is requested from cert-manager 2 times with different Secrets (matrix/ess-well-known-certmanager-tls, matrix/ess-element-web-certmanager-tls): each is a separate certificate for the same name, and every issuance counts against Let's Encrypt's limit of 5 duplicate certificates a week, which re-creating them a few times reaches.",
    );
    expect(related(d)).toEqual([
      'hr.yaml:16:17 the well-known Ingress of HelmRelease "matrix/ess" requests example.com into Secret matrix/ess-well-known-certmanager-tls',
    ]);
    expect(d.fix).toBe(
      'Keep one certificate source for the name: let the other Ingresses name the same TLS Secret without an issuer annotation, or use one wildcard or shared Secret.',
    );
  });

  it('names the Secrets after the Helm release name, in the target namespace', async () => {
    const result = await lintRelease(AXION, {}, { before: ['  targetNamespace: chat'] });
    expect(only(result, 'cert-manager/duplicate-host').message).toContain('(chat/chat-ess-well-known-certmanager-tls, chat/chat-ess-element-web-certmanager-tls)');
  });

  it('still reports it with the base-domain redirect off: two Ingresses, two orders for one name', async () => {
    const result = await lintRelease(`${AXION}wellKnownDelegation:\n  baseDomainRedirect:\n    enabled: false\n`);
    expect(ess(result)).toEqual(['cert-manager/duplicate-host hr.yaml:21:15']);
  });

  it('says nothing when a global ingress.tlsSecret replaces the cert-manager annotation', async () => {
    const result = await lintRelease(AXION.replace('elementWeb:', 'ingress:\n  tlsSecret: example-com-tls\nelementWeb:'));
    expect(findings(result, 'cert-manager/')).toEqual([]);
    expect(ess(result)).toEqual(['ess/host-conflict hr.yaml:23:15']);
  });

  it('says nothing when Element Web names its own TLS Secret: only the well-known Ingress asks cert-manager', async () => {
    const result = await lintRelease(`${AXION}    tlsSecret: example-com-tls\n`);
    expect(findings(result, 'cert-manager/')).toEqual([]);
  });

  it('says nothing when Element Web has a host of its own', async () => {
    const result = await lintRelease(AXION.replace('host: example.com', 'host: chat.example.com'));
    expect(ess(result)).toEqual([]);
  });

  const CERTIFICATE =
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: a\n  namespace: web\nspec:\n  secretName: x\n  dnsNames:\n    - a.example.com\n  issuerRef:\n    name: letsencrypt\n    kind: ClusterIssuer\n';
  const ingress = (secretName: string, annotated = true) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\n  namespace: web\n${annotated ? '  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n' : ''}spec:\n  tls:\n    - hosts:\n        - a.example.com\n      secretName: ${secretName}\n  rules:\n    - host: a.example.com\n`;

  it('reports a Certificate and an annotated Ingress that request one name into different Secrets', async () => {
    const result = await lintDir(makeRepo({ 'cert.yaml': CERTIFICATE, 'ingress.yaml': ingress('y') }));
    expect(result.diagnostics.map(brief)).toEqual(['cert-manager/duplicate-host ingress.yaml:11:11']);
    const d = only(result, 'cert-manager/duplicate-host');
    expect(d.message).toBe(
      "a.example.com is requested from cert-manager 2 times with different Secrets (web/x, web/y): each is a separate certificate for the same name, and every issuance counts against Let's Encrypt's limit of 5 duplicate certificates a week, which re-creating them a few times reaches.",
    );
    expect(related(d)).toEqual(['cert.yaml:9:7 Certificate "web/a" requests a.example.com into Secret web/x']);
  });

  it('says nothing when they share the Secret, or the Ingress has no issuer annotation', async () => {
    expect(findings(await lintDir(makeRepo({ 'cert.yaml': CERTIFICATE, 'ingress.yaml': ingress('x') })), 'cert-manager/')).toEqual([]);
    expect(findings(await lintDir(makeRepo({ 'cert.yaml': CERTIFICATE, 'ingress.yaml': ingress('y', false) })), 'cert-manager/')).toEqual([]);
  });

  const clusterIssuer = (name: string, spec: string) => `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
  const ACME = '  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    privateKeySecretRef: {name: letsencrypt}\n    solvers: [{http01: {ingress: {ingressClassName: nginx}}}]\n';

  it('counts only what goes to an ACME issuer: a CA or self-signed issuer, or an external one, signs without its limit', async () => {
    const both = { 'cert.yaml': CERTIFICATE, 'ingress.yaml': ingress('y') };
    expect(findings(await lintDir(makeRepo({ ...both, 'issuer.yaml': clusterIssuer('letsencrypt', ACME) })), 'cert-manager/')).toEqual(['cert-manager/duplicate-host ingress.yaml:11:11']);
    expect(findings(await lintDir(makeRepo({ ...both, 'issuer.yaml': clusterIssuer('letsencrypt', '  ca:\n    secretName: internal-ca\n') })), 'cert-manager/')).toEqual([]);
    const external = CERTIFICATE.replace('    kind: ClusterIssuer\n', '    kind: AWSPCAClusterIssuer\n    group: awspca.cert-manager.io\n');
    expect(findings(await lintDir(makeRepo({ 'cert.yaml': external, 'ingress.yaml': ingress('y') })), 'cert-manager/')).toEqual([]);
  });

  it('says nothing for names no public CA issues for: a cluster service name, localhost, a private suffix', async () => {
    for (const name of ['api.tools.svc.cluster.local', 'api.tools.svc', 'localhost', 'nas.home.arpa', 'vault.internal', '10.0.0.1']) {
      const files = { 'cert.yaml': CERTIFICATE.replaceAll('a.example.com', name), 'ingress.yaml': ingress('y').replaceAll('a.example.com', name) };
      expect([name, findings(await lintDir(makeRepo(files)), 'cert-manager/')]).toEqual([name, []]);
    }
  });

  it('compares names within one cluster: each cluster has its own cert-manager', async () => {
    const cluster = (name: string) =>
      [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'metadata:',
        '  name: flux-system',
        '  namespace: flux-system',
        'spec:',
        '  interval: 10m',
        `  path: ./clusters/${name}`,
        '  prune: true',
        '  sourceRef:',
        '    kind: GitRepository',
        '    name: flux-system',
        '',
      ].join('\n');
    const twoClusters = {
      'clusters/staging/flux-system.yaml': cluster('staging'),
      'clusters/staging/cert.yaml': CERTIFICATE,
      'clusters/production/flux-system.yaml': cluster('production'),
      'clusters/production/ingress.yaml': ingress('y'),
    };
    expect(findings(await lintDir(makeRepo(twoClusters)), 'cert-manager/')).toEqual([]);
    const oneCluster = { ...twoClusters, 'clusters/production/cert.yaml': CERTIFICATE };
    expect(findings(await lintDir(makeRepo(oneCluster)), 'cert-manager/')).toEqual(['cert-manager/duplicate-host clusters/production/ingress.yaml:11:11']);
  });

  const deleteIngresses = (name?: string) => [
    '  postRenderers:',
    '    - kustomize:',
    '        patches:',
    '          - target:',
    '              kind: Ingress',
    ...(name ? [`              name: ${name}`] : []),
    '            patch: |',
    '              $patch: delete',
    '              apiVersion: networking.k8s.io/v1',
    '              kind: Ingress',
    '              metadata:',
    '                name: not-used',
  ];

  it('leaves out the chart Ingresses a postRenderers patch deletes', async () => {
    expect(ess(await lintRelease(AXION, {}, { before: deleteIngresses() }))).toEqual([]);
    expect(ess(await lintRelease(AXION, {}, { before: deleteIngresses('ess-well-known') }))).toEqual([]);
    // A patch for another name deletes nothing of the chart's.
    const other = await lintRelease(AXION, {}, { before: deleteIngresses('something-else') });
    expect(ess(other)).toEqual(['cert-manager/duplicate-host hr.yaml:33:15', 'ess/host-conflict hr.yaml:33:15']);
  });
});

// ---------------------------------------------------------------------------------

describe('synapse/unknown-key', () => {
  const RTC = 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\n';
  const SYNAPSE_VALUES = [
    'synapse:', //                                      8
    '  additional:',
    '    0-rtc:', //                                    10
    '      config: |',
    '        matrix_rtc_enabled: true', //              12
    '        matrix_rtc_uri: https://mrtc.example.com', // 13
    '',
  ].join('\n');

  it('reports matrix_rtc_enabled and matrix_rtc_uri inside the block scalar of a valuesFrom ConfigMap', async () => {
    const result = await lintRelease(RTC, { 'cm.yaml': valuesObject('ConfigMap', 'synapse-values', SYNAPSE_VALUES) }, { before: valuesFrom(['ConfigMap', 'synapse-values']) });
    expect(ess(result)).toEqual(['synapse/unknown-key cm.yaml:12:13', 'synapse/unknown-key cm.yaml:13:13']);
    const [enabled, uri] = result.diagnostics.filter((d) => d.ruleId === 'synapse/unknown-key');
    expect(span(enabled!.location)).toBe('cm.yaml:12:13-12:31');
    expect(span(uri!.location)).toBe('cm.yaml:13:13-13:27');
    expect(enabled!.severity).toBe('error');
    expect(enabled!.message).toBe('"matrix_rtc_enabled" is not a Synapse option in synapse.additional["0-rtc"].config of HelmRelease "matrix/ess": Synapse ignores it.');
    expect(uri!.message).toBe('"matrix_rtc_uri" is not a Synapse option in synapse.additional["0-rtc"].config of HelmRelease "matrix/ess": Synapse ignores it.');
    expect(enabled!.fix).toBe('Remove it: with matrixRTC.enabled the chart itself configures matrix_rtc.transports and the experimental_features MatrixRTC needs.');
  });

  it('tells to enable matrixRTC in the chart instead when it is disabled', async () => {
    const result = await lintRelease(RTC.replace('matrixRTC:\n', 'matrixRTC:\n  enabled: false\n'), { 'cm.yaml': valuesObject('ConfigMap', 'synapse-values', SYNAPSE_VALUES) }, {
      before: valuesFrom(['ConfigMap', 'synapse-values']),
    });
    expect(ess(result)).toEqual(['synapse/unknown-key cm.yaml:12:13', 'synapse/unknown-key cm.yaml:13:13']);
    expect(result.diagnostics[0]!.fix).toBe(
      'Remove it and enable matrixRTC in the chart values instead: the chart then configures matrix_rtc.transports and the experimental_features MatrixRTC needs.',
    );
  });

  const PREVIEWS = [
    'serverName: example.com', //           16
    'synapse:',
    '  additional:',
    '    previews:',
    '      config: |', //                   20
    '        url_preview_enabeld: true', // 21
    '        experimental_features:',
    '          msc4143_enabled: true',
    '',
  ].join('\n');

  it('suggests the option a typo meant, and accepts experimental_features', async () => {
    const result = await lintRelease(PREVIEWS);
    expect(ess(result)).toEqual(['synapse/unknown-key hr.yaml:21:13']);
    const d = only(result, 'synapse/unknown-key');
    expect(span(d.location)).toBe('hr.yaml:21:13-21:32');
    expect(d.message).toBe('Unknown field "url_preview_enabeld" in synapse.additional.previews.config of HelmRelease "matrix/ess"; did you mean "url_preview_enabled"?');
    expect(d.fix).toBe('Rename it to "url_preview_enabled".');
  });

  it('says nothing about known options (the good example)', async () => {
    const result = await lintRelease(PREVIEWS.replace('enabeld', 'enabled'));
    expect(result.diagnostics.map(brief)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------

describe('synapse/chart-managed-key', () => {
  it('warns about keys the chart owns, with what to do instead', async () => {
    const values = [
      'serverName: example.com', //                  16
      'synapse:',
      '  additional:',
      '    x:',
      '      config: |', //                          20
      '        server_name: other.example.com', //   21
      '        max_upload_size: 500M', //            22
      '        url_preview_enabled: true',
      '',
    ].join('\n');
    const result = await lintRelease(values);
    expect(ess(result)).toEqual(['synapse/chart-managed-key hr.yaml:21:13', 'synapse/chart-managed-key hr.yaml:22:13']);
    const [serverName, maxUpload] = result.diagnostics;
    expect([serverName!.severity, maxUpload!.severity]).toEqual(['warning', 'warning']);
    expect(serverName!.message).toBe('"server_name" in synapse.additional.x.config of HelmRelease "matrix/ess" is managed by the chart: the chart sets it from serverName.');
    expect(maxUpload!.message).toBe(
      '"max_upload_size" in synapse.additional.x.config of HelmRelease "matrix/ess" is managed by the chart: use synapse.media.maxUploadSize (the chart also sizes the Ingress for it).',
    );
    expect(maxUpload!.fix).toBe('Remove it here; set it through the chart values, if at all.');
  });
});

// ---------------------------------------------------------------------------------

describe('ess/rtc-foci', () => {
  describe('in a hand-written well-known document', () => {
    /** A ConfigMap a web server serves at /.well-known/matrix/client; the URL's quoted string begins at line 11, column 52. */
    const wellKnown = (url: string) =>
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: well-known',
        '  namespace: web',
        'data:',
        '  client: |',
        '    {',
        '      "m.homeserver": {"base_url": "https://matrix.example.com"},',
        '      "org.matrix.msc4143.rtc_foci": [',
        '        {"type": "livekit", "livekit_service_url": "' + url + '"}',
        '      ]',
        '    }',
        '',
      ].join('\n');
    const values = 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\nwellKnownDelegation:\n  enabled: false\n';
    const config = { '.fluxlint.yaml': 'ess:\n  externalWellKnown: [example.com]\n' };

    it('reports a LiveKit URL that is not the MatrixRTC host, at the URL', async () => {
      const result = await lintRelease(values, { 'web.yaml': wellKnown('https://livekit.example.com'), ...config });
      expect(ess(result)).toEqual(['ess/rtc-foci web.yaml:11:52']);
      const d = only(result, 'ess/rtc-foci');
      expect(d.severity).toBe('error');
      expect(d.message).toBe(
        'livekit_service_url in the hand-written well-known document of ConfigMap "web/well-known" does not match the MatrixRTC host of HelmRelease "matrix/ess" (https://mrtc.example.com): Element Call would look for LiveKit elsewhere.',
      );
    });

    it('accepts the MatrixRTC host, with or without a trailing slash', async () => {
      expect(ess(await lintRelease(values, { 'web.yaml': wellKnown('https://mrtc.example.com/'), ...config }))).toEqual([]);
    });
  });

  const RTC = 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\n'; // 16-19
  const client = (url: string) =>
    `wellKnownDelegation:\n  additional:\n    client: '{"org.matrix.msc4143.rtc_foci": [{"type": "livekit", "livekit_service_url": "${url}"}]}'\n`; // client at 22

  it('warns about rtc_foci in additional.client that differs from what the chart writes, at the key inside the JSON', async () => {
    const result = await lintRelease(RTC + client('https://livekit.example.com'));
    expect(ess(result)).toEqual(['ess/rtc-foci hr.yaml:22:19']);
    const d = only(result, 'ess/rtc-foci');
    // `    client: '` puts the JSON's `{` at column 18 and the key's quote at 19; the key is 29 characters with its quotes.
    expect(span(d.location)).toBe('hr.yaml:22:19-22:48');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      '"org.matrix.msc4143.rtc_foci" in wellKnownDelegation.additional.client of HelmRelease "matrix/ess" is overwritten: the chart\'s values win over additional.client, and it writes https://mrtc.example.com as the LiveKit service URL there.',
    );
    expect(d.fix).toBe('Remove "org.matrix.msc4143.rtc_foci" from additional.client; to change it, change the host in the chart values.');
  });

  it('says nothing when additional.client holds the value the chart writes anyway', async () => {
    expect(ess(await lintRelease(RTC + client('https://mrtc.example.com')))).toEqual([]);
  });

  it('says nothing when matrixRTC is disabled: the chart then leaves rtc_foci alone', async () => {
    const result = await lintRelease(RTC.replace('matrixRTC:\n', 'matrixRTC:\n  enabled: false\n') + client('https://livekit.example.com'));
    expect(ess(result)).toEqual([]);
  });

  it('warns about m.homeserver in additional.client when Synapse is enabled', async () => {
    const values = `serverName: example.com\nsynapse:\n  ingress:\n    host: matrix.example.com\nwellKnownDelegation:\n  additional:\n    client: '{"m.homeserver": {"base_url": "https://other.example.com"}}'\n`;
    const result = await lintRelease(values);
    expect(ess(result)).toEqual(['ess/rtc-foci hr.yaml:22:19']);
    expect(only(result, 'ess/rtc-foci').message).toBe(
      '"m.homeserver" in wellKnownDelegation.additional.client of HelmRelease "matrix/ess" is overwritten: the chart\'s values win over additional.client, and it writes https://matrix.example.com as base_url there.',
    );
  });

  it('warns about rtc_foci in Element Web config.json, which Element Web never reads', async () => {
    const values = [
      RTC.trimEnd(), //                                  16-19
      'elementWeb:', //                                  20
      '  additional:',
      '    config.json: |',
      '      {',
      '        "brand": "Example",',
      '        "rtc_foci": [{"type": "livekit", "livekit_service_url": "https://mrtc.example.com"}]', // 25
      '      }',
      '',
    ].join('\n');
    const result = await lintRelease(values);
    expect(ess(result)).toEqual(['ess/rtc-foci hr.yaml:25:13']);
    const d = only(result, 'ess/rtc-foci');
    expect(span(d.location)).toBe('hr.yaml:25:13-25:23');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      '"rtc_foci" in elementWeb.additional["config.json"] of HelmRelease "matrix/ess" has no effect: Element Web reads MatrixRTC discovery (org.matrix.msc4143.rtc_foci) only from https://<serverName>/.well-known/matrix/client, never from config.json.',
    );
  });

  const TRANSPORTS = [
    'synapse:', //                                          20
    '  additional:',
    '    rtc:',
    '      config: |',
    '        matrix_rtc:', //                               24
    '          transports:', //                             25
    '            - type: livekit',
    '              livekit_service_url: https://mrtc.example.com',
    '',
  ].join('\n');

  it('is an error to add matrix_rtc.transports in Synapse additional config when matrixRTC is enabled', async () => {
    const result = await lintRelease(RTC + TRANSPORTS);
    expect(findings(result, 'ess/')).toEqual(['ess/rtc-foci hr.yaml:25:15']);
    const d = only(result, 'ess/rtc-foci');
    expect(d.severity).toBe('error');
    expect(d.message).toBe(
      'matrix_rtc.transports in synapse.additional.rtc.config of HelmRelease "matrix/ess" comes in addition to the transport the chart configures for matrixRTC (https://mrtc.example.com): the chart appends its own, so Synapse advertises two.',
    );
    expect(d.fix).toBe('Remove matrix_rtc from the additional configuration; the chart configures it when matrixRTC.enabled.');
    // Only here: synapse/chart-managed-key leaves matrix_rtc to this rule.
    expect(ess(result)).toEqual(['ess/rtc-foci hr.yaml:25:15']);
  });

  it('accepts matrix_rtc.transports when matrixRTC is disabled: it is then the only transport', async () => {
    // The chart writes matrix_rtc only when matrixRTC.enabled: no rule of the pack may call it chart-managed here.
    const result = await lintRelease(RTC.replace('matrixRTC:\n', 'matrixRTC:\n  enabled: false\n') + TRANSPORTS);
    expect(ess(result)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------

describe('ess/values-schema', () => {
  it('reports wellKnownDelegation.ingress.host, which the chart does not have, and suggests for a typo', async () => {
    const values = [
      'serverName: example.com', //         16
      'wellKnownDelegation:',
      '  ingress:',
      '    host: example.com', //           19
      'synapse:', //                        20
      '  ingres:', //                       21
      '    host: matrix.example.com',
      '',
    ].join('\n');
    const result = await lintRelease(values);
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:19:9', 'ess/values-schema hr.yaml:21:7']);
    const [host, ingres] = result.diagnostics;
    expect(span(host!.location)).toBe('hr.yaml:19:9-19:13');
    expect(host!.severity).toBe('error');
    expect(host!.message).toBe('Unknown field "wellKnownDelegation.ingress.host" in the values of HelmRelease "matrix/ess".');
    expect(host!.fix).toBe('Remove it: the well-known Ingress always serves serverName (the chart dropped this key in 25.5.1).');
    expect(ingres!.message).toBe('Unknown field "synapse.ingres" in the values of HelmRelease "matrix/ess"; did you mean "ingress"?');
    expect(ingres!.fix).toBe('Rename it to "ingress".');
  });

  it('checks the shape of additional entries more strictly than the chart schema', async () => {
    const values = [
      'serverName: example.com', //            16
      'synapse:',
      '  additional:',
      '    a:', //                             19
      '      confg: |', //                     20
      '        url_preview_enabled: true',
      '    b:',
      '      config:',
      '        url_preview_enabled: true', //  24
      '    c:', //                             25
      '      config: |',
      '        url_preview_enabled: true',
      '      configSecret: synapse-extra', //  28
      '      configSecretKey: extra.yaml',
      '    d:', //                             30
      '      configSecret: synapse-extra',
      '',
    ].join('\n');
    const result = await lintRelease(values);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'ess/values-schema hr.yaml:19:9 "synapse.additional.a" in HelmRelease "matrix/ess" lacks "config" (or "configSecret" and "configSecretKey").',
      'ess/values-schema hr.yaml:20:11 Unknown key "synapse.additional.a.confg" in HelmRelease "matrix/ess": the chart reads only config, or configSecret and configSecretKey, and ignores the rest; did you mean "config"?',
      'ess/values-schema hr.yaml:24:13 "synapse.additional.b.config" in HelmRelease "matrix/ess" must be a string holding the configuration, not a mapping: the chart\'s templates need text.',
      'ess/values-schema hr.yaml:28:11 "synapse.additional.c" in HelmRelease "matrix/ess" takes either "config" or "configSecret" and "configSecretKey", not both.',
      'ess/values-schema hr.yaml:30:9 "synapse.additional.d" in HelmRelease "matrix/ess" lacks "configSecretKey".',
    ]);
    expect(result.diagnostics.map((d) => d.fix)).toEqual([
      'Add "config".',
      'Rename it to "config".',
      'Write it as a block scalar: "config: |" with the configuration indented below.',
      'Keep one of them.',
      'Add "configSecretKey".',
    ]);
  });

  it('reports a configuration text the chart cannot parse into a mapping: where the YAML breaks, or the list or value it holds', async () => {
    const values = [
      'serverName: example.com',
      'synapse:',
      '  additional:',
      '    a:', //                                  19
      '      config: |',
      '        max_upload_size: 100M',
      '        url_preview_enabled: [true', //      22
      '    b:',
      '      config: |',
      '        - url_preview_enabled: true', //     25
      'matrixAuthenticationService:',
      '  additional:',
      '    a:',
      '      config: "passwords: *defaults"', //    29
      'hookshot:',
      '  additional:', //                           the chart does not render a disabled component
      '    a:',
      '      config: "- x"',
      '',
    ].join('\n');
    const result = await lintRelease(values);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      `ess/values-schema hr.yaml:22:13 "synapse.additional.a.config" in HelmRelease "matrix/ess" is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; matrix-stack refuses to render it ("synapse.additional['a'] is invalid", since 26.4.1).`,
      `ess/values-schema hr.yaml:25:13 "synapse.additional.b.config" in HelmRelease "matrix/ess" is a list, not a mapping of configuration keys; matrix-stack refuses to render it ("synapse.additional['b'] is invalid", since 26.4.1).`,
      `ess/values-schema hr.yaml:29:31 "matrixAuthenticationService.additional.a.config" in HelmRelease "matrix/ess" is not valid YAML: the alias "*defaults" refers to no anchor before it; matrix-stack refuses to render it ("matrixAuthenticationService.additional['a'] is invalid", since 26.4.1).`,
    ]);
    expect(result.diagnostics.map((d) => d.fix)).toEqual(['Correct the YAML of the configuration.', 'Write the configuration as keys and values ("key: value" lines).', 'Correct the YAML of the configuration.']);
  });

  it('accepts the good shapes: config as a string, or configSecret with configSecretKey', async () => {
    const values = 'serverName: example.com\nsynapse:\n  additional:\n    a:\n      config: |\n        url_preview_enabled: true\n    b:\n      configSecret: synapse-extra\n      configSecretKey: extra.yaml\n';
    expect((await lintRelease(values)).diagnostics.map(brief)).toEqual([]);
  });

  it('requires wellKnownDelegation.additional documents to be JSON objects', async () => {
    const values = "serverName: example.com\nwellKnownDelegation:\n  additional:\n    client: 'not json'\n    server: '[]'\n    support: '{}'\n";
    const result = await lintRelease(values);
    // At the offending character inside the quoted string: `    client: '` puts the text at column 18.
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:19:18', 'ess/values-schema hr.yaml:20:18']);
    const [client, server] = result.diagnostics;
    expect(client!.severity).toBe('error');
    expect(client!.message).toBe(
      '"wellKnownDelegation.additional.client" in HelmRelease "matrix/ess" is not valid JSON: expected a value, unexpected text; the chart needs a JSON object there and fails to render it.',
    );
    expect(server!.message).toBe(
      '"wellKnownDelegation.additional.server" in HelmRelease "matrix/ess" is JSON but not an object; the chart needs a JSON object there and fails to render it.',
    );
    expect(server!.fix).toBe('Write a JSON object, for example "{}".');
  });

  const before = valuesFrom(['ConfigMap', 'ess-values'], ['Secret', 'ess-secret']); // values start at 21

  it('says once, at the valuesFrom entry, that it could not read an encrypted Secret', async () => {
    const result = await lintRelease('serverName: example.com\n', {
      'cm.yaml': valuesObject('ConfigMap', 'ess-values', 'synapse:\n  ingres: {}\n'),
      'secret.sops.yaml': encryptedValues('ess-secret'),
    }, { before });
    // The unknown key of the ConfigMap is not reported: the Secret after it may remove it.
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:18:7']);
    const d = only(result, 'ess/values-schema');
    expect(d.severity).toBe('info');
    expect(span(d.location)).toBe('hr.yaml:18:7-19:23');
    expect(d.message).toBe('Could not check the values that this layer sets: Secret "matrix/ess-secret" is SOPS-encrypted. The ESS rules treat them as unknown.');
  });

  it('still reports what spec.values, written after the encrypted Secret, gets wrong', async () => {
    const result = await lintRelease('serverName: example.com\nsynapse:\n  ingres: {}\n', {
      'cm.yaml': valuesObject('ConfigMap', 'ess-values', 'serverName: example.org\n'),
      'secret.sops.yaml': encryptedValues('ess-secret'),
    }, { before });
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:18:7', 'ess/values-schema hr.yaml:23:7']);
  });

  it('gathers several unreadable layers into one info', async () => {
    const result = await lintRelease('serverName: example.com\n', {
      'a.sops.yaml': encryptedValues('ess-secret'),
      'b.sops.yaml': encryptedValues('ess-secret-2'),
    }, { before: valuesFrom(['Secret', 'ess-secret'], ['Secret', 'ess-secret-2']) });
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:16:7']);
    const d = only(result, 'ess/values-schema');
    expect(d.message).toBe(
      'Could not check the values that these layers set: Secret "matrix/ess-secret" is SOPS-encrypted; Secret "matrix/ess-secret-2" is SOPS-encrypted. The ESS rules treat them as unknown.',
    );
    expect(related(d)).toEqual(['hr.yaml:18:7 also not read: Secret "matrix/ess-secret-2" is SOPS-encrypted']);
  });

  it('says once that it has no schema for a 25.x chart, and checks nothing else', async () => {
    const chart = CHART.map((line) => line.replace('26.8.1', '25.6.2'));
    const result = await lintRelease('serverName: example.com\nfoo: 1\n', {}, { chart });
    // At the version, `      version: "25.6.2"`.
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:11:16']);
    const d = only(result, 'ess/values-schema');
    expect(d.severity).toBe('info');
    expect(d.message).toBe(
      'fluxlint has no values schema for matrix-stack 25.6.2, only for 26.x; the values of HelmRelease "matrix/ess" were not checked against one (ess.valuesSchemas in .fluxlint.yaml can name the chart\'s own).',
    );
  });

  it('makes an unknown key an info for a 26.x newer than its schema', async () => {
    const chart = CHART.map((line) => line.replace('26.8.1', '26.9.0'));
    const result = await lintRelease('serverName: example.com\nfoo: 1\n', {}, { chart });
    expect(ess(result)).toEqual(['ess/values-schema hr.yaml:17:5']);
    const d = only(result, 'ess/values-schema');
    expect(d.severity).toBe('info');
    expect(d.message).toBe('Unknown field "foo" in the values of HelmRelease "matrix/ess". fluxlint\'s schema knows matrix-stack up to 26.8.x; the key may be new in 26.9.0.');
  });
});

// ---------------------------------------------------------------------------------

describe('MAS rules', () => {
  /** MAS configuration in matrixAuthenticationService.additional["00-auth"]: its first line is line 21, column 13. */
  const mas = (config: string) => `serverName: example.com\nmatrixAuthenticationService:\n  additional:\n    00-auth:\n      config: |\n${indent(config, 8)}`;
  const PROVIDER = [
    'upstream_oauth2:',
    '  providers:',
    '    - id: 01JSHPZHAXC50QBKH67MH33TNF',
    '      issuer: https://sso.example.com',
    '      client_id: mas',
    '      client_secret: not-a-real-secret',
    '      token_endpoint_auth_method: client_secret_basic',
    '',
  ].join('\n');

  it('mas/config: upstream_oauth2_config gets a message of its own, pointing to upstream_oauth2.providers', async () => {
    const result = await lintRelease(mas('upstream_oauth2_config:\n  issuer: https://sso.example.com\n'));
    expect(ess(result)).toEqual(['mas/config hr.yaml:21:13']);
    const d = only(result, 'mas/config');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('"upstream_oauth2_config" is not a MAS option in matrixAuthenticationService.additional["00-auth"].config of HelmRelease "matrix/ess": MAS ignores it.');
    expect(d.fix).toBe('Upstream identity providers go in upstream_oauth2.providers[] (each with id, issuer, client_id, and claims_imports to map user attributes).');
  });

  it('mas/config: a provider id must be a ULID', async () => {
    const result = await lintRelease(mas(PROVIDER.replace('01JSHPZHAXC50QBKH67MH33TNF', 'not-a-ulid')));
    expect(ess(result)).toEqual(['mas/config hr.yaml:23:23']);
    expect(only(result, 'mas/config').message).toBe(
      '"upstream_oauth2.providers[0].id" in matrixAuthenticationService.additional["00-auth"].config of HelmRelease "matrix/ess" must be a ULID (26 characters of Crockford base32), not a string ("not-a-ulid").',
    );
  });

  it('mas/config: upstream_oauth2 needs providers', async () => {
    const result = await lintRelease(mas('upstream_oauth2: {}\n'));
    expect(ess(result)).toEqual(['mas/config hr.yaml:21:13']);
    const d = only(result, 'mas/config');
    expect(d.message).toBe('Missing required field "upstream_oauth2.providers" in matrixAuthenticationService.additional["00-auth"].config of HelmRelease "matrix/ess".');
    expect(d.fix).toBe('Add "providers" to "upstream_oauth2".');
  });

  it('mas/config: a complete provider passes', async () => {
    expect((await lintRelease(mas(PROVIDER))).diagnostics.map(brief)).toEqual([]);
  });

  it('mas/login-lockout: passwords disabled without a provider locks everyone out', async () => {
    const result = await lintRelease(mas('passwords:\n  enabled: false\n'));
    expect(ess(result)).toEqual(['mas/login-lockout hr.yaml:22:24']);
    const d = only(result, 'mas/login-lockout');
    expect(span(d.location)).toBe('hr.yaml:22:24-22:29');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('MAS of HelmRelease "matrix/ess" has password login disabled (passwords.enabled: false) and no upstream_oauth2 provider: nobody can sign in.');
    expect(d.fix).toBe('Add an upstream_oauth2.providers entry, or enable passwords.');
  });

  it('mas/login-lockout: says nothing with a provider, in the same or another entry', async () => {
    expect(ess(await lintRelease(mas(`passwords:\n  enabled: false\n${PROVIDER}`)))).toEqual([]);
    const split = `${mas('passwords:\n  enabled: false\n')}    01-sso:\n      config: |\n${indent(PROVIDER, 8)}`;
    expect(ess(await lintRelease(split))).toEqual([]);
  });

  it('mas/login-lockout: only an info when a configSecret entry may hold the provider', async () => {
    const values = `${mas('passwords:\n  enabled: false\n')}    01-sso:\n      configSecret: mas-sso\n      configSecretKey: sso.yaml\n`;
    const result = await lintRelease(values);
    expect(ess(result)).toEqual(['mas/login-lockout hr.yaml:22:24']);
    const d = only(result, 'mas/login-lockout');
    expect(d.severity).toBe('info');
    expect(d.message).toBe(
      'Could not check whether MAS of HelmRelease "matrix/ess" has an upstream OAuth2 provider besides disabled passwords: "01-sso" is read from Secret "mas-sso" (key "sso.yaml") at run time.',
    );
  });

  const OPEN = 'account:\n  password_registration_enabled: true\n  password_registration_email_required: false\n';

  it('mas/open-registration: open password sign-up without email or token', async () => {
    const result = await lintRelease(mas(OPEN));
    expect(ess(result)).toEqual(['mas/open-registration hr.yaml:22:46']);
    const d = only(result, 'mas/open-registration');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe('MAS of HelmRelease "matrix/ess" lets anyone register with a password, with no verified email and no registration token, on a federating server.');
    expect(d.fix).toBe(
      'Set account.registration_token_required: true (and hand out tokens), or require an email address (password_registration_email_required: true).',
    );
  });

  it('mas/open-registration: says nothing when a registration token is required, or MAS is disabled', async () => {
    expect(ess(await lintRelease(mas(`${OPEN}  registration_token_required: true\n`)))).toEqual([]);
    const disabled = mas(OPEN).replace('matrixAuthenticationService:\n', 'matrixAuthenticationService:\n  enabled: false\n');
    expect(findings(await lintRelease(disabled), 'mas/open-registration')).toEqual([]);
  });

  it('mas/open-registration: says nothing with the legacy token key, or with passwords disabled', async () => {
    expect(findings(await lintRelease(mas(`${OPEN}  password_registration_token_required: true\n`)), 'mas/open-registration')).toEqual([]);
    expect(findings(await lintRelease(mas(`${OPEN}passwords:\n  enabled: false\n`)), 'mas/open-registration')).toEqual([]);
    // The same keys with other values do not exempt it.
    expect(findings(await lintRelease(mas(`${OPEN}  password_registration_token_required: false\n`)), 'mas/open-registration')).toEqual(['mas/open-registration hr.yaml:22:46']);
    expect(findings(await lintRelease(mas(`${OPEN}passwords:\n  enabled: true\n`)), 'mas/open-registration')).toEqual(['mas/open-registration hr.yaml:22:46']);
  });

  it('mas/open-registration: says nothing when Synapse federates only with listed servers (federation_domain_whitelist)', async () => {
    const withSynapse = (config: string) => `${mas(OPEN)}synapse:\n  additional:\n    00-federation:\n      config: |\n${indent(config, 8)}`;
    expect(findings(await lintRelease(withSynapse('federation_domain_whitelist: []\n')), 'mas/open-registration')).toEqual([]);
    expect(findings(await lintRelease(withSynapse('federation_domain_whitelist:\n  - friends.example.org\n')), 'mas/open-registration')).toEqual([]);
    // A Synapse config that does not limit federation keeps the finding.
    expect(findings(await lintRelease(withSynapse('max_upload_size: 50M\n')), 'mas/open-registration')).toEqual(['mas/open-registration hr.yaml:22:46']);
  });
});

// ---------------------------------------------------------------------------------

describe('element-web/config', () => {
  const CONFIG = [
    'serverName: example.com', //                                   16
    'elementWeb:',
    '  additional:',
    '    config.json: |',
    '      {', //                                                   20
    '        "brand": "Example",',
    '        "defaultTheme": "dark",', //                           22
    '        "roomDirectory": {"servers": ["example.com"]},', //    23
    '        "show_lab_settings": true,', //                        24
    '      }', //                                                   25
    '',
  ].join('\n');

  it('reports the trailing comma where JSON.parse stops, and the keys', async () => {
    const result = await lintRelease(CONFIG);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([
      'element-web/config hr.yaml:22:13 warning',
      'element-web/config hr.yaml:23:13 warning',
      'element-web/config hr.yaml:24:13 warning',
      'element-web/config hr.yaml:24:38 error',
    ]);
    const [theme, directory, labs, json] = result.diagnostics;
    // The trailing comma itself: line 24, column 13 + 25 characters of `"show_lab_settings": true`.
    expect(span(json!.location)).toBe('hr.yaml:24:38-24:39');
    expect(json!.message).toBe(
      'elementWeb.additional["config.json"] of HelmRelease "matrix/ess" is not valid JSON: a trailing comma before "}". The chart fails to render Element Web\'s config.',
    );
    expect(json!.fix).toBe('Correct the JSON here (a trailing comma, a missing comma or quote are the usual causes).');
    // defaultTheme has no camelCase fallback in Element Web (only the keys in ELEMENT_WEB_DEPRECATED_KEYS do): unknown.
    expect(theme!.message).toBe('Unknown field "defaultTheme" in elementWeb.additional["config.json"] of HelmRelease "matrix/ess"; did you mean "default_theme"?');
    expect(directory!.message).toBe(
      '"roomDirectory" in elementWeb.additional["config.json"] of HelmRelease "matrix/ess" is a deprecated spelling of "room_directory"; Element Web announces it will stop reading it.',
    );
    expect(directory!.fix).toBe('Rename it to "room_directory".');
    expect(labs!.message).toBe('Unknown field "show_lab_settings" in elementWeb.additional["config.json"] of HelmRelease "matrix/ess"; did you mean "show_labs_settings"?');
    expect(labs!.fix).toBe('Rename it to "show_labs_settings".');
  });

  it('places a JSON error inside a quoted scalar by its column', async () => {
    // `    config.json: '` puts `{` at column 23; the trailing comma after `"brand": "Example"` is 19 characters on.
    const result = await lintRelease('serverName: example.com\nelementWeb:\n  additional:\n    config.json: \'{"brand": "Example",}\'\n');
    expect(result.diagnostics.map((d) => span(d.location))).toEqual(['hr.yaml:19:42-19:43']);
  });

  it('reports a missing comma at the key after it', async () => {
    const values = 'serverName: example.com\nelementWeb:\n  additional:\n    config.json: |\n      {\n        "brand": "Example"\n        "default_theme": "dark"\n      }\n';
    const result = await lintRelease(values);
    expect(result.diagnostics.map((d) => `${span(d.location)} ${d.message}`)).toEqual([
      'hr.yaml:22:13-22:14 elementWeb.additional["config.json"] of HelmRelease "matrix/ess" is not valid JSON: expected "," or "}" after a property value, unexpected string. The chart fails to render Element Web\'s config.',
    ]);
  });

  it('reports an unquoted value at the value', async () => {
    const values = 'serverName: example.com\nelementWeb:\n  additional:\n    config.json: |\n      {\n        "brand": "Example",\n        "default_theme": dark\n      }\n';
    const result = await lintRelease(values);
    // `        "default_theme": ` is 17 characters after column 13: `dark` starts at column 30 of line 22.
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual(['element-web/config hr.yaml:22:30 error']);
  });

  it('says nothing about a valid config with current keys (the good example)', async () => {
    const good = CONFIG.replace('"defaultTheme"', '"default_theme"').replace('"roomDirectory"', '"room_directory"').replace('"show_lab_settings": true,', '"show_labs_settings": true');
    expect((await lintRelease(good)).diagnostics.map(brief)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------

describe('values from a Secret never appear in a diagnostic', () => {
  const CANARY = 'zq-canary-93';
  // hr.yaml takes its values from the plaintext Secret ess-secret (values.yaml at line 8) and spec.values.
  const secretRelease = (secretValues: string, values = 'serverName: example.com\n') =>
    lintRelease(values, { 'ess-secret.yaml': valuesObject('Secret', 'ess-secret', secretValues) }, { before: valuesFrom(['Secret', 'ess-secret']) });

  const shown = (result: LintResult) => JSON.stringify(result.diagnostics.filter((d) => ESS_RULES.some((p) => d.ruleId.startsWith(p))));

  it('as the value of an unknown key, or as an invalid value', async () => {
    const secretValues = [
      'synapse:', //                                                   8
      `  bogusKey: ${CANARY}-1`, //                                    9
      `  replicas: ${CANARY}-2`, //                                    10
      '  ingress:',
      `    controllerType: ${CANARY}-3`, //                            12
      '  additional:',
      '    a:',
      '      config: |', //                                            15
      `        url_preview_enabled: ${CANARY}-4`,
      `        url_preview_enabeld: ${CANARY}-5`, //                   17
      `        max_upload_size: ${CANARY}-6`, //                       18
      'matrixAuthenticationService:',
      '  additional:', //                                              20
      '    a:',
      '      config: |',
      '        upstream_oauth2:',
      '          providers:',
      `            - id: ${CANARY}-7`, //                              25
      `              client_id: ${CANARY}-8`,
      `              token_endpoint_auth_method: ${CANARY}-9`, //      27
      'elementWeb:',
      '  additional:',
      `    config.json: '{"brand": "${CANARY}-10", "show_lab_settings": "${CANARY}-11",}'`, // 30
      '',
    ].join('\n');
    const result = await secretRelease(secretValues);
    expect(ess(result)).toEqual([
      'ess/values-schema ess-secret.yaml:9:7',
      'ess/values-schema ess-secret.yaml:10:17',
      'ess/values-schema ess-secret.yaml:12:25',
      'synapse/unknown-key ess-secret.yaml:17:13',
      'synapse/chart-managed-key ess-secret.yaml:18:13',
      'mas/config ess-secret.yaml:25:23',
      'mas/config ess-secret.yaml:27:47',
      // `    config.json: '` puts `{` at column 23: "show_lab_settings" is 29 characters on, the trailing comma 67.
      'element-web/config ess-secret.yaml:30:52',
      'element-web/config ess-secret.yaml:30:90',
    ]);
    expect(shown(result)).not.toContain(CANARY);
    // The kind of the value is said, the value is not.
    const messages = result.diagnostics.map((d) => d.message);
    expect(messages).toContain('"synapse.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string.');
    expect(messages).toContain('"synapse.ingress.controllerType" in the values of HelmRelease "matrix/ess" must be one of "ingress-nginx", not a string.');
    expect(messages).toContain(
      '"upstream_oauth2.providers[0].id" in matrixAuthenticationService.additional.a.config of HelmRelease "matrix/ess" must be a ULID (26 characters of Crockford base32), not a string.',
    );
  });

  it('as a configuration text that is not YAML (the parser’s words may quote it)', async () => {
    const result = await secretRelease(`synapse:\n  additional:\n    a:\n      config: |\n        url_preview_enabled: [${CANARY}\n`);
    expect(result.diagnostics.filter((d) => d.ruleId === 'ess/values-schema').map((d) => `${brief(d)} ${d.message}`)).toEqual([
      `ess/values-schema ess-secret.yaml:12:13 "synapse.additional.a.config" in HelmRelease "matrix/ess" is not valid YAML; matrix-stack refuses to render it ("synapse.additional['a'] is invalid", since 26.4.1).`,
    ]);
    expect(shown(result)).not.toContain(CANARY);
  });

  it('as a wellKnownDelegation.additional document that is not JSON', async () => {
    const result = await secretRelease(`wellKnownDelegation:\n  additional:\n    client: '${CANARY}'\n`);
    expect(ess(result)).toEqual(['ess/values-schema ess-secret.yaml:10:18']);
    expect(shown(result)).not.toContain(CANARY);
  });

  // Hosts are not credentials, but a value from a Secret is never shown: messages name the key instead.
  it('as a server name or host', async () => {
    const secretValues = `serverName: ${CANARY}.example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.${CANARY}.example.com\nwellKnownDelegation:\n  enabled: false\n`;
    const result = await secretRelease(secretValues, 'certManager:\n  clusterIssuer: letsencrypt-prod\n');
    expect(ess(result)).toEqual(['ess/well-known-disabled ess-secret.yaml:13:16']);
    expect(shown(result)).not.toContain(CANARY);
  });
});

// ---------------------------------------------------------------------------------

describe('malformed values', () => {
  // Each shape with exactly what the pack says about it; no rule may fail on any.
  const shapes: [values: string, expected: string[]][] = [
    ['synapse: on\nserverName: 42\n', ['ess/values-schema hr.yaml:16:14', 'ess/values-schema hr.yaml:17:17']],
    ['synapse:\n  additional: [a, b]\n', ['ess/values-schema hr.yaml:17:19']],
    // A null entry is Helm's way to delete one; the others are not mappings.
    ['synapse:\n  additional:\n    a: text\n    b: null\n    c: [1]\n', ['ess/values-schema hr.yaml:18:12', 'ess/values-schema hr.yaml:20:12']],
    // A configuration that is a list, or not YAML at all: the chart refuses it (test/ess-additional-config.test.ts compares with Helm).
    ['synapse:\n  additional:\n    a:\n      config: "- a list\\n- not a mapping\\n"\n', ['ess/values-schema hr.yaml:19:20']],
    ['synapse:\n  additional:\n    a:\n      config: "key: [unclosed"\n', ['ess/values-schema hr.yaml:19:20']],
    ['wellKnownDelegation: null\nelementWeb:\n  ingress: null\n', []],
    [
      'wellKnownDelegation:\n  enabled: "false"\n  additional:\n    client: 7\n',
      ['ess/values-schema hr.yaml:17:16', 'ess/well-known-disabled hr.yaml:17:16', 'ess/values-schema hr.yaml:19:17'],
    ],
    ['elementWeb:\n  additional:\n    config.json: 12\n    other.json: "[1, 2]"\n', ['ess/values-schema hr.yaml:18:22', 'element-web/config hr.yaml:19:22']],
    ['matrixAuthenticationService:\n  additional:\n    a:\n      config: "passwords: false\\nupstream_oauth2: [1]\\n"\n', ['mas/config hr.yaml:19:31', 'mas/config hr.yaml:19:55']],
    // Template text for hosts is not a host: nothing is compared or checked there.
    ['serverName: "{{ .Values.global.domain }}"\nelementWeb:\n  ingress:\n    host: "{{ .Values.serverName }}"\ncertManager: issuer\n', ['ess/values-schema hr.yaml:20:18']],
    ['ingress:\n  annotations: [x]\nmatrixRTC:\n  ingress:\n    host: [a]\n', ['ess/values-schema hr.yaml:17:20', 'ess/values-schema hr.yaml:20:15']],
  ];

  it.each(shapes)('%j: exactly the expected findings, and no rule fails', async (values, expected) => {
    const result = await lintRelease(values);
    expect(result.internalErrors.map((e) => `${e.ruleId}: ${String(e.error)}`)).toEqual([]);
    expect(ess(result)).toEqual(expected);
  });
});
