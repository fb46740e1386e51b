import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostic.js';
import { renderValues } from '../src/values-command.js';
import { sharedAvailable, UPSTREAM } from './corpus.js';
import { FIXTURES, HELM_REPOSITORY, helmRelease, lintDir, makeRepo } from './helpers.js';

const ESS_PACKS = /^(ess|synapse|mas|element-web|cert-manager)\//;
const line = (d: Diagnostic) => `${d.severity} ${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column}`;

describe('the axion repository (the incident behind the ESS pack)', () => {
  it('in its broken state, reports exactly what the incident report explains', async () => {
    const result = await lintDir(path.join(FIXTURES, 'axion'));
    expect(result.diagnostics.map(line)).toEqual([
      'error synapse/unknown-key apps/production/custom-configs/synapse-values.yaml:16:13',
      'error synapse/unknown-key apps/production/custom-configs/synapse-values.yaml:17:13',
      'info ess/values-schema apps/production/element-server-suite.yaml:23:7',
      'error ess/well-known-disabled apps/production/element-server-suite.yaml:61:16',
    ]);
    const [rtcEnabled, rtcUri, unknown, wellKnown] = result.diagnostics;
    expect(rtcEnabled!.message).toBe('"matrix_rtc_enabled" is not a Synapse option in synapse.additional["0-rtc-config"].config of HelmRelease "matrix/matrix-stack": Synapse ignores it.');
    expect(rtcUri!.fix).toBe('Remove it: with matrixRTC.enabled the chart itself configures matrix_rtc.transports and the experimental_features MatrixRTC needs.');
    expect(unknown!.message).toBe('Could not check the values that this layer sets: Secret "matrix/ess-mas-values-secret" is SOPS-encrypted. The ESS rules treat them as unknown.');
    expect(wellKnown!.message).toContain('org.matrix.msc4143.rtc_foci (https://mrtc.axion1337.chat)');
    expect(wellKnown!.message).toContain('MISSING_MATRIX_RTC_TRANSPORT');
    // Element Web on the apex: turning the delegation back on alone would make two Ingresses claim it (the ACME race).
    expect(wellKnown!.related.map((r) => `${r.location.file}:${r.location.line}:${r.location.column}`)).toEqual(['apps/production/element-server-suite.yaml:52:15']);
    expect(wellKnown!.related[0]!.message).toContain('move Element Web to a host of its own');
  });

  it('in its fixed state, reports no error or warning, only that the MAS Secret could not be read', async () => {
    const result = await lintDir(path.join(FIXTURES, 'axion-fixed'));
    expect(result.diagnostics.map(line)).toEqual(['info ess/values-schema apps/production/element-server-suite.yaml:23:7']);
  });

  it('shows its values with the chart defaults under them, each marked', async () => {
    const result = await lintDir(path.join(FIXTURES, 'axion-fixed'));
    const rendered = renderValues(result.repository.flux, { reference: 'matrix/matrix-stack', path: 'wellKnownDelegation' }, 'yaml');
    expect('output' in rendered && rendered.output.split('\n').slice(6)).toEqual([
      'enabled: true # apps/production/element-server-suite.yaml:62',
      'baseDomainRedirect: # apps/production/element-server-suite.yaml:63',
      '  url: https://chat.axion1337.chat # apps/production/element-server-suite.yaml:64',
      '  enabled: true # chart default',
      'ingress: # chart default',
      '  tlsEnabled: true # chart default',
      'additional: # chart default',
      '  client: "{}" # chart default',
      '  server: "{}" # chart default',
      '  support: "{}" # chart default',
      '',
    ]);
    expect('output' in rendered && rendered.output.split('\n')[1]).toBe('# chart defaults of matrix-stack that decide what it deploys (marked "chart default")');
    const json = renderValues(result.repository.flux, { reference: 'matrix/matrix-stack', path: 'matrixRTC' }, 'json');
    expect('output' in json && (JSON.parse(json.output) as { chartDefaults: string[] }).chartDefaults).toEqual(['matrixRTC.ingress.tlsEnabled', 'matrixRTC.sfu.enabled']);
  });

  it('with the delegation re-enabled but Element Web still on the apex, reports the host conflict and the duplicate certificate', async () => {
    const dir = path.join(FIXTURES, 'axion');
    const release = readFileSync(path.join(dir, 'apps/production/element-server-suite.yaml'), 'utf8').replace('enabled: false', 'enabled: true');
    const files: Record<string, string> = {};
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (/\.ya?ml$/.test(file)) files[file] = readFileSync(path.join(dir, file), 'utf8');
    }
    files['apps/production/element-server-suite.yaml'] = release;
    const result = await lintDir(makeRepo(files));
    const ess = result.diagnostics.filter((d) => ESS_PACKS.test(d.ruleId) && d.ruleId !== 'synapse/unknown-key');
    expect(ess.map(line)).toEqual([
      'info ess/values-schema apps/production/element-server-suite.yaml:23:7',
      'error cert-manager/duplicate-host apps/production/element-server-suite.yaml:52:15',
      'error ess/host-conflict apps/production/element-server-suite.yaml:52:15',
    ]);
    ess.shift();
    expect(ess[0]!.message).toBe(
      "axion1337.chat is requested from cert-manager 2 times with different Secrets (matrix/matrix-stack-well-known-certmanager-tls, matrix/matrix-stack-element-web-certmanager-tls): each is a separate certificate for the same name, and every issuance counts against Let's Encrypt's limit of 5 duplicate certificates a week, which re-creating them a few times reaches.",
    );
    expect(ess[0]!.related.map((r) => `${r.location.line}:${r.location.column} ${r.message}`)).toEqual([
      '27:17 the well-known Ingress of HelmRelease "matrix/matrix-stack" requests axion1337.chat into Secret matrix/matrix-stack-well-known-certmanager-tls',
    ]);
    expect(ess[1]!.related.map((r) => `${r.location.line}:${r.location.column}`)).toEqual(['27:17']);
  });
});

