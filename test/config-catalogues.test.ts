import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { generateConfigSchemaFiles } from '../src/schemas/config-definitions.js';
import { CONFIG_SCHEMA_FILES, compileSchema, SCHEMA_DIR, type ConfigValidator } from '../src/schemas/config-schemas.js';
import { problemsOf } from '../src/schemas/problems.js';
import { ELEMENT_WEB_DEPRECATED_KEYS } from '../src/schemas/definitions/element-web.js';
import { SYNAPSE_CHART_MANAGED_KEYS } from '../src/schemas/definitions/synapse.js';
import { CORPUS, sharedAvailable, UPSTREAM } from './corpus.js';

/**
 * fluxlint's catalogues of the Synapse, MAS and Element Web configuration
 * (src/schemas/definitions/{synapse,mas,element-web}.ts): coverage of the upstream
 * option lists, freshness of the generated files, and verdicts on known examples.
 */

type Catalogue = 'synapse' | 'mas' | 'element-web';
const CATALOGUES: readonly Catalogue[] = ['synapse', 'mas', 'element-web'];

function shipped(name: Catalogue): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, CONFIG_SCHEMA_FILES[name]), 'utf8')) as Record<string, unknown>;
}

const validators = Object.fromEntries(CATALOGUES.map((name) => [name, compileSchema(shipped(name))])) as Record<Catalogue, ConfigValidator>;

function propertiesOf(name: Catalogue): Set<string> {
  return new Set(Object.keys(shipped(name).properties as Record<string, unknown>));
}

/** One line per error: where, what, and the offending key or expectation. */
function errorLines(errors: ErrorObject[]): string[] {
  return errors.map((e) => {
    const params = e.params as Record<string, unknown>;
    const detail = params.additionalProperty ?? params.missingProperty ?? params.pattern ?? params.type ?? params.allowedValues ?? '';
    return `${e.instancePath || '/'} ${e.keyword} ${Array.isArray(detail) ? detail.join('|') : String(detail)}`;
  });
}

const verdict = (name: Catalogue, value: unknown) => errorLines(validators[name].validate(value));

describe('the generated configuration schemas', () => {
  it('are what `npm run schemas` writes from the definitions (run it when this fails)', () => {
    const generated = generateConfigSchemaFiles();
    for (const name of CATALOGUES) {
      const file = CONFIG_SCHEMA_FILES[name];
      expect(generated.has(file), file).toBe(true);
      expect(readFileSync(path.join(SCHEMA_DIR, file), 'utf8'), `schemas/${file} is stale`).toBe(generated.get(file));
    }
  });

  it('close the top level of each configuration', () => {
    for (const name of CATALOGUES) expect(shipped(name).additionalProperties, name).toBe(false);
  });
});

