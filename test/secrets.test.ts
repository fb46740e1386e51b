import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { planAnnotations } from '../src/action/annotations.js';
import { main } from '../src/cli.js';
import { secretTextMask } from '../src/model/secrets.js';
import { relativeUri } from '../src/report/sarif.js';
import { nodeAt, stringValue } from '../src/yaml/nodes.js';
import { expectNoLeak, HELM_REPOSITORY, helmRelease, lintDir, makeRepo } from './helpers.js';

const made: string[] = [];
const repo = (files: Record<string, string>) => {
  const dir = makeRepo(files);
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Runs the command line on a repository; stdout and stderr together. */
async function run(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const chunks: string[] = [];
  const code = await main(args, { stdout: (t) => chunks.push(t), stderr: (t) => chunks.push(t), isTTY: false, env: {}, cwd });
  return { code, output: chunks.join('') };
}

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;

// ---------------------------------------------------------------------------------

describe('a value from a Secret is never shown, whatever path it took', () => {
  /** One canary per path a Secret's value can take into the values of a HelmRelease. */
  const CANARY = {
    substituted: 'Qv7xZk2Wp9', // postBuild.substituteFrom a Secret, as the whole value
    derived: 'Jh4rTy8Bn3', // the same, inside a longer value and behind a default
    valuesFrom: 'Dk3sWq9Ze4', // valuesFrom a Secret's values.yaml
    generator: 'Lm5cVb1Nq6', // a secretGenerator literal, through valuesFrom with targetPath
    named: 'Wy6tGf2Hx8', // an object's name, substituted from a Secret, which every message about it shows
  };
  const SECRETS = Object.values(CANARY);

  const files = {
    'clusters/ks.yaml': [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: matrix',
      '  namespace: flux-system',
      'spec:',
      '  interval: 1h',
      '  path: ./apps/matrix',
      '  prune: true',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '  postBuild:',
      '    substituteFrom:',
      '      - kind: Secret',
      '        name: vars',
      '',
    ].join('\n'),
    'clusters/vars.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: vars\n  namespace: flux-system\nstringData:\n  REPLICAS: ${CANARY.substituted}\n  NOTE: ${CANARY.derived}\n  OWNER: ${CANARY.named}\n`,
    'apps/matrix/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'namespace: matrix',
      'resources: [hr.yaml, repository.yaml, ess-secret.yaml, podinfo.yaml, owned.yaml]',
      'secretGenerator:',
      '  - name: gen-values',
      '    literals:',
      `      - controllerType=${CANARY.generator}`,
      '    options:',
      '      disableNameSuffixHash: true',
      '',
    ].join('\n'),
    'apps/matrix/ess-secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ess-secret\n  namespace: matrix\nstringData:\n  values.yaml: |\n    synapse:\n      replicas: ${CANARY.valuesFrom}\n`,
    'apps/matrix/repository.yaml': HELM_REPOSITORY,
    // A name substituted from a Secret, of an object the repository lacks.
    'apps/matrix/podinfo.yaml': [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: podinfo',
      'spec:',
      '  interval: 1h',
      '  chart:',
      '    spec:',
      '      chart: podinfo',
      '      sourceRef:',
      '        kind: HelmRepository',
      '        name: ess',
      '  valuesFrom:',
      '    - kind: ConfigMap',
      '      name: cm-${NOTE}',
      '',
    ].join('\n'),
    'apps/matrix/owned.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${OWNER}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: owned\n      sourceRef:\n        kind: HelmRepository\n        name: elsewhere\n',
    'apps/matrix/hr.yaml': helmRelease(
      [
        'serverName: example.com',
        'elementWeb:',
        '  replicas: "${REPLICAS}"', // line 25
        'matrixAuthenticationService:',
        '  replicas: x-${NOTE:-none}', // line 27
      ].join('\n'),
      {
        before: ['  valuesFrom:', '    - kind: Secret', '      name: ess-secret', '    - kind: Secret', '      name: gen-values', '      valuesKey: controllerType', '      targetPath: matrixRTC.ingress.controllerType'],
      },
    ),
  };

  for (const format of FORMATS) {
    it(`in the ${format} format`, async () => {
      const { code, output } = await run(['--format', format, '.'], repo(files));
      expect(code).toBe(1);
      expectNoLeak(output, SECRETS, format);
    });
  }

  it('while each path still gets its finding, saying the kind of the value only', async () => {
    const { output } = await run(['--format', 'json', '.'], repo(files));
    const diagnostics = (JSON.parse(output) as { diagnostics: { ruleId: string; file: string; line: number; message: string }[] }).diagnostics.filter((d) => d.ruleId === 'ess/values-schema');
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'apps/matrix/ess-secret.yaml:9 "synapse.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string.',
      'apps/matrix/hr.yaml:25 "elementWeb.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string.',
      'apps/matrix/hr.yaml:27 "matrixAuthenticationService.replicas" in the values of HelmRelease "matrix/ess" must be an integer, not a string.',
      'apps/matrix/kustomization.yaml:8 "matrixRTC.ingress.controllerType" in the values of HelmRelease "matrix/ess" must be one of "ingress-nginx", not a string.',
    ]);
  });

  it('as the name of the object a message is about', async () => {
    const { output } = await run(['--format', 'json', '.'], repo(files));
    const messages = (JSON.parse(output) as { diagnostics: { file: string; message: string }[] }).diagnostics.filter((d) => d.file === 'apps/matrix/owned.yaml').map((d) => d.message);
    expect(messages).toEqual(['HelmRelease "matrix/********" refers to HelmRepository "matrix/elsewhere" (spec.chart.spec.sourceRef), which the repository does not define.']);
    const listed = await run(['values', 'matrix/nothing', '--root', '.'], repo(files));
    expect(listed).toEqual({ code: 2, output: 'fluxlint: no HelmRelease "matrix/nothing" in the repository; there are: matrix/********, matrix/ess, matrix/podinfo\n' });
  });

  it('as the name of a missing object', async () => {
    const { output } = await run(['--format', 'json', '.'], repo(files));
    const missing = (JSON.parse(output) as { diagnostics: { ruleId: string; message: string; fix: string }[] }).diagnostics.filter((d) => d.ruleId === 'flux/missing-reference' && d.message.startsWith('HelmRelease "matrix/podinfo"'));
    expect(missing.map((d) => [d.message, d.fix])).toEqual([
      [
        'HelmRelease "matrix/podinfo" refers to ConfigMap "matrix/<from a Secret>" (spec.valuesFrom), which the repository does not define.',
        'Add the ConfigMap, correct the name or namespace, or list it under `external` in .fluxlint.yaml if it is created outside the repository.',
      ],
    ]);
    const values = await run(['values', 'matrix/podinfo', '--root', '.'], repo(files));
    expect(values.output).toContain('# ConfigMap <from a Secret> [values.yaml] (apps/matrix/podinfo.yaml:14): not read, ConfigMap "matrix/<from a Secret>" is not in the repository\n');
    expectNoLeak(values.output, SECRETS, 'values of matrix/podinfo');
  });

  for (const format of ['yaml', 'json']) {
    it(`in fluxlint values --format ${format}, masked with its origin`, async () => {
      const { code, output } = await run(['values', 'matrix/ess', '--format', format, '--root', '.'], repo(files));
      expect(code).toBe(0);
      expectNoLeak(output, SECRETS, `values --format ${format}`);
      if (format === 'yaml') {
        expect(output).toContain('  replicas: "********" # apps/matrix/hr.yaml:25 (from a Secret)\n');
        expect(output).toContain('  replicas: "********" # apps/matrix/hr.yaml:27 (from a Secret)\n');
        expect(output).toContain('    controllerType: "********" # apps/matrix/kustomization.yaml:8 (from a Secret)\n');
        expect(output).toContain('  replicas: "********" # apps/matrix/ess-secret.yaml:9 (from a Secret)\n');
      } else {
        const values = JSON.parse(output).values;
        expect([values.elementWeb.replicas, values.matrixAuthenticationService.replicas, values.matrixRTC.ingress.controllerType, values.synapse.replicas]).toEqual(Array(4).fill('********'));
      }
    });
  }

  it('a value that substitutes only ConfigMap variables is shown', async () => {
    const plain = { ...files, 'clusters/vars.yaml': files['clusters/vars.yaml'].replace('kind: Secret', 'kind: ConfigMap').replace('stringData', 'data') };
    const { output } = await run(['values', 'matrix/ess', 'elementWeb', '--root', '.'], repo({ ...plain, 'clusters/ks.yaml': files['clusters/ks.yaml'].replace('kind: Secret', 'kind: ConfigMap') }));
    expect(output).toContain(`replicas: "${CANARY.substituted}" # apps/matrix/hr.yaml:25\n`);
  });
});

