import { Button, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { Me } from './api';
import { useI18n, type Messages } from './i18n';
import { LanguageSwitch } from './language-switch';
import { TicketsPage } from './tickets-page';
import { ChannelsPage } from './channels-page';
import { UsersPage } from './users-page';
import { InboxPage } from './inbox-page';
import { LivePage } from './live-page';
import { linkedHandoff } from './inbox-link';

/** 数据 with its charts (ECharts) loads when first opened, not with the sign-in page. */
const KpisPage = lazy(() => import('./kpis-page').then((m) => ({ default: m.KpisPage })));
/** 工作室 with its editor (CodeMirror) and graphs (mermaid) loads when first opened. */
const StudioPage = lazy(() => import('./studio-page').then((m) => ({ default: m.StudioPage })));

type Page = 'studio' | 'inbox' | 'tickets' | 'data' | 'channels' | 'users' | 'live';

function roleName(role: Me['role'], t: Messages): string {
  return role === 'admin' ? t.roleAdmin : role === 'operator' ? t.roleOperator : t.roleMarketing;
}

/** The signed-in layout: menu (工单, 数据, 渠道), header with user, language switch and sign-out. */
export function AppShell({ me, onLogout }: { me: Me; onLogout(): void }) {
  const { t } = useI18n();
  const [page, setPage] = useState<Page>(
    me.role === 'marketing' ? 'data' : me.role === 'operator' || linkedHandoff() !== undefined ? 'inbox' : 'tickets', // #inbox/<id>: 会话质量's links
  );
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
            ...(me.role === 'admin' || me.role === 'operator' ? [{ key: 'inbox', label: t.menuInbox }] : []),
            { key: 'tickets', label: t.menuTickets },
            { key: 'data', label: t.menuData },
            { key: 'channels', label: t.menuChannels },
            ...(me.role === 'admin' || me.role === 'marketing' ? [{ key: 'studio', label: t.menuStudio }] : []),
            { key: 'live', label: t.menuLive },
            ...(me.role === 'admin' ? [{ key: 'users', label: t.menuUsers }] : []),
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
          {page === 'inbox' && canSeeTickets && <InboxPage me={me} />}
          {page === 'tickets' && (canSeeTickets ? <TicketsPage /> : <Result status="403" subTitle={t.forbidden} />)}
          {page === 'data' && (
            <Suspense fallback={<Spin />}>
              <KpisPage canSeeSessions={canSeeTickets} />
            </Suspense>
          )}
          {page === 'channels' && (canSeeTickets ? <ChannelsPage /> : <Result status="403" subTitle={t.forbidden} />)}
          {page === 'users' && me.role === 'admin' && <UsersPage />}
          {page === 'studio' && (me.role === 'admin' || me.role === 'marketing') && (
            <Suspense fallback={<Spin />}>
              <StudioPage />
            </Suspense>
          )}
          {page === 'live' && <LivePage />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
