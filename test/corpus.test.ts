import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../rules/index.js';
import { lint } from '../src/lint.js';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { idOf } from '../src/model/kustomize/object.js';
import { renderValues, writtenIn } from '../src/values-command.js';
import { brief, lintDir, temporaryDirectory, countBy } from './helpers.js';
import { CORPUS, CORPUS_REPOSITORIES, corpusDirectories, sharedAvailable } from './corpus.js';

/**
 * Every repository of the corpus (real public Flux repositories, not copied here)
 * is linted as its own root. No crash, no internal error; every SOPS finding was
 * looked at by hand and is listed here.
 */
const EXPECTED_SOPS_FINDINGS: Record<string, string[]> = {
  // A vendored upstream manifest ships a generated Secret (a base64 image reference) in plaintext.
  'bluevulpine__flux-talos': ['sops/unencrypted-secret kubernetes/apps/database/cloudnative-pg/plugin-barman-cloud/manifest.yaml:943:3'],
};

/**
 * Counts of the Flux-model findings per repository, each looked at by hand:
 * - flux/missing-reference: Secrets made in-cluster by tools fluxlint does not model
 *   (yukariin's flux-web-oidc-credentials); in drag0n141's `.archive/` and in the extracts,
 *   references to objects that were removed or not extracted. The sync GitRepository every
 *   Kustomization names is made by the Flux Operator (billimek's FluxInstance, the
 *   flux-instance chart of bjw-s, onedr0p, bluevulpine and drag0n141) or by flux bootstrap
 *   (the multi-tenancy example's placeholder gotk-sync.yaml): not missing. Nor is the
 *   GitRepository home-kubernetes of the extracts' root Kustomizations (no entry point
 *   there: whoever applies a root creates its source).
 * - kustomize/missing-resource: the extracts lack their siblings by construction (two
 *   extracts of bluevulpine each define Kustomizations matrix-stack-db and matrix-stack,
 *   each checked: 22). Generator files that are not YAML are left out of this count: the
 *   corpus holds YAML files only.
 * - kustomize/remote-resource: remote CRDs and the Flux install manifests (bluevulpine's
 *   and lucas-dclrcq's kubernetes/bootstrap/flux, applied by hand, are unreached).
 * - flux/deprecated-api: the multi-tenancy example's v1beta2 OCIRepository.
 * - flux/unreached: one info per tree that the entry point (the flux-instance chart's
 *   sync path kubernetes/flux/cluster) does not reach, standing for the findings there:
 *   drag0n141's `.archive/` (Kustomizations and kustomizations pointing at paths that
 *   moved, 32 archived HelmReleases on beta APIs, references to removed objects: see the
 *   lintUnreached test below); bluevulpine's network/k8s-gateway (no ks.yaml, not listed
 *   in network/kustomization.yaml; its kustomization lists a helmrelease.yaml that is not
 *   there) and kubernetes/bootstrap; yukariin's ai-system/searxng (commented out of
 *   ai-system/kustomization.yaml; a generator file is missing); lucas-dclrcq's
 *   kubernetes/bootstrap (the Flux install with a remote base, applied by hand; its entry
 *   point is the self-applying Kustomization `cluster`, path kubernetes/flux, which
 *   kubernetes/flux/config/cluster.yaml holds).
 * - flux/unresolved-substitution: only the info, once per SOPS-encrypted
 *   cluster-secrets Secret, that the variables taken from it are not checked; no
 *   variable of the corpus is left without a value.
 */
const EXPECTED_MODEL_FINDINGS: Record<string, Record<string, number>> = {
  _index_extracts: { 'kustomize/missing-resource': 22, 'flux/missing-reference': 6 },
  'billimek__k8s-gitops': {},
  'bjw-s-labs__home-ops': {},
  'bluevulpine__flux-talos': { 'kustomize/remote-resource': 1, 'flux/unreached': 2, 'flux/unresolved-substitution': 1 },
  'drag0n141__home-ops': { 'flux/unreached': 1, 'flux/missing-reference': 1, 'kustomize/remote-resource': 1, 'flux/unresolved-substitution': 1 },
  'fluxcd__flux2-kustomize-helm-example': {},
  'fluxcd__flux2-multi-tenancy': { 'flux/deprecated-api': 1 },
  'lucas-dclrcq__homelabitty': { 'flux/unreached': 1, 'flux/unresolved-substitution': 2 },
  'onedr0p__cluster-template': {},
  'onedr0p__home-ops': {},
  'yukariin__cluster': { 'flux/missing-reference': 1, 'flux/unreached': 1 },
};

/** The deprecated Flux APIs behind the flux/deprecated-api counts above. */
const EXPECTED_DEPRECATED_APIS: Record<string, Record<string, number>> = {
  'fluxcd__flux2-multi-tenancy': { 'source.toolkit.fluxcd.io/v1beta2': 1 },
};

/**
 * Findings of the ESS pack (ess/*, synapse/*, mas/*, element-web/*) and of
 * cert-manager/duplicate-host, each looked at by hand. Four HelmReleases of the
 * corpus install matrix-stack (yukariin's and three in the extracts); no repository
 * asks cert-manager twice for one name.
 */