describe('Synapse catalogue', () => {
  it('reports keys that are not Synapse options at the root', () => {
    expect(verdict('synapse', { matrix_rtc_enabled: true })).toEqual(['/ additionalProperties matrix_rtc_enabled']);
    expect(verdict('synapse', { matrix_rtc_uri: 'https://x' })).toEqual(['/ additionalProperties matrix_rtc_uri']);
  });

  it('accepts sizes as strings, experimental features and MatrixRTC transports', () => {
    expect(verdict('synapse', { url_preview_enabled: true, url_preview_ip_range_blacklist: ['127.0.0.0/8'], max_spider_size: '10M' })).toEqual([]);
    expect(verdict('synapse', { experimental_features: { msc4143_enabled: true } })).toEqual([]);
    expect(verdict('synapse', { matrix_rtc: { transports: [{ type: 'livekit', livekit_service_url: 'https://x' }] } })).toEqual([]);
  });

  it('is lenient where Synapse is: durations, sizes, nulls, free-form module and driver configuration', () => {
    const lenient = {
      max_upload_size: 104857600,
      event_cache_size: '10K',
      max_event_delay_duration: '24h',
      redaction_retention_period: null,
      user_ips_max_age: 2419200000,
      database: { name: 'psycopg2', args: { cp_min: 5, cp_max: 10, keepalives: 1, sslrootcert: 'system' } },
      caches: { global_factor: 1.0, per_cache_factors: { get_users_who_share_room_with_user: 2.0 } },
      modules: [{ module: 'my_module.Module', config: { anything: [1, 2, 3] } }],
      oidc_providers: [
        {
          idp_id: 'keycloak',
          idp_name: 'Keycloak',
          issuer: 'https://id.example.com/realms/x',
          client_id: 'synapse',
          client_secret: 's',
          user_mapping_provider: { config: { localpart_template: '{{ user.preferred_username }}' } },
        },
      ],
      email: { smtp_host: 'mail', smtp_port: 587, notif_from: 'Matrix <noreply@example.com>' },
      stream_writers: { events: ['w1', 'w2'], typing: 'w3' },
      encryption_enabled_by_default_for_room_type: false,
      default_room_version: 10,
    };
    expect(verdict('synapse', lenient)).toEqual([]);
  });

  it('reports typos inside closed sections and wrong types', () => {
    expect(verdict('synapse', { url_preview_enabled: 'yes' })).toEqual(['/url_preview_enabled type boolean']);
    expect(verdict('synapse', { redis: { enable: true } })).toEqual(['/redis additionalProperties enable']);
    expect(verdict('synapse', { matrix_rtc: { transports: [{ type: 'livekit', livekit_service_uri: 'https://x' }] } })).toEqual([
      '/matrix_rtc/transports/0 additionalProperties livekit_service_uri',
    ]);
    expect(verdict('synapse', { server_notices: { room_name: 'Notices' } })).toEqual(['/server_notices required system_mxid_localpart']);
  });

  it('gives the keys of a closed section for a did-you-mean', () => {
    const value = { redis: { enable: true } };
    const [problem] = problemsOf(validators.synapse.validate(value), value, validators.synapse.schema);
    expect(problem).toMatchObject({ kind: 'unknown', path: ['redis'], key: 'enable' });
    expect(problem?.kind === 'unknown' && problem.allowed).toContain('enabled');
  });

  it('names chart-managed keys that are Synapse options, with a hint each', () => {
    const ours = propertiesOf('synapse');
    for (const key of ['server_name', 'public_baseurl', 'database', 'listeners', 'max_upload_size', 'matrix_authentication_service', 'redis', 'instance_map']) {
      expect(SYNAPSE_CHART_MANAGED_KEYS[key], key).toBeTruthy();
    }
    expect(SYNAPSE_CHART_MANAGED_KEYS.max_upload_size).toContain('synapse.media.maxUploadSize');
    expect(Object.keys(SYNAPSE_CHART_MANAGED_KEYS).filter((key) => !ours.has(key))).toEqual([]);
  });
});

