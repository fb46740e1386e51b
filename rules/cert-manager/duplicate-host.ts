import type { Rule } from '../../src/engine/rule.js';
import { certificateClaims, isPublicDnsName, issuedThroughAcme, type CertificateClaim } from '../../src/model/certificates.js';

export const duplicateHost: Rule = {
  meta: {
    id: 'cert-manager/duplicate-host',
    severity: 'error',
    deployment: true,
    description:
      'A public DNS name is requested from cert-manager more than once with different Secrets, through an ACME issuer (or one the repository does not define): by Certificates, by Ingresses with an issuer annotation, or by the Ingresses of the matrix-stack chart.',
    docs: {
      rationale:
        "cert-manager makes one Certificate per Secret, so each claimant orders its own certificate for the same name. Certificates for the same set of names are duplicates, and Let's Encrypt issues at most 5 duplicate certificates a week: re-creating both a few times in one week (a redeploy, a namespace re-created, a lost Secret) blocks issuance for the name until the week is over. Their HTTP-01 challenges for one host can also interfere. A name no public CA issues for (`*.svc.cluster.local`, `localhost`, `.home.arpa`, an IP) and a certificate from a CA, self-signed or external issuer are not counted.",
      bad: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: apex\nspec:\n  secretName: apex-tls\n  dnsNames: [example.com]\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\nspec:\n  tls:\n    - hosts: [example.com]\n      secretName: web-tls',
      good: 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: apex\nspec:\n  secretName: apex-tls\n  dnsNames: [example.com]\n  issuerRef: {name: letsencrypt, kind: ClusterIssuer}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [example.com]\n      secretName: apex-tls',
    },
  },
  create(context) {
    return {
      repository() {
        const byName = new Map<string, CertificateClaim[]>();
        // Clusters have cert-managers of their own: the same name in two clusters is two certificates by design.
        const model = context.repository.flux;
        for (const claim of certificateClaims(model)) {
          // The limit is Let's Encrypt's: a private name or a private CA's certificate is never counted against it.
          if (!isPublicDnsName(claim.dnsName) || issuedThroughAcme(model, claim) === false) continue;
          const key = `${claim.cluster}\n${claim.dnsName}`;
          byName.set(key, [...(byName.get(key) ?? []), claim]);
        }
        for (const claims of byName.values()) {
          const sorted = [...claims].sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line);
          const secrets = new Set(sorted.map(secretOf));
          if (secrets.size < 2) continue;
          const primary = sorted[sorted.length - 1]!;
          const dnsName = sorted.find((c) => c.shownName === c.dnsName)?.dnsName ?? primary.shownName;
          context.report({
            message: `${dnsName} is requested from cert-manager ${secrets.size} times with different Secrets (${[...secrets].join(', ')}): each is a separate certificate for the same name, and every issuance counts against Let's Encrypt's limit of 5 duplicate certificates a week, which re-creating them a few times reaches.`,
            location: primary.location,
            related: sorted.slice(0, -1).map((c) => ({ location: c.location, message: `${c.source} requests ${dnsName} into Secret ${secretOf(c)}` })),
            fix: 'Keep one certificate source for the name: let the other Ingresses name the same TLS Secret without an issuer annotation, or use one wildcard or shared Secret.',
          });
        }
      },
    };
  },
};

function secretOf(claim: CertificateClaim): string {
  return claim.namespace ? `${claim.namespace}/${claim.secretName}` : claim.secretName;
}
