import { arr, bool, def, freeObject, int, int64, intRange, mapOf, num, obj, oneOfStrings, orNull, pattern, str, stringMap, strings, type Schema } from '../dsl.js';

/**
 * The values of the Element Server Suite chart `matrix-stack` 26.x, as a user writes them
 * (HelmRelease `spec.values`). Facts from the chart's values schema and defaults (26.8).
 *
 * Helm validates the chart defaults merged with the user's values; fluxlint validates the
 * user's values alone. So a field the chart requires is optional here when the chart
 * defaults always set it (image repositories, SFU ports, worker replicas, ...), and the
 * requirements that remain are those only the user can meet: the fields of list items,
 * credentials, database and Redis connections.
 *
 * Unknown keys are errors everywhere, as in the chart; `global` is the only free-form bag.
 * Every definition is named `MatrixStack…`, so as not to clash with the Kubernetes definitions.
 */

/** An object whose unknown fields are passed on to Kubernetes unchecked (volumes, init containers). */
function passThrough(properties: Record<string, Schema>): Schema {
  return { ...obj(properties), additionalProperties: true };
}

/** Exactly one of these groups of fields must be set. */
function oneGroupOf(...groups: string[][]): Record<string, unknown> {
  return { oneOf: groups.map((fields) => ({ required: fields })) };
}

// ---------------------------------------------------------------------------------------
// Kubernetes pieces, as the chart's schema has them (they differ in details from the
// API: integer-only quantities, nullable label selectors, no `sysctls`).

/** Labels and component Ingress annotations: a null drops an entry set at a higher level. */
const stringOrNullMap = mapOf(orNull(str()));
const StringOrNullMap = def('MatrixStackStringOrNullMap', stringOrNullMap);

/** The chart's schema takes integers or strings; `0.5` is rejected, `500m` is not. */
const Quantity = def('MatrixStackQuantity', {
  ...pattern(
    '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+))?$',
    'a quantity such as "500m", "128Mi" or 2',
  ),
  type: ['integer', 'string'],
});

const Resources = def('MatrixStackResources', obj({ limits: mapOf(Quantity), requests: mapOf(Quantity) }));

const LabelSelector = def(
  'MatrixStackLabelSelector',
  obj({
    matchExpressions: arr(obj({ 'key!': str(), 'operator!': oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist'), values: strings })),
    matchLabels: orNull(stringOrNullMap),
  }),
);

const NodeSelectorTerm = (() => {
  const requirement = obj({
    'key!': str(),
    'operator!': oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'),
    values: strings,
  });
  return def('MatrixStackNodeSelectorTerm', obj({ matchExpressions: arr(requirement), matchFields: arr(requirement) }));
})();

const PodAffinityTerm = def(
  'MatrixStackPodAffinityTerm',
  obj({
    labelSelector: LabelSelector,
    namespaceSelector: LabelSelector,
    namespaces: strings,
    'topologyKey!': str(),
    matchLabelKeys: strings,
    mismatchLabelKeys: strings,
  }),
);

const weight = intRange(1, 100);

const PodAffinity = def(
  'MatrixStackPodAffinity',
  obj({
    requiredDuringSchedulingIgnoredDuringExecution: arr(PodAffinityTerm),
    preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ 'weight!': weight, 'podAffinityTerm!': PodAffinityTerm })),
  }),
);

const Affinity = def(
  'MatrixStackAffinity',
  obj({
    nodeAffinity: obj({
      requiredDuringSchedulingIgnoredDuringExecution: obj({ 'nodeSelectorTerms!': arr(NodeSelectorTerm) }),
      preferredDuringSchedulingIgnoredDuringExecution: arr(obj({ 'weight!': weight, 'preference!': NodeSelectorTerm })),
    }),
    podAffinity: PodAffinity,
    podAntiAffinity: PodAffinity,
  }),
);

