import type { Location, Severity } from '../diagnostic.js';
import type { ReportInput } from './report.js';
import { ruleDocsUrl } from './rule-docs.js';
import { jsonText } from './visible.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it. */
export function sarif(input: ReportInput): string {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: input.tool.name,
            version: input.tool.version,
            semanticVersion: input.tool.version,
            informationUri: input.tool.informationUri,
            rules: input.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase()),
              shortDescription: { text: rule.description },
              fullDescription: { text: `${rule.description} ${rule.docs.rationale}` },
              helpUri: ruleDocsUrl(rule.id),
              help: {
                text: rule.docs.rationale,
                markdown: `${rule.docs.rationale}\n\nReported:\n\n\`\`\`yaml\n${rule.docs.bad}\n\`\`\`\n\nFixed:\n\n\`\`\`yaml\n${rule.docs.good}\n\`\`\``,
              },
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { description: { text: 'The root of the linted repository.' } } },
        columnKind: 'utf16CodeUnits',
        results: input.diagnostics.map((d) => ({
          ruleId: d.ruleId,
          ...(ruleIndex.has(d.ruleId) ? { ruleIndex: ruleIndex.get(d.ruleId) } : {}),
          level: LEVEL[d.severity],
          message: { text: d.fix ? `${d.message} Fix: ${d.fix}` : d.message },
          locations: [physical(d.location)],
          ...(d.related.length
            ? { relatedLocations: d.related.map((r, id) => ({ id, ...physical(r.location), message: { text: r.message } })) }
            : {}),
        })),
      },
    ],
  };
  return jsonText(log);
}

function physical(location: Location) {
  return {
    physicalLocation: {
      artifactLocation: { uri: relativeUri(location.file), uriBaseId: 'SRCROOT' },
      region: {
        startLine: location.line,
        startColumn: location.column,
        endLine: location.endLine,
        endColumn: Math.max(location.endColumn, location.endLine === location.line ? location.column : 1),
      },
    },
  };
}

/**
 * A repository path as an RFC 3986 relative reference: every segment
 * percent-encoded, so `a::b.yaml` is not read as the scheme `a:` and `#`, `?`, `%`,
 * spaces and non-ASCII characters stay part of the path.
 */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
