import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from './api';
import { useI18n } from './i18n';
import { serverText, useInboxMessages } from './inbox-messages';

/**
 * Show a failed inbox call as an antd message: the server's own (Chinese) text for answers like 409 "这个会话已被
 * xiaomei 接入。", a generic line for network failures.
 */
export function useInboxNotify(): (err: unknown) => void {
  const { message } = App.useApp();
  const { lang } = useI18n();
  const m = useInboxMessages();
  return useCallback(
    (err: unknown) => {
      const text = err instanceof ApiError && err.message ? serverText(err.message, lang) : m.loadFailed;
      void message.error({ content: text, className: 'inbox-error' });
    },
    [message, lang, m],
  );
}
