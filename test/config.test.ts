import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { main } from '../src/cli.js';
import type { Location } from '../src/diagnostic.js';
import { Ajv } from 'ajv';
import { ConfigError, configSchema } from '../src/engine/config.js';
import { lint } from '../src/lint.js';
import { brief, lintDir, makeRepo } from './helpers.js';

/** A plaintext Secret: `sops/unencrypted-secret` reports it at 6:3 (the `password` key). */
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
const SECRET_AT = (file: string) => `sops/unencrypted-secret ${file}:6:3`;
/** A duplicate key: `yaml/duplicate-key` reports it at 2:1. */
const DUPLICATE = 'a: 1\na: 2\n';

/** "rule file:line:col severity" for every diagnostic. */
async function lintedWith(files: Record<string, string>, sub = ''): Promise<string[]> {
  const dir = makeRepo(files);
  const result = await lintDir(path.join(dir, sub));
  return result.diagnostics.map((d) => `${brief(d)} ${d.severity}`);
}

async function lintedPaths(files: Record<string, string>): Promise<string[]> {
  const result = await lintDir(makeRepo(files));
  return result.repository.files.map((f) => f.source.path);
}

/** Runs the CLI in `cwd` and captures its output. */
async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

/** The ConfigError that linting `dir` throws, as plain data. */
async function configErrorOf(dir: string, configFile?: string): Promise<{ message: string; location?: Location }> {
  const error = await lint({ targets: [dir], rules: RULES, cwd: dir, ...(configFile ? { configFile } : {}) }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const { message, location } = error as ConfigError;
  return location ? { message, location } : { message };
}

describe('finding the configuration file', () => {
  it('reads .fluxlint.yaml in the repository root', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: warn\n', 's.yaml': SECRET });
    const result = await lintDir(dir);
    expect(result.config.path).toBe('.fluxlint.yaml');
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${SECRET_AT('s.yaml')} warning`]);
  });

  it('reads .fluxlint.yml as well', async () => {
    expect(await lintedWith({ '.fluxlint.yml': 'rules:\n  sops/unencrypted-secret: off\n', 's.yaml': SECRET })).toEqual([]);
  });

  it('uses the built-in severities without a configuration file', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    const result = await lintDir(dir);
    expect(result.config.path).toBeNull();
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${SECRET_AT('s.yaml')} error`]);
  });

  it('never takes a configuration from above the root: a home or workspace directory must not change a run', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: info\n', 'repo/s.yaml': SECRET });
    const result = await lintDir(path.join(dir, 'repo'));
    expect(result.config.path).toBe(null);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${SECRET_AT('s.yaml')} error`]);
  });

  it('takes `warning` as well as `warn`, as fluxlint reports it', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: warning\n', 's.yaml': SECRET });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${SECRET_AT('s.yaml')} warning`]);
  });

  it('prefers the nearest configuration file', async () => {
    const files = {
      '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: off\n',
      'repo/.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: warn\n',
      'repo/s.yaml': SECRET,
    };
    expect(await lintedWith(files, 'repo')).toEqual([`${SECRET_AT('s.yaml')} warning`]);
  });

  it('lets configFile (--config) override the file that would be found', async () => {
    const dir = makeRepo({
      '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secret: off\n',
      'ci/strict.yaml': 'rules:\n  sops/unencrypted-secret: info\n',
      's.yaml': SECRET,
    });
    const result = await lint({ targets: [dir], rules: RULES, cwd: dir, configFile: 'ci/strict.yaml' });
    expect(result.config.path).toBe('ci/strict.yaml');
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual([`${SECRET_AT('s.yaml')} info`]);

    const { code, stdout } = await cli(['--config', 'ci/strict.yaml', '--format', 'json'], dir);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { diagnostics: { ruleId: string; severity: string; line: number }[] };
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.severity} ${d.line}`)).toEqual(['sops/unencrypted-secret info 6']);
  });

  it('reports a --config file that does not exist as a configuration error without a location', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    expect(await configErrorOf(dir, 'missing.yaml')).toEqual({ message: 'cannot read the configuration file missing.yaml' });
    expect(await cli(['--config', 'missing.yaml'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: configuration error: cannot read the configuration file missing.yaml\n',
    });
  });

  it('accepts an empty configuration file', async () => {
    expect(await lintedWith({ '.fluxlint.yaml': '# nothing configured yet\n', 's.yaml': SECRET })).toEqual([`${SECRET_AT('s.yaml')} error`]);
  });
});

describe('rules: severities', () => {
  it.each([
    ['off', []],
    ['info', [`${SECRET_AT('s.yaml')} info`]],
    ['warn', [`${SECRET_AT('s.yaml')} warning`]],
    ['error', [`${SECRET_AT('s.yaml')} error`]],
  ])('sops/unencrypted-secret: %s', async (setting, expected) => {
    expect(await lintedWith({ '.fluxlint.yaml': `rules:\n  sops/unencrypted-secret: ${setting}\n`, 's.yaml': SECRET })).toEqual(expected);
  });

  it.each([
    ['off', []],
    ['info', ['yaml/duplicate-key d.yaml:2:1 info']],
    ['warn', ['yaml/duplicate-key d.yaml:2:1 warning']],
  ])('yaml/duplicate-key: %s', async (setting, expected) => {
    expect(await lintedWith({ '.fluxlint.yaml': `rules:\n  yaml/duplicate-key: ${setting}\n`, 'd.yaml': DUPLICATE })).toEqual(expected);
  });

  it('raises a warning rule to error, which makes the CLI exit with 1', async () => {
    const dir = makeRepo({
      '.fluxlint.yaml': 'rules:\n  fluxlint/unused-disable: error\n',
      'a.yaml': '# fluxlint-disable-next-line yaml/duplicate-key\na: 1\n',
    });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity}`)).toEqual(['fluxlint/unused-disable a.yaml:1:1 error']);
    expect((await cli([], dir)).code).toBe(1);
  });

  it('changes only the rules it names', async () => {
    const files = { '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: warn\n', 'd.yaml': DUPLICATE, 's.yaml': SECRET };
    expect(await lintedWith(files)).toEqual(['yaml/duplicate-key d.yaml:2:1 warning', `${SECRET_AT('s.yaml')} error`]);
  });
});

