import { Button, Empty, Layout, Menu, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Me } from './api';
import { useI18n, type Messages } from './i18n';
import { LanguageSwitch } from './language-switch';
import { TicketsPage } from './tickets-page';

type Page = 'tickets' | 'data' | 'channels';

function roleName(role: Me['role'], t: Messages): string {
  return role === 'admin' ? t.roleAdmin : role === 'operator' ? t.roleOperator : t.roleMarketing;
}

/** The signed-in layout: menu (工单, 数据, 渠道), header with user, language switch and sign-out. */
export function AppShell({ me, onLogout }: { me: Me; onLogout(): void }) {
  const { t } = useI18n();
  const [page, setPage] = useState<Page>(me.role === 'marketing' ? 'data' : 'tickets');
  const canSeeTickets = me.role === 'admin' || me.role === 'operator';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <div style={{ padding: '16px 24px', fontWeight: 600, fontSize: 16 }}>{t.appName}</div>
        <Menu
          mode="inline"
          selectedKeys={[page]}
          onClick={(e) => setPage(e.key as Page)}
          items={[
            { key: 'tickets', label: t.menuTickets },
            { key: 'data', label: t.menuData },
            { key: 'channels', label: t.menuChannels },
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end' }}>
          <Space>
            <Typography.Text id="current-user">
              {me.name}（{roleName(me.role, t)}）
            </Typography.Text>
            <LanguageSwitch />
            <Button id="logout" onClick={onLogout}>
              {t.logout}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24, padding: 24, background: '#fff' }}>
          {page === 'tickets' && (canSeeTickets ? <TicketsPage /> : <Result status="403" subTitle={t.forbidden} />)}
          {page !== 'tickets' && <Empty description={t.comingSoon} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
