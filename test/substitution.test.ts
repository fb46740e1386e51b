import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit } from 'yaml';
import {
  inputOffset,
  isValidVariableName,
  scanSubstitutions,
  substitute,
  UNKNOWN,
  type Lookup,
  type SubstitutionResult,
} from '../src/model/substitution.js';
import { CORPUS, sharedAvailable } from './corpus.js';

/** The variables most tables use; a name not here is undefined. */
const VARS: Record<string, string> = {
  HOST: 'example.com',
  EMPTY: '',
  APP: 'radarr',
  LOUD: 'RADARR',
  NUM: '8080',
  PATHV: 'path/to/file.txt',
  MIXED: 'abcABC123ABCabc',
  UNI: 'héllo',
};

function lookupOf(vars: Record<string, string>, unknown: string[] = []): Lookup {
  return (name) => (unknown.includes(name) ? UNKNOWN : Object.hasOwn(vars, name) ? vars[name] : undefined);
}

function run(text: string, vars: Record<string, string> = VARS): string {
  const result = substitute(text, lookupOf(vars));
  expect(result.error).toBeNull();
  return result.text;
}

const names = (refs: { name: string }[]) => refs.map((r) => r.name);

// Every expected output below was also checked against Flux's own envsubst (fluxcd/pkg envsubst v1.7.0).
const FORMS: [string, string][] = [
  // ${var}
  ['${HOST}', 'example.com'],
  ['${EMPTY}', ''],
  ['${MISSING}', ''],
  // defaults: all five spellings mean "the value if non-empty, else the default" in Flux
  ['${HOST:=d}', 'example.com'],
  ['${EMPTY:=d}', 'd'],
  ['${MISSING:=d}', 'd'],
  ['${HOST:-d}', 'example.com'],
  ['${EMPTY:-d}', 'd'],
  ['${MISSING:-d}', 'd'],
  ['${HOST=d}', 'example.com'],
  ['${EMPTY=d}', 'd'],
  ['${MISSING=d}', 'd'],
  ['${HOST:+d}', 'example.com'],
  ['${MISSING:+d}', 'd'],
  ['${HOST:?d}', 'example.com'],
  ['${MISSING:?d}', 'd'],
  ['${MISSING:=}', ''],
  ['${MISSING:=a b:c/d?}', 'a b:c/d?'],
  ['${MISSING:=$HOST}', '$HOST'],
  // nested defaults
  ['${MISSING:=${HOST}}', 'example.com'],
  ['${MISSING:=https://${HOST}/x}', 'https://example.com/x'],
  ['${MISSING:-${EMPTY:-${APP}}}', 'radarr'],
  ['${MISSING:=${APP^^}}', 'RADARR'],
  // a default ends at the first `}`: the second one here is plain text
  ['${MISSING:={"a":1}}', '{"a":1}'],
  // length, in UTF-8 bytes
  ['${#HOST}', '11'],
  ['${#UNI}', '6'],
  ['${#MISSING}', '0'],
  // case
  ['${APP^}', 'Radarr'],
  ['${APP^^}', 'RADARR'],
  ['${LOUD,}', 'rADARR'],
  ['${LOUD,,}', 'radarr'],
  ['${UNI^^}', 'HÉLLO'],
  ['${APP,^}', 'radarr'],
  // substring, on UTF-8 bytes
  ['${HOST:8}', 'com'],
  ['${HOST:0:7}', 'example'],
  ['${HOST:8:100}', 'com'],
  ['${HOST:20}', ''],
  ['${HOST:-3}', 'example.com'],
  ['${HOST: -3}', 'example.com'],
  ['${HOST:x}', 'example.com'],
  ['${HOST:1:2:3}', 'example.com'],
  ['${HOST:${NUM}}', ''],
  ['${UNI:1:2}', 'é'],
  ['${UNI:2}', '\uFFFDllo'],
  // trim, with globs
  ['${PATHV#*/}', 'to/file.txt'],
  ['${PATHV##*/}', 'file.txt'],
  ['${PATHV%.*}', 'path/to/file'],
  ['${PATHV%%/*}', 'path'],
  ['${HOST#[a-e]}', 'xample.com'],
  ['${HOST#x}', 'example.com'],
  // replace, with literal strings
  ['${HOST/./-}', 'example-com'],
  ['${MIXED/abc/x}', 'xABC123ABCabc'],
  ['${MIXED//abc/x}', 'xABC123ABCx'],
  ['${MIXED/#abc/x}', 'xABC123ABCabc'],
  ['${MIXED/%abc/x}', 'abcABC123ABCx'],
  ['${MIXED/abc/}', 'ABC123ABCabc'],
  ['${MIXED//abc/}', 'ABC123ABC'],
  ['${MIXED/#abc/}', 'abcABC123ABCabc'],
  ['${MIXED/a*c/x}', 'abcABC123ABCabc'],
  ['${PATHV//\\//-}', 'path-to-file.txt'],
  ['${HOST/./\\\\.}', 'example\\.com'],
  ['${HOST/$${x}/y}', 'example.com'],
  ['${MISSING/a/b}', ''],
];

