import path from 'node:path';
import type { Node } from 'yaml';
import type { Finding, Rule } from '../../src/engine/rule.js';
import type { Repository } from '../../src/model/repository.js';
import type { AppliedObject } from '../../src/model/flux/model.js';
import { displayName, type Resource } from '../../src/model/resource.js';
import { problemsOf, withoutNulls, type Problem } from '../../src/schemas/problems.js';
import { k8sValidators } from '../../src/schemas/validators.js';
import { itemsOf, nodeAt, pairOf, stringAt, stringValue } from '../../src/yaml/nodes.js';
import { describeProblem, type SchemaSubject } from '../shared/schema-findings.js';

/**
 * Validates Flux, cert-manager and core Kubernetes objects against the schemas in
 * `schemas/k8s/` (written by fluxlint, see `src/schemas/definitions/`). Kinds and
 * apiVersions without a schema are left alone.
 */
export const schema: Rule = {
  meta: {
    id: 'k8s/schema',
    severity: 'error',
    deployment: true,
    description: 'A Flux, cert-manager or core Kubernetes object has an unknown field, a value of the wrong type or form, or lacks a required field.',
    docs: {
      rationale:
        'The API server rejects a wrong type or a missing field, and the whole Flux Kustomization that applies the object fails; an unknown field is dropped at best, so a misspelt setting silently never takes effect.',
      bad: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  interval: 10 minutes\n  chart:\n    spec:\n      chart: podinfo\n      sourceref:\n        kind: HelmRepository\n        name: podinfo',
      good: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  interval: 10m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n        kind: HelmRepository\n        name: podinfo',
    },
  },
  create(context) {
    let layout: Layout | undefined;
    return {
      resource(resource) {
        const validators = k8sValidators();
        if (!validators.has(resource.apiVersion, resource.kind)) return;
        const written = resource.document.toJS();
        if (written === undefined) return;
        const value = withoutNulls(written);
        const errors = validators.validate(resource.apiVersion, resource.kind, value);
        if (!errors || errors.length === 0) return;
        layout ??= repositoryLayout(context.repository);
        const file = resource.document.source.path;
        if (layout.chartTemplateDirs.some((dir) => file.startsWith(dir))) return;
        const patch = layout.patchFiles.has(file) || stringAt(resource.node, ['$patch'], resource.document.doc) !== null;
        const rootSchema = validators.schema(resource.apiVersion, resource.kind)!;
        const applied = context.repository.flux.appliedVersions(resource.document);
        if (!applied.length) {
          const subject = subjectOf(resource);
          for (const problem of problemsOf(errors, value, rootSchema, { patch })) context.report(withKnownFix(problem, value, describeProblem(problem, subject, rootSchema)));
          return;
        }
        // The object as its builds apply it (a parent Kustomization's spec.patches set a child's
        // interval and prune, an overlay's patch adds a field its base lacks): once per problem,
        // however many builds apply it.
        const reported = new Set<string>();
        for (const object of applied) {
          const appliedValue = withoutNulls(object.node.toJSON());
          const appliedErrors = validators.validate(resource.apiVersion, resource.kind, appliedValue);
          const subject = appliedSubjectOf(context.repository, resource, object);
          for (const problem of problemsOf(appliedErrors ?? [], appliedValue, rootSchema, { patch })) {
            const finding = withKnownFix(problem, appliedValue, describeProblem(problem, subject, rootSchema));
            const key = `${finding.location.file}:${finding.location.line}:${finding.location.column}:${finding.message}`;
            if (reported.has(key)) continue;
            reported.add(key);
            context.report(finding);
          }
        }
      },
    };
  },
};

