import { anything, arr, bool, def, int, intRange, mapOf, num, obj, oneOfStrings, pattern, str, strings, orNull, type Schema } from '../dsl.js';

/**
 * The configuration of the Matrix Authentication Service (config.yaml, MAS 1.22) as it
 * comes out of `matrixAuthenticationService.additional.*.config` of the matrix-stack
 * chart. MAS ignores unknown keys silently, so every known section is closed here to
 * report them; wrong types, bad enum values and missing required fields stop MAS.
 *
 * The chart writes `http`, `database`, `telemetry`, `secrets` and (with Synapse) `matrix`
 * itself, so nothing the chart supplies is required here: not the top-level `secrets`
 * and `matrix`, nor `http.public_base`, nor the session limits it underrides.
 */

const string = str();
const stringOrNull = orNull(str());
const intOrNull = orNull(int);
const port = intRange(0, 65535);

const Ulid = def('MasUlid', pattern('^[0123456789ABCDEFGHJKMNPQRSTVWXYZ]{26}$', 'a ULID (26 characters of Crockford base32)'));

const SigningAlgorithm = def(
  'MasSigningAlgorithm',
  oneOfStrings('HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'ES256K', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519', 'Ed448', 'none'),
);

/** A rate limit: the burst allowed and how fast it refills. */
const RateLimiter = def('MasRateLimiter', obj({ 'burst!': int, 'per_second!': num }));

/** A public JSON Web Key: RSA (n, e), EC (crv, x, y) or OKP (crv, x). */
const jsonWebKey = obj({
  'kty!': oneOfStrings('RSA', 'EC', 'OKP'),
  use: orNull(oneOfStrings('sig', 'enc')),
  key_ops: orNull(arr(oneOfStrings('sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits'))),
  alg: orNull(SigningAlgorithm),
  kid: stringOrNull,
  x5u: stringOrNull,
  x5c: strings,
  x5t: stringOrNull,
  'x5t#S256': stringOrNull,
  n: string,
  e: string,
  crv: oneOfStrings('P-256', 'P-384', 'P-521', 'secp256k1', 'Ed25519', 'Ed448', 'X25519', 'X448'),
  x: string,
  y: string,
});

/** A JSON Web Key Set (the public keys of a client), or null. */
const JsonWebKeySet = def('MasJsonWebKeySet', orNull(obj({ 'keys!': arr(jsonWebKey) })));

const Client = def(
  'MasClient',
  obj({
    'client_id!': Ulid,
    'client_auth_method!': oneOfStrings('none', 'client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'),
    client_name: stringOrNull,
    client_uri: stringOrNull,
    client_secret: stringOrNull,
    client_secret_file: stringOrNull,
    jwks: JsonWebKeySet,
    jwks_uri: stringOrNull,
    redirect_uris: strings,
  }),
);

const Listener = def(
  'MasListener',
  obj({
    name: stringOrNull,
    'resources!': arr(
      obj({
        'name!': oneOfStrings('health', 'prometheus', 'discovery', 'human', 'graphql', 'oauth', 'compat', 'assets', 'adminapi', 'connection-info'),
        // graphql only
        playground: bool,
        undocumented_oauth2_access: bool,
        // assets only
        path: string,
      }),
    ),
    prefix: stringOrNull,
    // A TCP host and port, an address ("host:port"), a UNIX socket, or an inherited file descriptor.
    'binds!': arr(obj({ host: stringOrNull, port, address: string, socket: string, mode: stringOrNull, fd: intRange(0), kind: oneOfStrings('unix', 'tcp') })),
    proxy_protocol: bool,
    tls: orNull(
      obj({
        certificate: stringOrNull,
        certificate_file: stringOrNull,
        key: stringOrNull,
        key_file: stringOrNull,
        password: stringOrNull,
        password_file: stringOrNull,
      }),
    ),
  }),
);

const importAction = oneOfStrings('ignore', 'suggest', 'force', 'require');

const UpstreamProvider = def(
  'MasUpstreamProvider',
  obj({
    'id!': Ulid,
    enabled: bool,
    synapse_idp_id: stringOrNull,
    issuer: stringOrNull,
    human_name: stringOrNull,
    brand_name: stringOrNull,
    'client_id!': string,
    client_secret: stringOrNull,
    client_secret_file: stringOrNull,
    'token_endpoint_auth_method!': oneOfStrings(
      'none',
      'client_secret_basic',
      'client_secret_post',
      'client_secret_jwt',
      'private_key_jwt',
      'sign_in_with_apple',
    ),
    sign_in_with_apple: orNull(obj({ private_key: stringOrNull, private_key_file: stringOrNull, 'team_id!': string, 'key_id!': string })),
    token_endpoint_auth_signing_alg: orNull(SigningAlgorithm),
    id_token_signed_response_alg: SigningAlgorithm,
    scope: string,
    discovery_mode: oneOfStrings('oidc', 'insecure', 'disabled'),
    pkce_method: oneOfStrings('auto', 'always', 'never'),
    fetch_userinfo: bool,
    userinfo_signed_response_alg: orNull(SigningAlgorithm),
    authorization_endpoint: stringOrNull,
    token_endpoint: stringOrNull,
    userinfo_endpoint: stringOrNull,
    jwks_uri: stringOrNull,
    response_mode: orNull(oneOfStrings('query', 'form_post')),
    // How MAS maps the upstream claims onto the user (templates over the claims).
    claims_imports: obj({
      subject: obj({ template: stringOrNull }),
      skip_confirmation: bool,
      localpart: obj({ action: importAction, template: stringOrNull, on_conflict: oneOfStrings('fail', 'add', 'replace', 'set') }),
      displayname: obj({ action: importAction, template: stringOrNull }),
      email: obj({ action: importAction, template: stringOrNull }),
      account_name: obj({ template: stringOrNull }),
    }),
    additional_authorization_parameters: mapOf(string),
    forward_login_hint: bool,
    on_backchannel_logout: oneOfStrings('do_nothing', 'logout_browser_only', 'logout_all'),
    registration_token_required: bool,
  }),
);

