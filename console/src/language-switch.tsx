import { Button } from 'antd';
import { useI18n } from './i18n';

/** Switches between Chinese and English; the label names the other language. */
export function LanguageSwitch() {
  const { lang, t, setLang } = useI18n();
  return (
    <Button size="small" type="text" id="language-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t.language}
    </Button>
  );
}