/** A resource as the subject of schema problems. */
function subjectOf(resource: Resource): SchemaSubject {
  const { document } = resource;
  return {
    root: resource.node,
    doc: document.doc,
    name: resource.kind,
    where: `in ${resource.kind} "${displayName(resource)}"`,
    locate: (node) => document.locate(node),
    hidden: (path, node) => (resource.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData')) || document.writtenSecret(node),
    written: (node) => (node.range ? document.text.slice(node.range[0], node.range[1]).trim() : null),
    rootHolder: () => (pairOf(resource.node, 'kind', document.doc)?.key as Node | undefined) ?? resource.node,
  };
}

/** An applied object as the subject of schema problems: each value located where it was written (the child, or the parent's patch). */
function appliedSubjectOf(repository: Repository, resource: Resource, object: AppliedObject): SchemaSubject {
  const origins = repository.flux.origins;
  const written = subjectOf(resource);
  const documentOf = (node: Node) => origins.documentOf(node) ?? resource.document;
  return {
    ...written,
    root: object.node,
    doc: undefined,
    locate: (node) => origins.locate(node) ?? resource.document.locate(resource.node),
    hidden(path, node) {
      if (resource.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData')) return true;
      if (!node.range) return false;
      const document = documentOf(node);
      const [start, end] = document.fileRange(node.range[0], node.range[1]);
      return document.source.secretRanges.some(([s, e]) => s < Math.max(end, start + 1) && e > start);
    },
    written: (node) => (node.range && origins.documentOf(node) ? documentOf(node).text.slice(node.range[0], node.range[1]).trim() : null),
    rootHolder: () => (pairOf(object.node, 'kind')?.key as Node | undefined) ?? object.node,
  };
}

// ---------------------------------------------------------------------------------
// What the repository says about its files

interface Layout {
  /** Files that kustomize takes as patches: partial objects whose missing fields come from the object they patch. */
  patchFiles: Set<string>;
  /** `templates/` directories of Helm charts (with `/`): Helm templates, not objects, even where they parse as YAML. */
  chartTemplateDirs: string[];
}

function repositoryLayout(repository: Repository): Layout {
  const patchFiles = new Set<string>();
  const chartTemplateDirs: string[] = [];
  for (const file of repository.files) {
    const dir = path.posix.dirname(file.source.path);
    if (path.posix.basename(file.source.path) === 'Chart.yaml') chartTemplateDirs.push(dir === '.' ? 'templates/' : `${dir}/templates/`);
    const isKustomizationFile = /(^|\/)kustomization\.ya?ml$/i.test(file.source.path);
    for (const document of file.documents) {
      const root = document.contents;
      const doc = document.doc;
      const apiVersion = stringAt(root, ['apiVersion'], doc);
      if (!isKustomizationFile && !apiVersion?.startsWith('kustomize.config.k8s.io/')) continue;
      const add = (target: string | null) => {
        if (target && !target.includes('\n') && !/^[a-z]+:\/\//.test(target)) patchFiles.add(path.posix.normalize(path.posix.join(dir, target)));
      };
      for (const patch of itemsOf(nodeAt(root, ['patches'], doc), doc)) add(stringAt(patch, ['path'], doc));
      for (const patch of itemsOf(nodeAt(root, ['patchesStrategicMerge'], doc), doc)) add(stringValue(patch, doc));
      for (const patch of itemsOf(nodeAt(root, ['patchesJson6902'], doc), doc)) add(stringAt(patch, ['path'], doc));
    }
  }
  return { patchFiles, chartTemplateDirs };
}

/**
 * Mistakes whose fix is not the nearest allowed value: a HelmRelease naming an
 * OCIRepository as its chart's source, which Flux reads from `spec.chartRef` instead.
 */
function withKnownFix(problem: Problem, value: unknown, finding: Finding): Finding {
  const written = problem.path.reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined), value);
  if (problem.kind !== 'enum' || problem.path.join('.') !== 'spec.chart.spec.sourceRef.kind' || written !== 'OCIRepository') return finding;
  return {
    ...finding,
    message: finding.message.replace(/; did you mean "[^"]*"\?$/, '; a chart in an OCIRepository is referenced with spec.chartRef.'),
    fix: 'Replace spec.chart with spec.chartRef: {kind: OCIRepository, name: <its name>} (the chart version is the OCIRepository tag).',
  };
}