describe('ignore and .gitignore', () => {
  it('skips the paths of `ignore`, in gitignore syntax', async () => {
    const files = {
      '.fluxlint.yaml': 'ignore:\n  - legacy/\n  - "*.local.yaml"\n  - "!keep.local.yaml"\n  - /top.yaml\n',
      'legacy/s.yaml': SECRET,
      'apps/s.local.yaml': SECRET,
      'apps/keep.local.yaml': DUPLICATE,
      'top.yaml': DUPLICATE,
      'apps/top.yaml': DUPLICATE,
    };
    expect(await lintedPaths(files)).toEqual(['.fluxlint.yaml', 'apps/keep.local.yaml', 'apps/top.yaml']);
    expect(await lintedWith(files)).toEqual(['yaml/duplicate-key apps/keep.local.yaml:2:1 error', 'yaml/duplicate-key apps/top.yaml:2:1 error']);
  });

  it('honours the root .gitignore', async () => {
    const files = { '.gitignore': 'generated/\n*.tmp.yaml\n', 'generated/s.yaml': SECRET, 'x.tmp.yaml': DUPLICATE, 'ok.yaml': 'a: 1\n' };
    expect(await lintedPaths(files)).toEqual(['ok.yaml']);
  });

  it('honours nested .gitignore files relative to their own directory', async () => {
    const files = {
      'apps/.gitignore': '/local.yaml\nscratch/\n',
      'apps/local.yaml': SECRET,
      'apps/scratch/s.yaml': SECRET,
      'apps/sub/local.yaml': DUPLICATE,
      'local.yaml': DUPLICATE,
      'other/scratch/s.yaml': DUPLICATE,
    };
    expect(await lintedPaths(files)).toEqual(['apps/sub/local.yaml', 'local.yaml', 'other/scratch/s.yaml']);
  });

  it('lets a nested .gitignore re-include what the root one ignores, as git does', async () => {
    const files = { '.gitignore': '*.local.yaml\n', 'apps/.gitignore': '!keep.local.yaml\n', 'apps/keep.local.yaml': DUPLICATE, 'apps/x.local.yaml': DUPLICATE };
    expect(await lintedPaths(files)).toEqual(['apps/keep.local.yaml']);
  });

  it('never lints node_modules or .git, at any depth', async () => {
    const files = {
      '.git/config.yaml': SECRET,
      'node_modules/pkg/s.yaml': SECRET,
      'apps/node_modules/s.yaml': SECRET,
      'apps/.git/s.yaml': SECRET,
      'apps/ok.yaml': 'a: 1\n',
    };
    expect(await lintedPaths(files)).toEqual(['apps/ok.yaml']);
    expect(await lintedWith(files)).toEqual([]);
  });
});