describe('the last check masks Secret values in free text', () => {
  it('whole, the longest first, but not values too short or too common to give anything away', () => {
    const mask = secretTextMask(new Set(['apps', 'apps.example.org', 'abc', 'false', 'On', 'a+b(c)']))!;
    expect(mask('HelmRelease "apps/web" serves apps.example.org, abc, enabled: false, On, a+b(c)')).toBe('HelmRelease "********/web" serves ********, abc, enabled: false, On, ********');
    expect(secretTextMask(new Set(['yes', 'ab']))).toBeNull();
  });
});

describe('the model knows every value whose origin is a Secret', () => {
  it('written in a Secret, or generated from a literal or an env file', async () => {
    const dir = repo({
      'kustomization.yaml': [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources: [secret.yaml, config.yaml]',
        'secretGenerator:',
        '  - name: generated',
        '    literals: [A=one]',
        '    envs: [vars.env]',
        'configMapGenerator:',
        '  - name: settings',
        '    literals: [A=one]',
        '',
      ].join('\n'),
      'vars.env': 'B=two\n',
      'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: written\nstringData:\n  C: three\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  D: four\n',
    });
    const { flux } = (await lintDir(dir)).repository;
    const secret = (kind: string, name: string, path: string[]) => {
      // Generated names carry kustomize's hash suffix.
      const object = flux.ofKind(kind).find((o) => stringValue(nodeAt(o.node, ['metadata', 'name']))?.startsWith(name))!;
      return flux.origins.isSecret(nodeAt(object.node, path)!);
    };
    expect([
      secret('Secret', 'generated', ['data', 'A']),
      secret('Secret', 'generated', ['data', 'B']),
      secret('Secret', 'written', ['stringData', 'C']),
      secret('ConfigMap', 'settings', ['data', 'A']),
      secret('ConfigMap', 'plain', ['data', 'D']),
    ]).toEqual([true, true, true, false, false]);
  });
});

