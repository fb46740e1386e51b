import { arr, bool, def, freeObject, int64, intRange, mapOf, obj, oneOfStrings, pattern, str, stringMap, strings, type Schema } from '../dsl.js';

/** Pieces of the Kubernetes API that many kinds share (k8s.io/apimachinery and k8s.io/api/core/v1). */

export const ObjectMeta = def(
  'ObjectMeta',
  obj(
    {
      name: str(),
      generateName: str(),
      namespace: str(),
      labels: stringMap,
      annotations: stringMap,
      finalizers: strings,
      ownerReferences: arr(
        obj({ 'apiVersion!': str(), 'kind!': str(), 'name!': str(), 'uid!': str(), controller: bool, blockOwnerDeletion: bool }),
      ),
      // Written by the API server; harmless in an exported manifest.
      uid: str(),
      resourceVersion: str(),
      generation: int64,
      creationTimestamp: { type: ['string', 'null'] },
      deletionTimestamp: str(),
      deletionGracePeriodSeconds: int64,
      selfLink: str(),
      managedFields: arr(freeObject),
    },
    { description: 'Standard object metadata' },
  ),
);

/** A reference by name to an object in the same namespace; the name is required. */
export const LocalObjectReference = def('LocalObjectReference', obj({ 'name!': str() }));

/** A key of a Secret in the same namespace (cert-manager's `SecretKeySelector`). */
export const SecretKeySelector = def('SecretKeySelector', obj({ 'name!': str(), key: str() }));

export const LabelSelector = def(
  'LabelSelector',
  obj({
    matchLabels: stringMap,
    matchExpressions: arr(
      obj({ 'key!': str(), 'operator!': oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist'), values: strings }),
    ),
  }),
);

const NodeSelectorRequirement = def(
  'NodeSelectorRequirement',
  obj({ 'key!': str(), 'operator!': oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'), values: strings }),
);

const NodeSelectorTerm = def('NodeSelectorTerm', obj({ matchExpressions: arr(NodeSelectorRequirement), matchFields: arr(NodeSelectorRequirement) }));

const PodAffinityTerm = def(
  'PodAffinityTerm',
  obj({
    labelSelector: LabelSelector,
    namespaceSelector: LabelSelector,
    namespaces: strings,
    'topologyKey!': str(),
    matchLabelKeys: strings,
    mismatchLabelKeys: strings,
  }),
);

const WeightedPodAffinityTerm = def('WeightedPodAffinityTerm', obj({ 'weight!': intRange(1, 100), 'podAffinityTerm!': PodAffinityTerm }));

const podAffinity = (): Schema =>
  obj({
    requiredDuringSchedulingIgnoredDuringExecution: arr(PodAffinityTerm),
    preferredDuringSchedulingIgnoredDuringExecution: arr(WeightedPodAffinityTerm),
  });

export const Affinity = def(
  'Affinity',
  obj({
    nodeAffinity: obj({
      requiredDuringSchedulingIgnoredDuringExecution: obj({ 'nodeSelectorTerms!': arr(NodeSelectorTerm) }),
      preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ 'weight!': intRange(1, 100), 'preference!': NodeSelectorTerm })),
    }),
    podAffinity: podAffinity(),
    podAntiAffinity: podAffinity(),
  }),
);

export const Toleration = def(
  'Toleration',
  obj({
    key: str(),
    // An empty operator means Equal; an empty effect matches every effect.
    operator: oneOfStrings('Exists', 'Equal', ''),
    value: str(),
    effect: oneOfStrings('NoSchedule', 'PreferNoSchedule', 'NoExecute', ''),
    tolerationSeconds: int64,
  }),
);

/** A resource quantity: `500m`, `1.5Gi`, `2`. YAML numbers are accepted as Kubernetes does. */
export const Quantity = def('Quantity', {
  type: ['number', 'string'],
  description: 'a quantity such as "500m", "128Mi" or "2"',
  pattern: '^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?(\\d+(\\.\\d*)?|\\.\\d+))?$',
});

export const ResourceRequirements = def(
  'ResourceRequirements',
  obj({ limits: mapOf(Quantity), requests: mapOf(Quantity), claims: arr(obj({ 'name!': str(), request: str() })) }),
);

export const PodSecurityContext = def(
  'PodSecurityContext',
  obj({
    fsGroup: int64,
    fsGroupChangePolicy: oneOfStrings('OnRootMismatch', 'Always'),
    runAsGroup: int64,
    runAsNonRoot: bool,
    runAsUser: int64,
    seLinuxOptions: obj({ level: str(), role: str(), type: str(), user: str() }),
    seccompProfile: obj({ 'type!': oneOfStrings('Unconfined', 'RuntimeDefault', 'Localhost'), localhostProfile: str() }),
    supplementalGroups: arr(int64),
    sysctls: arr(obj({ 'name!': str(), 'value!': str() })),
  }),
);

/** A core `ObjectReference` (ServiceAccount `secrets`). */
export const ObjectReference = def(
  'ObjectReference',
  obj({ apiVersion: str(), kind: str(), name: str(), namespace: str(), uid: str(), resourceVersion: str(), fieldPath: str() }),
);

/** Labels and annotations only (templates for generated objects). */
export const LabelsAndAnnotations = def('LabelsAndAnnotations', obj({ labels: stringMap, annotations: stringMap }));

export const Port = intRange(1, 65535);

/** A Go `time.Duration` as `metav1.Duration` parses it: `2160h`, `1h30m`, `90s`. */
export const GoDuration = def(
  'GoDuration',
  pattern('^[-+]?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+)$', 'a Go duration such as "2160h" or "1h30m" (units ns, us, ms, s, m, h; no days)'),
);