const Tolerations = def(
  'MatrixStackTolerations',
  arr(
    obj({
      effect: oneOfStrings('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
      key: str(),
      operator: str(),
      tolerationSeconds: num,
      value: str(),
    }),
  ),
);

const honorOrIgnore = oneOfStrings('Honor', 'Ignore');

const TopologySpreadConstraints = def(
  'MatrixStackTopologySpreadConstraints',
  arr(
    obj({
      labelSelector: LabelSelector,
      matchLabelKeys: orNull(strings),
      // No minimum: the chart's schema misspells it, so it never applied.
      'maxSkew!': int,
      minDomains: int,
      nodeAffinityPolicy: honorOrIgnore,
      nodeTaintsPolicy: honorOrIgnore,
      'topologyKey!': str(),
      whenUnsatisfiable: oneOfStrings('DoNotSchedule', 'ScheduleAnyway'),
    }),
  ),
);

const SeccompProfile = def(
  'MatrixStackSeccompProfile',
  obj({ localhostProfile: str(), type: oneOfStrings('RuntimeDefault', 'Unconfined', 'Localhost') }),
);

const ContainersSecurityContext = def(
  'MatrixStackContainersSecurityContext',
  obj({
    allowPrivilegeEscalation: bool,
    privileged: bool,
    capabilities: obj({ add: strings, drop: strings }),
    readOnlyRootFilesystem: bool,
    seccompProfile: SeccompProfile,
  }),
);

const PodSecurityContext = def(
  'MatrixStackPodSecurityContext',
  obj({
    fsGroup: int64,
    fsGroupChangePolicy: str(),
    runAsGroup: int64,
    runAsNonRoot: bool,
    runAsUser: int64,
    seLinuxOptions: obj({ level: str(), role: str(), type: str(), user: str() }),
    seccompProfile: SeccompProfile,
    supplementalGroups: arr(int64),
  }),
);

const ServiceAccount = def('MatrixStackServiceAccount', obj({ create: bool, name: str(), annotations: stringMap }));

const ExtraEnv = def('MatrixStackExtraEnv', arr(obj({ 'name!': str(), 'value!': str() })));

/** Volumes and mounts; Synapse says in which pods (`mountContext`) a volume goes. */
function extraVolumes(extra: Record<string, Schema> = {}): Schema {
  return arr(passThrough({ ...extra, 'name!': str() }));
}
function extraVolumeMounts(extra: Record<string, Schema> = {}): Schema {
  return arr(obj({ readOnly: bool, ...extra, 'mountPath!': orNull(str()), subPath: orNull(str()), 'name!': orNull(str()) }));
}
const ExtraVolumes = def('MatrixStackExtraVolumes', extraVolumes());
const ExtraVolumeMounts = def('MatrixStackExtraVolumeMounts', extraVolumeMounts());
const synapseMountContext = { mountContext: oneOfStrings('hook', 'both', 'runtime') };

const ExtraInitContainers = def('MatrixStackExtraInitContainers', arr(passThrough({ 'name!': str(), 'image!': str() })));

const HostAliases = def('MatrixStackHostAliases', arr(obj({ ip: str(), hostnames: strings })));

/** Probe timings; a null drops the chart's default, leaving Kubernetes' own. */
const Probe = def(
  'MatrixStackProbe',
  obj({
    failureThreshold: orNull(intRange(1)),
    initialDelaySeconds: orNull(intRange(0)),
    periodSeconds: orNull(intRange(1)),
    successThreshold: orNull(intRange(1)),
    timeoutSeconds: orNull(intRange(1)),
  }),
);

// ---------------------------------------------------------------------------------------
// Pieces of the chart.

const pullPolicy = oneOfStrings('Always', 'IfNotPresent', 'Never');
const pullSecrets = arr(obj({ name: str() }));

/** The chart defaults set every image's repository and tag; a digest may be added. */
const Image = def(
  'MatrixStackImage',
  obj({ registry: str(), repository: str(), tag: orNull(str()), digest: orNull(str()), pullPolicy, pullSecrets }),
);

/** A secret value: inline (`value`) or from a key of an existing Secret. */
const Credential = def(
  'MatrixStackCredential',
  obj({ value: str(), secret: str(), secretKey: str() }, { description: 'either value, or secret and secretKey', ...oneGroupOf(['value'], ['secret', 'secretKey']) }),
);

/**
 * Extra configuration files (Synapse, MAS, Hookshot, the SFU): name → inline YAML, or a
 * key of an existing Secret. Stricter than the chart's schema, which does not check the
 * types nor unknown fields of an entry (a mapping as `config` only fails when rendering).
 */
const AdditionalConfig = def(
  'MatrixStackAdditionalConfig',
  mapOf(
    obj(
      { config: str(), configSecret: str(), configSecretKey: str() },
      { description: 'either config (a YAML string), or configSecret and configSecretKey', ...oneGroupOf(['config'], ['configSecret', 'configSecretKey']) },
    ),
  ),
);

const Relabeling = def(
  'MatrixStackRelabeling',
  obj(
    {
      sourceLabels: arr(pattern('^[a-zA-Z_][a-zA-Z0-9_]*$', 'a Prometheus label name')),
      separator: str(),
      targetLabel: str(),
      regex: str(),
      modulus: int,
      replacement: str(),
      action: oneOfStrings('replace', 'lowercase', 'uppercase', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep'),
    },
    // `replace` is Prometheus' default action, so a relabeling without an action needs a target too.
    { if: { properties: { action: { const: 'replace' } } }, then: { required: ['targetLabel'] } },
  ),
);

const ServiceMonitors = def(
  'MatrixStackServiceMonitors',
  obj({ enabled: bool, relabelings: orNull(arr(Relabeling)), metricRelabelings: orNull(arr(Relabeling)) }),
);

const trafficPolicy = oneOfStrings('Cluster', 'Local');
const serviceType = oneOfStrings('ClusterIP', 'NodePort', 'LoadBalancer');

const IngressService = def(
  'MatrixStackIngressService',
  obj({ type: serviceType, annotations: StringOrNullMap, internalTrafficPolicy: trafficPolicy, externalTrafficPolicy: trafficPolicy, externalIPs: strings }),
);

/** A component's Ingress. Its annotations may be null, to drop one set in the global `ingress`. */
function ingress(extra: Record<string, Schema>): Schema {
  return obj({
    annotations: StringOrNullMap,
    ...extra,
    className: str(),
    tlsEnabled: bool,
    tlsSecret: str(),
    controllerType: oneOfStrings('ingress-nginx'),
    service: IngressService,
  });
}
const Ingress = def('MatrixStackIngress', ingress({ host: str() }));

/** Settings of the pods of every workload. */
const podSettings = {
  labels: StringOrNullMap,
  annotations: stringMap,
  extraEnv: ExtraEnv,
  extraVolumes: ExtraVolumes,
  extraVolumeMounts: ExtraVolumeMounts,
  extraInitContainers: ExtraInitContainers,
  containersSecurityContext: ContainersSecurityContext,
  nodeSelector: stringMap,
  priorityClassName: str(),
  schedulerName: str(),
  runtimeClassName: str(),
  affinity: Affinity,
  podSecurityContext: PodSecurityContext,
  resources: Resources,
  serviceAccount: ServiceAccount,
  tolerations: Tolerations,
  topologySpreadConstraints: TopologySpreadConstraints,
};

const probes = { livenessProbe: Probe, readinessProbe: Probe, startupProbe: Probe };

/** A long-running workload; `maxReplicas` is 1 for those that cannot scale out. */
function workload(maxReplicas?: number): Record<string, Schema> {
  return { ...podSettings, ...probes, image: Image, replicas: intRange(0, maxReplicas) };
}

const resourcePolicy = oneOfStrings('keep', 'delete');

const Storage = def(
  'MatrixStackStorage',
  obj({ existingClaim: str(), size: str(), storageClassName: str(), resourcePolicy, selector: LabelSelector, volumeName: str() }),
);

const PostgresConnection = def(
  'MatrixStackPostgresConnection',
  obj({
    'host!': str(),
    port: intRange(0, 65535),
    'user!': str(),
    'database!': str(),
    sslMode: oneOfStrings('disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'),
    password: Credential,
  }),
);

const RedisConnection = def(
  'MatrixStackRedisConnection',
  obj({ 'host!': str(), port: intRange(1, 65535), db: intRange(0, 15), password: Credential, tls: bool }),
);

/** The metrics exporter beside Postgres and Redis. */
const Exporter = def(
  'MatrixStackExporter',
  obj({
    image: Image,
    extraEnv: ExtraEnv,
    containersSecurityContext: ContainersSecurityContext,
    resources: Resources,
    extraVolumes: ExtraVolumes,
    extraVolumeMounts: ExtraVolumeMounts,
    ...probes,
  }),
);

// ---------------------------------------------------------------------------------------
// Components.

/** `deploymentMarkers` and `initSecrets`: jobs run by Helm hooks. */
const HookJob = def('MatrixStackHookJob', obj({ enabled: bool, rbac: obj({ create: bool }), ...podSettings }));

const matrixRTC = (() => {
  const exposed = {
    enabled: bool,
    annotations: stringMap,
    portType: oneOfStrings('ClusterIP', 'NodePort', 'HostPort', 'LoadBalancer'),
    internalTrafficPolicy: trafficPolicy,
    externalTrafficPolicy: trafficPolicy,
    externalIPs: strings,
  };
  const singlePort = { port: num, nodePort: str() };
  const ExposedPort = def('MatrixStackExposedPort', obj({ ...exposed, ...singlePort }));
  const sfuLogLevel = oneOfStrings('debug', 'info', 'warn', 'error');
  const sfu = obj({
    ...workload(1),
    enabled: bool,
    hostNetwork: bool,
    useStunToDiscoverPublicIP: bool,
    manualIP: str(),
    nodeIPSource: oneOfStrings('hostIP', 'podIP'),
    additional: AdditionalConfig,
    logging: obj({ level: sfuLogLevel, pionLevel: sfuLogLevel, json: bool }),
    exposedServices: obj({
      rtcTcp: ExposedPort,
      rtcMuxedUdp: ExposedPort,
      rtcUdp: obj({ ...exposed, portRange: obj({ startPort: num, endPort: num, nodePort: str() }) }),
      turnTLS: obj({ ...exposed, ...singlePort, domain: str(), tlsSecret: str(), tlsTerminationOnPod: bool }),
      turn: ExposedPort,
    }),
    serviceMonitors: ServiceMonitors,
  });
  return obj({
    ...workload(),
    enabled: bool,
    restrictRoomCreationToLocalUsers: bool,
    livekitAuth: obj({ key: str(), secret: Credential }),
    ingress: Ingress,
    hostAliases: HostAliases,
    serviceMonitors: ServiceMonitors,
    sfu,
  });
})();

const elementAdmin = obj({ ...workload(), enabled: bool, ingress: Ingress });

const elementWeb = obj({
  ...workload(),
  enabled: bool,
  ingress: Ingress,
  additional: mapOf(str(), { description: 'config.json fragments: name → JSON string' }),
});

const haproxy = obj({ ...workload(), serviceMonitors: ServiceMonitors });

const hookshot = obj({
  ...workload(1),
  enabled: bool,
  appserviceRegistration: Credential,
  enableEncryption: bool,
  redis: RedisConnection,
  passkey: Credential,
  logging: obj({ level: oneOfStrings('critical', 'error', 'warning', 'info', 'debug') }),
  user: obj({ localpart: str() }),
  additional: AdditionalConfig,
  ingress: Ingress,
  storage: Storage,
  hostAliases: HostAliases,
  serviceMonitors: ServiceMonitors,
});

const matrixAuthenticationService = obj({
  ...workload(),
  enabled: bool,
  additional: AdditionalConfig,
  encryptionSecret: Credential,
  synapseSharedSecret: Credential,
  postgres: PostgresConnection,
  privateKeys: obj({ ecdsaPrime256v1: Credential, ecdsaSecp256k1: Credential, ecdsaSecp384r1: Credential, rsa: Credential }),
  syn2mas: obj({ ...podSettings, enabled: bool, image: Image, dryRun: bool }),
  ingress: Ingress,
  hostAliases: HostAliases,
  serviceMonitors: ServiceMonitors,
});

const postgres = obj({
  ...workload(1),
  enabled: bool,
  postgresExporter: Exporter,
  adminPassword: Credential,
  essPasswords: obj({ synapse: Credential, matrixAuthenticationService: Credential }),
  storage: Storage,
  serviceMonitors: ServiceMonitors,
});

const redis = obj({
  ...workload(1),
  maxMemory: str(),
  maxMemoryPolicy: oneOfStrings(
    'noeviction',
    'allkeys-lru',
    'allkeys-lfu',
    'allkeys-random',
    'volatile-lru',
    'volatile-lfu',
    'volatile-random',
    'volatile-ttl',
  ),
  serviceMonitors: ServiceMonitors,
  redisExporter: Exporter,
});

const synapse = (() => {
  const logLevel = oneOfStrings('CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG');
  const servicePort = obj({ name: str(), number: int }, oneGroupOf(['name'], ['number']));
  const SynapseIngress = def(
    'MatrixStackSynapseIngress',
    ingress({
      host: str(),
      additionalPaths: arr(
        obj({
          'path!': str(),
          'availability!': oneOfStrings('internally_and_externally', 'only_externally', 'blocked'),
          service: obj({ 'name!': str(), 'port!': servicePort }),
        }),
      ),
    }),
  );
  const appservice = obj(
    { configMap: str(), configMapKey: str(), secret: str(), secretKey: str() },
    oneGroupOf(['configMap', 'configMapKey'], ['secret', 'secretKey']),
  );
  // Some workers run as one instance only; the others scale out and spread.
  const SingleWorker = def('MatrixStackSynapseWorker', obj({ enabled: bool, replicas: intRange(0, 1), resources: Resources, ...probes }));
  const ScalableWorker = def(
    'MatrixStackScalableSynapseWorker',
    obj({ enabled: bool, replicas: intRange(0), resources: Resources, topologySpreadConstraints: TopologySpreadConstraints, ...probes }),
  );
  const single = ['account-data', 'appservice', 'background', 'encryption', 'media-repository', 'presence-writer', 'push-rules', 'sso-login', 'typing-persister', 'user-dir'];
  const scalable = [
    'client-reader',
    'device-lists',
    'event-creator',
    'event-persister',
    'federation-inbound',
    'federation-reader',
    'federation-sender',
    'initial-synchrotron',
    'mas-helper',
    'pusher',
    'receipts',
    'sliding-sync',
    'synchrotron',
  ];
  const workers = Object.fromEntries(
    [...single.map((name) => [name, SingleWorker] as const), ...scalable.map((name) => [name, ScalableWorker] as const)].sort(([a], [b]) => a.localeCompare(b)),
  );
  return obj({
    ...workload(1),
    enabled: bool,
    checkConfigHook: obj({ enabled: bool, annotations: stringMap, labels: StringOrNullMap, serviceAccount: ServiceAccount, resources: Resources }),
    postgres: PostgresConnection,
    redis: RedisConnection,
    media: obj({ storage: Storage, maxUploadSize: pattern('^[0-9]+[MK]$', 'a size in K or M, such as "100M"') }),
    macaroon: Credential,
    registrationSharedSecret: Credential,
    signingKey: Credential,
    additional: AdditionalConfig,
    appservices: arr(appservice),
    logging: obj({ rootLevel: logLevel, levelOverrides: mapOf(logLevel) }),
    extraArgs: strings,
    ingress: SynapseIngress,
    hostAliases: HostAliases,
    extraVolumes: extraVolumes(synapseMountContext),
    extraVolumeMounts: extraVolumeMounts(synapseMountContext),
    serviceMonitors: ServiceMonitors,
    workers: obj(workers),
  });
})();

const wellKnownDelegation = obj({
  enabled: bool,
  // No `host`: this Ingress always serves `serverName`.
  ingress: def('MatrixStackWellKnownIngress', ingress({})),
  labels: StringOrNullMap,
  baseDomainRedirect: obj({ enabled: bool, url: str() }),
  additional: obj({ client: str(), server: str(), support: str() }, { description: 'JSON strings merged into the well-known documents' }),
  // values.yaml says a default header is removed by setting it to null.
  headers: StringOrNullMap,
});

export const matrixStackValues: Schema = obj({
  global: freeObject,
  serverName: str(),
  labels: StringOrNullMap,
  certManager: obj({ clusterIssuer: str(), issuer: str() }, { description: 'at most one of clusterIssuer and issuer', maxProperties: 1 }),
  matrixTools: obj({ image: Image }),
  image: obj({ pullPolicy, pullSecrets }),
  // Defaults of every component Ingress: no host, and no null annotations (there is nothing above to drop).
  ingress: obj({
    annotations: stringMap,
    className: str(),
    tlsEnabled: bool,
    tlsSecret: str(),
    controllerType: oneOfStrings('ingress-nginx'),
    service: obj({ annotations: stringMap, type: serviceType, internalTrafficPolicy: trafficPolicy, externalTrafficPolicy: trafficPolicy }),
  }),
  storage: obj({ storageClassName: str(), resourcePolicy }),
  tolerations: Tolerations,
  topologySpreadConstraints: TopologySpreadConstraints,
  priorityClassName: str(),
  schedulerName: str(),
  runtimeClassName: str(),
  affinity: Affinity,
  clusterDomain: str(),
  networking: obj({ ipFamily: oneOfStrings('ipv4', 'ipv6', 'dual-stack') }),
  deploymentMarkers: HookJob,
  initSecrets: HookJob,
  matrixRTC,
  elementAdmin,
  elementWeb,
  haproxy,
  hookshot,
  matrixAuthenticationService,
  postgres,
  redis,
  synapse,
  wellKnownDelegation,
});