describe('MAS catalogue', () => {
  const provider = { id: '01JSHPZHAXC50QBKH67MH33TNF', client_id: 'mas', token_endpoint_auth_method: 'client_secret_basic' };

  it('requires what MAS requires, but not what the chart supplies', () => {
    expect(verdict('mas', { upstream_oauth2: {} })).toEqual(['/upstream_oauth2 required providers']);
    expect(verdict('mas', { email: { from: 'a@example.com' } })).toEqual(['/email required transport']);
    expect(verdict('mas', {})).toEqual([]);
    expect(verdict('mas', { http: { trusted_proxies: ['10.0.0.0/8'] }, experimental: { session_limit: { soft_limit: 100 } } })).toEqual([]);
  });

  it('checks upstream provider ids as ULIDs', () => {
    expect(verdict('mas', { upstream_oauth2: { providers: [provider] } })).toEqual([]);
    const value = { upstream_oauth2: { providers: [{ ...provider, id: 'abc' }] } };
    const errors = validators.mas.validate(value);
    expect(errorLines(errors)).toEqual(['/upstream_oauth2/providers/0/id pattern ^[0123456789ABCDEFGHJKMNPQRSTVWXYZ]{26}$']);
    // The message names the expectation in words.
    expect(problemsOf(errors, value, validators.mas.schema)).toEqual([
      { kind: 'pattern', path: ['upstream_oauth2', 'providers', 0, 'id'], pattern: '^[0123456789ABCDEFGHJKMNPQRSTVWXYZ]{26}$', description: 'a ULID (26 characters of Crockford base32)' },
    ]);
  });

  it('reports keys that are not MAS options', () => {
    expect(verdict('mas', { upstream_oauth2_config: {} })).toEqual(['/ additionalProperties upstream_oauth2_config']);
    expect(verdict('mas', { admin_contact: 'admin@example.com' })).toEqual(['/ additionalProperties admin_contact']);
    expect(verdict('mas', { upstream_oauth2: { providers: [{ ...provider, user_mapping_provider: {} }] } })).toEqual([
      '/upstream_oauth2/providers/0 additionalProperties user_mapping_provider',
    ]);
  });

  it('accepts common sections and keeps policy data free-form', () => {
    expect(verdict('mas', { passwords: { enabled: false } })).toEqual([]);
    expect(verdict('mas', { policy: { data: { admin_users: ['alice'], anything: { goes: true } } } })).toEqual([]);
    expect(verdict('mas', { email: { transport: 'smtp', mode: 'starttls', hostname: 'mail', port: 587 } })).toEqual([]);
    expect(verdict('mas', { email: { transport: 'smtp', mode: 'ssl' } })).toEqual(['/email/mode enum plain|starttls|tls|']);
  });
});

describe('Element Web catalogue', () => {
  it('reports keys Element Web does not have', () => {
    expect(verdict('element-web', { rtc_foci: [] })).toEqual(['/ additionalProperties rtc_foci']);
    expect(verdict('element-web', { livekit: {} })).toEqual(['/ additionalProperties livekit']);
    expect(verdict('element-web', { element_call: { url: 'https://call.example.com' } })).toEqual(['/element_call additionalProperties url']);
  });

  it('accepts the keys the chart and users set', () => {
    expect(verdict('element-web', { brand: 'x', element_call: { use_exclusively: true } })).toEqual([]);
    const config = {
      default_server_config: {
        'm.homeserver': { base_url: 'https://matrix.example.com', server_name: 'example.com' },
        'm.identity_server': { base_url: 'https://vector.im' },
        'org.matrix.msc2965.authentication': { issuer: 'https://account.example.com/' },
      },
      setting_defaults: { 'UIFeature.registration': false, urlPreviewsEnabled: true },
      features: { feature_video_rooms: true },
      sso_redirect_options: { immediate: false },
      embedded_pages: { login_for_welcome: true },
      mobile_guide_app_variant: 'element',
    };
    expect(verdict('element-web', config)).toEqual([]);
    expect(verdict('element-web', { default_server_config: { 'm.homeserver': { baseUrl: 'x' }, 'm.identity_server': {} } })).toEqual([
      '/default_server_config/m.homeserver additionalProperties baseUrl',
      '/default_server_config/m.identity_server required base_url',
    ]);
  });

  it('maps deprecated camelCase keys to current keys of the catalogue, and does not accept them as keys', () => {
    const ours = propertiesOf('element-web');
    for (const [old, current] of Object.entries(ELEMENT_WEB_DEPRECATED_KEYS)) {
      expect(old, old).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
      expect(ours.has(current), `${old} → ${current}`).toBe(true);
      expect(ours.has(old), old).toBe(false);
    }
    expect(ELEMENT_WEB_DEPRECATED_KEYS.roomDirectory).toBe('room_directory');
  });
});

