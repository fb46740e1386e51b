import { arr, bool, def, freeObject, int, mapOf, num, obj, oneOfStrings, str, strings, orNull, type Schema } from '../dsl.js';

/**
 * Synapse homeserver.yaml as it comes out of `synapse.additional.*.config` of the
 * matrix-stack chart. The top level is closed: every option of Synapse's own config
 * schema (v1.157) is listed, plus `experimental_features` (read by Synapse, absent from
 * its schema) and the older spellings Synapse's config code still reads and acts on.
 *
 * Synapse ignores unknown keys silently, so a false "unknown key" would be bad advice:
 * a section is closed only where Synapse's schema and config code agree on its complete
 * list of keys; maps, module configuration and pass-through parts are free-form.
 * Types follow Synapse's parsers, which are lenient: durations and sizes take an
 * integer or a string with a unit, and many options take `null` for "unset".
 */

// ---------------------------------------------------------------------------------------
// Helpers and shared shapes


const string = str();
const stringOrNull = orNull(str());
const stringsOrNull = orNull(strings);
const intOrNull = orNull(int);
/** Any JSON object (module configuration, maps Synapse passes through). */
const objectOrNull = orNull(freeObject);

const Duration = def('SynapseDuration', {
  type: ['integer', 'string'],
  description: 'a duration: an integer number of milliseconds, or a string with a unit such as "30s", "10m", "1h", "7d", "1w" or "1y"',
});
const DurationOrNull = orNull(Duration);

const ByteSize = def('SynapseByteSize', {
  type: ['integer', 'string'],
  description: 'a size: an integer number of bytes, or a string with a unit such as "512K", "10M" or "1G"',
});
const ByteSizeOrNull = orNull(ByteSize);

const RateLimit = def('SynapseRateLimit', obj({ per_second: num, burst_count: num }, { description: 'a rate limit: requests per second and the burst allowed' }));

/** A Python module that Synapse loads, with its own free-form configuration. */
const Module = def('SynapseModule', obj({ 'module!': string, config: objectOrNull }, { description: 'a module: its Python class and its configuration' }));

/** The third-party identifier media Synapse knows. */
const ThreepidMedium = oneOfStrings('email', 'msisdn');

/** A requirement on an attribute the identity provider returns (SAML, OIDC). */
const SsoAttributeRequirement = def('SynapseSsoAttributeRequirement', obj({ 'attribute!': string, value: string, one_of: strings }));

/** A rule for room aliases or the room directory. */
const RoomDirectoryRule = def(
  'SynapseRoomDirectoryRule',
  obj({ user_id: stringOrNull, alias: stringOrNull, room_id: stringOrNull, 'action!': oneOfStrings('allow', 'deny') }),
);

/** The fields of a database connection; `database` and each entry of `databases` use them. */
const databaseFields: Record<string, Schema> = {
  name: oneOfStrings('sqlite3', 'psycopg2'),
  txn_limit: int,
  allow_unsafe_locale: bool,
  // Passed to the database driver (psycopg2 connection parameters, cp_min, cp_max, …).
  args: freeObject,
};
const Database = def('SynapseDatabase', obj(databaseFields));

const Listener = def(
  'SynapseListener',
  obj({
    'type!': oneOfStrings('http', 'manhole', 'metrics'),
    port: int,
    path: string,
    mode: intOrNull,
    bind_addresses: stringsOrNull,
    // The older single-address spelling.
    bind_address: string,
    tls: bool,
    x_forwarded: bool,
    tag: stringOrNull,
    request_id_header: stringOrNull,
    resources: arr(
      obj({
        names: arr(oneOfStrings('client', 'consent', 'federation', 'health', 'keys', 'media', 'metrics', 'openid', 'replication', 'static')),
        compress: bool,
      }),
    ),
    additional_resources: mapOf(Module),
  }),
);

const InstanceLocation = def(
  'SynapseInstanceLocation',
  obj({ host: string, port: int, tls: bool, path: string }, { description: 'where a worker listens for replication: host and port, or a UNIX socket path' }),
);

/** Workers by name: one name or a list. */
const workerNames: Schema = { type: ['string', 'array'], items: string };

/** The name of the user mapping provider module and its free-form configuration. */
const UserMappingProvider = def('SynapseUserMappingProvider', orNull(obj({ module: string, config: objectOrNull })));

