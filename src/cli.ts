import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RULES } from '../rules/index.js';
import { writeInitialConfig } from './commands/init.js';
import { printConfig } from './commands/print-config.js';
import { listRules } from './commands/rules.js';
import { toPosix } from './discover/discover.js';
import { ConfigError } from './engine/config.js';
import { GitError } from './git/git.js';
import { installHook } from './git/hook.js';
import { defaultRoot, lint, loadForLint, readConfig } from './lint.js';
import { closest } from './suggest.js';
import { TOOL } from './package-root.js';
import { renderValues } from './values-command.js';
import { FORMATS, isFormat, type FormatName } from './report/formats.js';
import { plural, summarize, summaryLine, type ReportInput } from './report/report.js';
import { visible, visibleLines } from './report/visible.js';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = `Usage: fluxlint [options] [path ...]
       fluxlint values NAMESPACE/NAME [path] [--file FILE] [--kustomization NAME] [--format yaml|json]
       fluxlint rules [--format text|json]
       fluxlint init [--force]
       fluxlint install-hook [--force]

Lints a Flux repository: YAML, Kubernetes objects, Flux, SOPS, cert-manager, ESS.
The repository root is the git work tree around the first path (or the current
directory); outside git, a single directory argument is the root. The whole
repository is read, because references, hosts and values cross files; the paths
given choose which files are reported.

Options:
  -f, --format NAME       stylish (default), json, sarif, github or junit
                          (github by default inside GitHub or Gitea Actions)
  -o, --output FILE       write the report to FILE; a summary still goes to the terminal
      --sarif FILE        also write a SARIF report to FILE (for code scanning)
  -c, --config FILE       configuration file (default: .fluxlint.yaml in the root)
      --root DIR          repository root (default: see above)
      --print-config FILE print the settings that apply to FILE, and exit
      --changed           report the findings of the change since --base: those in
                          changed files, and those elsewhere that the change caused
      --base REV          the commit --changed compares with (default: the pull
                          request's base in Actions, else the merge base with the
                          default branch)
      --staged            lint what is staged (the git index) and report the findings
                          of the staged change (for a pre-commit hook)
      --max-warnings N    exit with 1 when there are more than N warnings
      --quiet             report errors only
      --color, --no-color force colours on or off (default: on for a terminal)
      --debug             print stack traces of internal errors
  -v, --version           print the version
  -h, --help              print this help

Commands:
  values    a HelmRelease's effective values (valuesFrom and values merged as
            helm-controller does), each with the file and line that wrote it;
            for the matrix-stack chart, with the chart defaults that decide what
            it deploys. --file (where it is written) or --kustomization (the
            Flux Kustomization or kustomization directory that applies it)
            choose among several releases of one name (clusters, overlays).
  rules     every rule, its default severity and what it finds
  init      write a commented .fluxlint.yaml into the repository root
  install-hook
            write a git pre-commit hook that runs fluxlint --staged (--force
            replaces a hook that is already there)

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings over
the threshold, 2 usage, configuration or internal error.
`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the command line and returns the exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`fluxlint: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (values.version) {
    io.stdout(`${TOOL.version}\n`);
    return EXIT.ok;
  }
  const command = positionals[0];
  if (command === 'values') return valuesCommand(positionals.slice(1), values, io);
  if (command === 'rules') return rulesCommand(positionals.slice(1), values, io);
  if (command === 'init') return initCommand(positionals.slice(1), values, io);
  if (command === 'install-hook') return installHookCommand(positionals.slice(1), Boolean(values.force), io);
  if (values.base !== undefined && !values.changed) {
    io.stderr('fluxlint: --base goes with --changed\n');
    return EXIT.usage;
  }

  const problem = checkPaths(positionals, values.root, io.cwd);
  if (problem) {
    io.stderr(`fluxlint: ${problem}\n`);
    return EXIT.usage;
  }
  if (values['print-config'] !== undefined) return printConfigCommand(values['print-config'], positionals, values, io);
  const formatName = values.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish');
  if (!isFormat(formatName)) {
    io.stderr(`fluxlint: unknown format "${formatName}"; use one of ${Object.keys(FORMATS).join(', ')}\n`);
    return EXIT.usage;
  }
  const maxWarningsText = values['max-warnings'] ?? '-1';
  const maxWarnings = /^\s*-?\d+\s*$/.test(maxWarningsText) ? Number(maxWarningsText) : NaN;
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) {
    io.stderr('fluxlint: --max-warnings takes a whole number\n');
    return EXIT.usage;
  }

  let result: Awaited<ReturnType<typeof lint>>;
  try {
    result = await lint({
      targets: positionals,
      root: values.root,
      configFile: values.config,
      rules: RULES,
      cwd: io.cwd,
      ...(values.changed ? { changed: values.base !== undefined ? { base: values.base } : {} } : {}),
      staged: Boolean(values.staged),
      env: io.env,
    });
  } catch (error) {
    if (error instanceof GitError) {
      io.stderr(`fluxlint: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
      io.stderr(`fluxlint: configuration error: ${visibleLines(`${where}${error.message}`)}\n`);
      return EXIT.usage;
    }
    io.stderr(`fluxlint: internal error: ${(error as Error).message}\n${values.debug ? `${(error as Error).stack}\n` : ''}`);
    return EXIT.usage;
  }

  warnAboutEmptyTargets(positionals, result.repository.root, result.repository.files.map((f) => f.source.path), io);
  if (result.base === null) io.stderr('fluxlint: no base commit to compare with; reporting every finding\n');
  const diagnostics = values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  const reported = result.repository.files.filter((file) => result.selected(file.source.path));
  const documents = reported.reduce((count, file) => count + file.documents.length, 0);
  const summary = summarize(diagnostics, reported.length, documents, result.durationMs);
  const color = values.color ?? (io.isTTY && !io.env.NO_COLOR);
  const input: ReportInput = {
    diagnostics,
    rules: RULES.map((r) => r.meta),
    summary,
    tool: TOOL,
    source: (file) => result.repository.file(file)?.source,
    color: values.output ? false : color,
  };
  const report = FORMATS[formatName as FormatName](input);
  if (values.sarif && !writeReport(io, values.sarif, FORMATS.sarif(input))) return EXIT.usage;
  // The report's summary counts findings only: a rule that failed must not leave it claiming success.
  const failed = [...new Set(result.internalErrors.map((e) => e.ruleId))];
  const incomplete = failed.length ? `incomplete: ${plural(failed.length, 'rule')} failed with an internal error (${failed.join(', ')})` : '';
  if (values.output) {
    if (!writeReport(io, values.output, report)) return EXIT.usage;
    io.stdout(`fluxlint: ${summaryLine(summary)}; ${formatName} report written to ${values.output}${incomplete && `; ${incomplete}`}\n`);
  } else {
    io.stdout(report);
    if (incomplete && formatName === 'stylish') io.stdout(`✖ ${incomplete[0]!.toUpperCase()}${incomplete.slice(1)}: their findings are missing above.\n`);
  }

  for (const internal of result.internalErrors) {
    const error = internal.error as Error;
    const where = internal.file ? ` while checking ${visible(internal.file)}` : '';
    io.stderr(`fluxlint: internal error in rule ${internal.ruleId}${where}: ${error?.message ?? String(error)}\n`);
    if (values.debug && error?.stack) io.stderr(`${error.stack}\n`);
  }
  if (result.internalErrors.length) {
    if (!values.debug) io.stderr('fluxlint: run with --debug for the stack trace, and please report it.\n');
    return EXIT.usage;
  }
  if (summary.errors > 0) return EXIT.findings;
  if (maxWarnings >= 0 && summary.warnings > maxWarnings) return EXIT.findings;
  return EXIT.ok;
}