describe('overrides', () => {
  const config = [
    'rules:',
    '  sops/unencrypted-secret: warn',
    'overrides:',
    '  - files: ["apps/**"]',
    '    rules:',
    '      sops/unencrypted-secret: error',
    '  - files: ["apps/dev/", "*.example.yaml"]',
    '    rules:',
    '      sops/unencrypted-secret: off',
    '',
  ].join('\n');

  it('applies rule settings per path, the last matching override winning over earlier ones and over `rules`', async () => {
    const files = {
      '.fluxlint.yaml': config,
      'base/s.yaml': SECRET,
      'apps/prod/s.yaml': SECRET,
      'apps/dev/s.yaml': SECRET,
      'apps/prod/s.example.yaml': SECRET,
    };
    expect(await lintedWith(files)).toEqual([`${SECRET_AT('apps/prod/s.yaml')} error`, `${SECRET_AT('base/s.yaml')} warning`]);
  });

  it('runs a rule that is off in `rules` where an override turns it on', async () => {
    const files = {
      '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: off\noverrides:\n  - files: [clusters/]\n    rules:\n      yaml/duplicate-key: warn\n',
      'apps/d.yaml': DUPLICATE,
      'clusters/d.yaml': DUPLICATE,
    };
    expect(await lintedWith(files)).toEqual(['yaml/duplicate-key clusters/d.yaml:2:1 warning']);
  });

  it('leaves rules that an override does not name alone', async () => {
    const files = {
      '.fluxlint.yaml': 'overrides:\n  - files: [apps/]\n    rules:\n      yaml/duplicate-key: info\n',
      'apps/d.yaml': DUPLICATE,
      'apps/s.yaml': SECRET,
    };
    expect(await lintedWith(files)).toEqual(['yaml/duplicate-key apps/d.yaml:2:1 info', `${SECRET_AT('apps/s.yaml')} error`]);
  });
});

