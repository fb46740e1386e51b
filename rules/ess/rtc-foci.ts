import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Finding, Rule } from '../../src/engine/rule.js';
import { essReleases, type EssRelease } from '../../src/model/ess/release.js';
import type { FluxModel } from '../../src/model/flux/model.js';
import { describeObject, idOf } from '../../src/model/kustomize/object.js';
import { itemsOf, keyName, nodeAt, pairOf, pairsOf, type MapNode } from '../../src/yaml/nodes.js';
import { configDocuments, entryPath } from '../shared/embedded-config.js';
import { isRtcDiscoveryKey } from '../shared/rtc-keys.js';

const RTC_FOCI = 'org.matrix.msc4143.rtc_foci';

export const rtcFoci: Rule = {
  meta: {
    id: 'ess/rtc-foci',
    severity: 'warning',
    deployment: true,
    description:
      'MatrixRTC discovery written by hand where it has no effect or conflicts with the chart: in the well-known client document the chart overwrites, in Element Web config, as a second Synapse transport, or in a hand-written well-known document whose LiveKit URL is not the MatrixRTC host.',
    docs: {
      rationale:
        "With matrixRTC enabled the chart writes rtc_foci and m.homeserver into /.well-known/matrix/client (its values win over additional.client) and appends its own transport to Synapse's matrix_rtc.transports, so a second one appears. Element Web never reads rtc_foci or a LiveKit URL from its config.json: it reads them from the server name's well-known document.",
      bad: 'matrixRTC:\n  ingress:\n    host: mrtc.example.com\nelementWeb:\n  additional:\n    config.json: |\n      {"rtc_foci": [{"type": "livekit", "livekit_service_url": "https://mrtc.example.com"}]}',
      good: 'matrixRTC:\n  ingress:\n    host: mrtc.example.com\nwellKnownDelegation:\n  enabled: true',
    },
  },
  create(context) {
    return {
      repository() {
        const model = context.repository.flux;
        for (const release of essReleases(model)) for (const finding of wellKnownClient(model, release)) context.report(finding);
        for (const finding of handWrittenFoci(model)) context.report(finding);
        for (const config of configDocuments(model, 'elementWeb')) {
          for (const key of rtcKeys(config.document.contents, [])) {
            context.report({
              message: `"${key.path.join('.')}" in ${entryPath('elementWeb', config.entry)} of ${describeObject(idOf(config.release.object))} has no effect: Element Web reads MatrixRTC discovery (org.matrix.msc4143.rtc_foci) only from https://<serverName>/.well-known/matrix/client, never from config.json.`,
              location: config.document.locate(key.node),
              fix: 'Remove it; with matrixRTC.enabled and wellKnownDelegation.enabled the chart publishes rtc_foci in the well-known document.',
            });
          }
        }
        for (const config of configDocuments(model, 'synapse')) {
          if (!config.release.values.enabled(['matrixRTC'])) continue;
          const transports = pairOf(nodeAt(config.document.contents, ['matrix_rtc'], config.document.doc), 'transports', config.document.doc);
          if (!transports) continue;
          const host = config.release.values.text(['matrixRTC', 'ingress', 'host']) && config.release.values.shown(['matrixRTC', 'ingress', 'host']);
          context.report({
            severity: 'error',
            message: `matrix_rtc.transports in ${entryPath('synapse', config.entry)} of ${describeObject(idOf(config.release.object))} comes in addition to the transport the chart configures for matrixRTC${host ? ` (https://${host})` : ''}: the chart appends its own, so Synapse advertises two.`,
            location: config.document.locate(transports.key as Node),
            fix: 'Remove matrix_rtc from the additional configuration; the chart configures it when matrixRTC.enabled.',
          });
        }
      },
    };
  },
};

/** Hand-written keys of the well-known client document that the chart overwrites. */
function wellKnownClient(model: FluxModel, release: EssRelease): Finding[] {
  const { values } = release;
  if (!values.enabled(['wellKnownDelegation'])) return [];
  const node = values.node(['wellKnownDelegation', 'additional', 'client']);
  const document = node ? model.origins.textOf(node)?.documents()[0] : undefined;
  if (!document || document.hasErrors || !isMap(document.contents)) return [];
  const findings: Finding[] = [];
  const rtcHost = values.text(['matrixRTC', 'ingress', 'host']);
  const synapseHost = values.text(['synapse', 'ingress', 'host']);
  // What the chart writes over additional.client; null when fluxlint cannot know the host.
  const owned: [string, boolean, unknown][] = [
    [RTC_FOCI, values.enabled(['matrixRTC']), rtcHost && [{ type: 'livekit', livekit_service_url: `https://${rtcHost}` }]],
    ['m.homeserver', values.enabled(['synapse']), synapseHost && { base_url: `https://${synapseHost}` }],
  ];
  const written = document.toJS() as Record<string, unknown>;
  for (const [key, chartWrites, chartValue] of owned) {
    const pair = pairOf(document.contents, key, document.doc);
    // The same value as the chart's is redundant, not wrong.
    if (!pair || !chartWrites || !chartValue || sameJson(written[key], chartValue)) continue;
    const shownValue = key === RTC_FOCI ? `https://${values.shown(['matrixRTC', 'ingress', 'host'])} as the LiveKit service URL` : `https://${values.shown(['synapse', 'ingress', 'host'])} as base_url`;
    findings.push({
      message: `"${key}" in wellKnownDelegation.additional.client of ${describeObject(idOf(release.object))} is overwritten: the chart's values win over additional.client, and it writes ${shownValue} there.`,
      location: document.locate(pair.key as Node),
      fix: `Remove "${key}" from additional.client; to change it, change the host in the chart values.`,
    });
  }
  return findings;
}

/**
 * Well-known client documents written by hand (a ConfigMap that a web server serves
 * at /.well-known/matrix/client): their LiveKit URL must be the MatrixRTC host of a
 * matrix-stack release in the repository.
 */
function handWrittenFoci(model: FluxModel): Finding[] {
  const releases = essReleases(model).filter((r) => r.values.enabled(['matrixRTC']));
  const expected = new Map<string, EssRelease>();
  for (const release of releases) {
    const host = release.values.text(['matrixRTC', 'ingress', 'host']);
    if (host === null) return []; // one host unknown: any URL might be it
    expected.set(`https://${host.toLowerCase()}`, release);
  }
  if (expected.size === 0) return [];
  const findings: Finding[] = [];
  for (const configMap of model.ofKind('ConfigMap')) {
    for (const pair of pairsOf(nodeAt(configMap.node, ['data']))) {
      const text = pair.value;
      if (!isScalar(text) || typeof text.value !== 'string' || !text.value.includes(RTC_FOCI)) continue;
      const document = model.origins.textOf(text)?.documents()[0];
      if (!document || document.hasErrors) continue;
      for (const focus of itemsOf(nodeAt(document.contents, [RTC_FOCI], document.doc), document.doc)) {
        const url = nodeAt(focus, ['livekit_service_url'], document.doc);
        if (!isScalar(url) || typeof url.value !== 'string' || expected.has(url.value.replace(/\/+$/, '').toLowerCase())) continue;
        const release = [...expected.values()][0]!;
        findings.push({
          severity: 'error',
          message: `livekit_service_url in the hand-written well-known document of ${describeObject(idOf(configMap))} does not match the MatrixRTC host of ${describeObject(idOf(release.object))} (https://${release.values.shown(['matrixRTC', 'ingress', 'host'])}): Element Call would look for LiveKit elsewhere.`,
          location: document.locate(url),
          fix: 'Use https://<matrixRTC.ingress.host>, without a path: the chart serves the LiveKit JWT service there.',
        });
      }
    }
  }
  return findings;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys of a document that advertise a MatrixRTC backend (rtc_foci, LiveKit URLs, element_call.url), with their paths. */
function rtcKeys(node: Node | null, path: string[]): { path: string[]; node: Node }[] {
  const found: { path: string[]; node: Node }[] = [];
  if (isMap(node)) {
    for (const pair of (node as MapNode).items) {
      const key = keyName(pair);
      if (key === null) continue;
      const keyPath = [...path, key];
      if (isRtcDiscoveryKey(path, key)) found.push({ path: keyPath, node: pair.key as Node });
      else found.push(...rtcKeys(pair.value as Node | null, keyPath));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) found.push(...rtcKeys(item as Node, path));
  }
  return found;
}