const OidcProvider = def(
  'SynapseOidcProvider',
  obj({
    'idp_id!': string,
    'idp_name!': string,
    idp_icon: string,
    idp_brand: string,
    discover: bool,
    'issuer!': string,
    'client_id!': string,
    client_secret: stringOrNull,
    client_secret_path: stringOrNull,
    client_secret_jwt_key: orNull(
      obj({
        key: stringOrNull,
        key_file: stringOrNull,
        jwt_header: obj({ 'alg!': string }, { additionalProperties: string }),
        jwt_payload: mapOf(string),
      }),
    ),
    client_auth_method: orNull(oneOfStrings('client_secret_basic', 'client_secret_post', 'none')),
    pkce_method: orNull(oneOfStrings('auto', 'always', 'never')),
    id_token_signing_alg_values_supported: strings,
    scopes: stringsOrNull,
    authorization_endpoint: string,
    token_endpoint: string,
    userinfo_endpoint: string,
    jwks_uri: string,
    skip_verification: bool,
    user_profile_method: orNull(oneOfStrings('auto', 'userinfo_endpoint')),
    redirect_uri: stringOrNull,
    additional_authorization_parameters: mapOf(string),
    passthrough_authorization_parameters: strings,
    allow_existing_users: bool,
    enable_registration: bool,
    user_mapping_provider: UserMappingProvider,
    attribute_requirements: arr(SsoAttributeRequirement),
    backchannel_logout_enabled: bool,
    backchannel_logout_ignore_sub: bool,
  }),
);

/** The email template files Synapse reads (names of files in the template directory). */
const emailTemplates = Object.fromEntries(
  [
    ...['password_reset', 'registration', 'add_threepid'].flatMap((flow) =>
      ['html', 'text', 'failure_html', 'success_html'].map((kind) => `${flow}_template_${kind}`),
    ),
    'already_in_use_template_html',
    'notif_template_html',
    'notif_template_text',
    'expiry_template_html',
    'expiry_template_text',
  ].map((key) => [key, string]),
);

const emailSubjects = [
  'message_from_person_in_room',
  'message_from_person',
  'messages_from_person',
  'messages_in_room',
  'messages_in_room_and_others',
  'messages_from_person_and_others',
  'invite_from_person_to_room',
  'invite_from_person',
  'password_reset',
  'email_validation',
];

const streams = [
  'events',
  'typing',
  'to_device',
  'account_data',
  'receipts',
  'presence',
  'push_rules',
  'device_lists',
  'thread_subscriptions',
  'quarantined_media_changes',
];

// ---------------------------------------------------------------------------------------
// The options, in the order of Synapse's configuration manual

const server: Record<string, Schema> = {
  modules: arr(Module),
  server_name: string,
  pid_file: stringOrNull,
  daemonize: bool,
  print_pidfile: bool,
  user_agent_suffix: stringOrNull,
  use_frozen_dicts: bool,
  web_client_location: stringOrNull,
  public_baseurl: stringOrNull,
  serve_server_wellknown: bool,
  extra_well_known_client_content: freeObject,
  soft_file_limit: int,
  presence: obj({
    enabled: { type: ['boolean', 'string'], enum: [true, false, 'untracked'] },
    include_offline_users_on_sync: bool,
    last_active_granularity: Duration,
    sync_online_timeout: Duration,
    idle_timeout: Duration,
    presence_router: Module,
  }),
  require_auth_for_profile_requests: bool,
  limit_profile_requests_to_users_who_share_rooms: bool,
  include_profile_data_on_invite: bool,
  allow_public_rooms_without_auth: bool,
  allow_public_rooms_over_federation: bool,
  // Synapse turns the value into a string, so `10` works as well as "10".
  default_room_version: { type: ['string', 'integer'] },
  gc_thresholds: orNull(arr(int)),
  gc_min_interval: arr(Duration),
  filter_timeline_limit: int,
  block_non_admin_invites: bool,
  enable_search: bool,
  ip_range_blacklist: strings,
  ip_range_whitelist: strings,
  listeners: arr(Listener),
  manhole: intOrNull,
  manhole_settings: obj({ username: stringOrNull, password: stringOrNull, ssh_priv_key_path: stringOrNull, ssh_pub_key_path: stringOrNull }),
  http_proxy: stringOrNull,
  https_proxy: stringOrNull,
  no_proxy_hosts: strings,
  matrix_authentication_service: obj({ enabled: bool, endpoint: string, force_http2: bool, secret: stringOrNull, secret_path: stringOrNull }),
  dummy_events_threshold: int,
  delete_stale_devices_after: DurationOrNull,
  email: obj({
    smtp_host: string,
    // Synapse passes the port on; a YAML integer is as good as a string.
    smtp_port: { type: ['integer', 'string', 'null'] },
    smtp_user: stringOrNull,
    smtp_pass: stringOrNull,
    force_tls: bool,
    require_transport_security: bool,
    enable_tls: bool,
    tlsname: stringOrNull,
    notif_from: stringOrNull,
    app_name: string,
    enable_notifs: bool,
    notif_for_new_users: bool,
    notif_delay_before_mail: Duration,
    client_base_url: string,
    validation_token_lifetime: Duration,
    invite_client_location: stringOrNull,
    subjects: obj(Object.fromEntries(emailSubjects.map((key) => [key, string]))),
    // Older options Synapse still reads.
    riot_base_url: stringOrNull,
    template_dir: stringOrNull,
    redact_content: bool,
    ...emailTemplates,
  }),
  max_event_delay_duration: DurationOrNull,
  user_types: obj({ default_user_type: stringOrNull, extra_user_types: strings }),
};

