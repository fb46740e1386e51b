import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { plainScalarValue } from '../../yaml/document.js';
import type { Location } from '../../diagnostic.js';
import { scalarOffsets } from '../../yaml/scalar-offsets.js';
import { nodeAt, pairsOf, stringValue, type MapNode } from '../../yaml/nodes.js';
import type { BuiltObject } from '../kustomize/object.js';
import type { Origins } from '../origins.js';
import { scanSubstitutions, SUBSTITUTE_ANNOTATION, SUBSTITUTE_DISABLED, substitute, UNKNOWN, type Lookup, type VariableReference } from '../substitution.js';

/** A `${var}` that has no value: where it was written and in which Kustomization. */
export interface SubstitutionFinding {
  /** `unknown`: the variable has a value fluxlint cannot read (from a SOPS-encrypted Secret). */
  kind: 'unresolved' | 'error' | 'unknown';
  variable: string;
  expression: string;
  message?: string;
  location: Location;
}

/**
 * Flux's postBuild substitution over built objects, scalar by scalar (keys too).
 * A substituted plain scalar is read again as YAML, as Flux re-parses the text
 * (`replicas: ${N}` becomes a number); a value that depends on an unknown variable is
 * left as written and marked unknown.
 */
export function substituteObjects(objects: BuiltObject[], variables: Variables, origins: Origins): SubstitutionFinding[] {
  const findings: SubstitutionFinding[] = [];
  for (const object of objects) {
    if (substitutionDisabled(object.node)) continue;
    const own: SubstitutionFinding[] = [];
    walk(object.node, (scalar) => substituteScalar(scalar, variables, origins, own));
    // A CRD's text is its schema's documentation (Flux's own say `${var:position}`): Flux blanks a variable there too, harmlessly.
    findings.push(...(stringValue(nodeAt(object.node, ['kind'])) === 'CustomResourceDefinition' ? own.filter((f) => f.kind !== 'unresolved') : own));
  }
  return findings;
}

function substitutionDisabled(node: MapNode): boolean {
  return ['labels', 'annotations'].some((field) => stringValue(nodeAt(node, ['metadata', field, SUBSTITUTE_ANNOTATION])) === SUBSTITUTE_DISABLED);
}

function walk(node: Node | null, visit: (scalar: Scalar) => void): void {
  if (!node) return;
  if (isScalar(node)) visit(node);
  else if (isMap(node)) {
    for (const pair of pairsOf(node)) {
      if (isScalar(pair.key)) visit(pair.key as Scalar);
      walk(pair.value as Node | null, visit);
    }
  } else if (isSeq(node)) for (const item of node.items) walk(item as Node, visit);
}

function substituteScalar(scalar: Scalar, variables: Variables, origins: Origins, findings: SubstitutionFinding[]): void {
  const text = scalar.value;
  if (typeof text !== 'string' || !text.includes('$')) return;
  const result = substitute(text, variables.lookup);
  const locate = (reference: { start: number; end: number }) => locateInScalar(scalar, reference, origins);
  if (result.error) {
    findings.push({ kind: 'error', variable: '', expression: text.slice(result.error.expressionStart, result.error.offset + 1), message: result.error.message, location: locate({ start: result.error.expressionStart, end: result.error.offset + 1 }) });
    return;
  }
  for (const reference of result.unresolved) findings.push(unresolved(reference, locate(reference)));
  if (result.unknown.length) origins.markUnknown(scalar, `it uses ${result.unknown.map((r) => r.expression).join(', ')}, whose value fluxlint cannot read`);
  for (const reference of result.unknown) findings.push({ kind: 'unknown', variable: reference.name, expression: reference.expression, location: locate(reference) });
  if (!result.changed) return;
  origins.recordOriginal(scalar, text);
  scalar.value = scalar.type === 'PLAIN' || scalar.type === undefined ? plainScalarValue(result.text) : result.text;
  // Whatever a Secret's variable went into is as secret as the variable: the whole scalar, also through defaults and functions.
  if (scanSubstitutions(text).references.some((reference) => variables.fromSecret(reference.name))) {
    origins.markSecret(scalar);
    origins.recordSecretText(String(scalar.value));
  }
}

function unresolved(reference: VariableReference, location: Location): SubstitutionFinding {
  return { kind: 'unresolved', variable: reference.name, expression: reference.expression, location };
}

/** The location of part of a scalar's value, through its offsets in the file that wrote it. */
function locateInScalar(scalar: Scalar, part: { start: number; end: number }, origins: Origins): Location {
  const document = origins.documentOf(scalar);
  const fallback = origins.locate(scalar) ?? { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (!document) return fallback;
  const offsets = scalarOffsets(document.text, scalar);
  if (!offsets) return fallback;
  const start = offsets.starts[part.start];
  const end = offsets.ends[Math.max(part.start, part.end - 1)];
  if (start === undefined || end === undefined) return fallback;
  const [fileStart, fileEnd] = document.fileRange(start, end);
  return document.source.location(fileStart, fileEnd);
}

/** The variables of a Kustomization: their values, and which of them a Secret defines. */
export interface Variables {
  lookup: Lookup;
  fromSecret(name: string): boolean;
}

/** One source of variables, in order of precedence: `postBuild.substitute`, then `substituteFrom` from last to first. */
export interface VariableSource {
  data: Map<string, string | typeof UNKNOWN>;
  secret: boolean;
}

/** The variables from the sources of a Kustomization in order of precedence; the first source that defines a name wins. */
export function variablesFrom(sources: VariableSource[], unknownRest: boolean): Variables {
  const definer = (name: string) => sources.find((source) => source.data.has(name));
  return {
    lookup: (name) => definer(name)?.data.get(name) ?? (unknownRest ? UNKNOWN : undefined),
    fromSecret: (name) => definer(name)?.secret ?? false,
  };
}

