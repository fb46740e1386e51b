import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SHARED, sharedAvailable, UPSTREAM } from './corpus.js';
import { countBy, HELM_REPOSITORY, helmRelease, lintDir, makeRepo, temporaryDirectory } from './helpers.js';

/**
 * The inline `config` of an `additional` entry against Helm: matrix-stack parses it
 * with `fromYaml` and refuses to render ("synapse.additional['x'] is invalid") when
 * it is not YAML or not a mapping. fluxlint must name exactly the entries Helm names,
 * for every component with configuration files, on texts that go-yaml and the `yaml`
 * package might read differently.
 */

const HELM = path.join(SHARED, 'tools', 'helm');
const CHART = path.join(UPSTREAM, 'ess-helm', 'charts', '26.8.1');

const TEXTS = [
  'a: 1\n',
  '# only a comment\n',
  '- a list\n',
  'plain text',
  'key: [unclosed',
  'a: 1\nb:\n  - c\n',
  'a: {b: 1}\n',
  'a: 1\n---\n- a second document, which fromYaml does not read\n',
  'key: value: more\n',
  'a: 1\na: 2\n',
  '\ta: 1\n',
  'a: *undefined\n',
  '{a: 1}',
  'null',
  '[]',
  '42',
  'a: 1\n  b: 2\n',
  '? complex\n: key\n',
  'a: &x 1\nb: *x\n',
  "a: 'unclosed\n",
];

const COMPONENTS: Record<string, string[]> = {
  synapse: ['synapse'],
  matrixAuthenticationService: ['matrixAuthenticationService'],
  hookshot: ['hookshot'],
  'matrixRTC.sfu': ['matrixRTC', 'sfu'],
};

/** Every component with one entry per text (t00, t01, …); hookshot is off by default, matrixRTC on. */
function values(enabled: boolean): string {
  const additional = Object.fromEntries(TEXTS.map((text, i) => [`t${String(i).padStart(2, '0')}`, { config: text }]));
  const result: Record<string, unknown> = { serverName: 'example.com', hookshot: { enabled }, matrixRTC: { enabled } };
  for (const keys of Object.values(COMPONENTS)) {
    let at = result;
    for (const key of keys) at = (at[key] ??= {}) as Record<string, unknown>;
    at.additional = additional;
  }
  // Double-quoted, so that a tab or a broken line reaches both parsers as written.
  return stringify(result, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}

describe.runIf(sharedAvailable(CHART) && existsSync(HELM))('additional configuration texts: fluxlint and helm template name the same entries', () => {
  /** The entries Helm names and those fluxlint names, as "component entry", sorted. */
  async function invalidEntries(enabled: boolean): Promise<{ byHelm: string[]; byFluxlint: string[] }> {
    const valuesFile = path.join(temporaryDirectory('fluxlint-helm-'), 'values.yaml');
    writeFileSync(valuesFile, values(enabled));
    const helm = spawnSync(HELM, ['template', 'ess', CHART, '-n', 'matrix', '-f', valuesFile], { encoding: 'utf8' });
    const byHelm = [...helm.stderr.matchAll(/^- ([\w.]+)\.additional\['(t\d\d)'\] is invalid/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    const result = await lintDir(makeRepo({ 'hr.yaml': helmRelease(values(enabled)), 'repository.yaml': HELM_REPOSITORY }));
    const byFluxlint = result.diagnostics
      .filter((d) => d.ruleId === 'ess/values-schema')
      .flatMap((d) => {
        const match = /^"([\w.]+)\.additional\.(t\d\d)\.config" .* (is not valid YAML|is a list|is a single value)/.exec(d.message);
        return match ? [`${match[1]} ${match[2]}`] : [];
      })
      .sort();
    return { byHelm, byFluxlint };
  }

  it(`on matrix-stack 26.8.1, for ${TEXTS.length} texts in each of ${Object.keys(COMPONENTS).length} components`, async () => {
    const { byHelm, byFluxlint } = await invalidEntries(true);
    // Helm refuses the lists, scalars and syntax errors, in every component alike.
    expect(byHelm.filter((entry) => entry.startsWith('synapse ')).map((entry) => TEXTS[Number(entry.slice(-2))])).toEqual([
      '- a list\n',
      'plain text',
      'key: [unclosed',
      'key: value: more\n',
      '\ta: 1\n',
      'a: *undefined\n',
      '[]',
      '42',
      'a: 1\n  b: 2\n',
      "a: 'unclosed\n",
    ]);
    expect(byHelm.length).toBe(40);
    expect(byFluxlint).toEqual(byHelm);
  });

  it('only in components the chart renders (hookshot and matrixRTC off here)', async () => {
    const { byHelm, byFluxlint } = await invalidEntries(false);
    expect(countBy(byHelm.map((entry) => entry.split(' ')[0]!))).toEqual({ synapse: 10, matrixAuthenticationService: 10 });
    expect(byFluxlint).toEqual(byHelm);
  });
});
