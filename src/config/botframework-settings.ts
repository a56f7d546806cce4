import { ConfigError } from '../core/errors';
import type { KefuConfig } from './schema';

/** The Bot Framework door's settings. */
export interface BotFrameworkSettings {
  /** Absent: no App ID, requests not authenticated (the Emulator door). */
  credentials?: { appId: string; appPassword: string; tenantId?: string };
  /**
   * Without credentials: true (KEFU_BOTFRAMEWORK_EMULATOR=true) serves unauthenticated requests from anywhere;
   * false serves only requests from this machine whose serviceUrl is on this machine (the local Emulator).
   */
  unauthenticatedFromAnywhere: boolean;
  openIdMetadataUrl: string;
  loginBaseUrl: string;
}

/**
 * How the Bot Framework door (always open) checks requests: with `KEFU_BOTFRAMEWORK_APP_ID` (and its password) every
 * request is authenticated; without an App ID requests are accepted unauthenticated from this machine only (the local
 * Emulator), or from anywhere with `KEFU_BOTFRAMEWORK_EMULATOR=true` (development only; ignored with an App ID).
 * A password or tenant without an App ID, or an App ID without a password, stops start-up naming the missing variable.
 *
 * @example
 * const bf = botFrameworkSettings(config); // bf.credentials undefined: the Emulator door
 */
export function botFrameworkSettings(config: KefuConfig): BotFrameworkSettings {
  const { botframeworkAppId: appId, botframeworkPassword: appPassword, botframeworkTenant: tenantId } = config;
  const problems: string[] = [];
  if (appId && !appPassword)
    problems.push('KEFU_BOTFRAMEWORK_PASSWORD: missing; the App ID needs its client secret (Azure Bot → Configuration → Manage Password)');
  if (!appId && (appPassword || tenantId))
    problems.push(
      'KEFU_BOTFRAMEWORK_APP_ID: missing; set it (Azure Bot → Configuration → Microsoft App ID) to use KEFU_BOTFRAMEWORK_PASSWORD / _TENANT',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  const urls = { openIdMetadataUrl: config.botframeworkOpenIdUrl, loginBaseUrl: config.botframeworkLoginUrl };
  if (!appId) return { ...urls, unauthenticatedFromAnywhere: config.botframeworkEmulator };
  return { ...urls, unauthenticatedFromAnywhere: false, credentials: { appId, appPassword: appPassword!, ...(tenantId && { tenantId }) } };
}
