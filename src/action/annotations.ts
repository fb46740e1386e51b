import type { AnnotationProperties } from '@actions/core';
import { SEVERITY_ORDER, type Diagnostic, type Severity } from '../diagnostic.js';
import { annotationMessage } from '../report/github.js';
import { visible } from '../report/visible.js';
import { plural } from '../report/report.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: AnnotationProperties;
}

/** GitHub shows 10 error, 10 warning and 10 notice annotations per step and drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Record<Severity, AnnotationLevel> = { error: 'error', warning: 'warning', info: 'notice' };
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * The annotations of a step: the most important findings first (errors, warnings,
 * infos, each in report order), at most ANNOTATIONS_PER_LEVEL of a level, and one
 * notice that counts the findings left out. Infos are notices too, so when that
 * notice is needed they leave a place for it.
 */
export function planAnnotations(diagnostics: readonly Diagnostic[]): Annotation[] {
  const ordered = [...diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const total: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of ordered) total[d.severity]++;
  const overflowing = SEVERITIES.some((s) => total[s] > ANNOTATIONS_PER_LEVEL);
  const room: Record<Severity, number> = {
    error: ANNOTATIONS_PER_LEVEL,
    warning: ANNOTATIONS_PER_LEVEL,
    info: overflowing ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL,
  };
  // Every finding takes a place: the room left ends below zero by the number left out.
  const annotations = ordered.filter((d) => room[d.severity]-- > 0).map(annotation);
  const left = SEVERITIES.filter((s) => room[s] < 0).map((s) => plural(-room[s], `more ${s}`));
  if (left.length) {
    annotations.push({
      level: 'notice',
      message: `${left.join(', ')} not annotated: GitHub shows ${ANNOTATIONS_PER_LEVEL} annotations of each level per step. The step log and the job summary list all ${plural(diagnostics.length, 'finding')}.`,
      properties: { title: 'fluxlint: more findings' },
    });
  }
  return annotations;
}

function annotation(d: Diagnostic): Annotation {
  const { location } = d;
  return {
    level: LEVEL[d.severity],
    message: annotationMessage(d),
    properties: {
      title: d.ruleId,
      file: visible(location.file),
      startLine: location.line,
      startColumn: location.column,
      endLine: location.endLine,
      // A column range only means something on one line; GitHub ignores it otherwise.
      ...(location.endLine === location.line ? { endColumn: location.endColumn } : {}),
    },
  };
}