const ESCAPES: [string, string][] = [
  ['$${HOST}', '${HOST}'],
  ['$$${HOST}', '$example.com'],
  ['$$$${HOST}', '$${HOST}'],
  ['$${HOST:=${APP}}', '${HOST:=radarr}'],
  ['pa$$word', 'pa$word'],
  ['$$', '$'],
  ['$HOST', '$HOST'],
  ['${APP}$HOST', 'radarr$HOST'],
  ['cost: 5$', 'cost: 5$'],
  ['$ {HOST}', '$ {HOST}'],
  ['{HOST}', '{HOST}'],
  ['\\${HOST}', '\\example.com'],
  ['${MISSING:=$${HOST}}', '$example.com'],
  ['}}', '}}'],
];

const MULTIPLE: [string, string][] = [
  ['${APP}${HOST}', 'radarrexample.com'],
  ['a${APP}b${NUM}c', 'aradarrb8080c'],
  ['${APP}-${APP}', 'radarr-radarr'],
  ['${APP}-volsync-secret', 'radarr-volsync-secret'],
  ['http://${APP}.${HOST}:${NUM}/', 'http://radarr.example.com:8080/'],
  ['${MISSING}${APP}', 'radarr'],
];

describe('substitute: every form', () => {
  it.each(FORMS)('%s → %j', (input, output) => {
    expect(run(input)).toBe(output);
  });
});

describe('substitute: escapes and plain $', () => {
  it.each(ESCAPES)('%s → %j', (input, output) => {
    expect(run(input)).toBe(output);
  });
});

describe('substitute: several expressions and adjacent text', () => {
  it.each(MULTIPLE)('%s → %j', (input, output) => {
    expect(run(input)).toBe(output);
  });

  it('leaves text without expressions alone', () => {
    const result = substitute('plain: text', lookupOf(VARS));
    expect(result).toEqual({
      text: 'plain: text',
      unresolved: [],
      unknown: [],
      changed: false,
      segments: [{ outStart: 0, outEnd: 11, inStart: 0, inEnd: 11 }],
      error: null,
    });
  });

  it('handles the empty string', () => {
    expect(substitute('', lookupOf(VARS))).toMatchObject({ text: '', changed: false, segments: [], error: null });
  });

  it('removes newlines from values, as Flux does, and nothing else', () => {
    expect(run('${V}', { V: 'line1\nline2\n' })).toBe('line1line2');
    expect(run('${V}', { V: 'a\r\nb' })).toBe('a\rb');
    expect(run('${V:=d}', { V: '\n' })).toBe('d');
  });

  it('reports changed', () => {
    expect(substitute('$${X}', lookupOf({})).changed).toBe(true);
    expect(substitute('${X}', lookupOf({ X: '${X}' })).changed).toBe(false);
  });
});

