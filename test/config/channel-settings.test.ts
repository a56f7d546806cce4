import { channelSettings } from '../../src/config/channel-settings';
import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/core/errors';

const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('WeChat doors from environment variables', () => {
  it('opens no WeChat door by default (web chat only)', () => {
    expect(channelSettings(loadConfig({}))).toEqual({ official: [], mini: [] });
  });

  it('an Official Account, a Mini Program in JSON mode, 微信客服 and wechaty, each from its variables', () => {
    const doors = channelSettings(
      loadConfig({
        KEFU_WECHAT_OFFICIAL_APP_ID: 'wx0000000000000001',
        KEFU_WECHAT_OFFICIAL_TOKEN: 'shoptoken1',
        KEFU_WECHAT_OFFICIAL_AES_KEY: AES,
        KEFU_WECHAT_OFFICIAL_SECRET: 'secret-1',
        KEFU_WECHAT_SUBSCRIPTION_TEMPLATES: JSON.stringify({ order_unpaid: { templateId: 'TPL1', textField: 'thing1' } }),
        KEFU_WECHAT_MINI_APPS: JSON.stringify([{ appId: 'wx0000000000000002', token: 'minitoken', secret: 's2' }]),
        KEFU_WECOM_CORP_ID: 'ww01',
        KEFU_WECOM_KF_SECRET: 'kfsecret',
        KEFU_WECOM_KF_TOKEN: 'kftoken',
        KEFU_WECOM_KF_AES_KEY: AES,
        KEFU_WECOM_KF_WELCOME: 'off',
        KEFU_WECHATY_PUPPET: 'wechaty-puppet-service',
        KEFU_WECHATY_PUPPET_TOKEN: 'puppet-token',
        KEFU_WECHATY_ROOM_KEYWORDS: '客服，优惠券, 发货',
      }),
    );
    expect(doors.official).toEqual([
      {
        appId: 'wx0000000000000001',
        token: 'shoptoken1',
        encodingAesKey: AES,
        secret: 'secret-1',
        subscriptionTemplates: { order_unpaid: { templateId: 'TPL1', textField: 'thing1' } },
      },
    ]);
    expect(doors.mini).toEqual([{ appId: 'wx0000000000000002', token: 'minitoken', secret: 's2', format: 'json' }]);
    expect(doors.wecomKf).toMatchObject({ corpId: 'ww01', welcome: false });
    expect(doors.wechaty).toEqual({
      puppet: 'wechaty-puppet-service',
      token: 'puppet-token',
      roomKeywords: ['客服', '优惠券', '发货'],
      paceMs: 1200,
    });
  });

  it('a half-configured door is refused with every missing variable named, and no secret in the message', () => {
    let error: unknown;
    try {
      channelSettings(loadConfig({ KEFU_WECHAT_OFFICIAL_APP_ID: 'wx01', KEFU_WECOM_KF_SECRET: 'kfsecret-value' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('KEFU_WECHAT_OFFICIAL_TOKEN, KEFU_WECHAT_OFFICIAL_SECRET: missing');
    expect(message).toContain('KEFU_WECOM_CORP_ID');
    expect(message).not.toContain('kfsecret-value');
  });

  it('bad values are named by variable: a short AES key, broken JSON, a token with symbols', () => {
    expect(() =>
      loadConfig({ KEFU_WECHAT_OFFICIAL_AES_KEY: 'short', KEFU_WECHAT_MINI_APPS: '[{', KEFU_WECOM_KF_TOKEN: 'to ken!' }),
    ).toThrow(
      /KEFU_WECHAT_OFFICIAL_AES_KEY: must be the 43-character[\s\S]*KEFU_WECHAT_MINI_APPS: is not valid JSON[\s\S]*KEFU_WECOM_KF_TOKEN/,
    );
  });
});
