import { anything, arr, bool, def, exactlyOne, int, int32, mapOf, obj, oneOfStrings, pattern, str, stringMap, strings, type Schema } from '../dsl.js';
import {
  Affinity,
  GoDuration,
  LabelsAndAnnotations,
  LocalObjectReference,
  PodSecurityContext,
  Port,
  Quantity,
  SecretKeySelector,
  Toleration,
} from './common.js';
import { resource, type KindSchema } from './resource.js';

/** cert-manager.io/v1: Certificate, Issuer and ClusterIssuer. Facts from cert-manager's API types. */

const usage = oneOfStrings(
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
);

const NameConstraintItem = def(
  'NameConstraintItem',
  obj({ dnsDomains: strings, ipRanges: strings, emailAddresses: strings, uriDomains: strings }),
);

const IssuerReference = def('IssuerReference', obj({ 'name!': str(), kind: str(), group: str() }));

export const certificate = resource('cert-manager.io/v1', 'Certificate', {
  'spec!': obj({
    subject: obj({
      organizations: strings,
      countries: strings,
      organizationalUnits: strings,
      localities: strings,
      provinces: strings,
      streetAddresses: strings,
      postalCodes: strings,
      serialNumber: str(),
    }),
    literalSubject: str(),
    commonName: str(),
    duration: GoDuration,
    renewBefore: GoDuration,
    renewBeforePercentage: int32,
    dnsNames: strings,
    ipAddresses: strings,
    uris: strings,
    emailAddresses: strings,
    otherNames: arr(obj({ oid: str(), utf8Value: str() })),
    'secretName!': str(),
    secretTemplate: LabelsAndAnnotations,
    keystores: obj({
      jks: obj({ 'create!': bool, passwordSecretRef: SecretKeySelector, password: str(), alias: str() }),
      pkcs12: obj({
        'create!': bool,
        passwordSecretRef: SecretKeySelector,
        password: str(),
        profile: oneOfStrings('LegacyRC2', 'LegacyDES', 'Modern2023', 'Modern2026'),
      }),
    }),
    'issuerRef!': IssuerReference,
    isCA: bool,
    usages: arr(usage),
    privateKey: obj({
      rotationPolicy: oneOfStrings('Never', 'Always'),
      encoding: oneOfStrings('PKCS1', 'PKCS8'),
      algorithm: oneOfStrings('RSA', 'ECDSA', 'Ed25519'),
      size: int,
    }),
    signatureAlgorithm: oneOfStrings('SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA', 'ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512', 'PureEd25519'),
    encodeUsagesInRequest: bool,
    revisionHistoryLimit: int32,
    additionalOutputFormats: arr(obj({ 'type!': oneOfStrings('DER', 'CombinedPEM') })),
    nameConstraints: obj({ critical: bool, permitted: NameConstraintItem, excluded: NameConstraintItem }),
    renewal: obj({
      policy: oneOfStrings('RenewBefore', 'Disabled'),
      windows: arr(
        obj({
          'cron!': str({ minLength: 1 }),
          timezone: str({ minLength: 1 }),
          'windowDuration!': pattern('^([0-9]+(\\.[0-9]+)?(s|m|h))+$', 'a duration such as "2h" or "90m" (units s, m, h)'),
        }),
      ),
    }),
  }),
});

/** The pod that answers an HTTP-01 challenge, as far as cert-manager lets it be shaped. */
const SolverPodTemplate = def(
  'ACMEChallengeSolverPodTemplate',
  obj({
    metadata: LabelsAndAnnotations,
    spec: obj({
      nodeSelector: stringMap,
      affinity: Affinity,
      tolerations: arr(Toleration),
      priorityClassName: str(),
      serviceAccountName: str(),
      imagePullSecrets: arr(obj({ name: str() })),
      securityContext: PodSecurityContext,
      resources: obj({ limits: mapOf(Quantity), requests: mapOf(Quantity) }),
    }),
  }),
);

const dnsName = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

const ParentReference = def(
  'ParentReference',
  obj({
    group: pattern(`^$|${dnsName}`, 'an API group such as "gateway.networking.k8s.io"', { maxLength: 253 }),
    kind: pattern('^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$', 'a kind such as "Gateway"', { minLength: 1, maxLength: 63 }),
    namespace: pattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'a namespace name', { minLength: 1, maxLength: 63 }),
    'name!': str({ minLength: 1, maxLength: 253 }),
    sectionName: pattern(dnsName, 'a listener name', { minLength: 1, maxLength: 253 }),
    port: Port,
  }),
);

const http01 = obj({
  ingress: obj({
    serviceType: str(),
    ingressClassName: str(),
    class: str(),
    name: str(),
    podTemplate: SolverPodTemplate,
    ingressTemplate: obj({ metadata: LabelsAndAnnotations }),
  }),
  gatewayHTTPRoute: obj({
    serviceType: str(),
    labels: stringMap,
    parentRefs: arr(ParentReference),
    podTemplate: SolverPodTemplate,
  }),
});