describe('the configuration the matrix-stack chart writes itself', () => {
  // The chart's underrides and overrides (configs/*/…tpl, chart 26.8) with MAS, MatrixRTC,
  // Hookshot and the workers enabled, the template expressions replaced by sample values.
  it('is valid Synapse configuration', () => {
    const listener = (port: number, names: string[]) => ({
      port,
      tls: false,
      bind_addresses: ['::', '0.0.0.0'],
      type: 'http',
      x_forwarded: false,
      resources: [{ names, compress: false }],
    });
    const synapse = {
      web_client_location: 'https://chat.example.com/',
      report_stats: false,
      mau_stats_only: true,
      require_auth_for_profile_requests: true,
      federation_client_minimum_tls_version: '1.2',
      experimental_features: { msc4028_push_encrypted_events: true, msc4143_enabled: true, msc3202_device_masquerading: true },
      url_preview_enabled: true,
      url_preview_ip_range_whitelist: [],
      url_preview_ip_range_blacklist: ['192.168.0.0/16', 'fe80::/10'],
      max_event_delay_duration: '24h',
      rc_message: { per_second: 0.5, burst_count: 30 },
      rc_delayed_event_mgmt: { per_second: 1, burst_count: 20 },
      public_baseurl: 'https://matrix.example.com/',
      server_name: 'example.com',
      signing_key_path: '/secrets/ess-generated/SYNAPSE_SIGNING_KEY',
      enable_metrics: true,
      log_config: '/conf/log_config.yaml',
      macaroon_secret_key_path: '/secrets/ess-generated/SYNAPSE_MACAROON',
      registration_shared_secret_path: '/secrets/ess-generated/SYNAPSE_REGISTRATION_SHARED_SECRET',
      database: {
        name: 'psycopg2',
        args: { user: 'synapse_user', password: '${SYNAPSE_POSTGRES_PASSWORD}', dbname: 'synapse', host: 'ess-postgres', port: 5432, sslmode: 'prefer', cp_min: 5, cp_max: 10 },
      },
      ip_range_blacklist: ['127.0.0.0/8', '10.0.0.0/8'],
      matrix_authentication_service: { enabled: true, secret_path: '/secrets/ess-generated/MAS_SYNAPSE_SHARED_SECRET', endpoint: 'http://ess-matrix-authentication-service:8080/', force_http2: true },
      password_config: { localdb_enabled: false, enabled: false },
      matrix_rtc: { transports: [{ type: 'livekit', livekit_service_url: 'https://mrtc.example.com' }] },
      notify_appservices_from_worker: 'ess-synapse-appservice-0',
      app_service_config_files: ['/as/0/registration.yaml'],
      run_background_tasks_on: 'ess-synapse-background-0',
      send_federation: false,
      federation_sender_instances: ['ess-synapse-federation-sender-0'],
      media_store_path: '/media/media_store',
      max_upload_size: '100M',
      media_instance_running_background_jobs: 'ess-synapse-media-repository-0',
      start_pushers: false,
      pusher_instances: ['ess-synapse-pusher-0'],
      update_user_directory_from_worker: 'ess-synapse-user-dir-0',
      instance_map: { main: { host: 'ess-synapse-main', port: 9093 }, 'ess-synapse-event-persister-0': { host: 'ess-synapse-event-persister-0', port: 9093 } },
      redis: { enabled: true, host: 'ess-redis' },
      stream_writers: { events: ['ess-synapse-event-persister-0'], quarantined_media_changes: ['master', 'ess-synapse-media-repository-0'] },
      worker_app: 'synapse.app.generic_worker',
      worker_name: '${APPLICATION_NAME}',
      worker_listeners: [listener(8008, ['client', 'federation', 'media']), listener(9093, ['replication']), { type: 'metrics', port: 9001, bind_addresses: ['::'] }],
      listeners: [listener(8080, ['health'])],
      enable_media_repo: true,
      enable_local_media_storage: false,
    };
    expect(verdict('synapse', synapse)).toEqual([]);
  });

  it('is valid MAS configuration', () => {
    const mas = {
      http: {
        public_base: 'https://account.example.com',
        listeners: [
          {
            name: 'web',
            binds: [{ port: 8080, host: '0.0.0.0' }],
            resources: [{ name: 'human' }, { name: 'discovery' }, { name: 'oauth' }, { name: 'compat' }, { name: 'assets' }, { name: 'graphql', undocumented_oauth2_access: true }, { name: 'adminapi' }],
          },
          { name: 'internal', binds: [{ port: 8081 }], resources: [{ name: 'health' }, { name: 'prometheus' }, { name: 'connection-info' }] },
        ],
      },
      database: { host: 'ess-postgres', port: 5432, username: 'matrixauthenticationservice_user', password_file: '/secrets/x', database: 'matrixauthenticationservice', ssl_mode: 'prefer' },
      telemetry: { metrics: { exporter: 'prometheus' } },
      matrix: { homeserver: 'example.com', secret_file: '/secrets/x', endpoint: 'http://ess-synapse-main:8008', kind: 'synapse_modern' },
      secrets: { encryption_file: '/secrets/x', keys: [{ key_file: '/secrets/rsa' }, { key_file: '/secrets/ecdsa' }] },
      policy: { data: { admin_clients: [], admin_users: [], client_registration: { allow_host_mismatch: false, allow_insecure_uris: false } } },
      experimental: { session_limit: { soft_limit: 50, hard_limit: 50 } },
    };
    expect(verdict('mas', mas)).toEqual([]);
  });

  it('is valid Element Web configuration', () => {
    const elementWeb = {
      features: { feature_video_rooms: true, feature_new_room_decoration_ui: true, feature_element_call_video_rooms: true },
      element_call: { use_exclusively: true },
      embedded_pages: { login_for_welcome: true },
      sso_redirect_options: { immediate: false },
      setting_defaults: { urlPreviewsEnabled: true, 'UIFeature.registration': false, 'UIFeature.passwordReset': false, 'UIFeature.deactivate': false },
      default_server_config: { 'm.homeserver': { server_name: 'example.com', base_url: 'https://matrix.example.com' } },
      bug_report_endpoint_url: 'https://rageshakes.example.com/api/submit',
      map_style_url: 'https://maps.example.com/style.json',
      mobile_guide_app_variant: 'element',
    };
    expect(verdict('element-web', elementWeb)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Against the upstream option lists and the chart's own examples

/** The configuration documents in a parsed values file (or a HelmRelease's values). */
function configsOfValues(values: unknown, file: string): { source: string; catalogue: Catalogue; text: string }[] {
  const found: { source: string; catalogue: Catalogue; text: string }[] = [];
  if (!values || typeof values !== 'object') return found;
  const v = values as Record<string, { additional?: Record<string, unknown> } | undefined>;
  for (const [component, catalogue] of [
    ['synapse', 'synapse'],
    ['matrixAuthenticationService', 'mas'],
  ] as const) {
    for (const [key, entry] of Object.entries(v[component]?.additional ?? {})) {
      const text = (entry as { config?: unknown } | null)?.config;
      if (typeof text === 'string') found.push({ source: `${file} ${component}.additional.${key}`, catalogue, text });
    }
  }
  for (const [key, text] of Object.entries(v.elementWeb?.additional ?? {})) {
    if (typeof text === 'string') found.push({ source: `${file} elementWeb.additional.${key}`, catalogue: 'element-web', text });
  }
  return found;
}

/** Validates a configuration document: unknown and wrong keys, and deprecated Element Web spellings apart. */
function findingsOf(config: { source: string; catalogue: Catalogue; text: string }): string[] {
  const value: unknown = config.catalogue === 'element-web' ? JSON.parse(config.text) : YAML.parse(config.text);
  const findings: string[] = [];
  for (const error of validators[config.catalogue].validate(value)) {
    const key = (error.params as { additionalProperty?: string }).additionalProperty;
    const deprecated = config.catalogue === 'element-web' && error.instancePath === '' && key ? ELEMENT_WEB_DEPRECATED_KEYS[key] : undefined;
    findings.push(deprecated ? `${config.source}: deprecated ${key} (use ${deprecated})` : `${config.source}: ${errorLines([error])[0]}`);
  }
  return findings;
}

describe.runIf(sharedAvailable(UPSTREAM))('the catalogues against the upstream option lists', () => {
  it('cover every top-level option of Synapse’s config schema', () => {
    const upstream = YAML.parse(readFileSync(path.join(UPSTREAM, 'synapse/synapse-config.schema.yaml'), 'utf8')) as { properties: Record<string, unknown> };
    const upstreamKeys = Object.keys(upstream.properties);
    expect(upstreamKeys.length).toBe(226);
    const ours = propertiesOf('synapse');
    expect(upstreamKeys.filter((key) => !ours.has(key)), 'Synapse options missing from the catalogue').toEqual([]);
    expect(ours.has('experimental_features')).toBe(true);
    for (const absent of ['matrix_rtc_enabled', 'matrix_rtc_uri']) expect(ours.has(absent), absent).toBe(false);
  });

  it('cover every top-level option of MAS’s config schema', () => {
    const upstream = JSON.parse(readFileSync(path.join(UPSTREAM, 'mas/config.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    const ours = propertiesOf('mas');
    expect(Object.keys(upstream.properties).filter((key) => !ours.has(key)), 'MAS options missing from the catalogue').toEqual([]);
    expect(ours.size).toBe(Object.keys(upstream.properties).length);
    for (const absent of ['upstream_oauth2_config', 'access', 'user_mapping_provider']) expect(ours.has(absent), absent).toBe(false);
  });

  it('cover every key of Element Web’s config (camelCase ones as deprecated aliases)', () => {
    const keys = readFileSync(path.join(UPSTREAM, 'element-web/config-keys.txt'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(keys.length).toBe(65);
    const ours = propertiesOf('element-web');
    const deprecated = new Set(Object.keys(ELEMENT_WEB_DEPRECATED_KEYS));
    const missing = keys.filter((key) => (/[A-Z]/.test(key) ? !deprecated.has(key) : !ours.has(key)));
    expect(missing, 'Element Web keys missing from the catalogue').toEqual([]);
    for (const absent of ['rtc_foci', 'org.matrix.msc4143.rtc_foci', 'livekit', 'matrix_rtc']) expect(ours.has(absent), absent).toBe(false);
  });

  it('accept every configuration example of the chart (CI values and values.yaml), except dummy keys', () => {
    const chart = path.join(UPSTREAM, 'ess-helm');
    const files = [
      ...readdirSync(path.join(chart, 'ci'))
        .filter((name) => name.endsWith('.yaml'))
        .sort()
        .map((name) => `ci/${name}`),
      'values.yaml',
    ];
    const configs = files.flatMap((file) => configsOfValues(YAML.parse(readFileSync(path.join(chart, file), 'utf8')), file));
    expect(configs.length).toBe(11);
    // The two findings are placeholders of the chart's tests, not real options.
    expect(configs.flatMap(findingsOf)).toEqual([
      'ci/matrix-authentication-service-secrets-in-helm-values.yaml matrixAuthenticationService.additional.example-value: / additionalProperties example',
      'ci/pytest-element-web-values.yaml elementWeb.additional.user-config.json: / additionalProperties some_key',
    ]);
  });
});

describe.runIf(sharedAvailable(CORPUS))('the catalogues on the corpus of real Flux repositories', () => {
  it('accept the additional configuration of every matrix-stack HelmRelease, with one deprecated spelling', () => {
    const configs: { source: string; catalogue: Catalogue; text: string }[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ya?ml$/.test(entry.name)) {
          const text = readFileSync(file, 'utf8');
          if (!text.includes('additional:') || !text.includes('HelmRelease')) continue;
          for (const document of YAML.parseAllDocuments(text, { logLevel: 'silent' })) {
            const value = document.toJS({ maxAliasCount: -1 }) as { kind?: string; spec?: { values?: unknown } } | null;
            if (value?.kind === 'HelmRelease') configs.push(...configsOfValues(value.spec?.values, path.relative(CORPUS, file)));
          }
        }
      }
    };
    walk(CORPUS);
    expect(configs.length).toBe(7);
    expect(configs.flatMap(findingsOf)).toEqual([
      '_index_extracts/lucas-dclrcq__homelabitty/kubernetes/apps/matrix/matrix-stack/app/helmrelease.yaml elementWeb.additional.user-config.json: deprecated defaultCountryCode (use default_country_code)',
    ]);
  });
});
