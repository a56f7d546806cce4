import { loadConfig } from '../../src/config/load-config';
import { ConfigError } from '../../src/core/errors';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      role: 'all',
      databaseUrl: 'sqlite:./data/kefu.sqlite',
      nlu: 'model',
      nluModel: 'teacher',
      allowRemoteModels: false,
      nluDtype: 'auto',
    });
    expect(config.modelPath).toBeUndefined();
  });

  it('reads environment variables', () => {
    const config = loadConfig({
      PORT: '8080',
      KEFU_ROLE: 'worker',
      KEFU_ALLOW_REMOTE_MODELS: 'true',
      KEFU_SHOP_NAME: '好物小铺',
      KEFU_NLU_DTYPE: 'q8',
    });
    expect(config).toMatchObject({ port: 8080, role: 'worker', allowRemoteModels: true, shopName: '好物小铺', nluDtype: 'q8' });
  });

  it('lists every bad key in one error, by its environment variable name, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        KEFU_ROLE: 'cashier',
        DATABASE_URL: 'oracle://x',
        KEFU_ADMIN_TOKEN: 'short-secret',
        KEFU_NLU_DTYPE: 'int4',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'KEFU_ROLE', 'DATABASE_URL', 'KEFU_ADMIN_TOKEN', 'KEFU_NLU_DTYPE']) expect(message).toContain(`${name}:`);
    expect((error as ConfigError).problems).toHaveLength(5);
    expect(message).not.toContain('short-secret');
    expect(message).toContain('README.md');
  });

  it('refuses a time zone the runtime does not know, since dates in messages are read in it', () => {
    expect(loadConfig({ KEFU_TIMEZONE: 'Asia/Tokyo' }).timezone).toBe('Asia/Tokyo');
    expect(() => loadConfig({ KEFU_TIMEZONE: 'China/Beijing' })).toThrow(/KEFU_TIMEZONE: must be an IANA time zone/);
  });
});
