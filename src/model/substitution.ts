/**
 * Flux postBuild variable substitution (`spec.postBuild.substitute` / `substituteFrom`
 * of a kustomize.toolkit.fluxcd.io Kustomization), as a pure function on one string.
 *
 * Sources (read, not copied; the behaviour below is theirs):
 * - fluxcd/pkg kustomize/kustomize_varsub.go: SubstituteVariables, varSubstitution,
 *   the name regex, the `substitute: disabled` label/annotation, the "\n" stripping.
 * - fluxcd/pkg envsubst/{parse/parse.go, parse/scan.go, template.go, funcs.go,
 *   path/match.go, eval_test.go, README.md}: Flux's fork of drone/envsubst, the grammar
 *   and evaluation ported here (v1.7.0, which kustomize-controller v1.9 uses; only
 *   template.go's strict check changed since the fork's v1.0.0).
 * - drone/envsubst {parse/scan.go, template.go}: the original; its evalFunc has no
 *   strict mode (Flux added it, then extended it to every non-default operator in
 *   fluxcd/pkg commit 8c54c729 "envsubst: enforce strict mode for transformation
 *   operators", envsubst v1.6.0).
 * - fluxcd/kustomize-controller internal/controller/kustomization_controller.go,
 *   internal/features/features.go, api/v1/kustomization_types.go and
 *   docs/spec/v1/kustomizations.md ("Post build variable substitution").
 *
 * What Flux does, and so what this module does:
 * - Only `${...}` is an expression. `$var` without braces is plain text (the Flux docs
 *   recommend it for shell scripts). `$$` is an escape for `$` ANYWHERE in the text, not
 *   only before `{`: `$${var}` gives `${var}`, `pa$$word` gives `pa$word`, `$$$${x}` gives
 *   `$${x}`. Inside an expression `$$` is not special, except in the two arguments of
 *   `${var/pattern/replacement}`, where `$$`, `\/` and `\\` are escapes.
 * - Forms: `${var}`; `${#var}` (length in UTF-8 bytes); `${var^}` `${var^^}` `${var,}`
 *   `${var,,}` (case); `${var:offset}` `${var:offset:length}` (byte offsets, strconv.Atoi,
 *   a negative offset counts from the end; `${var: -1}` is NOT that: Atoi fails on the
 *   space and the value is returned whole); `${var#glob}` `${var##glob}` `${var%glob}`
 *   `${var%%glob}` (trim; `*` and `?` also match `/`); `${var/old/new}` `${var//old/new}`
 *   `${var/#old/new}` `${var/%old/new}` (old is a literal string, not a glob; `/#` and
 *   `/%` without a replacement leave the value unchanged); `${var=default}`
 *   `${var:=default}` `${var:-default}`, and `${var:+word}` `${var:?word}`, which all
 *   mean the same in Flux: the value when it is non-empty, else the default. Nothing is
 *   assigned and nothing fails. A default is text up to the first `}` with nested
 *   `${...}` expressions (`${A:-${B:-x}}`).
 * - Not supported, and a syntax error: `${var-default}`, `${var+x}`, `${var?x}` (the
 *   README lists `${var-default}`, the parser rejects it: "missing closing brace"),
 *   `${}`, `${ var }`, `${var.x}`, `${{ github.token }}`, an unclosed `${`. A syntax error
 *   anywhere fails the whole Kustomization ("envsubst error: variable substitution
 *   failed: ..."), so it is reported, never guessed around.
 * - Names in expressions are runs of Unicode letters, digits and `_` (so `${1}` and
 *   `${héllo}` parse), but a variable can only be DEFINED with a name matching
 *   `^[_[:alpha:]][_[:alpha:][:digit:]]*$` (ASCII): any other key in `substitute` or in a
 *   referenced ConfigMap's or Secret's data fails the Kustomization. See
 *   isValidVariableName.
 * - Values: every newline is removed from every value (`strings.ReplaceAll(v, "\n", "")`);
 *   `substitute` overrides `substituteFrom`, later `substituteFrom` entries override
 *   earlier ones (the caller builds the lookup).
 * - An undefined variable: non-strict, it is "" (and a default applies); strict, Flux
 *   fails on the first one that is referenced without a default operator, including
 *   `${#var}`, `${var^^}`, `${var/a/b}` and any nested in a default that is not used
 *   (arguments are evaluated first). Strict is on by default since kustomize-controller
 *   v1.9 (feature gate StrictPostBuildSubstitutions, opt-out); before, it was opt-in and
 *   (envsubst before v1.6) rejected only a bare `${var}`. `unresolved` below is exactly
 *   the set current strict mode rejects; Flux reports the first in evaluation order.
 * - Go quirks kept: `${var:0:-1}` (negative length) panics in Go ("slice bounds out of
 *   range"), reported as an error; `${var:é...}` (a non-ASCII character after `:`) is
 *   "bad substitution" because the scanner steps back one byte too many.
 *
 * What the caller handles (not in this pure function):
 * - Substitution runs only when the Kustomization has `spec.postBuild`, and then only
 *   when at least one variable is defined, unless `postBuild.substituteStrategy: Always`
 *   (kustomize-controller v1.9+). Without it, even `$$` stays `$$`.
 * - A resource labelled OR annotated `kustomize.toolkit.fluxcd.io/substitute: disabled`
 *   is not substituted at all (SUBSTITUTE_ANNOTATION, SUBSTITUTE_DISABLED).
 * - Flux substitutes the serialized YAML text of each built resource, keys and values
 *   alike, and parses the result again; this module works on one string value. So a
 *   value is pasted unescaped into YAML (a `'`, `"` or `: ` in it can break the
 *   document; `replicas: ${N}` becomes a number), and an expression cannot span two
 *   scalars here although it could in Flux.
 *
 * Offsets are UTF-16 code units of the input, like the rest of fluxlint.
 */