/** A repository with one matrix-stack HelmRelease whose values are a values file as written. */
function releaseRepo(values: string): string {
  return makeRepo({ 'hr.yaml': helmRelease(values.replace(/^---\s*$/gm, '')), 'repository.yaml': HELM_REPOSITORY });
}

describe('the chart CI values, each wrapped in a HelmRelease', () => {
  const dir = path.join(UPSTREAM, 'ess-helm', 'ci');
  const files = sharedAvailable(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];

  it.skipIf(files.length === 0)('pass ess/values-schema, and the other ESS rules find only what each file really does', async () => {
    const findings: string[] = [];
    const wellKnownOff: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const result = await lintDir(releaseRepo(text));
      for (const d of result.diagnostics) {
        if (!ESS_PACKS.test(d.ruleId)) continue;
        // These files test one component each and switch the well-known delegation off on purpose: true, expected warnings.
        if (d.ruleId === 'ess/well-known-disabled' && d.severity === 'warning' && /^wellKnownDelegation:\n {2}enabled: false$/m.test(text)) wellKnownOff.push(file);
        else findings.push(`${file}: ${d.severity} ${d.ruleId} ${d.message}`);
      }
    }
    console.log(`ESS findings on ${files.length} chart CI values files: ${wellKnownOff.length} ess/well-known-disabled warnings, and\n${findings.join('\n') || '(none)'}`);
    expect(files.length).toBe(75);
    expect(wellKnownOff.length).toBe(37);
    expect(findings).toEqual([
      // The chart's test values use placeholder keys on purpose; MAS and Element Web would ignore them.
      'matrix-authentication-service-secrets-in-helm-values.yaml: error mas/config Unknown field "example" in matrixAuthenticationService.additional.example-value.config of HelmRelease "matrix/ess".',
      'pytest-element-web-values.yaml: warning element-web/config Unknown field "some_key" in elementWeb.additional["user-config.json"] of HelmRelease "matrix/ess".',
    ]);
  });
});
