import { isScalar, type Node } from 'yaml';
import type { Location } from '../diagnostic.js';
import { itemsOf, nodeAt, pairsOf, keyName, stringValue } from '../yaml/nodes.js';
import { chartIngresses, ISSUER_ANNOTATIONS } from './ess/ingresses.js';
import { essReleases } from './ess/release.js';
import type { AppliedObject, FluxModel } from './flux/model.js';
import { describeObject, groupOf, idOf } from './kustomize/object.js';

/** One request to cert-manager for a DNS name, stored in a Secret. */
export interface CertificateClaim {
  dnsName: string;
  /** The name for messages: a name written in a Secret is not shown. */
  shownName: string;
  namespace: string;
  secretName: string;
  /** Where the name was written. */
  location: Location;
  /** Who asks, for messages: `Certificate "matrix/apex"`, `the element-web Ingress of HelmRelease "matrix/matrix-stack"`. */
  source: string;
  /** The cluster it is applied to (see clusterOf). Clusters have cert-managers of their own. */
  cluster: string;
  /** The issuer it names; null when not known here (the matrix-stack chart's). */
  issuer: IssuerRef | null;
}

/** A cert-manager issuer reference: `Issuer` (in the claim's namespace) or `ClusterIssuer`, or an external issuer's kind and group. */
export interface IssuerRef {
  kind: string;
  name: string;
  group: string;
}

const CERT_MANAGER = 'cert-manager.io';

/**
 * Every DNS name the repository asks cert-manager to issue a certificate for:
 * `Certificate` objects, Ingresses with a cert-manager issuer annotation (its
 * ingress-shim makes one Certificate per TLS Secret), and the Ingresses the
 * matrix-stack chart renders with cert-manager.
 */
export function certificateClaims(model: FluxModel): CertificateClaim[] {
  const claims: CertificateClaim[] = [];
  const locate = (object: AppliedObject, node: Node | null) => model.origins.locate(node) ?? object.document.locate(object.anchor);
  for (const object of model.ofKind('Certificate')) {
    const id = idOf(object);
    if (groupOf(id.apiVersion) !== 'cert-manager.io') continue;
    const secretName = stringValue(nodeAt(object.node, ['spec', 'secretName']));
    if (!secretName) continue;
    const issuerRef = nodeAt(object.node, ['spec', 'issuerRef']);
    const issuerName = stringValue(nodeAt(issuerRef, ['name']));
    const issuer = issuerName ? { kind: stringValue(nodeAt(issuerRef, ['kind'])) ?? 'Issuer', name: issuerName, group: stringValue(nodeAt(issuerRef, ['group'])) ?? CERT_MANAGER } : null;
    for (const [index, name] of itemsOf(nodeAt(object.node, ['spec', 'dnsNames'])).entries()) {
      const dnsName = knownName(model, name);
      if (dnsName) claims.push({ dnsName, shownName: shownName(model, name, dnsName, `spec.dnsNames[${index}]`), namespace: id.namespace, secretName, location: locate(object, name), source: describeObject(id), cluster: clusterOf(object), issuer });
    }
  }
  for (const object of model.ofKind('Ingress')) {
    const id = idOf(object);
    if (groupOf(id.apiVersion) !== 'networking.k8s.io' && groupOf(id.apiVersion) !== 'extensions') continue;
    const annotations = pairsOf(nodeAt(object.node, ['metadata', 'annotations'])).map(keyName);
    if (!annotations.some((a) => a !== null && ISSUER_ANNOTATIONS.includes(a))) continue;
    const issuer = annotationIssuer(object);
    for (const tls of itemsOf(nodeAt(object.node, ['spec', 'tls']))) {
      const secretName = stringValue(nodeAt(tls, ['secretName']));
      if (!secretName) continue;
      for (const host of itemsOf(nodeAt(tls, ['hosts']))) {
        const dnsName = knownName(model, host);
        if (dnsName) claims.push({ dnsName, shownName: shownName(model, host, dnsName, 'spec.tls[].hosts[]'), namespace: id.namespace, secretName, location: locate(object, host), source: describeObject(id), cluster: clusterOf(object), issuer });
      }
    }
  }
  for (const release of essReleases(model)) {
    for (const ingress of chartIngresses(release)) {
      if (!ingress.tls?.certManager) continue;
      claims.push({
        dnsName: ingress.host,
        shownName: ingress.shownHost,
        namespace: release.installNamespace,
        secretName: ingress.tls.secretName,
        location: ingress.hostLocation,
        source: `the ${ingress.ingressName} Ingress of ${describeObject(idOf(release.object))}`,
        cluster: clusterOf(release.object),
        issuer: null,
      });
    }
  }
  return claims;
}

