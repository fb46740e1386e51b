import { arr, bool, exactlyOne, int32, intOrString, mapOf, obj, oneOfStrings, pattern, str, stringMap, strings } from '../dsl.js';
import { ObjectReference, Port } from './common.js';
import { resource, type KindSchema } from './resource.js';

/** Kubernetes core/v1 and networking.k8s.io/v1 kinds that Flux repositories commonly hold. */

export const namespace = resource('v1', 'Namespace', {
  spec: obj({ finalizers: strings }),
});

/**
 * `data` of a Secret and `binaryData` of a ConfigMap are base64; a SOPS-encrypted
 * value (`ENC[…]`) is accepted too. Only the alphabet is checked, so no value
 * length gives anything away.
 */
const base64 = (plain: string) => pattern('^[A-Za-z0-9+/=\\s]*$|^ENC\\[', `base64-encoded data (use ${plain} for plain text)`);

export const configMap = resource('v1', 'ConfigMap', {
  data: stringMap,
  binaryData: mapOf(base64('data')),
  immutable: bool,
});

export const secret = resource('v1', 'Secret', {
  data: mapOf(base64('stringData')),
  stringData: stringMap,
  type: str(),
  immutable: bool,
});

export const serviceAccount = resource('v1', 'ServiceAccount', {
  secrets: arr(ObjectReference),
  imagePullSecrets: arr(obj({ name: str() })),
  automountServiceAccountToken: bool,
});

const protocol = oneOfStrings('TCP', 'UDP', 'SCTP');

export const service = resource('v1', 'Service', {
  spec: obj({
    ports: arr(
      obj({
        name: str(),
        protocol,
        appProtocol: str(),
        'port!': Port,
        targetPort: intOrString,
        nodePort: int32,
      }),
    ),
    selector: stringMap,
    clusterIP: str(),
    clusterIPs: strings,
    type: oneOfStrings('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
    externalIPs: strings,
    sessionAffinity: oneOfStrings('ClientIP', 'None'),
    loadBalancerIP: str(),
    loadBalancerSourceRanges: strings,
    externalName: str(),
    externalTrafficPolicy: oneOfStrings('Cluster', 'Local'),
    healthCheckNodePort: int32,
    publishNotReadyAddresses: bool,
    sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int32 }) }),
    ipFamilies: arr(oneOfStrings('IPv4', 'IPv6')),
    ipFamilyPolicy: oneOfStrings('SingleStack', 'PreferDualStack', 'RequireDualStack'),
    allocateLoadBalancerNodePorts: bool,
    loadBalancerClass: str(),
    internalTrafficPolicy: oneOfStrings('Cluster', 'Local'),
    trafficDistribution: str(),
  }),
});

const IngressBackend = obj(
  {
    service: obj({ 'name!': str(), port: obj({ name: str(), number: Port }, exactlyOne('name', 'number')) }),
    resource: obj({ apiGroup: str(), 'kind!': str(), 'name!': str() }),
  },
  exactlyOne('service', 'resource'),
);

export const ingress = resource('networking.k8s.io/v1', 'Ingress', {
  spec: obj({
    ingressClassName: str(),
    defaultBackend: IngressBackend,
    tls: arr(obj({ hosts: strings, secretName: str() })),
    rules: arr(
      obj({
        host: str(),
        http: obj({
          'paths!': arr(
            obj({
              path: str(),
              'pathType!': oneOfStrings('Exact', 'Prefix', 'ImplementationSpecific'),
              'backend!': IngressBackend,
            }),
          ),
        }),
      }),
    ),
  }),
});

export const CORE_KINDS: KindSchema[] = [namespace, configMap, secret, service, serviceAccount, ingress];