describe('configuration errors', () => {
  // [case, .fluxlint.yaml, message, line, column]
  const cases: [string, string, string, number, number][] = [
    [
      'an unknown rule id, with a suggestion',
      'rules:\n  yaml/duplicate-key: warn\n  sops/unencrypted-secrets: warn\n',
      'unknown rule "sops/unencrypted-secrets"; did you mean "sops/unencrypted-secret"?',
      3,
      3,
    ],
    ['an unknown rule id, nothing close', 'rules:\n  k8s/whatever-thing: off\n', 'unknown rule "k8s/whatever-thing"', 2, 3],
    [
      'an unknown rule id in an override',
      'overrides:\n  - files: [apps/]\n    rules:\n      yaml/duplicate-keys: off\n',
      'unknown rule "yaml/duplicate-keys"; did you mean "yaml/duplicate-key"?',
      4,
      7,
    ],
    ['an unknown top-level key', 'rules: {}\nrule:\n  yaml/duplicate-key: off\n', 'unknown setting "rule" in the configuration', 2, 1],
    ['an unknown key in an override', 'overrides:\n  - files: [a/]\n    rules: {}\n    rulez: {}\n', 'unknown setting "rulez" in overrides.0', 4, 5],
    ['ignore that is not a list', 'ignore: apps/\n', 'ignore must be array', 1, 9],
    ['rules that are not a mapping', 'rules: [yaml/duplicate-key]\n', 'rules must be object', 1, 8],
    ['override files that are not a list', 'overrides:\n  - files: apps/\n    rules: {}\n', 'overrides.0.files must be array', 2, 12],
    ['an override without rules', 'overrides:\n  - files: [apps/]\n', "overrides.0 must have required property 'rules'", 2, 5],
    ['an empty ignore pattern', 'ignore: [""]\n', 'ignore.0 must NOT have fewer than 1 characters', 1, 10],
    ['a YAML duplicate key', 'rules: {}\nrules: {}\n', 'Duplicate key "rules": YAML forbids it, and tools disagree on which value wins.', 2, 1],
  ];

  it.each(cases)('%s: a ConfigError at the offending key or value', async (_name, yaml, message, line, column) => {
    const dir = makeRepo({ '.fluxlint.yaml': yaml, 'ok.yaml': 'a: 1\n' });
    const { location, ...rest } = await configErrorOf(dir);
    expect(rest).toEqual({ message });
    expect(location).toMatchObject({ file: '.fluxlint.yaml', line, column });
  });

  it.each(cases)('%s: the CLI prints it and exits with 2', async (_name, yaml, message, line, column) => {
    const dir = makeRepo({ '.fluxlint.yaml': yaml, 'ok.yaml': 'a: 1\n' });
    expect(await cli([], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `fluxlint: configuration error: .fluxlint.yaml:${line}:${column}: ${message}\n`,
    });
  });

  it('locates a bad severity value at the value', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: off\n  sops/unencrypted-secret: warnings\n' });
    const { location, message } = await configErrorOf(dir);
    expect(location).toMatchObject({ file: '.fluxlint.yaml', line: 3, column: 28 });
    expect(message).toMatch(/ must be one of "off", "info", "warn", "warning", "error"$/);
  });

  it('names the rule of a bad severity value as written', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: off\n  sops/unencrypted-secret: warnings\n' });
    expect(await cli([], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: configuration error: .fluxlint.yaml:3:28: rules.sops/unencrypted-secret must be one of "off", "info", "warn", "warning", "error"\n',
    });
  });

  it('names the rule of a bad severity value in an override as written', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'overrides:\n  - files: [a/]\n    rules:\n      yaml/duplicate-key: warnings\n' });
    expect(await configErrorOf(dir)).toEqual({
      message: 'overrides.0.rules.yaml/duplicate-key must be one of "off", "info", "warn", "warning", "error"',
      location: { file: '.fluxlint.yaml', line: 4, column: 27, endLine: 4, endColumn: 35 },
    });
  });

  it('reports a rule id without a pack as an unknown rule, at its key, with a suggestion', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: warn\n  unencrypted-secret: warn\n' });
    expect(await cli([], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: configuration error: .fluxlint.yaml:3:3: unknown rule "unencrypted-secret"; did you mean "sops/unencrypted-secret"?\n',
    });
  });

  it('reports a YAML syntax error in the configuration at its position', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: [warn\n' });
    const { code, stdout, stderr } = await cli([], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^fluxlint: configuration error: \.fluxlint\.yaml:3:1: Flow sequence .*\n$/);
  });

  it('names a --config file outside the root by its path relative to the working directory', async () => {
    const dir = makeRepo({ '.fluxlint.yaml': 'rules:\n  sops/unencrypted-secrets: warn\n', 'repo/s.yaml': SECRET });
    expect(await cli(['--config', '../.fluxlint.yaml'], path.join(dir, 'repo'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: configuration error: ../.fluxlint.yaml:2:3: unknown rule "sops/unencrypted-secrets"; did you mean "sops/unencrypted-secret"?\n',
    });
    // Run from the parent with the directory as argument: the file is named relative to the working directory.
    expect((await cli(['repo', '--config', '.fluxlint.yaml'], dir)).stderr).toBe(
      'fluxlint: configuration error: .fluxlint.yaml:2:3: unknown rule "sops/unencrypted-secrets"; did you mean "sops/unencrypted-secret"?\n',
    );
  });

  it('names a --config file by its path', async () => {
    const dir = makeRepo({ 'ci/fluxlint.yaml': 'rules:\n  yaml/duplicate-key: loud\n', 'ok.yaml': 'a: 1\n' });
    const { code, stderr } = await cli(['-c', 'ci/fluxlint.yaml'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^fluxlint: configuration error: ci\/fluxlint\.yaml:2:23: .* must be one of "off", "info", "warn", "warning", "error"\n$/);
  });
});

