import { plural, type Summary } from '../report/report.js';
import type { FailOn } from './inputs.js';

/**
 * Why the step fails, or null when it passes. `fail-on` and `max-warnings` are
 * independent: either may fail the step, so `fail-on: never` with a limit fails on
 * the limit only.
 */
export function failureReason(summary: Summary, failOn: FailOn, maxWarnings: number | undefined): string | null {
  if (failOn === 'error' && summary.errors > 0) return `fluxlint found ${plural(summary.errors, 'error')} (fail-on: error).`;
  if (failOn === 'warning' && summary.errors + summary.warnings > 0) {
    return `fluxlint found ${plural(summary.errors, 'error')} and ${plural(summary.warnings, 'warning')} (fail-on: warning).`;
  }
  if (maxWarnings !== undefined && summary.warnings > maxWarnings) {
    return `fluxlint found ${plural(summary.warnings, 'warning')}, more than max-warnings (${maxWarnings}).`;
  }
  return null;
}
