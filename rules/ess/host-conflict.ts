import type { Rule } from '../../src/engine/rule.js';
import { chartIngresses, type ChartIngress } from '../../src/model/ess/ingresses.js';
import { essReleases } from '../../src/model/ess/release.js';

export const hostConflict: Rule = {
  meta: {
    id: 'ess/host-conflict',
    severity: 'error',
    deployment: true,
    description: 'Two Ingresses of the matrix-stack chart route the same path of one host: two components, or a component and the well-known delegation on serverName.',
    docs: {
      rationale:
        'The chart gives every component an Ingress of its own and does not check that hosts differ. Two Ingresses for "/" of one host are rejected by ingress-nginx or routed arbitrarily; Element Web on serverName also meets the well-known Ingress, whose base-domain redirect sends "/" to Element Web: a redirect loop.',
      bad: 'serverName: example.com\nelementWeb:\n  ingress:\n    host: example.com',
      good: 'serverName: example.com\nelementWeb:\n  ingress:\n    host: chat.example.com',
    },
  },
  create(context) {
    return {
      repository() {
        for (const release of essReleases(context.repository.flux)) {
          const byRoute = new Map<string, ChartIngress[]>();
          for (const ingress of chartIngresses(release)) {
            if (ingress.switchedOff) continue;
            for (const path of ingress.paths) byRoute.set(`${ingress.host}${path}`, [...(byRoute.get(`${ingress.host}${path}`) ?? []), ingress]);
          }
          for (const claimants of byRoute.values()) {
            if (claimants.length < 2) continue;
            const host = claimants.find((c) => c.shownHost === c.host)?.host ?? claimants[0]!.shownHost;
            // Point at the component written last; the well-known one (serverName) is never the one to move.
            const sorted = [...claimants].sort((a, b) => rank(a) - rank(b) || a.hostLocation.line - b.hostLocation.line);
            const primary = sorted[sorted.length - 1]!;
            const others = sorted.slice(0, -1);
            const wellKnown = others.find((c) => c.component === 'wellKnownDelegation');
            context.report({
              message: wellKnown
                ? `${primary.component}.ingress.host "${host}" is the server name, where the well-known delegation's Ingress already routes "/" (its base-domain redirect sends it to Element Web): two Ingresses for one host, and a redirect loop if the well-known one wins.`
                : `${primary.component}.ingress.host "${host}" is also the host of ${others.map((o) => o.component).join(' and ')}: two Ingresses route the same path of one host.`,
              location: primary.hostLocation,
              related: others.map((o) => ({
                location: o.hostLocation,
                message: o.component === 'wellKnownDelegation' ? `the well-known delegation serves ${host} (serverName)` : `${o.component} also uses ${host}`,
              })),
              fix: wellKnown
                ? `Give ${primary.component} a host of its own (for example chat.${host}); the base domain then redirects to it. Keeping it on the server name needs wellKnownDelegation.baseDomainRedirect.enabled: false and one shared TLS Secret.`
                : `Give ${primary.component} a host of its own.`,
            });
          }
        }
      },
    };
  },
};

function rank(ingress: ChartIngress): number {
  return ingress.component === 'wellKnownDelegation' ? 0 : 1;
}
