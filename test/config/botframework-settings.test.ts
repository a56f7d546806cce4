import { botFrameworkSettings } from '../../src/config/botframework-settings';
import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/core/errors';

describe('Bot Framework door from environment variables', () => {
  it('without an App ID the door is open for the local Emulator only (unauthenticated, this machine)', () => {
    const settings = botFrameworkSettings(loadConfig({}));
    expect(settings.credentials).toBeUndefined();
    expect(settings.unauthenticatedFromAnywhere).toBe(false);
  });

  it('KEFU_BOTFRAMEWORK_EMULATOR=true accepts unauthenticated requests from anywhere, but never beside an App ID', () => {
    expect(botFrameworkSettings(loadConfig({ KEFU_BOTFRAMEWORK_EMULATOR: 'true' })).unauthenticatedFromAnywhere).toBe(true);
    const withApp = botFrameworkSettings(
      loadConfig({ KEFU_BOTFRAMEWORK_EMULATOR: 'true', KEFU_BOTFRAMEWORK_APP_ID: 'app-1', KEFU_BOTFRAMEWORK_PASSWORD: 'secret' }),
    );
    expect(withApp).toMatchObject({ unauthenticatedFromAnywhere: false, credentials: { appId: 'app-1', appPassword: 'secret' } });
  });

  it('a password without an App ID, or an App ID without a password, stops start-up naming the missing variable', () => {
    expect(() => botFrameworkSettings(loadConfig({ KEFU_BOTFRAMEWORK_PASSWORD: 'secret' }))).toThrow(ConfigError);
    expect(() => botFrameworkSettings(loadConfig({ KEFU_BOTFRAMEWORK_APP_ID: 'app-1' }))).toThrow(/KEFU_BOTFRAMEWORK_PASSWORD: missing/);
  });
});
