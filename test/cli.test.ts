import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { main } from '../src/cli.js';
import { discover } from '../src/discover/discover.js';
import { Config } from '../src/engine/config.js';
import type { Rule } from '../src/engine/rule.js';
import { runRules } from '../src/engine/run.js';
import { loadRepository } from '../src/model/repository.js';
import { DiskTree } from '../src/discover/tree.js';
import { FORMATS } from '../src/report/formats.js';
import { REPO_ROOT, brief, makeRepo } from './helpers.js';

/** A plaintext Secret: one `sops/unencrypted-secret` error at 6:3. */
const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n';
/** A suppression with nothing to silence: one `fluxlint/unused-disable` warning at 1:1. */
const UNUSED = '# fluxlint-disable-next-line yaml/duplicate-key\na: 1\n';
const CLEAN = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';

const SECRET_REPORT = [
  's.yaml',
  '  6:3  error  Secret "db" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.  sops/unencrypted-secret',
  '      5 | stringData:',
  '    > 6 |   password: ********',
  '        |   ^^^^^^^^',
  '      7 | ',
  "      = fix: Encrypt the file: sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place s.yaml. If it was ever pushed, rotate the credentials.",
  '',
];
const UNUSED_REPORT = [
  'u.yaml',
  '  1:1  warning  Unused fluxlint-disable-next-line for yaml/duplicate-key: no such finding on line 2.  fluxlint/unused-disable',
  '    > 1 | # fluxlint-disable-next-line yaml/duplicate-key',
  '        | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '      2 | a: 1',
  '      = fix: Remove the comment, or the rule ids it no longer needs.',
  '',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` in `cwd` with a fake terminal; durations in the output are replaced by N. */
async function cli(argv: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    cwd,
  });
  return { code, stdout: normalize(stdout), stderr };
}

function normalize(text: string): string {
  return text.replace(/, \d+ ms\)/g, ', N ms)');
}

const lines = (...parts: string[]) => `${parts.join('\n')}\n`;

describe('exit codes', () => {
  it('exits with 0 and prints only the summary on a clean repository', async () => {
    expect(await cli([], makeRepo({ 'cm.yaml': CLEAN }))).toEqual({
      code: 0,
      stdout: '✔ 0 errors, 0 warnings in 1 file (1 document, N ms)\n',
      stderr: '',
    });
  });

  it('exits with 1 when there is an error, and prints it in the stylish format', async () => {
    expect(await cli([], makeRepo({ 's.yaml': SECRET }))).toEqual({
      code: 1,
      stdout: lines(...SECRET_REPORT, '✖ 1 error, 0 warnings in 1 file (1 document, N ms)'),
      stderr: '',
    });
  });

  it('exits with 0 for warnings, unless there are more than --max-warnings', async () => {
    const dir = makeRepo({ 'u.yaml': UNUSED });
    expect(await cli([], dir)).toEqual({
      code: 0,
      stdout: lines(...UNUSED_REPORT, '⚠ 0 errors, 1 warning in 1 file (1 document, N ms)'),
      stderr: '',
    });
    expect((await cli(['--max-warnings', '0'], dir)).code).toBe(1);
    expect((await cli(['--max-warnings=0'], dir)).code).toBe(1);
    expect((await cli(['--max-warnings', '1'], dir)).code).toBe(0);
    expect((await cli(['--max-warnings=-1'], dir)).code).toBe(0);
  });

  it('exits with 1 for an error whatever --max-warnings says', async () => {
    expect((await cli(['--max-warnings', '100'], makeRepo({ 's.yaml': SECRET }))).code).toBe(1);
  });

  it('--quiet reports errors only, and counts only them', async () => {
    const dir = makeRepo({ 's.yaml': SECRET, 'u.yaml': UNUSED });
    expect(await cli(['--quiet'], dir)).toEqual({
      code: 1,
      stdout: lines(...SECRET_REPORT, '✖ 1 error, 0 warnings in 2 files (2 documents, N ms)'),
      stderr: '',
    });
    expect(await cli(['--quiet'], makeRepo({ 'u.yaml': UNUSED }))).toEqual({
      code: 0,
      stdout: '✔ 0 errors, 0 warnings in 1 file (1 document, N ms)\n',
      stderr: '',
    });
  });
});

describe('usage errors exit with 2', () => {
  const dir = makeRepo({ 's.yaml': SECRET });

  it('on an unknown option, with the help after the message', async () => {
    const { code, stdout, stderr } = await cli(['--bogus'], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toMatch(/^fluxlint: Unknown option '--bogus'\./);
    expect(stderr).toContain('\n\nUsage: fluxlint [options] [path ...]\n');
  });

  it('on an option without its value', async () => {
    const { code, stdout, stderr } = await cli(['--format'], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe("fluxlint: Option '-f, --format <value>' argument missing");
  });

  it('on an unknown --format', async () => {
    expect(await cli(['--format', 'xml'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: unknown format "xml"; use one of stylish, json, sarif, github, junit\n',
    });
  });

  it.each(['x', '1.5', '-2', '2x', 'Infinity'])('on --max-warnings=%s', async (value) => {
    expect(await cli([`--max-warnings=${value}`], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: --max-warnings takes a whole number\n',
    });
  });

  it('on --max-warnings -1 written without "="', async () => {
    const { code, stdout, stderr } = await cli(['--max-warnings', '-1'], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe("fluxlint: Option '--max-warnings' argument is ambiguous.");
  });

  it('on an empty --max-warnings', async () => {
    expect(await cli(['--max-warnings='], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: --max-warnings takes a whole number\n',
    });
  });
});

describe('--version and --help', () => {
  const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = makeRepo({ 's.yaml': SECRET });

  it.each([['--version'], ['-v']])('%s prints the version of package.json', async (flag) => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await cli([flag], dir)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([['--help'], ['-h']])('%s prints the usage and every option', async (flag) => {
    const { code, stdout, stderr } = await cli([flag], dir);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.startsWith('Usage: fluxlint [options] [path ...]\n')).toBe(true);
    for (const option of [
      '  -f, --format NAME ',
      '  -o, --output FILE ',
      '  -c, --config FILE ',
      '      --root DIR ',
      '      --max-warnings N ',
      '      --quiet ',
      '      --color, --no-color ',
      '      --debug ',
      '  -v, --version ',
      '  -h, --help ',
    ]) {
      expect(stdout).toContain(`\n${option}`);
    }
    expect(stdout).toContain('Exit codes: 0 no errors');
    const formatLine = stdout.split('\n').find((line) => line.startsWith('  -f, --format NAME '));
    for (const format of Object.keys(FORMATS)) expect(formatLine).toContain(` ${format}`);
  });

  it('--help wins over other options and does not lint', async () => {
    const { code, stdout } = await cli(['--format', 'xml', '--help'], dir);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: fluxlint')).toBe(true);
    expect(stdout).not.toContain('s.yaml');
  });
});

describe('--output', () => {
  it('writes the whole report to the file and one summary line to stdout', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    const run = await cli(['--output', 'out/report.txt'], dir, { isTTY: true });
    expect(run).toEqual({
      code: 1,
      stdout: 'fluxlint: 1 error, 0 warnings in 1 file (1 document, N ms); stylish report written to out/report.txt\n',
      stderr: '',
    });
    // Never coloured, even when stdout is a terminal.
    expect(normalize(readFileSync(path.join(dir, 'out/report.txt'), 'utf8'))).toBe(
      lines(...SECRET_REPORT, '✖ 1 error, 0 warnings in 1 file (1 document, N ms)'),
    );
  });

  it('writes the chosen format, relative to the working directory', async () => {
    const dir = makeRepo({ 'repo/s.yaml': SECRET });
    const run = await cli(['-f', 'json', '-o', 'report.json', 'repo'], dir);
    expect(run).toEqual({
      code: 1,
      stdout: 'fluxlint: 1 error, 0 warnings in 1 file (1 document, N ms); json report written to report.json\n',
      stderr: '',
    });
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
      diagnostics: { ruleId: string; file: string; line: number; column: number }[];
    };
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`)).toEqual(['sops/unencrypted-secret s.yaml:6:3']);
  });

  it('leaves no report file behind when the run fails on a usage error', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    expect((await cli(['-o', 'r.txt', '--format', 'xml'], dir)).code).toBe(2);
    expect(existsSync(path.join(dir, 'r.txt'))).toBe(false);
  });

  it('--sarif writes a SARIF report beside the normal output', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    expect(await cli(['--sarif', 'out/fluxlint.sarif'], dir)).toEqual({
      code: 1,
      stdout: lines(...SECRET_REPORT, '✖ 1 error, 0 warnings in 1 file (1 document, N ms)'),
      stderr: '',
    });
    const log = JSON.parse(readFileSync(path.join(dir, 'out/fluxlint.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(
      log.runs[0]!.results.map((r) => {
        const { artifactLocation, region } = r.locations[0]!.physicalLocation;
        return `${r.ruleId} ${r.level} ${artifactLocation.uri}:${region.startLine}:${region.startColumn}`;
      }),
    ).toEqual(['sops/unencrypted-secret error s.yaml:6:3']);
  });

  it('exits with 2 when the file cannot be written', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    mkdirSync(path.join(dir, 'taken'));
    expect(await cli(['-o', 'taken'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: cannot write taken: EISDIR\n' });
  });
});

describe('format and colour', () => {
  const dir = makeRepo({ 's.yaml': SECRET, 'u.yaml': UNUSED });
  const GITHUB = lines(
    "::error file=s.yaml,line=6,col=3,endLine=6,endColumn=11,title=sops/unencrypted-secret::Secret \"db\" holds 1 plaintext value (stringData.password) and is not SOPS-encrypted.%0AFix: Encrypt the file: sops --encrypt --encrypted-regex '^(data|stringData)$' --in-place s.yaml. If it was ever pushed, rotate the credentials.",
    '::warning file=u.yaml,line=1,col=1,endLine=1,endColumn=48,title=fluxlint/unused-disable::Unused fluxlint-disable-next-line for yaml/duplicate-key: no such finding on line 2.%0AFix: Remove the comment, or the rule ids it no longer needs.',
    'fluxlint: 1 error, 1 warning in 2 files (2 documents, N ms)',
  );
  const STYLISH = lines(...SECRET_REPORT, ...UNUSED_REPORT, '✖ 1 error, 1 warning in 2 files (2 documents, N ms)');

  it('is stylish by default', async () => {
    expect(await cli([], dir)).toEqual({ code: 1, stdout: STYLISH, stderr: '' });
    expect((await cli([], dir, { env: { GITHUB_ACTIONS: 'false' } })).stdout).toBe(STYLISH);
  });

  it('is github when GITHUB_ACTIONS=true', async () => {
    expect(await cli([], dir, { env: { GITHUB_ACTIONS: 'true' } })).toEqual({ code: 1, stdout: GITHUB, stderr: '' });
  });

  it('follows --format over GITHUB_ACTIONS', async () => {
    expect((await cli(['--format', 'stylish'], dir, { env: { GITHUB_ACTIONS: 'true' } })).stdout).toBe(STYLISH);
    expect((await cli(['-f', 'github'], dir)).stdout).toBe(GITHUB);
  });

  it('colours a terminal unless NO_COLOR or --no-color; --color forces it', async () => {
    const ESC = '\u001b[';
    expect((await cli([], dir, { isTTY: true })).stdout).toContain(`${ESC}31merror${ESC}39m`);
    expect((await cli([], dir, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).toBe(STYLISH);
    expect((await cli(['--no-color'], dir, { isTTY: true })).stdout).toBe(STYLISH);
    expect((await cli(['--color'], dir)).stdout).toContain(`${ESC}31merror${ESC}39m`);
  });
});

describe('the repository root', () => {
  it('is a single directory argument: paths are reported relative to it', async () => {
    const dir = makeRepo({
      'repo/.fluxlint.yaml': 'rules:\n  fluxlint/unused-disable: error\n',
      'repo/s.yaml': SECRET,
      'repo/u.yaml': UNUSED,
    });
    const run = await cli(['-f', 'json', 'repo'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; severity: string; file: string; line: number; column: number }[] };
    // .fluxlint.yaml of the directory applies (unused-disable raised to error) and files are named from it.
    expect(report.diagnostics.map((d) => `${d.ruleId} ${d.severity} ${d.file}:${d.line}:${d.column}`)).toEqual([
      'sops/unencrypted-secret error s.yaml:6:3',
      'fluxlint/unused-disable error u.yaml:1:1',
    ]);
    expect((await cli(['repo'], dir)).stdout.split('\n')[0]).toBe('s.yaml');
  });

  it('is the git work tree around the working directory for file arguments', async () => {
    const dir = makeRepo({ '.git/HEAD': 'ref: refs/heads/main\n', 'apps/s.yaml': SECRET, 'apps/u.yaml': UNUSED });
    const fromTop = await cli(['apps/s.yaml'], dir);
    expect(fromTop.code).toBe(1);
    expect(fromTop.stdout.split('\n')[0]).toBe('apps/s.yaml');
    expect(fromTop.stdout).not.toContain('u.yaml');
    const fromInside = await cli(['-f', 'github', 's.yaml'], path.join(dir, 'apps'));
    expect(fromInside.stdout.split('\n')[0]).toMatch(/^::error file=apps\/s\.yaml,line=6,col=3,/);
  });

  it('is the git work tree around a subdirectory argument: paths and Flux spec.paths are relative to the top', async () => {
    const kustomization = (name: string, target: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ${target}\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
    const dir = makeRepo({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'kubernetes/flux/apps.yaml': kustomization('apps', './kubernetes/apps'),
      'kubernetes/flux/source.yaml': 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://example.org/repo.git\n  ref:\n    branch: main\n',
      'kubernetes/apps/kustomization.yaml': 'resources:\n  - s.yaml\n',
      'kubernetes/apps/s.yaml': SECRET,
    });
    const run = await cli(['-f', 'github', 'kubernetes'], dir);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      expect.stringMatching(/^::error file=kubernetes\/apps\/s\.yaml,line=6,col=3,endLine=6,endColumn=11,title=sops\/unencrypted-secret::/),
    ]);
    expect(run.code).toBe(1);
  });

  it('is --root when given', async () => {
    const dir = makeRepo({ 'repo/s.yaml': SECRET });
    const run = await cli(['-f', 'github', '--root', 'repo', 'repo/s.yaml'], dir);
    expect(run.stdout.split('\n')[0]).toMatch(/^::error file=s\.yaml,line=6,col=3,/);
  });
});

describe('a rule that throws (engine)', () => {
  const meta = (id: string): Rule['meta'] => ({
    id,
    severity: 'error',
    description: 'test rule',
    docs: { rationale: 'test', bad: 'a: 1', good: 'a: 1' },
  });

  /** Reports every document's first line, and throws on b.yaml. */
  const fragile: Rule = {
    meta: meta('test/fragile'),
    create(context) {
      return {
        document(document, file) {
          if (file.source.path === 'b.yaml') throw new Error('cannot handle b');
          context.report({ message: 'seen', location: document.locateDocument() });
        },
      };
    },
  };

  const brokenCreate: Rule = {
    meta: meta('test/broken-create'),
    create() {
      throw new TypeError('broken at create');
    },
  };

  async function repositoryOf(files: Record<string, string>) {
    const dir = makeRepo(files);
    const tree = new DiskTree(dir);
    const found = await discover(tree, []);
    return loadRepository(tree, found.files, found.skipped);
  }

  it('records an InternalError with the rule id and the file, and keeps the other findings', async () => {
    const repository = await repositoryOf({ 'a.yaml': 'a: 1\na: 2\n', 'b.yaml': 'b: 1\nb: 2\n', 'c.yaml': 'c: 1\n' });
    expect(repository.files.map((f) => f.source.path)).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);

    const result = runRules(repository, [fragile, ...RULES], new Config());
    expect(result.internalErrors).toHaveLength(1);
    const [internal] = result.internalErrors;
    expect(internal).toMatchObject({ ruleId: 'test/fragile', file: 'b.yaml' });
    expect(internal!.error).toBeInstanceOf(Error);
    expect((internal!.error as Error).message).toBe('cannot handle b');
    // The other rules saw b.yaml, and the throwing rule went on with c.yaml.
    expect(result.diagnostics.map(brief)).toEqual([
      'test/fragile a.yaml:1:1',
      'yaml/duplicate-key a.yaml:2:1',
      'yaml/duplicate-key b.yaml:2:1',
      'test/fragile c.yaml:1:1',
    ]);
  });

  it('records a rule that throws while being created, with no file', async () => {
    const repository = await repositoryOf({ 'a.yaml': 'a: 1\na: 2\n' });
    const result = runRules(repository, [brokenCreate, ...RULES], new Config());
    expect(result.internalErrors.map((e) => ({ ruleId: e.ruleId, file: e.file, message: (e.error as Error).message }))).toEqual([
      { ruleId: 'test/broken-create', file: null, message: 'broken at create' },
    ]);
    expect(result.diagnostics.map(brief)).toEqual(['yaml/duplicate-key a.yaml:2:1']);
  });

  it('does not run a rule that the configuration turns off', async () => {
    const repository = await repositoryOf({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    const result = runRules(repository, [fragile, ...RULES], new Config({ rules: { 'test/fragile': 'off' } }));
    expect(result).toEqual({ diagnostics: [], internalErrors: [] });
  });
});

describe('paths and commands that do not exist', () => {
  const dir = makeRepo({ 'cm.yaml': CLEAN, 'empty/README.md': 'nothing here\n' });

  it('a missing path is a usage error, never "0 errors in 0 files"', async () => {
    expect(await cli(['/does/not/exist'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: /does/not/exist: no such file or directory\n' });
    expect(await cli(['cm.yaml', 'misspelt-dir'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: misspelt-dir: no such file or directory\n' });
  });

  it('a misspelt command is a usage error with a suggestion', async () => {
    expect(await cli(['rulez'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: unknown command "rulez"; did you mean "rules"?\n' });
    expect(await cli(['inti'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: unknown command "inti"; did you mean "init"?\n' });
  });

  it('a missing --root is a usage error, not an internal one', async () => {
    expect(await cli(['--root', 'nowhere'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: --root nowhere: no such directory\n' });
    expect(await cli(['--root', 'cm.yaml'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: --root cm.yaml: not a directory\n' });
    expect(await cli(['values', 'a/b', '--root', 'nowhere'], dir)).toEqual({ code: 2, stdout: '', stderr: 'fluxlint: --root nowhere: no such directory\n' });
  });

  it('warns on stderr when a directory named on the command line holds no YAML file', async () => {
    expect(await cli(['--root', '.', 'empty'], dir)).toEqual({
      code: 0,
      stdout: '✔ 0 errors, 0 warnings in 0 files (0 documents, N ms)\n',
      stderr: 'fluxlint: warning: no YAML file to lint in empty\n',
    });
  });
});

describe('fluxlint rules', () => {
  it('lists every rule with its default severity and description', async () => {
    const run = await cli(['rules'], REPO_ROOT);
    const lines = run.stdout.trimEnd().split('\n');
    expect(run.code).toBe(0);
    expect(lines).toHaveLength(RULES.length);
    const width = Math.max(...RULES.map((r) => r.meta.id.length));
    expect(lines[0]).toBe(`${'yaml/syntax'.padEnd(width)}  error    ${RULES[0]!.meta.description}`);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(RULES.map((r) => r.meta.id));
  });

  it('--format json gives id, severity and description', async () => {
    const run = await cli(['rules', '--format', 'json'], REPO_ROOT);
    expect(JSON.parse(run.stdout)).toEqual(RULES.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description })));
    expect((await cli(['rules', '--format', 'sarif'], REPO_ROOT)).code).toBe(2);
  });
});

describe('fluxlint init', () => {
  it('writes a commented .fluxlint.yaml that the linter accepts, with the $schema line', async () => {
    const dir = makeRepo({ 's.yaml': SECRET });
    const run = await cli(['init'], dir);
    expect(run).toEqual({ code: 0, stdout: `fluxlint: wrote ${path.join(dir, '.fluxlint.yaml')}\n`, stderr: '' });
    const written = readFileSync(path.join(dir, '.fluxlint.yaml'), 'utf8');
    expect(written.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/fluxlint@\d+\.\d+\.\d+\/schemas\/fluxlint-config\.schema\.json$/);
    // It changes no default: the secret is still an error, and the file itself gives no finding.
    expect((await cli([], dir)).stdout.split('\n')[0]).toBe('s.yaml');
    expect((await cli([], dir)).code).toBe(1);
  });

  it('never overwrites a configuration without --force', async () => {
    const dir = makeRepo({ '.fluxlint.yml': 'rules: {}\n' });
    expect(await cli(['init'], dir)).toEqual({ code: 2, stdout: '', stderr: `fluxlint: ${path.join(dir, '.fluxlint.yml')} exists; use --force to overwrite it\n` });
    expect(readFileSync(path.join(dir, '.fluxlint.yml'), 'utf8')).toBe('rules: {}\n');
    expect((await cli(['init', '--force'], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, '.fluxlint.yml'), 'utf8')).toMatch(/^# yaml-language-server/);
  });
});

describe('--print-config', () => {
  it('prints the configuration file and each rule\'s severity for one file', async () => {
    const dir = makeRepo({
      '.fluxlint.yaml': 'rules:\n  yaml/duplicate-key: off\nignore: [vendor/]\noverrides:\n  - files: ["dev/**"]\n    rules:\n      sops/unencrypted-secret: warning\n',
      'dev/s.yaml': SECRET,
    });
    const run = await cli(['--print-config', 'dev/s.yaml'], dir);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { configFile: string; file: string; ignored: boolean; rules: Record<string, string> };
    expect(printed).toMatchObject({ configFile: '.fluxlint.yaml', file: 'dev/s.yaml', ignored: false });
    expect(printed.rules['yaml/duplicate-key']).toBe('off');
    expect(printed.rules['sops/unencrypted-secret']).toBe('warning');
    expect(printed.rules['yaml/syntax']).toBe('error');
    expect(Object.keys(printed.rules)).toEqual(RULES.map((r) => r.meta.id));
    expect(JSON.parse((await cli(['--print-config', 'vendor/x.yaml'], dir)).stdout).ignored).toBe(true);
  });
});

describe('fluxlint values with one release name in several clusters', () => {
  const release = (host: string) =>
    `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  chart:\n    spec:\n      chart: web\n      sourceRef:\n        kind: HelmRepository\n        name: charts\n  values:\n    host: ${host}\n`;
  const dir = makeRepo({ 'staging/web.yaml': release('staging.example.org'), 'production/web.yaml': release('example.org') });

  it('lists the candidates with their files instead of picking one', async () => {
    expect(await cli(['values', 'apps/web'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'fluxlint: 2 HelmReleases "apps/web" are in the repository; choose one with --file or --kustomization:\n  production/web.yaml:1\n  staging/web.yaml:1\n',
    });
  });

  it('shows the one --file names', async () => {
    const run = await cli(['values', 'apps/web', '--file', 'staging/web.yaml'], dir);
    expect(run).toEqual({
      code: 0,
      stdout: '# Effective values of HelmRelease apps/web, merged from:\n# values (staging/web.yaml:14)\nhost: staging.example.org # staging/web.yaml:14\n',
      stderr: '',
    });
  });

  it('names the overlay that builds each, and takes its directory as --kustomization', async () => {
    const overlays = makeRepo({
      'base/web.yaml': release('example.org'),
      'base/kustomization.yaml': 'resources:\n  - web.yaml\n',
      'staging/kustomization.yaml': 'resources:\n  - ../base\n',
      'production/kustomization.yaml': 'resources:\n  - ../base\n',
    });
    expect((await cli(['values', 'apps/web'], overlays)).stderr).toBe(
      'fluxlint: 2 HelmReleases "apps/web" are in the repository; choose one with --file or --kustomization:\n  base/web.yaml:1 (built from production)\n  base/web.yaml:1 (built from staging)\n',
    );
    expect((await cli(['values', 'apps/web', 'host', '--kustomization', './staging/'], overlays)).stdout).toBe(
      '# Effective values of HelmRelease apps/web, merged from:\n# values (base/web.yaml:14)\nexample.org # base/web.yaml:14\n',
    );
  });

  it('says when the choice matches none', async () => {
    expect((await cli(['values', 'apps/web', '--file', 'other.yaml'], dir)).stderr).toBe(
      'fluxlint: no HelmRelease "apps/web" matches --file other.yaml; there are:\n  production/web.yaml:1\n  staging/web.yaml:1\n',
    );
  });
});

describe('fluxlint on its own repository', () => {
  it('reports nothing: action.yml, workflows and the hook definitions are valid', async () => {
    const run = await cli(['--format', 'json'], REPO_ROOT);
    expect(JSON.parse(run.stdout).diagnostics).toEqual([]);
    expect(run.code).toBe(0);
  });
});
