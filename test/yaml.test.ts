import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Node } from 'yaml';
import type { YamlDocument } from '../src/yaml/document.js';
import { documentProblems, parseYamlFile } from '../src/yaml/file.js';
import { nodeAt } from '../src/yaml/nodes.js';
import { brief, lintDir, makeRepo } from './helpers.js';

/** Line and column in the outer file of the node at a path inside an embedded document. */
function where(document: YamlDocument, pathInside: string[]): string {
  const loc = document.locate(nodeAt(document.contents, pathInside, document.doc));
  return `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}`;
}

function embeddedAt(text: string, outerPath: string[], docIndex = 0): YamlDocument[] {
  const file = parseYamlFile('cm.yaml', text);
  const outer = file.documents[docIndex]!;
  return outer.embedded(nodeAt(outer.contents, outerPath, outer.doc) as Node)!;
}

describe('embedded documents map positions to the outer file', () => {
  it('literal block `|` in a ConfigMap', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  values.yaml: |', '    synapse:', '      enabled: true', '      ingress:', '        host: matrix.example.org', ''].join('\n');
    const [inner] = embeddedAt(text, ['data', 'values.yaml']);
    expect(where(inner!, ['synapse', 'ingress', 'host'])).toBe('8:15-8:33');
    expect(where(inner!, ['synapse', 'enabled'])).toBe('6:16-6:20');
  });

  it('strip chomping `|-` and an explicit indentation indicator `|2`', () => {
    const text = 'data:\n  a: |-\n    x: 1\n    y: two\n  b: |2\n      indented: 3\n';
    expect(where(embeddedAt(text, ['data', 'a'])[0]!, ['y'])).toBe('4:8-4:11');
    // With |2 the content is indented two spaces relative to the key: "    indented" keeps two leading spaces.
    expect(where(embeddedAt(text, ['data', 'b'])[0]!, ['indented'])).toBe('6:17-6:18');
  });

  it('folded block `>` keeps the lines of a flow mapping', () => {
    const text = 'data:\n  f: >\n    {"a": 1,\n    "b": "x"}\n';
    expect(where(embeddedAt(text, ['data', 'f'])[0]!, ['b'])).toBe('4:10-4:13');
  });

  it('double-quoted JSON with escapes', () => {
    const text = 'data:\n  config.json: "{\\"default_theme\\": \\"dark\\", \\"brand\\": \\"Élan\\"}"\n';
    const [inner] = embeddedAt(text, ['data', 'config.json']);
    expect(inner!.toJS()).toEqual({ default_theme: 'dark', brand: 'Élan' });
    // `"brand"` starts at column 47 of the outer line: the escaped quote `\"` is where it was written.
    expect(where(inner!, ['brand'])).toBe('2:58-2:66');
    expect(where(inner!, ['default_theme'])).toBe('2:37-2:45');
  });

  it('single-quoted strings with doubled quotes', () => {
    const text = "data:\n  s: '{a: ''it''''s'', b: 2}'\n";
    const [inner] = embeddedAt(text, ['data', 's']);
    expect(inner!.toJS()).toEqual({ a: "it's", b: 2 });
    expect(where(inner!, ['b'])).toBe('2:27-2:28');
  });

  it('CRLF line endings count as one line break', () => {
    const text = 'kind: ConfigMap\r\ndata:\r\n  values.yaml: |\r\n    a: 1\r\n    b:\r\n      c: deep\r\n';
    const [inner] = embeddedAt(text, ['data', 'values.yaml']);
    expect(where(inner!, ['b', 'c'])).toBe('6:10-6:14');
  });

  it('multi-document embedded text', () => {
    const text = 'data:\n  all: |\n    a: 1\n    ---\n    b: 2\n';
    const docs = embeddedAt(text, ['data', 'all']);
    expect(docs.map((d) => d.index)).toEqual([0, 1]);
    expect(where(docs[1]!, ['b'])).toBe('5:8-5:9');
  });

  it('in the second document of a multi-document file', () => {
    const text = 'kind: A\n---\nkind: ConfigMap\ndata:\n  v: |\n    k: v\n';
    expect(where(embeddedAt(text, ['data', 'v'], 1)[0]!, ['k'])).toBe('6:8-6:9');
  });

  it('composes: JSON in a string in YAML in a block scalar of a ConfigMap', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  values.yaml: |',
      '    elementWeb:',
      '      additional:',
      '        user-config.json: |',
      '          {',
      '            "default_theme": "dark",',
      '            "setting_defaults": {"breadcrumbs": true}',
      '          }',
      '',
    ].join('\n');
    const [values] = embeddedAt(text, ['data', 'values.yaml']);
    const jsonNode = nodeAt(values!.contents, ['elementWeb', 'additional', 'user-config.json'], values!.doc) as Node;
    const [json] = values!.embedded(jsonNode)!;
    expect(where(json!, ['setting_defaults', 'breadcrumbs'])).toBe('10:49-10:53');
    expect(where(json!, ['default_theme'])).toBe('9:30-9:36');
  });

  it('syntax errors inside embedded text point at the outer line', () => {
    const text = 'data:\n  values.yaml: |\n    a: 1\n    b: c: d\n';
    const [inner] = embeddedAt(text, ['data', 'values.yaml']);
    expect(documentProblems(inner!).map((p) => `${p.kind} ${p.location.line}:${p.location.column} ${p.message}`)).toEqual([
      'syntax 4:8 Nested mappings are not allowed in compact mappings.',
    ]);
    const dup = embeddedAt('data:\n  v: |\n    a: 1\n    a: 2\n', ['data', 'v'])[0]!;
    expect(documentProblems(dup).map((p) => `${p.kind} ${p.location.line}:${p.location.column} ${p.related[0]?.location.line}`)).toEqual(['duplicate-key 4:5 3']);
  });
});

