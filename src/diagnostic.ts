/**
 * The data every layer shares: where something is, and what was found there.
 * Diagnostics are plain data; reporters in src/report decide how they look.
 */

/** 1-based line and column; `file` is relative to the repository root with `/` separators. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  location: Location;
  message: string;
}

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  related: RelatedLocation[];
  /** A hint that says how to fix the finding; never contains a secret value. */
  fix?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