import { Evaluator, GoPanic, UNKNOWN, type Lookup } from './substitution/evaluator.js';
import { parse, toReference } from './substitution/parser.js';
import type { ExprNode, SubstitutionError, VariableReference } from './substitution/syntax.js';

export { UNKNOWN, type Lookup } from './substitution/evaluator.js';
export type { SubstitutionError, SubstitutionKind, VariableReference } from './substitution/syntax.js';

/** The label or annotation that turns substitution off for one resource. */
export const SUBSTITUTE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/substitute';
/** Its value that turns substitution off. */
export const SUBSTITUTE_DISABLED = 'disabled';
/** Flux's rule for variable names, as it writes it in its error message. */
export const VARIABLE_NAME_PATTERN = '^[_[:alpha:]][_[:alpha:][:digit:]]*$';

/** Whether Flux accepts `name` as a variable name (a key of `substitute` or of substituteFrom data). */
export function isValidVariableName(name: string): boolean {
  // Go RE2's [:alpha:] and [:digit:] are ASCII only.
  return /^[_A-Za-z][_A-Za-z0-9]*$/.test(name);
}




export interface SubstitutionScan {
  /** Every complete expression, nested ones included, by start offset. */
  references: VariableReference[];
  error: SubstitutionError | null;
}


export interface SubstitutionSegment {
  outStart: number;
  outEnd: number;
  inStart: number;
  inEnd: number;
  /** Set when the output came from an expression (the whole `${...}` is the input range). */
  variable?: string;
}

export interface SubstitutionResult {
  /** The substituted text; an expression whose value depends on an unknown value is left as written. */
  text: string;
  /** No value and no default operator: "" in non-strict mode, an error in strict mode. By start offset. */
  unresolved: VariableReference[];
  /** The value exists but is unknown, and the output depends on it. By start offset. */
  unknown: VariableReference[];
  changed: boolean;
  /**
   * Where each part of the output came from, in output order, covering it without gaps.
   * Copied text maps 1:1; an escape `$$` maps its one output character to both input
   * characters; an expression maps its output (possibly empty) to the whole expression.
   */
  segments: SubstitutionSegment[];
  /** Set when Flux would fail: a syntax error, or a Go runtime panic. Then `text` is the input unchanged. */
  error: SubstitutionError | null;
}

/** Every expression in a text (nested ones included, in order; escaped `$${…}` excluded), and the syntax error that would stop Flux, if any. Never throws. */
export function scanSubstitutions(text: string): SubstitutionScan {
  const parsed = parse(text);
  return { references: parsed.expressions.map((e) => toReference(text, e)), error: parsed.error };
}

/** Substitutes `text` as Flux would, non-strict; see SubstitutionResult for strict mode. */
export function substitute(text: string, lookup: Lookup): SubstitutionResult {
  const parsed = parse(text);
  if (parsed.error) return unchanged(text, parsed.error);
  const evaluator = new Evaluator(lookup);
  const parts: string[] = [];
  const segments: SubstitutionSegment[] = [];
  let out = 0;
  const emit = (value: string, inStart: number, inEnd: number, variable?: string): void => {
    parts.push(value);
    const segment: SubstitutionSegment = { outStart: out, outEnd: out + value.length, inStart, inEnd };
    if (variable !== undefined) segment.variable = variable;
    segments.push(segment);
    out += value.length;
  };
  try {
    for (const node of parsed.nodes) {
      if (node.type === 'text') {
        // Copied runs map 1:1; each `$$` maps to its one `$`.
        let from = node.start;
        for (const escape of node.escapes) {
          if (escape > from) emit(text.slice(from, escape), from, escape);
          emit('$', escape, escape + 2);
          from = escape + 2;
        }
        if (node.end > from) emit(text.slice(from, node.end), from, node.end);
      } else {
        const value = evaluator.expression(node, true);
        emit(value === UNKNOWN ? text.slice(node.start, node.end) : value, node.start, node.end, node.name);
      }
    }
  } catch (error) {
    if (error instanceof GoPanic) return unchanged(text, { message: error.message, offset: error.node.start, expressionStart: error.node.start });
    throw error;
  }
  const result = parts.join('');
  const sorted = (set: Set<ExprNode>) => [...set].sort((a, b) => a.start - b.start).map((e) => toReference(text, e));
  return { text: result, unresolved: sorted(evaluator.unresolved), unknown: sorted(evaluator.unknown), changed: result !== text, segments, error: null };
}

/** The input offset an output offset comes from: 1:1 in copied text, else the start of the expression or escape. */
export function inputOffset(result: Pick<SubstitutionResult, 'segments'>, outOffset: number): number {
  for (const s of result.segments) {
    if (outOffset >= s.outStart && outOffset < s.outEnd) {
      const verbatim = s.variable === undefined && s.outEnd - s.outStart === s.inEnd - s.inStart;
      return verbatim ? s.inStart + (outOffset - s.outStart) : s.inStart;
    }
  }
  const last = result.segments[result.segments.length - 1];
  return last ? last.inEnd : 0;
}

function unchanged(text: string, error: SubstitutionError): SubstitutionResult {
  const segments = text.length > 0 ? [{ outStart: 0, outEnd: text.length, inStart: 0, inEnd: text.length }] : [];
  return { text, unresolved: [], unknown: [], changed: false, segments, error };
}