const homeserverBlocking: Record<string, Schema> = {
  admin_contact: stringOrNull,
  hs_disabled: bool,
  hs_disabled_message: string,
  limit_usage_by_mau: bool,
  max_mau_value: int,
  mau_trial_days: int,
  mau_appservice_trial_days: mapOf(int),
  mau_limit_alerting: bool,
  mau_stats_only: bool,
  mau_limit_reserved_threepids: arr(obj({ medium: ThreepidMedium, address: string })),
  server_context: stringOrNull,
  limit_remote_rooms: obj({ enabled: bool, complexity: num, complexity_error: string, admins_can_join: bool }),
  require_membership_for_aliases: bool,
  allow_per_room_profiles: bool,
  max_avatar_size: ByteSizeOrNull,
  allowed_avatar_mimetypes: stringsOrNull,
  redaction_retention_period: DurationOrNull,
  forgotten_room_retention_period: DurationOrNull,
  user_ips_max_age: DurationOrNull,
  request_token_inhibit_3pid_errors: bool,
  next_link_domain_whitelist: stringsOrNull,
  templates: obj({ custom_template_directory: stringOrNull }),
  retention: obj({
    enabled: bool,
    default_policy: obj({ min_lifetime: DurationOrNull, max_lifetime: DurationOrNull }),
    allowed_lifetime_min: DurationOrNull,
    allowed_lifetime_max: DurationOrNull,
    purge_jobs: orNull(arr(obj({ shortest_max_lifetime: DurationOrNull, longest_max_lifetime: DurationOrNull, 'interval!': Duration }))),
  }),
};

const tlsAndFederation: Record<string, Schema> = {
  tls_certificate_path: stringOrNull,
  tls_private_key_path: stringOrNull,
  federation_verify_certificates: bool,
  // One of 1, 1.1, 1.2, 1.3; Synapse turns a YAML number into a string.
  federation_client_minimum_tls_version: { type: ['string', 'number'] },
  federation_certificate_verification_whitelist: strings,
  federation_custom_ca_list: strings,
  federation_domain_whitelist: strings,
  federation_whitelist_endpoint_enabled: bool,
  federation_metrics_domains: strings,
  allow_profile_lookup_over_federation: bool,
  allow_device_name_lookup_over_federation: bool,
  federation: obj({
    client_timeout: Duration,
    max_short_retry_delay: Duration,
    max_long_retry_delay: Duration,
    max_short_retries: int,
    max_long_retries: int,
    destination_min_retry_interval: Duration,
    destination_retry_multiplier: num,
    destination_max_retry_interval: Duration,
  }),
};

const cachingAndDatabase: Record<string, Schema> = {
  event_cache_size: ByteSize,
  caches: obj({
    global_factor: num,
    per_cache_factors: mapOf(num),
    expire_caches: bool,
    cache_entry_ttl: Duration,
    sync_response_cache_duration: Duration,
    cache_autotuning: obj({ max_cache_memory_usage: ByteSizeOrNull, target_cache_memory_usage: ByteSizeOrNull, min_cache_ttl: DurationOrNull }),
    // Older options Synapse still reads.
    track_memory_usage: bool,
    expiry_time: Duration,
  }),
  database: Database,
  databases: mapOf(obj({ ...databaseFields, data_stores: arr(oneOfStrings('main', 'state')) })),
  // A path to a Python logging configuration file (YAML), not the configuration itself.
  log_config: stringOrNull,
};