// ---------------------------------------------------------------------------------

describe('a Secret that does not parse keeps its values masked in the code frame', () => {
  const SECRET = 'Xr8mKq3Tz1';
  const secret = (...lines: string[]) => ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', 'stringData:', ...lines, ''].join('\n');

  const cases: [name: string, file: string, text: string, frame: string[]][] = [
    [
      'an over-indented line after the value',
      'secret.yaml',
      secret(`  password: ${SECRET}`, `     user: ${SECRET}`),
      ['    > 6 |   password: ********', '        |             ^^^^^^^^', '      7 |      user: ********'],
    ],
    [
      'a tab-indented line',
      'secret.yaml',
      secret(`  password: ${SECRET}`, `\tuser: ${SECRET}`),
      ['      6 |   password: ********', '    > 7 |  user: ********', '        | ^'],
    ],
    ['a second colon in the value', 'secret.yaml', secret(`  password: ${SECRET}: bad`), ['      5 | stringData:', '    > 6 |   password: ********', '        |             ^^^^^^^^']],
    [
      'a generator literal that is not YAML',
      'kustomization.yaml',
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'secretGenerator:', '  - name: db', '    literals:', `      - pw=${SECRET}: [`, ''].join('\n'),
      ['      6 |       - pw=********', '    > 7 | ', '        | ^'],
    ],
  ];

  for (const [name, file, text, frame] of cases) {
    it(name, async () => {
      const { output } = await run(['--no-color', '.'], repo({ [file]: text }));
      expectNoLeak(output, [SECRET], name);
      expect(output).toContain(`${frame.join('\n')}\n`);
    });
  }
});

// ---------------------------------------------------------------------------------

