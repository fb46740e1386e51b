import { arr, bool, def, exactlyOne, freeObject, int, obj, oneOfStrings, pattern, str, stringMap, strings, type Schema } from '../dsl.js';
import { LabelsAndAnnotations, LocalObjectReference } from './common.js';
import { resource, type KindSchema } from './resource.js';

/** Flags every Helm action of a HelmRelease (install, upgrade) has. */
const helmActionFlags = {
  disableWait: bool,
  disableWaitForJobs: bool,
  disableHooks: bool,
  disableOpenAPIValidation: bool,
  disableSchemaValidation: bool,
  disableTakeOwnership: bool,
};

/**
 * Flux APIs: helm.toolkit.fluxcd.io/v2, kustomize.toolkit.fluxcd.io/v1,
 * source.toolkit.fluxcd.io/v1 (and OCIRepository v1beta2). Facts from the API
 * types of helm-controller, kustomize-controller and source-controller.
 */

const Duration = def(
  'Duration',
  pattern('^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$', 'a duration such as "30s", "10m" or "1h30m" (units ms, s, m, h)'),
);

/** Source timeouts do not take hours. */
const SourceTimeout = def('SourceTimeout', pattern('^([0-9]+(\\.[0-9]+)?(ms|s|m))+$', 'a duration such as "60s" or "5m" (units ms, s, m)'));

const name = (maxLength: number): Schema => str({ minLength: 1, maxLength });

/** What a kustomize patch or an ignore rule applies to. */
const Selector = def(
  'Selector',
  obj({ group: str(), version: str(), kind: str(), name: str(), namespace: str(), annotationSelector: str(), labelSelector: str() }),
);

/** A strategic merge or JSON6902 patch; its content is free-form. */
const Patch = def('Patch', obj({ 'patch!': str(), target: Selector }));

const Image = def('Image', obj({ 'name!': str(), newName: str(), newTag: str(), digest: str() }));

const DependencyReference = def('DependencyReference', obj({ 'name!': str(), namespace: str(), readyExpr: str() }));

const CustomHealthCheck = def(
  'CustomHealthCheck',
  obj({ 'apiVersion!': str(), kind: str(), 'current!': str(), inProgress: str(), failed: str() }),
);

const KubeConfigReference = def(
  'KubeConfigReference',
  obj({ configMapRef: LocalObjectReference, secretRef: obj({ 'name!': str(), key: str() }) }, exactlyOne('configMapRef', 'secretRef')),
);

const IgnoreRule = def('IgnoreRule', obj({ 'paths!': strings, target: Selector }));

const crds = oneOfStrings('Skip', 'Create', 'CreateReplace');
const serverSideApply = oneOfStrings('enabled', 'disabled', 'auto');
const remediationStrategy = obj({ 'name!': oneOfStrings('RemediateOnFailure', 'RetryOnFailure'), retryInterval: Duration });

const verifyOCI = (trustedRoot: boolean): Schema =>
  obj({
    'provider!': oneOfStrings('cosign', 'notation'),
    secretRef: LocalObjectReference,
    matchOIDCIdentity: arr(obj({ 'issuer!': str(), 'subject!': str() })),
    ...(trustedRoot ? { trustedRootSecretRef: LocalObjectReference } : {}),
  });

