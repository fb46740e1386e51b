import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { lint } from '../lint.js';
import { TOOL } from '../package-root.js';
import { FORMATS, isFormat } from '../report/formats.js';
import { plural, summarize, summaryLine, type ReportInput } from '../report/report.js';
import { visible } from '../report/visible.js';
import { EXIT, UsageError, type Io } from './io.js';
import type { Options } from './options.js';
import { checkPaths, warnAboutEmptyTargets } from './paths.js';

/** `fluxlint [options] [path ...]`: lint, report, and the exit code the findings call for. */
export async function lintCommand(targets: string[], options: Options, io: Io): Promise<number> {
  if (options.base !== undefined && !options.changed) throw new UsageError('--base goes with --changed');
  checkPaths(targets, options.root, io.cwd);
  const formatName = options.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish');
  if (!isFormat(formatName)) throw new UsageError(`unknown format "${formatName}"; use one of ${Object.keys(FORMATS).join(', ')}`);
  const maxWarnings = parseMaxWarnings(options['max-warnings'] ?? '-1');

  const result = await lint({
    targets,
    root: options.root,
    configFile: options.config,
    rules: RULES,
    cwd: io.cwd,
    ...(options.changed ? { changed: options.base !== undefined ? { base: options.base } : {} } : {}),
    staged: Boolean(options.staged),
    env: io.env,
  });

  warnAboutEmptyTargets(targets, result.repository.root, result.repository.files.map((f) => f.source.path), io);
  if (result.base === null) io.stderr('fluxlint: no base commit to compare with; reporting every finding\n');
  const diagnostics = options.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  // Counted as selected: the files the paths and the change choose, not the whole repository read.
  const reported = result.repository.files.filter((file) => result.selected(file.source.path));
  const documents = reported.reduce((count, file) => count + file.documents.length, 0);
  const summary = summarize(diagnostics, reported.length, documents, result.durationMs);
  const color = options.color ?? (io.isTTY && !io.env.NO_COLOR);
  const input: ReportInput = {
    diagnostics,
    rules: RULES.map((r) => r.meta),
    summary,
    tool: TOOL,
    source: (file) => result.repository.file(file)?.source,
    color: options.output ? false : color,
  };
  const report = FORMATS[formatName](input);
  if (options.sarif) writeReport(io, options.sarif, FORMATS.sarif(input));
  // The report's summary counts findings only: a rule that failed must not leave it claiming success.
  const failed = [...new Set(result.internalErrors.map((e) => e.ruleId))];
  const incomplete = failed.length ? `incomplete: ${plural(failed.length, 'rule')} failed with an internal error (${failed.join(', ')})` : '';
  if (options.output) {
    writeReport(io, options.output, report);
    io.stdout(`fluxlint: ${summaryLine(summary)}; ${formatName} report written to ${options.output}${incomplete && `; ${incomplete}`}\n`);
  } else {
    io.stdout(report);
    if (incomplete && formatName === 'stylish') io.stdout(`✖ ${incomplete[0]!.toUpperCase()}${incomplete.slice(1)}: their findings are missing above.\n`);
  }

  for (const internal of result.internalErrors) {
    const error = internal.error as Error;
    const where = internal.file ? ` while checking ${visible(internal.file)}` : '';
    io.stderr(`fluxlint: internal error in rule ${internal.ruleId}${where}: ${error?.message ?? String(error)}\n`);
    if (options.debug && error?.stack) io.stderr(`${error.stack}\n`);
  }
  if (result.internalErrors.length) {
    if (!options.debug) io.stderr('fluxlint: run with --debug for the stack trace, and please report it.\n');
    return EXIT.usage;
  }
  if (summary.errors > 0) return EXIT.findings;
  if (maxWarnings >= 0 && summary.warnings > maxWarnings) return EXIT.findings;
  return EXIT.ok;
}

/** `--max-warnings N`: a whole number, -1 for no limit. */
function parseMaxWarnings(text: string): number {
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < -1) throw new UsageError('--max-warnings takes a whole number');
  return value;
}

function writeReport(io: Io, file: string, report: string): void {
  const target = path.resolve(io.cwd, file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, report);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