export const masConfig: Schema = obj({
  clients: arr(Client),
  http: obj({
    listeners: arr(Listener),
    trusted_proxies: strings,
    public_base: string,
    issuer: stringOrNull,
  }),
  database: obj({
    uri: stringOrNull,
    host: stringOrNull,
    port: orNull(port),
    socket: stringOrNull,
    username: stringOrNull,
    password: stringOrNull,
    password_file: stringOrNull,
    database: stringOrNull,
    ssl_mode: orNull(oneOfStrings('disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full')),
    ssl_ca: stringOrNull,
    ssl_ca_file: stringOrNull,
    ssl_certificate: stringOrNull,
    ssl_certificate_file: stringOrNull,
    ssl_key: stringOrNull,
    ssl_key_file: stringOrNull,
    max_connections: int,
    min_connections: int,
    connect_timeout: int,
    idle_timeout: intOrNull,
    max_lifetime: int,
  }),
  telemetry: obj({
    tracing: obj({
      exporter: oneOfStrings('none', 'stdout', 'otlp'),
      endpoint: stringOrNull,
      propagators: arr(oneOfStrings('tracecontext', 'baggage', 'jaeger')),
      sample_rate: orNull(num),
    }),
    metrics: obj({ exporter: oneOfStrings('none', 'stdout', 'otlp', 'prometheus'), endpoint: stringOrNull }),
    sentry: obj({ dsn: stringOrNull, environment: stringOrNull, sample_rate: orNull(num), traces_sample_rate: orNull(num) }),
  }),
  templates: obj({ path: stringOrNull, assets_manifest: stringOrNull, translations_path: stringOrNull }),
  email: obj({
    from: string,
    reply_to: string,
    'transport!': oneOfStrings('blackhole', 'smtp', 'sendmail'),
    mode: orNull(oneOfStrings('plain', 'starttls', 'tls')),
    hostname: stringOrNull,
    port: orNull(port),
    username: stringOrNull,
    password: stringOrNull,
    password_file: stringOrNull,
    command: stringOrNull,
  }),
  secrets: obj({
    encryption: orNull(pattern('^[0-9a-fA-F]{64}$', '64 hexadecimal characters (a 32-byte key)')),
    encryption_file: stringOrNull,
    keys: orNull(arr(obj({ kid: stringOrNull, key: stringOrNull, key_file: stringOrNull, password: stringOrNull, password_file: stringOrNull }))),
    keys_dir: stringOrNull,
  }),
  passwords: obj({
    enabled: bool,
    schemes: arr(
      obj({
        'version!': port,
        'algorithm!': oneOfStrings('bcrypt', 'argon2id', 'pbkdf2'),
        unicode_normalization: bool,
        cost: intOrNull,
        secret: stringOrNull,
        secret_file: stringOrNull,
      }),
    ),
    minimum_complexity: intRange(0, 255),
  }),
  matrix: obj({
    kind: oneOfStrings('synapse', 'synapse_read_only', 'synapse_legacy', 'synapse_modern'),
    homeserver: string,
    secret: stringOrNull,
    secret_file: stringOrNull,
    endpoint: string,
  }),
  policy: obj({
    wasm_module: string,
    client_registration_entrypoint: string,
    register_entrypoint: string,
    authorization_grant_entrypoint: string,
    compat_login_entrypoint: string,
    password_entrypoint: string,
    email_entrypoint: string,
    // Handed to the policy as it is.
    data: anything,
  }),
  rate_limiting: obj({
    account_recovery: obj({ per_ip: RateLimiter, per_address: RateLimiter }),
    login: obj({ per_ip: RateLimiter, per_account: RateLimiter }),
    registration: RateLimiter,
    email_authentication: obj({ per_ip: RateLimiter, per_address: RateLimiter, emails_per_session: RateLimiter, attempt_per_session: RateLimiter }),
  }),
  upstream_oauth2: obj({ 'providers!': arr(UpstreamProvider) }),
  branding: obj({ service_name: stringOrNull, policy_uri: stringOrNull, tos_uri: stringOrNull, imprint: stringOrNull }),
  captcha: obj({ service: orNull(oneOfStrings('recaptcha_v2', 'cloudflare_turnstile', 'hcaptcha')), site_key: stringOrNull, secret_key: stringOrNull }),
  account: obj({
    email_change_allowed: bool,
    displayname_change_allowed: bool,
    password_registration_enabled: bool,
    password_registration_email_required: bool,
    password_change_allowed: bool,
    password_recovery_enabled: bool,
    password_registration_token_required: bool,
    account_deactivation_allowed: bool,
    login_with_email_allowed: bool,
    registration_token_required: bool,
  }),
  oauth: obj({ device_code_grant_enabled: bool, device_code_user_code_auto_fill_enabled: bool }),
  experimental: obj({
    access_token_ttl: intRange(60, 86400),
    compat_token_ttl: intRange(60, 86400),
    inactive_session_expiration: orNull(
      obj({ 'ttl!': intRange(0), expire_compat_sessions: bool, expire_oauth_sessions: bool, expire_user_sessions: bool }),
    ),
    plan_management_iframe_uri: stringOrNull,
    // The chart underrides soft_limit and hard_limit, so neither is required here.
    session_limit: orNull(obj({ soft_limit: intRange(0), hard_limit: intRange(0), max_session_threshold: orNull(intRange(0)), dangerous_hard_limit_eviction: bool })),
  }),
});