export const helmRelease = resource('helm.toolkit.fluxcd.io/v2', 'HelmRelease', {
  'spec!': obj(
    {
      chart: obj({
        metadata: LabelsAndAnnotations,
        'spec!': obj({
          'chart!': name(2048),
          version: str(),
          'sourceRef!': obj({
            apiVersion: str(),
            'kind!': oneOfStrings('HelmRepository', 'GitRepository', 'Bucket'),
            'name!': name(253),
            namespace: name(63),
          }),
          interval: Duration,
          reconcileStrategy: oneOfStrings('ChartVersion', 'Revision'),
          valuesFiles: strings,
          ignoreMissingValuesFiles: bool,
          verify: obj({ 'provider!': oneOfStrings('cosign', 'notation'), secretRef: LocalObjectReference }),
        }),
      }),
      chartRef: obj({
        apiVersion: str(),
        'kind!': oneOfStrings('OCIRepository', 'HelmChart', 'ExternalArtifact'),
        'name!': name(253),
        namespace: name(63),
      }),
      'interval!': Duration,
      kubeConfig: KubeConfigReference,
      suspend: bool,
      releaseName: name(53),
      targetNamespace: name(63),
      storageNamespace: name(63),
      dependsOn: arr(DependencyReference),
      timeout: Duration,
      maxHistory: int,
      serviceAccountName: name(253),
      persistentClient: bool,
      driftDetection: obj({ mode: oneOfStrings('enabled', 'warn', 'disabled'), ignore: arr(IgnoreRule) }),
      install: obj({
        timeout: Duration,
        remediation: obj({ retries: int, ignoreTestFailures: bool, remediateLastFailure: bool }),
        strategy: remediationStrategy,
        ...helmActionFlags,
        replace: bool,
        skipCRDs: bool,
        crds,
        createNamespace: bool,
        serverSideApply: bool,
      }),
      upgrade: obj({
        timeout: Duration,
        remediation: obj({ retries: int, ignoreTestFailures: bool, remediateLastFailure: bool, strategy: oneOfStrings('rollback', 'uninstall') }),
        strategy: remediationStrategy,
        ...helmActionFlags,
        force: bool,
        preserveValues: bool,
        cleanupOnFail: bool,
        crds,
        chartNameChangeStrategy: oneOfStrings('InPlaceUpdate', 'Reinstall'),
        serverSideApply,
      }),
      test: obj({ enable: bool, timeout: Duration, ignoreFailures: bool, filters: arr(obj({ 'name!': name(253), exclude: bool })) }),
      rollback: obj({
        timeout: Duration,
        disableWait: bool,
        disableWaitForJobs: bool,
        disableHooks: bool,
        recreate: bool,
        force: bool,
        cleanupOnFail: bool,
        serverSideApply,
      }),
      uninstall: obj({
        timeout: Duration,
        disableHooks: bool,
        keepHistory: bool,
        disableWait: bool,
        deletionPropagation: oneOfStrings('background', 'foreground', 'orphan'),
      }),
      valuesFrom: arr(
        obj({
          'kind!': oneOfStrings('Secret', 'ConfigMap'),
          'name!': name(253),
          valuesKey: pattern('^[\\-._a-zA-Z0-9]+$', 'a data key (letters, digits, "-", "_", ".")', { maxLength: 253 }),
          targetPath: pattern('^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$', 'a Helm --set path such as "a.b[0].c"', { maxLength: 250 }),
          optional: bool,
          literal: bool,
        }),
      ),
      values: { ...freeObject, description: 'Helm values; free-form' },
      postRenderers: arr(obj({ kustomize: obj({ patches: arr(Patch), images: arr(Image) }) })),
      postRenderStrategy: oneOfStrings('nohooks', 'combined', 'separate'),
      commonMetadata: LabelsAndAnnotations,
      healthCheckExprs: arr(CustomHealthCheck),
      waitStrategy: obj({ 'name!': oneOfStrings('poller', 'legacy') }),
    },
    exactlyOne('chart', 'chartRef'),
  ),
});

export const kustomization = resource('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
  'spec!': obj({
    commonMetadata: LabelsAndAnnotations,
    dependsOn: arr(DependencyReference),
    decryption: obj({ 'provider!': oneOfStrings('sops'), secretRef: LocalObjectReference, serviceAccountName: str() }),
    deletionPolicy: oneOfStrings('MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'),
    'interval!': Duration,
    retryInterval: Duration,
    kubeConfig: KubeConfigReference,
    path: str(),
    postBuild: obj({
      substitute: { ...stringMap, description: 'variables for ${VAR} substitution; every value is a string' },
      substituteFrom: arr(obj({ 'kind!': oneOfStrings('Secret', 'ConfigMap'), 'name!': name(253), optional: bool })),
      substituteStrategy: oneOfStrings('WithVariables', 'Always'),
    }),
    'prune!': bool,
    healthChecks: arr(obj({ apiVersion: str(), 'kind!': str(), 'name!': str(), namespace: str() })),
    healthCheckExprs: arr(CustomHealthCheck),
    namePrefix: name(200),
    nameSuffix: name(200),
    patches: arr(Patch),
    images: arr(Image),
    components: strings,
    ignoreMissingComponents: bool,
    serviceAccountName: str(),
    'sourceRef!': obj({
      apiVersion: str(),
      'kind!': oneOfStrings('OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'),
      'name!': str(),
      namespace: str(),
    }),
    suspend: bool,
    targetNamespace: name(63),
    timeout: Duration,
    force: bool,
    wait: bool,
    buildMetadata: arr(oneOfStrings('originAnnotations', 'transformerAnnotations')),
    ignore: arr(IgnoreRule),
  }),
});