async function valuesCommand(args: string[], options: ReturnType<typeof parse>['values'], io: Io): Promise<number> {
  const [reference, path] = args;
  const format = options.format ?? 'yaml';
  if (!reference || args.length > 2 || (format !== 'yaml' && format !== 'json')) {
    io.stderr('fluxlint: usage: fluxlint values NAMESPACE/NAME [path] [--file FILE] [--kustomization NAME] [--root DIR] [--format yaml|json]\n');
    return EXIT.usage;
  }
  const problem = checkPaths([], options.root, io.cwd);
  if (problem) {
    io.stderr(`fluxlint: ${problem}\n`);
    return EXIT.usage;
  }
  try {
    const { repository } = await loadForLint({ targets: [], root: options.root, configFile: options.config, rules: RULES, cwd: io.cwd });
    const request = { reference, path, file: options.file, kustomization: options.kustomization };
    const rendered = renderValues(repository.flux, request, format);
    if ('error' in rendered) {
      io.stderr(`fluxlint: ${visibleLines(rendered.error)}\n`);
      return EXIT.usage;
    }
    io.stdout(rendered.output);
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof ConfigError ? `configuration error: ${error.message}` : `internal error: ${(error as Error).message}`;
    io.stderr(`fluxlint: ${message}\n${options.debug ? `${(error as Error).stack}\n` : ''}`);
    return EXIT.usage;
  }
}

