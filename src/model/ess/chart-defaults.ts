/**
 * The defaults of the matrix-stack chart (26.x) that decide what the chart deploys
 * and where: which components are enabled, TLS, the well-known delegation's
 * redirect and documents. Helm layers the chart's defaults under the user's values;
 * fluxlint does the same with these before any ESS rule looks at the values.
 * Written from the chart's values.yaml.
 */
export const CHART_DEFAULTS: Readonly<Record<string, unknown>> = {
  certManager: {},
  ingress: { tlsEnabled: true },
  initSecrets: { enabled: true },
  deploymentMarkers: { enabled: true },
  postgres: { enabled: true },
  synapse: { enabled: true, ingress: componentIngress(), additional: {} },
  matrixAuthenticationService: { enabled: true, ingress: componentIngress(), additional: {} },
  matrixRTC: { enabled: true, ingress: componentIngress(), sfu: { enabled: true, additional: {} } },
  elementWeb: { enabled: true, ingress: componentIngress(), additional: {} },
  elementAdmin: { enabled: true, ingress: componentIngress() },
  hookshot: { enabled: false, ingress: componentIngress(), additional: {} },
  wellKnownDelegation: {
    enabled: true,
    ingress: componentIngress(),
    baseDomainRedirect: { enabled: true, url: '' },
    additional: { client: '{}', server: '{}', support: '{}' },
  },
};

function componentIngress(): Record<string, unknown> {
  return { tlsEnabled: true };
}

/** A chart component with an Ingress of its own: its key in the values and the name the chart gives its Ingress. */
export interface IngressComponent {
  key: 'synapse' | 'matrixAuthenticationService' | 'matrixRTC' | 'elementWeb' | 'elementAdmin' | 'hookshot';
  ingressName: string;
  /** The paths its Ingress routes. */
  paths: readonly string[];
}

export const INGRESS_COMPONENTS: readonly IngressComponent[] = [
  { key: 'synapse', ingressName: 'synapse', paths: ['/_matrix', '/_synapse'] },
  { key: 'matrixAuthenticationService', ingressName: 'matrix-authentication-service', paths: ['/'] },
  { key: 'matrixRTC', ingressName: 'matrix-rtc', paths: ['/'] },
  { key: 'elementWeb', ingressName: 'element-web', paths: ['/'] },
  { key: 'elementAdmin', ingressName: 'element-admin', paths: ['/'] },
  // Without a host of its own, Hookshot is served behind the Synapse host and has no Ingress.
  { key: 'hookshot', ingressName: 'hookshot', paths: ['/'] },
];

/** The Ingress of the well-known delegation, on `serverName`. */
export const WELL_KNOWN_INGRESS_NAME = 'well-known';