const EXPECTED_ESS_FINDINGS: Record<string, string[]> = {
  _index_extracts: [
    // Chart 26.10.0 is newer than fluxlint's schema (26.8): a key it does not know is an info, not an error.
    'ess/values-schema bluevulpine__flux-talos/kubernetes/apps/matrix-bluevulpine/matrix-stack/app/helmrelease.yaml:153:9',
    // passwords.enabled: false, and the upstream provider is in a Secret fluxlint cannot read: info.
    'mas/login-lockout bluevulpine__flux-talos/kubernetes/apps/matrix-bluevulpine/matrix-stack/app/helmrelease.yaml:188:24',
    'ess/values-schema bluevulpine__flux-talos/kubernetes/apps/matrix/matrix-stack/app/helmrelease.yaml:94:9',
    'mas/login-lockout bluevulpine__flux-talos/kubernetes/apps/matrix/matrix-stack/app/helmrelease.yaml:129:24',
    // A real finding: Element Web reads defaultCountryCode only as a deprecated alias of default_country_code.
    'element-web/config lucas-dclrcq__homelabitty/kubernetes/apps/matrix/matrix-stack/app/helmrelease.yaml:189:13',
  ],
  // yukariin: m.homeserver in additional.client equals what the chart writes (redundant, not wrong); Synapse on
  // the server name routes only /_matrix and /_synapse, and its Ingresses have class "disabled".
};

/** A generator file the corpus cannot have: it keeps YAML files only. */
function corpusArtifact(message: string): boolean {
  const match = /^Generator file "([^"]*)" does not exist/.exec(message);
  return match !== null && !/\.ya?ml$/.test(match[1]!);
}

const available = sharedAvailable(CORPUS);

describe('the corpus of real Flux repositories', () => {
  it.runIf(available)('has the ten repositories and the extracts, each expected here', () => {
    expect(corpusDirectories()).toEqual(CORPUS_REPOSITORIES);
    expect(Object.keys(EXPECTED_MODEL_FINDINGS).sort()).toEqual(CORPUS_REPOSITORIES);
  });

  let releases = 0;
  afterAll(() => {
    if (available) console.log(`fluxlint values rendered ${releases} HelmReleases of the corpus`);
  });
  // A spy per test, restored after it: one warning must fail its own repository only.
  let warnings: MockInstance<typeof process.emitWarning>;
  beforeEach(() => {
    warnings = vi.spyOn(process, 'emitWarning');
  });
  afterEach(() => warnings.mockRestore());

  for (const name of CORPUS_REPOSITORIES) {
    it.runIf(available)(`lints ${name} without internal errors, with exactly the expected SOPS findings`, async () => {
      const result = await lintDir(path.join(CORPUS, name));
      expect(result.internalErrors).toEqual([]);
      expect(result.repository.files.length).toBeGreaterThan(0);
      const sops = result.diagnostics.filter((d) => d.ruleId.startsWith('sops/')).map(brief);
      expect(sops).toEqual(EXPECTED_SOPS_FINDINGS[name] ?? []);
      const counts: Record<string, number> = {};
      for (const d of result.diagnostics) {
        if (!/^(flux|kustomize|k8s)\//.test(d.ruleId) || corpusArtifact(d.message)) continue;
        counts[d.ruleId] = (counts[d.ruleId] ?? 0) + 1;
      }
      expect(counts).toEqual(EXPECTED_MODEL_FINDINGS[name]);
      const deprecated = countBy(result.diagnostics.filter((d) => d.ruleId === 'flux/deprecated-api').map((d) => /uses (\S+),/.exec(d.message)![1]!));
      expect(deprecated).toEqual(EXPECTED_DEPRECATED_APIS[name] ?? {});
      const ess = result.diagnostics.filter((d) => /^(ess|synapse|mas|element-web|cert-manager)\//.test(d.ruleId)).map(brief);
      expect(ess).toEqual(EXPECTED_ESS_FINDINGS[name] ?? []);
      expect(warnings).not.toHaveBeenCalled();

      // `fluxlint values` works for every HelmRelease, in both formats.
      const model = result.repository.flux;
      for (const release of model.ofKind('HelmRelease')) {
        const id = idOf(release);
        for (const format of ['yaml', 'json'] as const) {
          // Several clusters or overlays may hold one name: the file and the applying Kustomization choose.
          const from = release.owner ? writtenIn(model, release.owner.object) : release.buildDir;
          const request = { reference: `${id.namespace}/${id.name}`, file: writtenIn(model, release), ...(from !== null ? { kustomization: from } : {}) };
          const rendered = renderValues(model, request, format);
          expect('output' in rendered ? 'output' : rendered.error, request.reference).toBe('output');
        }
        releases++;
      }
    });
  }

  it.runIf(available)('reports every finding of drag0n141\'s unreached .archive/ one by one with lintUnreached: true', async () => {
    const dir = temporaryDirectory('fluxlint-corpus-');
    try {
      const configFile = path.join(dir, 'fluxlint.yaml');
      writeFileSync(configFile, 'lintUnreached: true\n');
      const root = path.join(CORPUS, 'drag0n141__home-ops');
      const result = await lint({ targets: [root], root, rules: RULES, cwd: root, configFile });
      const archived = result.diagnostics.filter((d) => d.location.file.startsWith('.archive/') && /^(flux|kustomize)\//.test(d.ruleId) && !corpusArtifact(d.message));
      expect(countBy(archived.map((d) => d.ruleId))).toEqual({ 'kustomize/missing-resource': 160, 'flux/missing-reference': 25, 'flux/deprecated-api': 32 });
      expect(countBy(archived.filter((d) => d.ruleId === 'flux/deprecated-api').map((d) => /uses (\S+),/.exec(d.message)![1]!))).toEqual({ 'helm.toolkit.fluxcd.io/v2beta1': 15, 'helm.toolkit.fluxcd.io/v2beta2': 17 });
      expect(result.diagnostics.filter((d) => d.ruleId === 'flux/unreached')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