/** The issuer an Ingress's ingress-shim annotations name (cert-manager.io/cluster-issuer wins, as in cert-manager). */
function annotationIssuer(object: AppliedObject): IssuerRef | null {
  const annotation = (key: string) => stringValue(nodeAt(object.node, ['metadata', 'annotations', key]));
  const cluster = annotation('cert-manager.io/cluster-issuer');
  if (cluster) return { kind: 'ClusterIssuer', name: cluster, group: CERT_MANAGER };
  const name = annotation('cert-manager.io/issuer');
  return name ? { kind: annotation('cert-manager.io/issuer-kind') ?? 'Issuer', name, group: annotation('cert-manager.io/issuer-group') ?? CERT_MANAGER } : null;
}

/**
 * Whether a claim is issued through ACME (Let's Encrypt and its rate limits): true
 * for an Issuer or ClusterIssuer of the claim's cluster with `spec.acme`; false for
 * one without (selfSigned, ca, vault, venafi) and for an external issuer's group;
 * null when the issuer is not in the repository.
 */
export function issuedThroughAcme(model: FluxModel, claim: CertificateClaim): boolean | null {
  const issuer = claim.issuer;
  if (!issuer) return null;
  if (issuer.group !== CERT_MANAGER) return false;
  if (issuer.kind !== 'Issuer' && issuer.kind !== 'ClusterIssuer') return null;
  const found = model
    .ofKind(issuer.kind)
    .filter((object) => groupOf(idOf(object).apiVersion) === CERT_MANAGER && idOf(object).name === issuer.name && clusterOf(object) === claim.cluster)
    .filter((object) => issuer.kind === 'ClusterIssuer' || idOf(object).namespace === claim.namespace);
  if (found.length !== 1) return null;
  return nodeAt(found[0]!.node, ['spec', 'acme']) !== null;
}

/**
 * Whether a public CA could issue for a name at all: not an IP address, not a single
 * label, not a name under a suffix reserved for private use (`.local`, `.internal`,
 * `.home.arpa`, ...) or a cluster's own (`.svc`, `.cluster.local`).
 */
export function isPublicDnsName(name: string): boolean {
  const bare = name.replace(/^\*\./, '').replace(/\.$/, '');
  if (!bare.includes('.') || /^[\d.]+$/.test(bare) || bare.includes(':')) return false;
  return !PRIVATE_SUFFIXES.some((suffix) => bare === suffix || bare.endsWith(`.${suffix}`));
}

/** Top-level names and suffixes no public CA issues for (RFC 6761, 6762, 8375, ICANN's .internal; Kubernetes' service names). */
const PRIVATE_SUFFIXES = ['local', 'localhost', 'internal', 'home.arpa', 'test', 'invalid', 'example', 'lan', 'home', 'corp', 'svc', 'cluster.local', 'localdomain'];

/**
 * The cluster an object is applied to: its entry point; without entry points, the
 * path of the outermost Flux Kustomization that applies it ('' when none does).
 */
function clusterOf(object: AppliedObject): string {
  if (object.cluster) return `entry:${object.cluster.name}`;
  let owner = object.owner;
  for (let depth = 0; owner?.object.owner && owner.object.owner !== owner && depth < 64; depth++) owner = owner.object.owner;
  return owner ? `${owner.namespace}/${owner.name}:${owner.path ?? ''}` : '';
}

/** A DNS name for a message: `<path>` when it came from a Secret. */
function shownName(model: FluxModel, node: Node, dnsName: string, path: string): string {
  return model.origins.isSecret(node) ? `<${path}>` : dnsName;
}

/** A DNS name as written, lower-cased; null when it is not known (an unresolved variable). */
function knownName(model: FluxModel, node: Node): string | null {
  if (!isScalar(node) || typeof node.value !== 'string' || model.origins.unknownReason(node)) return null;
  const name = node.value.trim().toLowerCase();
  return name && !/\$\{|\{\{/.test(name) ? name : null;
}