describe('syntax errors (Flux fails the whole Kustomization)', () => {
  const ERRORS: [string, string, number][] = [
    ['${}', 'unable to parse variable name', 2],
    ['${ HOST }', 'unable to parse variable name', 2],
    ['${{ github.token }}', 'unable to parse variable name', 2],
    ['${HOST }', 'missing closing brace', 6],
    ['${HOST-d}', 'missing closing brace', 6],
    ['${HOST+d}', 'missing closing brace', 6],
    ['${HOST?d}', 'missing closing brace', 6],
    ['${HOST.x}', 'missing closing brace', 6],
    ['${my-var}', 'missing closing brace', 4],
    ['${HOST', 'missing closing brace', 6],
    ['x ${HOST:=d', 'unable to parse substitution within function', 11],
    ['${HOST:}', 'unable to parse substitution within function', 7],
    ['${HOST#}', 'unable to parse substitution within function', 7],
    ['${#}', 'bad substitution', 3],
    ['${#HOST:=x}', 'bad substitution', 7],
    ['${HOST:é}', 'bad substitution', 7],
    ['${HOST/a}', 'bad substitution', 9],
    ['${HOST^^^}', 'bad substitution', 8],
    ['${HOST:a${NUM}}', 'bad substitution', 8],
  ];

  it.each(ERRORS)('%s: %s at %d', (input, message, offset) => {
    const result = substitute(input, lookupOf(VARS));
    expect(result.error).toEqual({ message, offset, expressionStart: input.indexOf('${') });
    expect(result.text).toBe(input);
    expect(result.changed).toBe(false);
    expect(result.segments).toEqual([{ outStart: 0, outEnd: input.length, inStart: 0, inEnd: input.length }]);
    expect(scanSubstitutions(input).error).toEqual({ message, offset, expressionStart: input.indexOf('${') });
  });

  it('names the outermost expression being read', () => {
    const scan = scanSubstitutions('ok ${A} ${B:=${C}');
    expect(scan.error).toEqual({ message: 'unable to parse substitution within function', offset: 17, expressionStart: 8 });
    // complete expressions before the error are still found; scanning never throws
    expect(names(scan.references)).toEqual(['A', 'C']);
  });

  it('reports a negative substring length as the Go panic it is', () => {
    const result = substitute('x ${HOST:0:-1}', lookupOf(VARS));
    expect(result.error).toEqual({ message: 'runtime error: slice bounds out of range [:-1]', offset: 2, expressionStart: 2 });
    expect(result.text).toBe('x ${HOST:0:-1}');
    // a negative length is only harmless when the offset is past the end
    expect(run('${HOST:20:-1}')).toBe('');
  });
});

describe('variable names', () => {
  it.each(['SECRET_DOMAIN', '_x', 'a1', 'A', '_', 'cluster_env'])('%s is valid', (name) => {
    expect(isValidVariableName(name)).toBe(true);
  });

  it.each(['', '1abc', '1', 'my-key', 'my.key', 'héllo', 'a b', 'APP$', 'ÄPP'])('%j is invalid', (name) => {
    expect(isValidVariableName(name)).toBe(false);
  });

  it('parses names Flux can never define, and they are unresolved', () => {
    expect(names(scanSubstitutions('${1} ${héllo} ${1abc:=x}').references)).toEqual(['1', 'héllo', '1abc']);
    const result = substitute('[${1}]', lookupOf(VARS));
    expect(result.text).toBe('[]');
    expect(names(result.unresolved)).toEqual(['1']);
  });
});