const rateLimits: Record<string, Schema> = {
  rc_message: RateLimit,
  rc_registration: RateLimit,
  rc_registration_token_validity: RateLimit,
  rc_login: obj({ address: RateLimit, account: RateLimit, failed_attempts: RateLimit }),
  rc_admin_redaction: RateLimit,
  rc_joins: obj({ local: RateLimit, remote: RateLimit }),
  rc_joins_per_room: RateLimit,
  rc_3pid_validation: RateLimit,
  rc_invites: obj({ per_room: RateLimit, per_user: RateLimit, per_issuer: RateLimit }),
  rc_third_party_invite: RateLimit,
  rc_media_create: RateLimit,
  rc_federation: obj({ window_size: int, sleep_limit: int, sleep_delay: int, reject_limit: int, concurrent: int }),
  rc_presence: obj({ per_user: RateLimit }),
  rc_delayed_event_mgmt: RateLimit,
  rc_reports: RateLimit,
  rc_room_creation: RateLimit,
  rc_user_directory: RateLimit,
  federation_rr_transactions_per_room_per_second: num,
};

const media: Record<string, Schema> = {
  enable_authenticated_media: bool,
  enable_media_repo: bool,
  enable_local_media_storage: bool,
  media_store_path: string,
  max_pending_media_uploads: int,
  unused_expiration_time: Duration,
  media_storage_providers: arr(
    obj({ 'module!': string, store_local: bool, store_remote: bool, store_synchronous: bool, config: objectOrNull }),
  ),
  max_upload_size: ByteSize,
  media_upload_limits: arr(obj({ 'time_period!': Duration, 'max_size!': ByteSize })),
  max_image_pixels: ByteSize,
  remote_media_download_burst_count: ByteSize,
  remote_media_download_per_second: ByteSize,
  prevent_media_downloads_from: strings,
  dynamic_thumbnails: bool,
  thumbnail_sizes: arr(obj({ 'width!': int, 'height!': int, method: oneOfStrings('crop', 'scale') })),
  media_retention: obj({ local_media_lifetime: DurationOrNull, remote_media_lifetime: DurationOrNull }),
  url_preview_enabled: bool,
  url_preview_ip_range_blacklist: stringsOrNull,
  url_preview_ip_range_whitelist: strings,
  // Each entry maps parts of a URL (scheme, netloc, path, …) to a glob.
  url_preview_url_blacklist: arr(mapOf(string)),
  max_spider_size: ByteSize,
  url_preview_accept_language: strings,
  oembed: obj({ disable_default_providers: bool, additional_providers: strings }),
};

const captchaAndVoip: Record<string, Schema> = {
  recaptcha_public_key: stringOrNull,
  recaptcha_public_key_path: stringOrNull,
  recaptcha_private_key: stringOrNull,
  recaptcha_private_key_path: stringOrNull,
  enable_registration_captcha: bool,
  recaptcha_siteverify_api: string,
  turn_uris: strings,
  turn_shared_secret: stringOrNull,
  turn_shared_secret_path: stringOrNull,
  turn_username: stringOrNull,
  turn_password: stringOrNull,
  turn_user_lifetime: Duration,
  turn_allow_guests: bool,
  matrix_rtc: obj({ transports: arr(obj({ 'type!': string, livekit_service_url: string })) }),
};

const registration: Record<string, Schema> = {
  enable_registration: bool,
  enable_registration_without_verification: bool,
  registrations_require_3pid: arr(ThreepidMedium),
  disable_msisdn_registration: bool,
  allowed_local_3pids: orNull(arr(obj({ medium: ThreepidMedium, pattern: string }))),
  enable_3pid_lookup: bool,
  registration_requires_token: bool,
  registration_shared_secret: stringOrNull,
  registration_shared_secret_path: stringOrNull,
  bcrypt_rounds: int,
  allow_guest_access: bool,
  default_identity_server: stringOrNull,
  account_threepid_delegates: obj({ msisdn: stringOrNull }),
  enable_set_displayname: bool,
  enable_set_avatar_url: bool,
  enable_3pid_changes: bool,
  auto_join_rooms: strings,
  autocreate_auto_join_rooms: bool,
  autocreate_auto_join_rooms_federated: bool,
  autocreate_auto_join_room_preset: oneOfStrings('public_chat', 'private_chat', 'trusted_private_chat'),
  auto_join_mxid_localpart: stringOrNull,
  auto_join_rooms_for_guests: bool,
  inhibit_user_in_use_error: bool,
  // Listed by Synapse's schema; the config code reads allow_underscore_prefixed_localpart.
  allow_underscore_prefixed_registration: bool,
  session_lifetime: DurationOrNull,
  refreshable_access_token_lifetime: DurationOrNull,
  refresh_token_lifetime: DurationOrNull,
  nonrefreshable_access_token_lifetime: DurationOrNull,
};

