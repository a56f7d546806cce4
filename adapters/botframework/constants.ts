/** Adapter name: `ConversationRef.channel` of every Bot Framework conversation (and its outreach channel rule). */
export const CHANNEL = 'botframework';

/** Where the Bot Framework channels POST their Activities. */
export const DEFAULT_PATH = '/api/messages';

/** Issuer of the tokens the Bot Framework channel service signs. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** OpenID metadata of the Bot Framework channel service (its `jwks_uri` lists the signing keys). */
export const DEFAULT_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

/** Microsoft Entra ID (login) base URL: the token endpoint and single-tenant metadata live under it. */
export const DEFAULT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

/** The tenant of multi-tenant bots' tokens (`<login>/botframework.com/oauth2/v2.0/token`). */
export const MULTI_TENANT = 'botframework.com';

/** Scope of the token replies are sent with. */
export const CONNECTOR_SCOPE = 'https://api.botframework.com/.default';

/** Largest Activity accepted at /api/messages; bigger ones get 413. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** The event name of the handoff Activity (Bot Framework's handoff protocol, `handoff.initiate`). */
export const HANDOFF_EVENT = 'handoff.initiate';

/** Key of a clicked button's payload inside an Activity's `value` (messageBack, Adaptive Card Action.Submit). */
export const POSTBACK_KEY = 'kefuPostback';