describe('scanSubstitutions: the references', () => {
  it('finds every expression with offsets, operator and kind', () => {
    const text = 'url: "https://${SUB:=auth}.${SECRET_DOMAIN}/" $${ESC} ${A:-${B^^}}';
    expect(scanSubstitutions(text).references).toEqual([
      { name: 'SUB', start: 14, end: 26, expression: '${SUB:=auth}', hasDefault: true, operator: ':=', kind: 'default', depth: 0 },
      { name: 'SECRET_DOMAIN', start: 27, end: 43, expression: '${SECRET_DOMAIN}', hasDefault: false, operator: '', kind: 'value', depth: 0 },
      { name: 'A', start: 54, end: 66, expression: '${A:-${B^^}}', hasDefault: true, operator: ':-', kind: 'default', depth: 0 },
      { name: 'B', start: 59, end: 65, expression: '${B^^}', hasDefault: false, operator: '^^', kind: 'case', depth: 1 },
    ]);
  });

  it.each([
    ['${V}', '', 'value', false],
    ['${V=d}', '=', 'default', true],
    ['${V:=d}', ':=', 'default', true],
    ['${V:-d}', ':-', 'default', true],
    ['${V:+d}', ':+', 'default', true],
    ['${V:?d}', ':?', 'default', true],
    ['${V:=}', ':=', 'default', true],
    ['${#V}', '#', 'length', false],
    ['${V#a}', '#', 'trim', false],
    ['${V##a}', '##', 'trim', false],
    ['${V%a}', '%', 'trim', false],
    ['${V%%a}', '%%', 'trim', false],
    ['${V^}', '^', 'case', false],
    ['${V,,}', ',,', 'case', false],
    ['${V:1}', ':', 'substring', false],
    ['${V:1:2}', ':', 'substring', false],
    ['${V/a/b}', '/', 'replace', false],
    ['${V//a/b}', '//', 'replace', false],
    ['${V/#a/b}', '/#', 'replace', false],
    ['${V/%a/b}', '/%', 'replace', false],
  ] as const)('%s: operator %j, %s, hasDefault %s', (text, operator, kind, hasDefault) => {
    expect(scanSubstitutions(text).references).toEqual([{ name: 'V', start: 0, end: text.length, expression: text, hasDefault, operator, kind, depth: 0 }]);
  });

  it('excludes escaped expressions and plain $var', () => {
    expect(scanSubstitutions('$${A} $B $$${C} $$$${D}').references).toEqual([
      { name: 'C', start: 11, end: 15, expression: '${C}', hasDefault: false, operator: '', kind: 'value', depth: 0 },
    ]);
  });

  it('finds expressions nested in every argument position', () => {
    const refs = scanSubstitutions('${A:${B}:${C}} ${D/${E}/${F}} ${G:=x${H:=${I}}y}').references;
    expect(refs.map((r) => [r.name, r.depth])).toEqual([
      ['A', 0], ['B', 1], ['C', 1], ['D', 0], ['E', 1], ['F', 1], ['G', 0], ['H', 1], ['I', 2],
    ]);
  });
});

describe('unresolved and unknown variables', () => {
  it('lists what strict mode rejects: no value and no default operator', () => {
    const result = substitute('${A} ${B:=x} ${#C} ${D:-${E}} ${F/a/b}', lookupOf({}));
    expect(result.text).toBe(' x 0  ');
    expect(names(result.unresolved)).toEqual(['A', 'C', 'E', 'F']);
    expect(result.unknown).toEqual([]);
  });

  it('includes a variable in a default that is not used: Go evaluates it anyway', () => {
    const result = substitute('${D:-${E}}', lookupOf({ D: 'd' }));
    expect(result.text).toBe('d');
    expect(names(result.unresolved)).toEqual(['E']);
  });

  it('does not count a defined empty value as unresolved', () => {
    const result = substitute('[${EMPTY}]', lookupOf(VARS));
    expect(result.text).toBe('[]');
    expect(result.unresolved).toEqual([]);
  });

  it('leaves an expression with an unknown value as written', () => {
    const result = substitute('https://${SECRET}/x', lookupOf(VARS, ['SECRET']));
    expect(result.text).toBe('https://${SECRET}/x');
    expect(result.changed).toBe(false);
    expect(names(result.unknown)).toEqual(['SECRET']);
    expect(result.unresolved).toEqual([]);
    expect(result.segments).toEqual([
      { outStart: 0, outEnd: 8, inStart: 0, inEnd: 8 },
      { outStart: 8, outEnd: 17, inStart: 8, inEnd: 17, variable: 'SECRET' },
      { outStart: 17, outEnd: 19, inStart: 17, inEnd: 19 },
    ]);
  });

  it.each([
    ['${APP}-${SECRET}', 'radarr-${SECRET}', ['SECRET']],
    ['${SECRET:=x}', '${SECRET:=x}', ['SECRET']],
    ['${SECRET/./-}', '${SECRET/./-}', ['SECRET']],
    ['${#SECRET}', '${#SECRET}', ['SECRET']],
    ['${EMPTY:=${SECRET}}', '${EMPTY:=${SECRET}}', ['SECRET']],
    ['${MISSING:=${SECRET}}', '${MISSING:=${SECRET}}', ['SECRET']],
    ['${APP:=${SECRET}}', 'radarr', []],
    ['${HOST/${SECRET}/x}', '${HOST/${SECRET}/x}', ['SECRET']],
    ['$${SECRET}', '${SECRET}', []],
  ] as const)('%s → %s', (input, output, unknown) => {
    const result = substitute(input, lookupOf(VARS, ['SECRET']));
    expect(result.text).toBe(output);
    expect(names(result.unknown)).toEqual(unknown);
  });
});