describe('control characters from the repository reach no terminal', () => {
  // A quoted key that sets the window title and clears the screen, written twice.
  const hostile = 'a:\n  "\\e]0;x\\a\\e[2J": 1\n  "\\e]0;x\\a\\e[2J": 2\n';
  const name = 'bad\u001b[2J\u0007.yaml';
  // Raw ESC and BEL in the text, shown by a code frame.
  const raw = 'b: 1\nb: "\u001b[2J\u0007"\n';
  // DEL and a C1 CSI (a terminal's one-byte ESC [), which JSON.stringify leaves raw.
  const c1 = 'c:\n  "\\x9b2J\\x7f": 1\n  "\\x9b2J\\x7f": 2\n';
  const files = { 'keys.yaml': hostile, [name]: 'a: [\n', 'raw.yaml': raw, 'c1.yaml': c1 };
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

  it('stylish shows them as Control Pictures, also without colour', async () => {
    const { output } = await run(['--no-color', '.'], repo(files));
    expect(output).not.toMatch(RAW);
    expect(output).toContain('Duplicate key "␛]0;x␇␛[2J": YAML forbids it');
    expect(output).toContain('      = 2:3 "␛]0;x␇␛[2J" first defined here\n');
    expect(output).toContain('bad␛[2J␇.yaml\n');
    expect(output).toContain('    > 2 | b: "␛[2J␇"\n        | ^\n');
  });

  it('fluxlint values shows keys, values and file names from the repository without them', async () => {
    const values = 'serverName: example.com\n"\\e]0;x\\a": "\\e[2J\\u009b"\n';
    for (const format of ['yaml', 'json']) {
      const { code, output } = await run(['values', 'matrix/ess', '--format', format, '--root', '.'], repo({ 'hr.yaml': helmRelease(values), 'repository.yaml': HELM_REPOSITORY }));
      expect(code).toBe(0);
      expect(output).not.toMatch(RAW);
      expect(output).toContain(format === 'yaml' ? '"\\e]0;x\\a": "\\e[2J�" # hr.yaml:17' : '"\\u001b]0;x\\u0007": "\\u001b[2J\\u009b"');
    }
  });

  it('github escapes them in messages and file properties', async () => {
    const { output } = await run(['--format', 'github', '.'], repo(files));
    expect(output).not.toMatch(RAW);
    expect(output).toContain('::error file=bad␛[2J␇.yaml,line=2,col=1,');
    expect(output).toContain('title=yaml/duplicate-key::Duplicate key "␛]0;x␇␛[2J"');
  });

  it('the Action annotates with them visible too', async () => {
    const annotations = planAnnotations((await lintDir(repo(files))).diagnostics);
    for (const a of annotations) expect(`${a.message} ${a.properties.file ?? ''}`).not.toMatch(RAW);
    expect(annotations.map((a) => a.properties.file)).toContain('bad␛[2J␇.yaml');
    expect(annotations.some((a) => a.message.startsWith('Duplicate key "␛]0;x␇␛[2J"'))).toBe(true);
  });

  for (const format of ['json', 'sarif'] as const) {
    it(`${format} escapes them by JSON rules`, async () => {
      const { output } = await run(['--format', format, '.'], repo(files));
      expect(output).not.toMatch(RAW);
      expect(output).toContain('\\u001b]0;x\\u0007\\u001b[2J');
      expect(output).toContain('\\u009b2J\\u007f');
    });
  }
});

// ---------------------------------------------------------------------------------

describe('SARIF artifact URIs are RFC 3986 relative references', () => {
  const names: [file: string, uri: string][] = [
    ['a::b.yaml', 'a%3A%3Ab.yaml'],
    ['dir/with space.yaml', 'dir/with%20space.yaml'],
    ['hash#1.yaml', 'hash%231.yaml'],
    ['what?.yaml', 'what%3F.yaml'],
    ['100%.yaml', '100%25.yaml'],
    ['ünï/çödé.yaml', '%C3%BCn%C3%AF/%C3%A7%C3%B6d%C3%A9.yaml'],
  ];

  it('percent-encodes each segment', () => {
    expect(names.map(([file]) => relativeUri(file))).toEqual(names.map(([, uri]) => uri));
  });

  it('so each one resolves inside the root to the file it names', async () => {
    const { output } = await run(['--format', 'sarif', '.'], repo(Object.fromEntries(names.map(([file]) => [file, 'a: [\n']))));
    const uris: string[] = JSON.parse(output).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect([...uris].sort()).toEqual(names.map(([, uri]) => uri).sort());
    for (const [file, uri] of names) expect(decodeURIComponent(new URL(uri, 'file:///root/').pathname)).toBe(`/root/${file}`);
  });
});
