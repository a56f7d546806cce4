import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, login, type Me } from './api';
import { useI18n } from './i18n';
import { LanguageSwitch } from './language-switch';

/** The sign-in form; calls `onSignedIn` with the user. */
export function LoginPage({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t } = useI18n();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (values: { name: string; password: string }) => {
    setBusy(true);
    setError('');
    try {
      onSignedIn(await login(values.name, values.password));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t.tooManyLogins : t.loginFailed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 360 }} extra={<LanguageSwitch />} title={t.loginTitle}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t.userName} name="name" rules={[{ required: true, message: t.userName }]}>
            <Input autoComplete="username" id="login-name" />
          </Form.Item>
          <Form.Item label={t.password} name="password" rules={[{ required: true, message: t.password }]}>
            <Input.Password autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} id="login-submit">
            {t.login}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          kefu 客服
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
