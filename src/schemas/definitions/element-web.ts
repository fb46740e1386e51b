import { arr, bool, def, freeObject, mapOf, num, obj, oneOfStrings, str, strings, type Schema } from '../dsl.js';

/**
 * Element Web config.json as it comes out of `elementWeb.additional.*` of the
 * matrix-stack chart: the top-level keys of Element Web's `IConfigOptions` (the union of
 * recent versions). Element Web does not validate its config and ignores unknown keys,
 * so the top level is closed to report typos and keys that belong elsewhere (`rtc_foci`
 * is served in the homeserver's /.well-known/matrix/client, not here). Types are loose:
 * most nested objects stay free-form, because Element Web reads them through a helper
 * that also accepts their older camelCase spellings.
 */

const string = str();
const boolean = bool;

/** A server entry of `default_server_config` (the shape of /.well-known/matrix/client). */
const ServerConfig = def(
  'ElementWebServerConfig',
  {
    type: 'object',
    description: 'the content of /.well-known/matrix/client: m.homeserver, m.identity_server and any other well-known keys',
    properties: {
      // The chart fills in base_url from synapse.ingress.host, so it is not required here.
      'm.homeserver': obj({ base_url: string, server_name: string }),
      'm.identity_server': obj({ 'base_url!': string }),
    },
  },
);

export const elementWebConfig: Schema = obj({
  // Where the app finds its homeserver: one of default_server_config, default_server_name, default_hs_url.
  default_server_config: ServerConfig,
  default_server_name: string,
  default_hs_url: string,
  default_is_url: string,
  // Written by the app at startup; not meant to be configured.
  validated_server_config: freeObject,
  fallback_hs_url: string,
  disable_custom_urls: boolean,
  disable_guests: boolean,
  disable_login_language_selector: boolean,
  disable_3pid_login: boolean,
  brand: string,
  branding: freeObject,
  force_verification: boolean,
  map_style_url: string,
  embedded_pages: freeObject,
  permalink_prefix: string,
  update_base_url: string,
  desktop_builds: freeObject,
  mobile_builds: freeObject,
  mobile_guide_toast: boolean,
  mobile_guide_app_variant: oneOfStrings('element', 'element-classic', 'element-pro'),
  default_theme: string,
  default_country_code: string,
  default_federate: boolean,
  default_device_display_name: string,
  // Setting name → value, e.g. "UIFeature.registration": false.
  setting_defaults: freeObject,
  integrations_ui_url: string,
  integrations_rest_url: string,
  integrations_widgets_urls: strings,
  default_widget_container_height: num,
  show_labs_settings: boolean,
  // Feature flag → true or false (older configs say "enable", "disable" or "labs").
  features: mapOf({ type: ['boolean', 'string'] }),
  bug_report_endpoint_url: string,
  uisi_autorageshake_app: string,
  sentry: freeObject,
  widget_build_url: string,
  widget_build_url_ignore_dm: boolean,
  audio_stream_url: string,
  jitsi: freeObject,
  jitsi_widget: freeObject,
  voip: freeObject,
  // Element Call is built in: there is no URL to configure, and no LiveKit or foci here.
  element_call: obj({ guest_spa_url: string, use_exclusively: boolean, brand: string }),
  gif: freeObject,
  logout_redirect_url: string,
  // Deprecated in favour of sso_redirect_options.immediate, still read by older versions.
  sso_immediate_redirect: boolean,
  sso_redirect_options: freeObject,
  custom_translations_url: string,
  report_event: freeObject,
  room_directory: freeObject,
  posthog: freeObject,
  analytics_owner: string,
  privacy_policy_url: string,
  // Homeserver URL → whether to show presence.
  enable_presence_by_hs_url: mapOf(boolean),
  terms_and_conditions_links: arr(freeObject),
  help_url: string,
  help_encryption_url: string,
  help_key_storage_url: string,
  latex_maths_delims: freeObject,
  sync_timeline_limit: num,
  dangerously_allow_unsafe_and_insecure_passwords: boolean,
  user_notice: freeObject,
  feedback: freeObject,
  // Issuer → static client registration.
  oidc_static_clients: freeObject,
  oidc_metadata: freeObject,
  modules: strings,
});

/**
 * Older camelCase spellings of top-level keys that Element Web still resolves (its config
 * reader falls back to the camelCase name when the snake_case key is absent), mapped to
 * the current key. Element Web's docs announce that this fallback will be removed.
 * Not listed: camelCase names whose snake_case key has a built-in default
 * (showLabsSettings, desktopBuilds, mobileBuilds, …): the default wins, so those
 * spellings no longer have any effect and are reported as unknown keys.
 */
export const ELEMENT_WEB_DEPRECATED_KEYS: Readonly<Record<string, string>> = {
  roomDirectory: 'room_directory',
  embeddedPages: 'embedded_pages',
  defaultCountryCode: 'default_country_code',
  settingDefaults: 'setting_defaults',
  permalinkPrefix: 'permalink_prefix',
  mobileGuideToast: 'mobile_guide_toast',
  audioStreamUrl: 'audio_stream_url',
  reportEvent: 'report_event',
};