describe('inline suppressions', () => {
  const secretWith = (comment: string) => SECRET.replace('  password', `  ${comment}\n  password`);

  it('silences one rule on the next line', async () => {
    expect(await lintedWith({ 's.yaml': secretWith('# fluxlint-disable-next-line sops/unencrypted-secret') })).toEqual([]);
  });

  it('accepts a reason after " -- "', async () => {
    const comment = '# fluxlint-disable-next-line sops/unencrypted-secret -- test fixture, not a real password';
    expect(await lintedWith({ 's.yaml': secretWith(comment) })).toEqual([]);
  });

  it('accepts several comma-separated rule ids', async () => {
    // Both findings are on line 6: the first plaintext key (col 14) and the duplicate key (col 33).
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n#comment\nstringData: {password: hunter2, password: again}\n';
    expect(await lintedWith({ 's.yaml': text })).toEqual([
      'sops/unencrypted-secret s.yaml:6:14 error',
      'yaml/duplicate-key s.yaml:6:33 error',
    ]);
    const both = text.replace('#comment', '# fluxlint-disable-next-line yaml/duplicate-key, sops/unencrypted-secret -- fixture');
    expect(await lintedWith({ 's.yaml': both })).toEqual([]);
    const one = text.replace('#comment', '# fluxlint-disable-next-line yaml/duplicate-key');
    expect(await lintedWith({ 's.yaml': one })).toEqual(['sops/unencrypted-secret s.yaml:6:14 error']);
  });

  it('silences every rule on the next line when it names none', async () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n# fluxlint-disable-next-line -- generated\nstringData: {password: hunter2, password: again}\n';
    expect(await lintedWith({ 's.yaml': text })).toEqual([]);
  });

  it('silences only the line right after the comment', async () => {
    const text = '# fluxlint-disable-next-line yaml/duplicate-key\na: 1\na: 2\n';
    expect(await lintedWith({ 'd.yaml': text })).toEqual([
      'fluxlint/unused-disable d.yaml:1:1 warning',
      'yaml/duplicate-key d.yaml:3:1 error',
    ]);
  });

  it('silences a rule in the whole file with fluxlint-disable-file, wherever the comment is', async () => {
    const text = 'a: 1\na: 2\nb: 1\nb: 2\n# fluxlint-disable-file yaml/duplicate-key\n';
    expect(await lintedWith({ 'd.yaml': text, 'other.yaml': DUPLICATE })).toEqual(['yaml/duplicate-key other.yaml:2:1 error']);
  });

  it('leaves the rules a fluxlint-disable-file does not name', async () => {
    const text = `# fluxlint-disable-file yaml/duplicate-key\n${SECRET}kind: Secret\n`;
    expect(await lintedWith({ 's.yaml': text })).toEqual(['sops/unencrypted-secret s.yaml:7:3 error']);
    expect(await lintedWith({ 's.yaml': text.replace('# fluxlint', '# no-lint') })).toEqual([
      'sops/unencrypted-secret s.yaml:7:3 error',
      'yaml/duplicate-key s.yaml:8:1 error',
    ]);
  });

  it('reports an unused suppression at the comment, with what it failed to silence', async () => {
    const dir = makeRepo({ 'a.yaml': 'a: 1\n  # fluxlint-disable-next-line yaml/duplicate-key -- old\nb: 2\n' });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => ({ id: d.ruleId, severity: d.severity, message: d.message, location: d.location }))).toEqual([
      {
        id: 'fluxlint/unused-disable',
        severity: 'warning',
        message: 'Unused fluxlint-disable-next-line for yaml/duplicate-key: no such finding on line 3.',
        location: { file: 'a.yaml', line: 2, column: 3, endLine: 2, endColumn: 57 },
      },
    ]);
  });

  it('reports an unused suppression of every rule, and an unused file-wide one', async () => {
    const dir = makeRepo({
      'a.yaml': 'a: 1\n# fluxlint-disable-next-line\nb: 2\n',
      'b.yaml': 'a: 1\nb: 2 # fluxlint-disable-file sops/unencrypted-secret\n',
    });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`)).toEqual([
      'fluxlint/unused-disable a.yaml:2:1 warning Unused fluxlint-disable-next-line: no finding on line 3 to silence.',
      'fluxlint/unused-disable b.yaml:2:6 warning Unused fluxlint-disable-file for sops/unencrypted-secret: no such finding in this file.',
    ]);
  });

  it('reports an unknown rule id in a suppression, and does not silence the rule it meant', async () => {
    const dir = makeRepo({ 's.yaml': secretWith('# fluxlint-disable-next-line sops/unencrypted-secrets') });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`)).toEqual([
      'fluxlint/unused-disable s.yaml:6:3 warning Unknown rule "sops/unencrypted-secrets" in fluxlint-disable-next-line; did you mean "sops/unencrypted-secret"?',
      'sops/unencrypted-secret s.yaml:7:3 error Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.',
    ]);
  });

  it('reports only the unused ids of a list when some are used', async () => {
    const dir = makeRepo({ 's.yaml': secretWith('# fluxlint-disable-next-line yaml/duplicate-key, sops/unencrypted-secret, sops/nope') });
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'fluxlint/unused-disable s.yaml:6:3 Unused fluxlint-disable-next-line for yaml/duplicate-key: no such finding on line 7.',
      'fluxlint/unused-disable s.yaml:6:3 Unknown rule "sops/nope" in fluxlint-disable-next-line.',
    ]);
  });

  it('does not report a suppression of a rule that the configuration turns off', async () => {
    const files = {
      '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: off\noverrides:\n  - files: [legacy/]\n    rules:\n      sops/unencrypted-secret: off\n',
      'a.yaml': '# fluxlint-disable-next-line yaml/duplicate-key\na: 1\n',
      'legacy/s.yaml': '# fluxlint-disable-file sops/unencrypted-secret\na: 1\n',
      'apps/s.yaml': '# fluxlint-disable-file sops/unencrypted-secret\na: 1\n',
    };
    expect(await lintedWith(files)).toEqual(['fluxlint/unused-disable apps/s.yaml:1:1 warning']);
  });

  it('takes directives from YAML comments only, not from string values', async () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n  notes: |\n    # fluxlint-disable-file sops/unencrypted-secret\n';
    expect(await lintedWith({ 's.yaml': text })).toEqual([`${SECRET_AT('s.yaml')} error`]);
  });

  it('follows the configured severity of fluxlint/unused-disable', async () => {
    const unused = { 'a.yaml': '# fluxlint-disable-next-line yaml/duplicate-key\na: 1\n' };
    expect(await lintedWith({ ...unused, '.fluxlint.yaml': 'rules:\n  fluxlint/unused-disable: off\n' })).toEqual([]);
    expect(await lintedWith({ ...unused, '.fluxlint.yaml': 'rules:\n  fluxlint/unused-disable: info\n' })).toEqual([
      'fluxlint/unused-disable a.yaml:1:1 info',
    ]);
  });
});


describe('the configuration schema editors read', () => {
  // Editors validate with the shipped schema alone: it must reject what the CLI rejects.
  const validate = new Ajv({ allErrors: true, strict: false }).compile(configSchema());

  it('rejects an unknown rule id and an unknown severity, and accepts every rule with every severity', () => {
    expect(validate({ rules: { 'sops/unencrypted-secrets': 'off' } })).toBe(false);
    expect(validate({ overrides: [{ files: ['a/'], rules: { 'no/such-rule': 'error' } }] })).toBe(false);
    expect(validate({ rules: { 'sops/unencrypted-secret': 'loud' } })).toBe(false);
    for (const severity of ['off', 'info', 'warn', 'warning', 'error']) {
      expect(validate({ rules: Object.fromEntries(RULES.map((r) => [r.meta.id, severity])) }), severity).toBe(true);
    }
  });
});
