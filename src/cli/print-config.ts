import type { Config } from '../engine/config.js';
import type { RuleMeta } from '../engine/rule.js';

/**
 * `--print-config FILE`: the settings that apply to one file, as ESLint's
 * `--print-config` shows them: which configuration file, and each rule's severity.
 */
export function printConfig(config: Config, file: string, rules: readonly RuleMeta[]): string {
  const severities = Object.fromEntries(rules.map((r) => [r.id, config.severity(r.id, file, r.severity) ?? 'off']));
  return `${JSON.stringify(
    {
      configFile: config.path,
      file,
      ignored: config.ignores(file),
      rules: severities,
      external: config.file.external ?? [],
      ess: config.file.ess ?? {},
    },
    null,
    2,
  )}\n`;
}