export const gitRepository = resource('source.toolkit.fluxcd.io/v1', 'GitRepository', {
  'spec!': obj({
    'url!': pattern('^(http|https|ssh)://.*$', 'an http://, https:// or ssh:// URL'),
    secretRef: LocalObjectReference,
    provider: oneOfStrings('generic', 'aws', 'azure', 'github'),
    serviceAccountName: str(),
    'interval!': Duration,
    timeout: SourceTimeout,
    ref: obj({ branch: str(), tag: str(), semver: str(), name: str(), commit: str() }),
    verify: obj({ mode: oneOfStrings('head', 'HEAD', 'Tag', 'TagAndHEAD'), 'secretRef!': LocalObjectReference }),
    proxySecretRef: LocalObjectReference,
    ignore: str(),
    suspend: bool,
    recurseSubmodules: bool,
    include: arr(obj({ 'repository!': LocalObjectReference, fromPath: str(), toPath: str() })),
    sparseCheckout: strings,
  }),
});

export const helmRepository = resource('source.toolkit.fluxcd.io/v1', 'HelmRepository', {
  'spec!': obj({
    'url!': pattern('^(http|https|oci)://.*$', 'an http://, https:// or oci:// URL'),
    secretRef: LocalObjectReference,
    certSecretRef: LocalObjectReference,
    passCredentials: bool,
    interval: Duration,
    insecure: bool,
    timeout: SourceTimeout,
    suspend: bool,
    accessFrom: obj({ 'namespaceSelectors!': arr(obj({ matchLabels: stringMap })) }),
    type: oneOfStrings('default', 'oci'),
    provider: oneOfStrings('generic', 'aws', 'azure', 'gcp'),
  }),
});

export const helmChart = resource('source.toolkit.fluxcd.io/v1', 'HelmChart', {
  'spec!': obj({
    'chart!': str(),
    version: str(),
    'sourceRef!': obj({ apiVersion: str(), 'kind!': oneOfStrings('HelmRepository', 'GitRepository', 'Bucket'), 'name!': str() }),
    'interval!': Duration,
    reconcileStrategy: oneOfStrings('ChartVersion', 'Revision'),
    valuesFiles: strings,
    ignoreMissingValuesFiles: bool,
    verify: verifyOCI(false),
    suspend: bool,
  }),
});

const ociRepository = (apiVersion: string, trustedRoot: boolean): KindSchema =>
  resource(apiVersion, 'OCIRepository', {
    'spec!': obj({
      'url!': pattern('^oci://.*$', 'an oci:// URL'),
      ref: obj({ digest: str(), semver: str(), semverFilter: str(), tag: str() }),
      layerSelector: obj({ mediaType: str(), operation: oneOfStrings('extract', 'copy') }),
      provider: oneOfStrings('generic', 'aws', 'azure', 'gcp'),
      secretRef: LocalObjectReference,
      verify: verifyOCI(trustedRoot),
      serviceAccountName: str(),
      certSecretRef: LocalObjectReference,
      proxySecretRef: LocalObjectReference,
      'interval!': Duration,
      timeout: SourceTimeout,
      ignore: str(),
      insecure: bool,
      suspend: bool,
    }),
  });

export const ociRepositoryV1 = ociRepository('source.toolkit.fluxcd.io/v1', true);
export const ociRepositoryV1beta2 = ociRepository('source.toolkit.fluxcd.io/v1beta2', false);

export const FLUX_KINDS: KindSchema[] = [helmRelease, kustomization, gitRepository, helmRepository, helmChart, ociRepositoryV1, ociRepositoryV1beta2];