const userSessionsAndMetrics: Record<string, Schema> = {
  ui_auth: orNull(obj({ session_timeout: Duration })),
  login_via_existing_session: obj({ enabled: bool, require_ui_auth: bool, token_timeout: Duration }),
  enable_metrics: bool,
  sentry: obj({ dsn: stringOrNull, environment: stringOrNull }),
  metrics_flags: obj({ known_servers: bool }),
  report_stats: bool,
  report_stats_endpoint: string,
  room_prejoin_state: obj({
    disable_default_event_types: bool,
    // An event type, or an event type and a state key.
    additional_event_types: arr({ type: ['string', 'array'], items: string }),
  }),
  track_puppeted_user_ips: bool,
  app_service_config_files: strings,
  track_appservice_user_ips: bool,
  use_appservice_legacy_authorization: bool,
};

const signingKeys: Record<string, Schema> = {
  macaroon_secret_key: stringOrNull,
  macaroon_secret_key_path: stringOrNull,
  form_secret: stringOrNull,
  form_secret_path: stringOrNull,
  signing_key_path: stringOrNull,
  old_signing_keys: mapOf(orNull(obj({ key: string, expired_ts: int }))),
  key_refresh_interval: Duration,
  trusted_key_servers: arr(obj({ 'server_name!': string, verify_keys: orNull(mapOf(string)), accept_keys_insecurely: bool })),
  suppress_key_server_warning: bool,
  key_server_signing_keys_path: stringOrNull,
};

const singleSignOn: Record<string, Schema> = {
  saml2_config: obj({
    enabled: bool,
    // pysaml2's own configuration.
    sp_config: objectOrNull,
    config_path: stringOrNull,
    saml_session_lifetime: Duration,
    user_mapping_provider: UserMappingProvider,
    grandfathered_mxid_source_attribute: string,
    attribute_requirements: arr(SsoAttributeRequirement),
    idp_entityid: stringOrNull,
    idp_name: string,
    idp_icon: stringOrNull,
    idp_brand: stringOrNull,
    // Older spellings of user_mapping_provider.config options.
    mxid_source_attribute: string,
    mxid_mapping: string,
  }),
  oidc_providers: orNull(arr(OidcProvider)),
  cas_config: obj({
    enabled: bool,
    server_url: string,
    protocol_version: intOrNull,
    displayname_attribute: stringOrNull,
    required_attributes: mapOf(stringOrNull),
    enable_registration: bool,
    allow_numeric_ids: bool,
    numeric_ids_prefix: string,
    idp_name: string,
    idp_icon: stringOrNull,
    idp_brand: stringOrNull,
  }),
  sso: obj({ client_whitelist: stringsOrNull, update_profile_information: bool, template_dir: stringOrNull }),
  jwt_config: obj({
    enabled: bool,
    secret: string,
    algorithm: string,
    subject_claim: stringOrNull,
    display_name_claim: stringOrNull,
    issuer: stringOrNull,
    audiences: stringsOrNull,
  }),
  password_config: obj({
    enabled: { type: ['boolean', 'string'], enum: [true, false, 'only_for_reauth'] },
    localdb_enabled: bool,
    pepper: stringOrNull,
    policy: obj({
      enabled: bool,
      minimum_length: int,
      require_digit: bool,
      require_symbol: bool,
      require_lowercase: bool,
      require_uppercase: bool,
    }),
  }),
};