describe('segments', () => {
  function checkCoverage(input: string, result: SubstitutionResult): void {
    let out = 0;
    let at = 0;
    for (const s of result.segments) {
      expect(s.outStart).toBe(out);
      expect(s.inStart).toBe(at);
      out = s.outEnd;
      at = s.inEnd;
    }
    expect(out).toBe(result.text.length);
    expect(at).toBe(input.length);
  }

  it('maps text after a substitution back to its input offset', () => {
    const input = '"https://auth.${SECRET_DOMAIN}/"';
    const result = substitute(input, lookupOf({ SECRET_DOMAIN: 'example.com' }));
    expect(result.text).toBe('"https://auth.example.com/"');
    expect(result.segments).toEqual([
      { outStart: 0, outEnd: 14, inStart: 0, inEnd: 14 },
      { outStart: 14, outEnd: 25, inStart: 14, inEnd: 30, variable: 'SECRET_DOMAIN' },
      { outStart: 25, outEnd: 27, inStart: 30, inEnd: 32 },
    ]);
    expect(result.text[25]).toBe('/');
    expect(inputOffset(result, 25)).toBe(30);
    expect(input[30]).toBe('/');
    expect(inputOffset(result, 13)).toBe(13);
    // inside the substituted value: the start of the expression
    expect(inputOffset(result, 20)).toBe(14);
    expect(inputOffset(result, 27)).toBe(32);
    checkCoverage(input, result);
  });

  it('maps a shorter value, an empty value and an escape', () => {
    const result = substitute('a${APP}b$$c${EMPTY}d', lookupOf({ APP: 'x', EMPTY: '' }));
    expect(result.text).toBe('axb$cd');
    expect(result.segments).toEqual([
      { outStart: 0, outEnd: 1, inStart: 0, inEnd: 1 },
      { outStart: 1, outEnd: 2, inStart: 1, inEnd: 7, variable: 'APP' },
      { outStart: 2, outEnd: 3, inStart: 7, inEnd: 8 },
      { outStart: 3, outEnd: 4, inStart: 8, inEnd: 10 },
      { outStart: 4, outEnd: 5, inStart: 10, inEnd: 11 },
      { outStart: 5, outEnd: 5, inStart: 11, inEnd: 19, variable: 'EMPTY' },
      { outStart: 5, outEnd: 6, inStart: 19, inEnd: 20 },
    ]);
    expect([0, 1, 2, 3, 4, 5, 6].map((o) => inputOffset(result, o))).toEqual([0, 1, 7, 8, 10, 19, 20]);
    checkCoverage('a${APP}b$$c${EMPTY}d', result);
  });

  it('maps a longer value', () => {
    const result = substitute('${A}:${B}', lookupOf({ A: 'long-value', B: 'v' }));
    expect(result.text).toBe('long-value:v');
    expect(inputOffset(result, 10)).toBe(4);
    expect(inputOffset(result, 11)).toBe(5);
  });
});