async function installHookCommand(args: string[], force: boolean, io: Io): Promise<number> {
  if (args.length) {
    io.stderr('fluxlint: usage: fluxlint install-hook [--force]\n');
    return EXIT.usage;
  }
  try {
    const hook = await installHook(io.cwd, force);
    const verb = { installed: 'installed', replaced: 'replaced', unchanged: 'already installed' }[hook.status];
    io.stdout(`fluxlint: pre-commit hook ${verb}: ${hook.file}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`fluxlint: ${error instanceof GitError ? '' : 'cannot install the hook: '}${(error as Error).message}\n`);
    return EXIT.usage;
  }
}

function rulesCommand(args: string[], options: ReturnType<typeof parse>['values'], io: Io): number {
  const format = options.format ?? 'text';
  if (args.length > 0 || (format !== 'text' && format !== 'json')) {
    io.stderr('fluxlint: usage: fluxlint rules [--format text|json]\n');
    return EXIT.usage;
  }
  io.stdout(listRules(RULES.map((r) => r.meta), format));
  return EXIT.ok;
}

function initCommand(args: string[], options: ReturnType<typeof parse>['values'], io: Io): number {
  if (args.length > 0) {
    io.stderr('fluxlint: usage: fluxlint init [--root DIR] [--force]\n');
    return EXIT.usage;
  }
  const problem = checkPaths([], options.root, io.cwd);
  if (problem) {
    io.stderr(`fluxlint: ${problem}\n`);
    return EXIT.usage;
  }
  const root = path.resolve(io.cwd, options.root ?? defaultRoot(io.cwd, []));
  const result = writeInitialConfig(root, options.force ?? false);
  if ('error' in result) {
    io.stderr(`fluxlint: ${result.error}\n`);
    return EXIT.usage;
  }
  io.stdout(`fluxlint: wrote ${result.written}\n`);
  return EXIT.ok;
}

function printConfigCommand(file: string, targets: string[], options: ReturnType<typeof parse>['values'], io: Io): number {
  const root = path.resolve(io.cwd, options.root ?? defaultRoot(io.cwd, targets.length ? targets : [file]));
  try {
    const config = readConfig(root, io.cwd, { configFile: options.config, rules: RULES });
    io.stdout(printConfig(config, toPosix(path.relative(root, path.resolve(io.cwd, file))), RULES.map((r) => r.meta)));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
    io.stderr(`fluxlint: configuration error: ${where}${error.message}\n`);
    return EXIT.usage;
  }
}

const COMMANDS = ['values', 'rules', 'init', 'install-hook'];

/**
 * A path that does not exist is a usage error, never "0 files, no errors": a
 * misspelt directory or command must not pass a CI step.
 */
function checkPaths(targets: string[], root: string | undefined, cwd: string): string | null {
  if (root !== undefined) {
    const absolute = path.resolve(cwd, root);
    if (!existsSync(absolute)) return `--root ${root}: no such directory`;
    if (!statSync(absolute).isDirectory()) return `--root ${root}: not a directory`;
  }
  for (const target of targets) {
    if (existsSync(path.resolve(cwd, target))) continue;
    const command = /^[a-z][a-z-]*$/.test(target) ? closest(target, COMMANDS) : null;
    if (command) return `unknown command "${target}"; did you mean "${command}"?`;
    return `${target}: no such file or directory`;
  }
  return null;
}

/** A directory named on the command line that holds no YAML file deserves a word: a typo in a glob or an ignore rule. */
function warnAboutEmptyTargets(targets: string[], root: string, files: string[], io: Io): void {
  for (const target of targets) {
    const absolute = path.resolve(io.cwd, target);
    if (!statSync(absolute).isDirectory()) continue;
    const prefix = toPosix(path.relative(root, absolute));
    const inside = (file: string) => prefix === '' || file === prefix || file.startsWith(`${prefix}/`);
    if (!files.some(inside)) io.stderr(`fluxlint: warning: no YAML file to lint in ${target}\n`);
  }
}

function writeReport(io: Io, file: string, report: string): boolean {
  const target = path.resolve(io.cwd, file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, report);
    return true;
  } catch (error) {
    io.stderr(`fluxlint: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return false;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    allowNegative: true,
    options: {
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      sarif: { type: 'string' },
      config: { type: 'string', short: 'c' },
      root: { type: 'string' },
      'max-warnings': { type: 'string' },
      changed: { type: 'boolean' },
      base: { type: 'string' },
      staged: { type: 'boolean' },
      quiet: { type: 'boolean' },
      color: { type: 'boolean' },
      debug: { type: 'boolean' },
      'print-config': { type: 'string' },
      file: { type: 'string' },
      kustomization: { type: 'string' },
      force: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