describe('YAML problems in real-world shapes', () => {
  it('reports syntax errors and duplicate keys, and still lints the rest', async () => {
    const dir = makeRepo({
      'bad.yaml': 'a: 1\n b: 2\n',
      'dup.yaml': 'x:\n  y: 1\n  z: 2\n  y: 3\n',
      'alias.yaml': 'a: *later\nb: &later 1\n',
      'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  p: plain\n',
    });
    const result = await lintDir(dir);
    expect(result.diagnostics.map(brief)).toEqual([
      'yaml/syntax alias.yaml:1:4',
      'yaml/syntax bad.yaml:1:4',
      'yaml/duplicate-key dup.yaml:4:3',
      'sops/unencrypted-secret secret.yaml:6:3',
    ]);
    expect(result.diagnostics[0]!.message).toBe('Alias *later is used before its anchor &later is defined.');
    expect(result.diagnostics[0]!.related).toEqual([{ location: { file: 'alias.yaml', line: 2, column: 11, endLine: 2, endColumn: 12 }, message: 'anchor &later' }]);
  });

  it('says when an alias has no anchor at all, rather than one defined too late', async () => {
    const result = await lintDir(makeRepo({ 'ks.yaml': 'metadata:\n  name: web\nspec:\n  targetNamespace: *namespace\n' }));
    expect(result.diagnostics.map((d) => [brief(d), d.message, d.fix])).toEqual([
      ['yaml/syntax ks.yaml:4:20', 'Alias *namespace has no anchor &namespace in this document.', 'Define &namespace on the value it stands for, above this line, in the same document, or write the value here.'],
    ]);
  });

  it('handles Go template keys and Jinja without library noise on stderr', async () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const error = vi.spyOn(console, 'warn');
    const dir = makeRepo({
      'go.yaml': 'data:\n  {{ .DOMAIN }}: value\n  plain: 1\n',
      'jinja.yaml': 'a: 1\n{% if x %}\nb: 2\n{% endif %}\n',
    });
    const result = await lintDir(dir);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    const jinja = result.diagnostics.filter((d) => d.location.file === 'jinja.yaml');
    expect(jinja.length).toBeGreaterThan(0);
    expect(jinja[0]!.ruleId).toBe('yaml/syntax');
    expect(jinja[0]!.fix).toMatch(/looks like a template/);
    expect(result.diagnostics.filter((d) => d.location.file === 'go.yaml')).toEqual([]);
  });

  it('hints at quoting a plain value with ": " in it, not at templates, in a file with GitHub expressions', async () => {
    const dir = makeRepo({
      'action.yml': 'name: x\ninputs:\n  config:\n    description: Configuration file (default: the nearest one).\nruns:\n  steps:\n    - run: echo ${{ inputs.config }}\n',
    });
    const [syntax, ...rest] = (await lintDir(dir)).diagnostics;
    expect(rest).toEqual([]);
    expect([brief(syntax!), syntax!.message, syntax!.fix]).toEqual([
      'yaml/syntax action.yml:4:18',
      'Nested mappings are not allowed in compact mappings.',
      'A plain value cannot contain ": " (a colon and a space); put the value in quotes.',
    ]);
  });

  it('reports CRLF files with the same lines and columns as LF files', async () => {
    const lf = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  p: plain\n';
    const dir = makeRepo({ 'crlf.yaml': lf.replace(/\n/g, '\r\n'), 'lf.yaml': lf });
    const result = await lintDir(dir);
    const locations = result.diagnostics.map((d) => d.location);
    expect(locations[0]).toEqual({ ...locations[1], file: 'crlf.yaml' });
    expect(locations[1]).toEqual({ file: 'lf.yaml', line: 6, column: 3, endLine: 6, endColumn: 4 });
  });

  it('reports binary, non-UTF-8 and escaping files without crashing', async () => {
    const dir = makeRepo({
      'bin.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01]),
      'latin1.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]),
      'ok.yaml': 'a: 1\n',
    });
    writeFileSync(path.join(dir, '..', `outside-${path.basename(dir)}.yaml`), 'a: 1\n');
    symlinkSync(path.join(dir, '..', `outside-${path.basename(dir)}.yaml`), path.join(dir, 'link.yaml'));
    const result = await lintDir(dir);
    expect(result.diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([
      'fluxlint/unreadable-file bin.yaml:1:1 Not linted: it is a binary file.',
      'fluxlint/unreadable-file latin1.yaml:1:1 Not linted: it is not valid UTF-8 text.',
      'fluxlint/unreadable-file link.yaml:1:1 Not linted: it is a symbolic link that leads out of the repository.',
    ]);
    expect(result.repository.files.map((f) => f.source.path)).toEqual(['ok.yaml']);
  });
});
