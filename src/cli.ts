#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RULES } from '../rules/index.js';
import { ConfigError } from './engine/config.js';
import { lint } from './lint.js';
import { TOOL } from './package-root.js';
import { renderValues } from './values-command.js';
import { FORMATS, isFormat, type FormatName } from './report/formats.js';
import { summarize, summaryLine, type ReportInput } from './report/report.js';
import { visible } from './report/visible.js';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const HELP = `Usage: fluxlint [options] [path ...]
       fluxlint values NAMESPACE/NAME [path] [--root DIR] [--format yaml|json]

Lints a Flux repository: YAML, Kubernetes objects, SOPS encryption.
A single directory argument is the repository root (default: the git work tree
around the current directory). Files given one by one are linted as part of it.

Options:
  -f, --format NAME       stylish (default), json, sarif or github
                          (github by default inside GitHub or Gitea Actions)
  -o, --output FILE       write the report to FILE; a summary still goes to the terminal
      --sarif FILE        also write a SARIF report to FILE (for code scanning)
  -c, --config FILE       configuration file (default: nearest .fluxlint.yaml)
      --root DIR          repository root, when it is not the directory argument
      --max-warnings N    exit with 1 when there are more than N warnings
      --quiet             report errors only
      --color, --no-color force colours on or off (default: on for a terminal)
      --debug             print stack traces of internal errors
  -v, --version           print the version
  -h, --help              print this help

The values command prints a HelmRelease's effective values (valuesFrom and
values merged as helm-controller does), each with the file and line that wrote it;
for the matrix-stack chart, with the chart defaults that decide what it deploys.

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
  if (positionals[0] === 'values') return valuesCommand(positionals.slice(1), values, io);
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
    result = await lint({ targets: positionals, root: values.root, configFile: values.config, rules: RULES, cwd: io.cwd });
  } catch (error) {
    if (error instanceof ConfigError) {
      const where = error.location ? `${error.location.file}:${error.location.line}:${error.location.column}: ` : '';
      io.stderr(`fluxlint: configuration error: ${visible(`${where}${error.message}`)}\n`);
      return EXIT.usage;
    }
    io.stderr(`fluxlint: internal error: ${(error as Error).message}\n${values.debug ? `${(error as Error).stack}\n` : ''}`);
    return EXIT.usage;
  }

  const diagnostics = values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  const summary = summarize(diagnostics, result.repository.files.length, result.repository.documentCount, result.durationMs);
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
  if (values.output) {
    if (!writeReport(io, values.output, report)) return EXIT.usage;
    io.stdout(`fluxlint: ${summaryLine(summary)}; ${formatName} report written to ${values.output}\n`);
  } else {
    io.stdout(report);
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
    io.stderr('fluxlint: usage: fluxlint values NAMESPACE/NAME [path] [--root DIR] [--format yaml|json]\n');
    return EXIT.usage;
  }
  try {
    const result = await lint({ targets: [], root: options.root, configFile: options.config, rules: [], cwd: io.cwd });
    const rendered = renderValues(result.repository.flux, reference, path, format);
    if ('error' in rendered) {
      io.stderr(`fluxlint: ${visible(rendered.error)}\n`);
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
      quiet: { type: 'boolean' },
      color: { type: 'boolean' },
      debug: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

const invokedDirectly = process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href;
if (invokedDirectly) {
  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
