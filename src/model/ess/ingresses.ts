import { isScalar, parse } from 'yaml';
import type { Location } from '../../diagnostic.js';
import { itemsOf, nodeAt } from '../../yaml/nodes.js';
import { matchesIdentity, selectorOf } from '../kustomize/patches.js';
import { INGRESS_COMPONENTS, WELL_KNOWN_INGRESS_NAME } from './chart-defaults.js';
import type { EssRelease, ValuesPath } from './release.js';

/** An Ingress the matrix-stack chart renders, as far as hosts and certificates go. */
export interface ChartIngress {
  release: EssRelease;
  /** The chart's name for it (`element-web`, `well-known`, …); the object is `<release>-<name>`. */
  ingressName: string;
  /** The values key of its component (`wellKnownDelegation` for the well-known one). */
  component: string;
  host: string;
  /** The host for messages (`<serverName>` when it came from a Secret). */
  shownHost: string;
  /** Where the host was written: the component's `ingress.host`, or `serverName`. */
  hostLocation: Location;
  /** The paths it routes (the well-known one routes `/` only to redirect the base domain). */
  paths: readonly string[];
  /** Whether its class is one no controller serves (`none`, `disabled`): the chart's way to switch an Ingress off. */
  switchedOff: boolean;
  /** The TLS Secret it names, and whether cert-manager is asked to issue it. */
  tls: { secretName: string; certManager: boolean } | null;
}

/** Ingress classes that no controller serves: setting one is how users switch a chart Ingress off. */
const SWITCHED_OFF_CLASSES = new Set(['none', 'disabled', 'false', 'off']);

/** The annotations that make cert-manager's ingress-shim issue a certificate for an Ingress. */
export const ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/**
 * The Ingresses a release of the chart renders: one per enabled component with a
 * host, plus the well-known delegation's on `serverName`. Hosts fluxlint cannot
 * know (an encrypted variable, a template) are left out, as are Ingresses a
 * postRenderer deletes.
 */
export function chartIngresses(release: EssRelease): ChartIngress[] {
  const { values } = release;
  const fallback = release.object.document.locate(release.object.anchor);
  const ingresses: ChartIngress[] = [];
  const add = (component: string, ingressName: string, hostPath: ValuesPath, paths: readonly string[]) => {
    const host = values.text(hostPath);
    if (!host || deletedByPostRenderer(release, `${release.releaseName}-${ingressName}`)) return;
    ingresses.push({
      release,
      ingressName,
      component,
      host: host.toLowerCase(),
      shownHost: values.shown(hostPath).toLowerCase(),
      hostLocation: values.locate(values.node(hostPath)) ?? fallback,
      paths,
      switchedOff: SWITCHED_OFF_CLASSES.has(String(values.value([component, 'ingress', 'className']) ?? values.value(['ingress', 'className']) ?? '').toLowerCase()),
      tls: tlsOf(release, component, ingressName),
    });
  };
  for (const component of INGRESS_COMPONENTS) {
    if (values.enabled([component.key])) add(component.key, component.ingressName, [component.key, 'ingress', 'host'], component.paths);
  }
  if (values.enabled(['wellKnownDelegation'])) {
    const redirect = values.enabled(['wellKnownDelegation', 'baseDomainRedirect']);
    const target = values.enabled(['elementWeb']) || !!values.value(['wellKnownDelegation', 'baseDomainRedirect', 'url']);
    add('wellKnownDelegation', WELL_KNOWN_INGRESS_NAME, ['serverName'], redirect && target ? ['/'] : ['/.well-known/matrix']);
  }
  return ingresses;
}

/** The TLS block the chart renders for a component's Ingress (see the chart's `_ingress.tpl`). */
function tlsOf(release: EssRelease, component: string, ingressName: string): ChartIngress['tls'] {
  const { values } = release;
  if (values.value(['ingress', 'tlsEnabled']) !== true || values.value([component, 'ingress', 'tlsEnabled']) !== true) return null;
  const tlsSecret = values.text([component, 'ingress', 'tlsSecret']) || values.text(['ingress', 'tlsSecret']);
  const issuer = values.value(['certManager']);
  const hasIssuer = !!issuer && typeof issuer === 'object' && Object.keys(issuer).length > 0;
  // Annotations: cert-manager's (only without a tlsSecret) < global < component; a component's null unsets one.
  const annotations = new Map<string, unknown>();
  if (!tlsSecret && hasIssuer) annotations.set('cert-manager.io/cluster-issuer', true);
  for (const source of [values.value(['ingress', 'annotations']), values.value([component, 'ingress', 'annotations'])]) {
    if (!source || typeof source !== 'object') continue;
    for (const [name, value] of Object.entries(source)) {
      if (value === null) annotations.delete(name);
      else annotations.set(name, value);
    }
  }
  const certManager = ISSUER_ANNOTATIONS.some((a) => annotations.has(a));
  const secretName = tlsSecret || (hasIssuer ? `${release.releaseName}-${ingressName}-certmanager-tls` : null);
  return secretName ? { secretName, certManager } : null;
}

/**
 * Whether a `postRenderers` kustomize patch deletes an Ingress of this name
 * (`$patch: delete`). The chart's labels are not known here: a label or annotation
 * selector is taken to match.
 */
function deletedByPostRenderer(release: EssRelease, objectName: string): boolean {
  const id = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: objectName, namespace: release.installNamespace };
  for (const renderer of itemsOf(nodeAt(release.object.node, ['spec', 'postRenderers']))) {
    for (const patch of itemsOf(nodeAt(renderer, ['kustomize', 'patches']))) {
      const selector = selectorOf(nodeAt(patch, ['target']), release.object.document);
      if (!selector || !matchesIdentity(selector, id)) continue;
      const text = nodeAt(patch, ['patch']);
      if (isScalar(text) && typeof text.value === 'string' && isDeletePatch(text.value)) return true;
    }
  }
  return false;
}

function isDeletePatch(text: string): boolean {
  try {
    const patch: unknown = parse(text);
    return !!patch && typeof patch === 'object' && (patch as Record<string, unknown>).$patch === 'delete';
  } catch {
    return false;
  }
}