const dns01 = obj({
  cnameStrategy: oneOfStrings('None', 'Follow'),
  nameservers: strings,
  akamai: obj({
    'serviceConsumerDomain!': str(),
    'clientTokenSecretRef!': SecretKeySelector,
    'clientSecretSecretRef!': SecretKeySelector,
    'accessTokenSecretRef!': SecretKeySelector,
  }),
  cloudDNS: obj({ serviceAccountSecretRef: SecretKeySelector, 'project!': str(), hostedZoneName: str() }),
  cloudflare: obj({ email: str(), apiKeySecretRef: SecretKeySelector, apiTokenSecretRef: SecretKeySelector }),
  route53: obj({
    accessKeyID: str(),
    accessKeyIDSecretRef: SecretKeySelector,
    secretAccessKeySecretRef: SecretKeySelector,
    role: str(),
    hostedZoneID: str(),
    region: str(),
    auth: obj({ 'kubernetes!': obj({ 'serviceAccountRef!': obj({ 'name!': str(), audiences: strings }) }) }),
  }),
  azureDNS: obj({
    clientID: str(),
    clientSecretSecretRef: SecretKeySelector,
    'subscriptionID!': str(),
    tenantID: str(),
    'resourceGroupName!': str(),
    hostedZoneName: str(),
    environment: oneOfStrings('AzurePublicCloud', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernmentCloud'),
    managedIdentity: obj({ clientID: str(), resourceID: str(), tenantID: str() }),
    zoneType: oneOfStrings('AzurePublicZone', 'AzurePrivateZone'),
  }),
  digitalocean: obj({ 'tokenSecretRef!': SecretKeySelector }),
  acmeDNS: obj({ 'host!': str(), 'accountSecretRef!': SecretKeySelector }),
  rfc2136: obj({
    'nameserver!': str(),
    tsigSecretSecretRef: SecretKeySelector,
    tsigKeyName: str(),
    tsigAlgorithm: str(),
    protocol: oneOfStrings('TCP', 'UDP'),
  }),
  webhook: obj({ 'groupName!': str(), 'solverName!': str(), config: { ...anything, description: 'solver configuration; free-form' } }),
});

const ACMEChallengeSolver = def(
  'ACMEChallengeSolver',
  obj({
    selector: obj({ matchLabels: stringMap, dnsNames: strings, dnsZones: strings }),
    http01,
    dns01,
    waitInsteadOfSelfCheck: str(),
  }),
);

const serviceAccountRef = obj({ 'name!': str(), audiences: strings });

const issuerSpec: Schema = obj(
  {
    acme: obj({
      email: str(),
      'server!': str(),
      preferredChain: str({ maxLength: 64 }),
      caBundle: str(),
      skipTLSVerify: bool,
      externalAccountBinding: obj({
        'keyID!': str(),
        'keySecretRef!': SecretKeySelector,
        keyAlgorithm: oneOfStrings('HS256', 'HS384', 'HS512'),
      }),
      'privateKeySecretRef!': SecretKeySelector,
      solvers: arr(ACMEChallengeSolver),
      disableAccountKeyGeneration: bool,
      enableDurationFeature: bool,
      profile: str(),
      renewalInformationSource: oneOfStrings('ARI', 'None'),
    }),
    ca: obj({ 'secretName!': str(), crlDistributionPoints: strings, ocspServers: strings, issuingCertificateURLs: strings }),
    selfSigned: obj({ crlDistributionPoints: strings }),
    vault: obj({
      'server!': str(),
      serverName: str(),
      'path!': str(),
      namespace: str(),
      caBundle: str(),
      caBundleSecretRef: SecretKeySelector,
      clientCertSecretRef: SecretKeySelector,
      clientKeySecretRef: SecretKeySelector,
      'auth!': obj({
        tokenSecretRef: SecretKeySelector,
        appRole: obj({ 'path!': str(), 'roleId!': str(), 'secretRef!': SecretKeySelector }),
        clientCertificate: obj({ mountPath: str(), name: str(), secretName: str() }),
        kubernetes: obj({ mountPath: str(), secretRef: SecretKeySelector, serviceAccountRef, 'role!': str() }),
        aws: obj({
          mountPath: str(),
          'role!': str({ minLength: 1 }),
          region: str(),
          iamRoleArn: str(),
          serviceAccountRef,
          vaultHeaderValue: str(),
        }),
      }),
    }),
    venafi: obj({
      'zone!': str(),
      tpp: obj({ 'url!': str(), 'credentialsRef!': LocalObjectReference, caBundle: str(), caBundleSecretRef: SecretKeySelector }),
      cloud: obj({ url: str(), 'apiTokenSecretRef!': SecretKeySelector }),
      ngts: obj({ 'tsgID!': str(), 'credentialsRef!': LocalObjectReference, url: str(), tokenEndpoint: str() }),
    }),
  },
  exactlyOne('acme', 'ca', 'selfSigned', 'vault', 'venafi'),
);

export const issuer = resource('cert-manager.io/v1', 'Issuer', { 'spec!': issuerSpec });
export const clusterIssuer = resource('cert-manager.io/v1', 'ClusterIssuer', { 'spec!': issuerSpec });

export const CERT_MANAGER_KINDS: KindSchema[] = [certificate, issuer, clusterIssuer];
