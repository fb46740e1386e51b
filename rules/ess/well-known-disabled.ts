import type { Rule } from '../../src/engine/rule.js';
import { essReleases } from '../../src/model/ess/release.js';

export const wellKnownDisabled: Rule = {
  meta: {
    id: 'ess/well-known-disabled',
    severity: 'error',
    deployment: true,
    description:
      'The well-known delegation is disabled (wellKnownDelegation.enabled: false), so nothing serves /.well-known/matrix on the server name: Element Call finds no MatrixRTC backend (error when Synapse and matrixRTC are enabled, warning otherwise).',
    docs: {
      rationale:
        'The chart writes org.matrix.msc4143.rtc_foci (the LiveKit URL Element Call looks for) and m.homeserver into the well-known documents on serverName. Without them calls fail with MISSING_MATRIX_RTC_TRANSPORT, and clients and other servers cannot find the homeserver from the server name.',
      bad: 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\nwellKnownDelegation:\n  enabled: false',
      good: 'serverName: example.com\nmatrixRTC:\n  ingress:\n    host: mrtc.example.com\nwellKnownDelegation:\n  enabled: true',
    },
  },
  create(context) {
    return {
      repository() {
        for (const release of essReleases(context.repository.flux)) {
          const { values } = release;
          const path = ['wellKnownDelegation', 'enabled'];
          const written = values.node(path);
          if (!written || values.enabled(['wellKnownDelegation']) || !values.certain(path)) continue;
          const serverName = values.text(['serverName']);
          if (serverName && context.ess.externalWellKnown.includes(serverName.toLowerCase())) continue;
          const name = values.shown(['serverName']);
          const rtc = values.enabled(['matrixRTC']);
          const synapse = values.enabled(['synapse']);
          // Without Synapse and MatrixRTC there is nothing for the well-known documents to announce.
          if (!rtc && !synapse) continue;
          const rtcHost = values.text(['matrixRTC', 'ingress', 'host']) && values.shown(['matrixRTC', 'ingress', 'host']);
          const related = [];
          const webHost = values.enabled(['elementWeb']) ? values.text(['elementWeb', 'ingress', 'host']) : null;
          const webLocation = values.locate(values.node(['elementWeb', 'ingress', 'host']));
          if (serverName && webHost?.toLowerCase() === serverName.toLowerCase() && webLocation) {
            related.push({
              location: webLocation,
              message: `Element Web is on the server name ${name}: with the delegation enabled, its Ingress and the well-known one both claim that host (two certificates for one name); move Element Web to a host of its own.`,
            });
          }
          context.report({
            // A standalone MatrixRTC (Synapse elsewhere) is announced by the homeserver's own well-known, likely served elsewhere.
            severity: rtc && synapse ? 'error' : 'warning',
            message: rtc
              ? `wellKnownDelegation is disabled, so https://${name}/.well-known/matrix/client is not served and lacks org.matrix.msc4143.rtc_foci${rtcHost ? ` (https://${rtcHost})` : ''}: Element Call cannot find MatrixRTC and calls fail with MISSING_MATRIX_RTC_TRANSPORT.`
              : `wellKnownDelegation is disabled, so https://${name}/.well-known/matrix/client and /server are not served: clients and other servers cannot find the homeserver from the server name.`,
            location: values.locate(written) ?? release.object.document.locate(release.object.anchor),
            related,
            fix: `Enable it (remove "enabled: false"; the chart's default is true). If the well-known documents${rtc ? ' with rtc_foci' : ''} are served outside the chart, list ${name} under ess.externalWellKnown in .fluxlint.yaml.`,
          });
        }
      },
    };
  },
};