const roomsAndUsers: Record<string, Schema> = {
  push: obj({ enabled: bool, include_content: bool, group_unread_count_by_room: bool, jitter_delay: Duration }),
  // PyYAML reads an unquoted `off` as false, and Synapse accepts that.
  encryption_enabled_by_default_for_room_type: { enum: ['all', 'invite', 'off', false] },
  user_directory: obj({ enabled: bool, search_all_users: bool, prefer_local_users: bool, exclude_remote_users: bool, show_locked_users: bool }),
  user_consent: obj({
    'template_dir!': string,
    'version!': { type: ['string', 'number'] },
    // The content of the notice event (msgtype, body and whatever else the event carries).
    server_notice_content: { type: 'object', properties: { msgtype: string, body: string } },
    send_server_notice_to_guests: bool,
    block_events_error: stringOrNull,
    require_at_registration: bool,
    policy_name: string,
  }),
  stats: obj({ enabled: bool }),
  server_notices: obj({
    'system_mxid_localpart!': string,
    system_mxid_display_name: string,
    system_mxid_avatar_url: stringOrNull,
    room_name: string,
    room_avatar_url: stringOrNull,
    room_topic: stringOrNull,
    auto_join: bool,
  }),
  enable_room_list_search: bool,
  alias_creation_rules: orNull(arr(RoomDirectoryRule)),
  room_list_publication_rules: orNull(arr(RoomDirectoryRule)),
  // Power levels by room preset.
  default_power_level_content_override: objectOrNull,
  forget_rooms_on_leave: bool,
  exclude_rooms_from_sync: strings,
  exclude_rooms_from_presence: strings,
  opentracing: obj({ enabled: bool, homeserver_whitelist: strings, force_tracing_for_users: strings, jaeger_config: freeObject }),
};

const workers: Record<string, Schema> = {
  worker_replication_secret: stringOrNull,
  worker_replication_secret_path: stringOrNull,
  start_pushers: bool,
  pusher_instances: strings,
  send_federation: bool,
  federation_sender_instances: strings,
  instance_map: mapOf(InstanceLocation),
  stream_writers: obj(Object.fromEntries(streams.map((stream) => [stream, workerNames]))),
  outbound_federation_restricted_to: strings,
  run_background_tasks_on: stringOrNull,
  update_user_directory_from_worker: stringOrNull,
  notify_appservices_from_worker: stringOrNull,
  media_instance_running_background_jobs: stringOrNull,
  redis: obj({
    enabled: bool,
    host: string,
    port: int,
    path: string,
    password: stringOrNull,
    password_path: stringOrNull,
    // Synapse hands the database number to the Redis client; YAML may give a number.
    dbid: { type: ['string', 'integer', 'null'] },
    use_tls: bool,
    certificate_file: stringOrNull,
    private_key_file: stringOrNull,
    ca_file: stringOrNull,
    ca_path: stringOrNull,
  }),
  worker_app: string,
  worker_name: string,
  worker_listeners: arr(Listener),
  worker_manhole: intOrNull,
  worker_daemonize: bool,
  worker_pid_file: stringOrNull,
  worker_log_config: stringOrNull,
  background_updates: obj({
    background_update_duration_ms: int,
    sleep_enabled: bool,
    sleep_duration_ms: int,
    min_batch_size: int,
    default_batch_size: int,
  }),
  auto_accept_invites: obj({ enabled: bool, only_for_direct_messages: bool, only_from_local_users: bool, worker_to_run_on: stringOrNull }),
};

/** Read by Synapse (synapse/config/experimental.py) but absent from its schema: flags of unstable MSCs. */
const experimental: Record<string, Schema> = {
  experimental_features: objectOrNull,
};

/**
 * Older spellings and legacy options that Synapse's config code still reads and acts on,
 * though its schema no longer lists them. Reporting them as unknown would be wrong;
 * options that now stop Synapse with an error, and testing switches, are not here.
 */
