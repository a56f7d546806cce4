import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo, useState } from 'react';
import { fetchMe, logout, type Me } from './api';
import { AppShell } from './app-shell';
import { I18nContext, MESSAGES, saveLang, savedLang, type Lang } from './i18n';
import { LoginPage } from './login-page';

/** The console: the sign-in page until a session exists, then the layout. */
export function App() {
  const [lang, setLangState] = useState<Lang>(savedLang);
  const [me, setMe] = useState<Me | undefined>();
  const [checking, setChecking] = useState(true);
  const i18n = useMemo(
    () => ({
      lang,
      t: MESSAGES[lang],
      setLang: (next: Lang) => {
        saveLang(next);
        setLangState(next);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = MESSAGES[lang].appName;
  }, [lang]);
  useEffect(() => {
    fetchMe()
      .then(setMe, () => setMe(undefined))
      .finally(() => setChecking(false));
  }, []);
  const signOut = async () => {
    await logout().catch(() => undefined);
    setMe(undefined);
  };
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AntApp>
        <I18nContext.Provider value={i18n}>
          {checking ? (
            <Spin style={{ marginTop: 120, width: '100%' }} />
          ) : me ? (
            <AppShell me={me} onLogout={() => void signOut()} />
          ) : (
            <LoginPage onSignedIn={setMe} />
          )}
        </I18nContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
