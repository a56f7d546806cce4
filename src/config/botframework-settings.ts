import { ConfigError } from '../core/errors';
import type { KefuConfig } from './schema';

/** The Bot Framework door's settings, when it is open. */
export interface BotFrameworkSettings {
  /** Absent: the Emulator door, requests not authenticated. */
  credentials?: { appId: string; appPassword: string; tenantId?: string };
  openIdMetadataUrl: string;
  loginBaseUrl: string;
}

/**
 * Whether the Bot Framework door opens, and how: with `KEFU_BOTFRAMEWORK_APP_ID` (and its password) every request is
 * authenticated; `KEFU_BOTFRAMEWORK_EMULATOR=true` without an App ID opens it unauthenticated for the local Emulator.
 * A password without an App ID, or an App ID without a password, stops start-up naming the missing variable.
 *
 * @example
 * const bf = botFrameworkSettings(config); // undefined: the door stays closed
 */
export function botFrameworkSettings(config: KefuConfig): BotFrameworkSettings | undefined {
  const { botframeworkAppId: appId, botframeworkPassword: appPassword, botframeworkTenant: tenantId } = config;
  const problems: string[] = [];
  if (appId && !appPassword)
    problems.push('KEFU_BOTFRAMEWORK_PASSWORD: missing; the App ID needs its client secret (Azure Bot → Configuration → Manage Password)');
  if (!appId && (appPassword || tenantId))
    problems.push(
      'KEFU_BOTFRAMEWORK_APP_ID: missing; set it (Azure Bot → Configuration → Microsoft App ID) to use KEFU_BOTFRAMEWORK_PASSWORD / _TENANT',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  if (!appId && !config.botframeworkEmulator) return undefined;
  const urls = { openIdMetadataUrl: config.botframeworkOpenIdUrl, loginBaseUrl: config.botframeworkLoginUrl };
  if (!appId) return urls;
  return { ...urls, credentials: { appId, appPassword: appPassword!, ...(tenantId && { tenantId }) } };
}