describe('real-world strings', () => {
  const CLUSTER: Record<string, string> = {
    SECRET_DOMAIN: 'example.com',
    APP: 'radarr',
    SECRET_VOLSYNC_RESTIC_REPOSITORY: 's3:https://s3.example.com/volsync',
    VOLSYNC_STORAGECLASS: 'ceph-block',
    GITHUB_REF: 'refs/heads/main',
  };
  const REAL: [string, string][] = [
    ['${SECRET_DOMAIN}', 'example.com'],
    ['"https://auth.${SECRET_DOMAIN}/"', '"https://auth.example.com/"'],
    ['${APP}-volsync-secret', 'radarr-volsync-secret'],
    ["'${SECRET_VOLSYNC_RESTIC_REPOSITORY}/app'", "'s3:https://s3.example.com/volsync/app'"],
    ['${CLUSTER_CIDR:=10.42.0.0/16}', '10.42.0.0/16'],
    ['${VOLSYNC_CAPACITY:=5Gi}', '5Gi'],
    ['${VOLSYNC_ACCESSMODES:-ReadWriteOnce}', 'ReadWriteOnce'],
    ['${VOLSYNC_STORAGECLASS:-ceph-block}', 'ceph-block'],
    ['${VOLSYNC_PUID:=568}', '568'],
    ['"${SECRET_DOMAIN/./-}-production-tls"', '"example-com-production-tls"'],
    ['^@whatsappbot:${SECRET_DOMAIN/./\\\\.}$', '^@whatsappbot:example\\.com$'],
    ['"${KOPIUR_CLAIM:-${APP}}"', '"radarr"'],
    ['"${SYNCTHING_CONFIG_STORAGECLASS:-${VOLSYNC_STORAGECLASS}}"', '"ceph-block"'],
    ['DEST="s3://$${SNAPSHOT_BUCKET}/snapshot-$${SNAPSHOT_DATE}.snap"', 'DEST="s3://${SNAPSHOT_BUCKET}/snapshot-${SNAPSHOT_DATE}.snap"'],
    ['NAME=$${IFACE%%:*}', 'NAME=${IFACE%%:*}'],
    ['instance: "$${1}"', 'instance: "${1}"'],
    ['echo "$HOME" $1', 'echo "$HOME" $1'],
    ['--branch=${GITHUB_REF#refs/heads/}', '--branch=main'],
    ['${sensor:regex}', ''],
  ];

  it.each(REAL)('%s → %s', (input, output) => {
    expect(run(input, CLUSTER)).toBe(output);
  });

  it('uses the value of a set variable over the default', () => {
    expect(run('${CLUSTER_CIDR:=10.42.0.0/16}', { CLUSTER_CIDR: '10.69.0.0/16' })).toBe('10.69.0.0/16');
  });

  it('rejects a GitHub Actions expression, as Flux would if it were in a built resource', () => {
    expect(substitute('${{ github.token }}', lookupOf(CLUSTER)).error?.message).toBe('unable to parse variable name');
  });
});

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(full));
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files;
}

describe.runIf(sharedAvailable(CORPUS))('the corpus of real Flux repositories', () => {
  it('scans every string of every YAML file without throwing, and counts the forms', () => {
    const byOperator = new Map<string, number>();
    const byKind = new Map<string, number>();
    const errors = new Map<string, number>();
    let strings = 0;
    let withExpressions = 0;
    let escaped = 0;
    const files = yamlFiles(CORPUS);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: false })) {
        visit(doc, {
          Scalar(_key, node) {
            if (typeof node.value !== 'string') return;
            const text = node.value;
            strings++;
            const scan = scanSubstitutions(text);
            if (scan.references.length > 0) withExpressions++;
            if (text.includes('$${')) escaped++;
            for (const ref of scan.references) {
              byOperator.set(ref.operator, (byOperator.get(ref.operator) ?? 0) + 1);
              byKind.set(ref.kind, (byKind.get(ref.kind) ?? 0) + 1);
              expect(text.slice(ref.start, ref.end)).toBe(ref.expression);
            }
            if (scan.error) errors.set(scan.error.message, (errors.get(scan.error.message) ?? 0) + 1);
            // Substituting never throws, and the segments cover input and output without gaps.
            const result = substitute(text, (name) => (name.length % 2 === 0 ? UNKNOWN : `<${name}>`));
            let out = 0;
            let at = 0;
            for (const s of result.segments) {
              if (s.outStart !== out || s.inStart !== at) throw new Error(`segments of ${JSON.stringify(text)} in ${file}`);
              out = s.outEnd;
              at = s.inEnd;
            }
            expect([out, at]).toEqual([result.text.length, text.length]);
          },
        });
      }
    }
    console.log(
      `substitution corpus: ${files.length} files, ${strings} strings, ${withExpressions} with expressions, ${escaped} with $\${;`,
      `by operator ${JSON.stringify(Object.fromEntries(byOperator))};`,
      `by kind ${JSON.stringify(Object.fromEntries(byKind))}; syntax errors ${JSON.stringify(Object.fromEntries(errors))}`,
    );
    expect(files.length).toBeGreaterThan(4000);
    expect(withExpressions).toBeGreaterThan(1000);
    expect(byOperator.get('')).toBeGreaterThan(1000);
    expect(byOperator.get(':=')).toBeGreaterThan(50);
    expect(byOperator.get(':-')).toBeGreaterThan(50);
    expect(byOperator.get('/')).toBeGreaterThan(50);
    expect(escaped).toBeGreaterThan(0);
    // GitHub and Forgejo workflows' `${{ ... }}` are not Flux expressions.
    expect(errors.get('unable to parse variable name')).toBeGreaterThan(0);
  });
});
