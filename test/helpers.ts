import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../src/diagnostic.js';
import { lint, type LintResult } from '../src/lint.js';
import { RULES } from '../rules/index.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures');

/**
 * A fresh temporary directory. Every test run has a temporary directory of its own
 * (test/global-setup.ts), removed when the run ends: no test cleans up by hand.
 */
export function temporaryDirectory(prefix = 'fluxlint-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a small repository into a fresh temporary directory and returns its path. */
export function makeRepo(files: Record<string, string | Buffer>): string {
  const dir = temporaryDirectory();
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

export async function lintDir(dir: string, targets: string[] = [dir]): Promise<LintResult> {
  return lint({ targets, root: dir, rules: RULES, cwd: dir });
}

/** How often each value occurs. */
export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** A compact, exact view of a diagnostic for assertions: "rule file:line:col". */
export function brief(d: Diagnostic): string {
  return `${d.ruleId} ${d.location.file}:${d.location.line}:${d.location.column}`;
}

/** Diagnostics of some rules only, as brief strings. */
export function findings(result: LintResult, prefix: string): string[] {
  return result.diagnostics.filter((d) => d.ruleId.startsWith(prefix)).map(brief);
}

/**
 * Fails when an output holds any four characters in a row of any secret value: a
 * value masked from one character too late is a leak too. Canary values must share
 * no four characters with what fluxlint prints legitimately (keys, messages).
 */
export function expectNoLeak(output: string, secrets: readonly string[], label = 'the output'): void {
  for (const secret of secrets) {
    for (let i = 0; i + 4 <= secret.length; i++) {
      const part = secret.slice(i, i + 4);
      const at = output.indexOf(part);
      if (at >= 0) throw new Error(`${label} leaks "${part}" of a secret value: ${JSON.stringify(output.slice(Math.max(0, at - 60), at + 60))}`);
    }
  }
}

/** Realistic SOPS values for fixtures (random bytes, not real ciphertext). */
export const ENC = {
  a: 'ENC[AES256_GCM,data:Rqvn4Smf6ZxkWdvs,iv:kl7axhOQ56FEClMXFRJqXO4VbuajSz3P4n8844NS9N4=,tag:SoLO0d9+C4X5IX0UED4vIQ==,type:str]',
  b: 'ENC[AES256_GCM,data:tmpS0OgnItOQuUSDJzAqBp8wSVD/xHpA,iv:2OaoCxZ3aR/CS3UNGQSbaVMlWawxJkDJqOdVrsyJnPE=,tag:DHUPkYQtSb8se0LOP1og7Q==,type:str]',
  int: 'ENC[AES256_GCM,data:Gs4=,iv:8zbVKoew3kv4be1+/LWLoZ0b5JcDcMOPvxCA/q4hFQ4=,tag:w1CQ62j4IsvI/EH+m/9X9A==,type:int]',
};

/** A complete sops block with the given selector lines (indented two spaces). */
export function sopsBlock(...selectors: string[]): string {
  return [
    'sops:',
    '  age:',
    '    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
    '      enc: |',
    '        -----BEGIN AGE ENCRYPTED FILE-----',
    '        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBkZW1v',
    '        -----END AGE ENCRYPTED FILE-----',
    '  lastmodified: "2026-10-02T18:22:31Z"',
    `  mac: ${ENC.b}`,
    ...selectors.map((s) => `  ${s}`),
    '  version: 3.11.0',
    '',
  ].join('\n');
}

// ESS: a matrix-stack HelmRelease and its source.

/** The chart of `helmRelease`: matrix-stack 26.8.1 from the HelmRepository `ess`. */
export const CHART = ['  chart:', '    spec:', '      chart: matrix-stack', '      version: 26.8.1', '      sourceRef:', '        kind: HelmRepository', '        name: ess'];

export const indent = (text: string, by: number) => text.replace(/^(?=.)/gm, ' '.repeat(by));

/**
 * A HelmRelease `matrix/ess` of the matrix-stack chart (hr.yaml in the ESS tests): its
 * values begin at line 16, column 5, or n lines lower after a `before` block of n lines.
 */
export function helmRelease(values: string, { chart = CHART, before = [] as string[] } = {}): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    '  name: ess',
    '  namespace: matrix',
    'spec:',
    '  interval: 1h',
    ...chart,
    ...before,
    '  values:',
    indent(values, 4),
  ].join('\n');
}

/** The HelmRepository hr.yaml names, so that nothing but the rules under test speaks. */
export const HELM_REPOSITORY = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: ess\n  namespace: matrix\nspec:\n  type: oci\n  interval: 1h\n  url: oci://ghcr.io/element-hq/ess-helm\n';