const legacy: Record<string, Schema> = {
  // Read by the config code under this name (the schema lists allow_underscore_prefixed_registration).
  allow_underscore_prefixed_localpart: bool,
  cleanup_extremities_with_dummy_events: bool,
  enable_ephemeral_messages: bool,
  enable_registration_token_3pid_bypass: bool,
  dont_notify_new_devices_for: strings,
  use_account_validity_in_account_status: bool,
  no_redirect_stdio: bool,
  account_validity: objectOrNull,
  password_providers: orNull(arr(Module)),
  ldap_config: objectOrNull,
  spam_checker: { anyOf: [Module, arr(Module), { type: 'null' }] },
  third_party_event_rules: orNull(Module),
  oidc_config: objectOrNull,
  signing_key: string,
  use_presence: bool,
  disable_registration: bool,
  restrict_public_rooms_to_local_users: bool,
  room_invite_state_types: strings,
  federation_ip_range_blacklist: strings,
  backup_media_store_path: stringOrNull,
  synchronous_backup_media_store: bool,
  database_path: string,
  perspectives: objectOrNull,
  rc_messages_per_second: num,
  rc_message_burst_count: num,
  federation_rc_window_size: int,
  federation_rc_sleep_limit: int,
  federation_rc_sleep_delay: int,
  federation_rc_reject_limit: int,
  federation_rc_concurrent: int,
  metrics_port: intOrNull,
  metrics_bind_host: string,
  bind_port: int,
  bind_host: string,
  unsecure_port: int,
  gzip_responses: bool,
  no_tls: bool,
};

export const synapseConfig: Schema = obj({
  ...server,
  ...homeserverBlocking,
  ...tlsAndFederation,
  ...cachingAndDatabase,
  ...rateLimits,
  ...media,
  ...captchaAndVoip,
  ...registration,
  ...userSessionsAndMetrics,
  ...signingKeys,
  ...singleSignOn,
  ...roomsAndUsers,
  ...workers,
  ...experimental,
  ...legacy,
});

/**
 * Top-level Synapse options that the matrix-stack chart writes itself, in a file merged
 * after the user's `synapse.additional` (synapse-04-homeserver-overrides,
 * synapse-05-process-specific): a value set in `additional` is overwritten (maps
 * deep-merge, lists are appended to the chart's). Key → what to do instead.
 */
export const SYNAPSE_CHART_MANAGED_KEYS: Readonly<Record<string, string>> = {
  server_name: 'the chart sets it from serverName',
  public_baseurl: 'the chart sets it from synapse.ingress.host',
  database:
    'the chart sets database.name and the connection arguments from synapse.postgres (or the bundled postgres); only other database.args such as cp_min/cp_max take effect',
  listeners: 'the chart defines the listeners (client/federation, replication, metrics, health); entries set here are appended to them',
  worker_listeners: 'the chart defines the worker listeners from synapse.workers',
  worker_app: 'the chart sets it for each Synapse process',
  worker_name: 'the chart sets it for each worker from synapse.workers',
  max_upload_size: 'use synapse.media.maxUploadSize (the chart also sizes the Ingress for it)',
  media_store_path: 'the chart sets it to its media volume; use synapse.media.storage',
  enable_media_repo: 'the chart decides which process serves media (synapse.workers.media-repository)',
  enable_local_media_storage: 'the chart decides which process stores media (synapse.workers.media-repository)',
  matrix_authentication_service: 'the chart sets it when matrixAuthenticationService is enabled; configure MAS under matrixAuthenticationService',
  password_config:
    'with the Matrix Authentication Service handling login the chart turns password_config off; set password options in MAS (matrixAuthenticationService.additional: passwords)',
  redis: 'the chart sets it from synapse.redis or its bundled Redis when workers are enabled',
  instance_map: 'the chart builds it from synapse.workers',
  stream_writers: 'the chart builds it from synapse.workers',
  send_federation: 'the chart sets it from synapse.workers.federation-sender',
  federation_sender_instances: 'the chart sets it from synapse.workers.federation-sender',
  start_pushers: 'the chart sets it from synapse.workers.pusher',
  pusher_instances: 'the chart sets it from synapse.workers.pusher',
  run_background_tasks_on: 'the chart sets it from synapse.workers.background',
  update_user_directory_from_worker: 'the chart sets it from synapse.workers.user-dir',
  notify_appservices_from_worker: 'the chart sets it from synapse.workers.appservice',
  media_instance_running_background_jobs: 'the chart sets it from synapse.workers.media-repository',
  app_service_config_files: 'use synapse.appservices; the chart writes this list',
  signing_key_path: 'use synapse.signingKey',
  macaroon_secret_key_path: 'use synapse.macaroon',
  registration_shared_secret_path: 'use synapse.registrationSharedSecret',
  log_config: 'use synapse.logging; the chart writes the logging configuration',
  enable_metrics: 'the chart always enables metrics (see synapse.serviceMonitors)',
  matrix_rtc:
    'the chart adds the MatrixRTC transport when matrixRTC.enabled; transports set here are appended, so clients see two',
};
