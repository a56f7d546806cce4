import { createKefuCore } from '../../src/app/create-kefu';
import { loadConfig } from '../../src/config/load-config';
import { miniProgramSettings } from '../../src/config/mini-program-settings';
import { ConfigError } from '../../src/core/errors';

const APPID = 'wx0a1b2c3d4e5f6a7b';
const PAGE = 'pages/goods/detail?id={id}';

/** The ConfigError `fn` throws (fails the test when it throws nothing or something else). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('mini-program product cards from KEFU_MINIPROGRAM_*', () => {
  it('are off when none of the variables is set', () => {
    expect(miniProgramSettings(loadConfig({}))).toBeUndefined();
  });

  it('AppID and page path (and the original id, completed with @app) give the settings', () => {
    expect(miniProgramSettings(loadConfig({ KEFU_MINIPROGRAM_APPID: APPID, KEFU_MINIPROGRAM_PAGE: PAGE }))).toEqual({
      appId: APPID,
      pageTemplate: PAGE,
    });
    const config = loadConfig({ KEFU_MINIPROGRAM_APPID: APPID, KEFU_MINIPROGRAM_PAGE: PAGE, KEFU_MINIPROGRAM_USERNAME: 'gh_1a2b3c4d5e6f' });
    expect(miniProgramSettings(config)).toEqual({ appId: APPID, pageTemplate: PAGE, username: 'gh_1a2b3c4d5e6f@app' });
    expect(loadConfig({ KEFU_MINIPROGRAM_USERNAME: 'gh_1a2b3c4d5e6f@app' }).miniProgramUsername).toBe('gh_1a2b3c4d5e6f@app');
  });

  it('half set is refused with the missing variable named (appid without page, page without appid, username alone)', () => {
    const noPage = configError(() => miniProgramSettings(loadConfig({ KEFU_MINIPROGRAM_APPID: APPID })));
    expect(noPage.problems).toEqual([expect.stringMatching(/^KEFU_MINIPROGRAM_PAGE: missing; .*set it, or unset KEFU_MINIPROGRAM_APPID$/)]);
    const noAppId = configError(() => miniProgramSettings(loadConfig({ KEFU_MINIPROGRAM_PAGE: PAGE })));
    expect(noAppId.problems).toEqual([expect.stringMatching(/^KEFU_MINIPROGRAM_APPID: missing; /)]);
    const usernameOnly = configError(() => miniProgramSettings(loadConfig({ KEFU_MINIPROGRAM_USERNAME: 'gh_1a2b3c4d5e6f' })));
    expect(usernameOnly.problems[0]).toMatch(/^KEFU_MINIPROGRAM_APPID, KEFU_MINIPROGRAM_PAGE: missing; .*unset KEFU_MINIPROGRAM_USERNAME$/);
    expect(usernameOnly.message).toContain('README.md');
  });

  it('bad values are named by their variable: an AppID that is not wx + 16 hex, a page without {id}, a username without gh_', () => {
    const error = configError(() =>
      loadConfig({
        KEFU_MINIPROGRAM_APPID: 'shop-mini',
        KEFU_MINIPROGRAM_PAGE: 'pages/goods/detail',
        KEFU_MINIPROGRAM_USERNAME: 'xiaomei',
      }),
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^KEFU_MINIPROGRAM_APPID: must be a Mini Program AppID/),
      expect.stringMatching(/^KEFU_MINIPROGRAM_PAGE: must be a page path .*\{id\}/),
      expect.stringMatching(/^KEFU_MINIPROGRAM_USERNAME: must be the original id/),
    ]);
    expect(configError(() => loadConfig({ KEFU_MINIPROGRAM_PAGE: 'pages/goods/detail?id={id} ' })).problems).toHaveLength(1);
  });

  it('stop kefu at start-up, before it connects to anything', async () => {
    const config = loadConfig({ KEFU_MINIPROGRAM_APPID: APPID, REDIS_URL: 'redis://127.0.0.1:1' });
    await expect(createKefuCore(config, { watchFlows: false })).rejects.toThrow(/KEFU_MINIPROGRAM_PAGE: missing/);
  });
});
