import { Alert, Empty, Space, Switch, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Me } from './api';
import { useI18n } from './i18n';
import { fetchInbox, fetchInboxDetail, fetchPresence, setPresence, type InboxDetail, type InboxItem, type InboxTab } from './inbox-api';
import { InboxConversation } from './inbox-conversation';
import { useInboxEvents, useNow, useTitleBadge, type InboxEvent } from './inbox-live';
import { useInboxMessages } from './inbox-messages';
import { useInboxNotify } from './inbox-notify';
import { InboxQueue } from './inbox-queue';
import { InboxShopper } from './inbox-shopper';
import { linkedHandoff } from './inbox-link';

/** The conversations a tab shows, from the open list (waiting and taken) or the closed one. */
function itemsOf(tab: InboxTab, open: InboxItem[], closed: InboxItem[] | undefined, me: Me): InboxItem[] {
  if (tab === 'waiting') return open.filter((i) => i.status === 'waiting');
  if (tab === 'mine') return open.filter((i) => i.status === 'taken' && i.operator === me.name);
  if (tab === 'open') return open;
  return closed ?? [];
}

/** 在线 / 离开: whether handoffs come to this operator while the inbox is open. */
function PresenceSwitch({ me }: { me: Me }) {
  const m = useInboxMessages();
  const notify = useInboxNotify();
  const [status, setStatus] = useState<'online' | 'away'>();
  useEffect(() => {
    fetchPresence().then(setStatus, notify);
  }, [notify, me.name]);
  const change = (online: boolean) => {
    const next = online ? 'online' : 'away';
    setPresence(next).then(() => setStatus(next), notify);
  };
  return (
    <Tooltip title={m.awayHint}>
      <Space>
        <Typography.Text>{m.presence}</Typography.Text>
        <Switch
          id="inbox-presence"
          loading={status === undefined}
          checked={status === 'online'}
          checkedChildren={m.online}
          unCheckedChildren={m.away}
          onChange={change}
        />
      </Space>
    </Tooltip>
  );
}

/**
 * 人工工作台 (agent inbox): left the queue (待接入 / 我的 / 全部进行中 / 已结束), middle the transcript and the reply box,
 * right the shopper. Live: the server's event stream makes it refetch the list and the open conversation.
 */
export function InboxPage({ me }: { me: Me }) {
  const m = useInboxMessages();
  const { t } = useI18n();
  const notify = useInboxNotify();
  const now = useNow();
  const [tab, setTab] = useState<InboxTab>('waiting');
  const [open, setOpen] = useState<InboxItem[]>([]);
  const [closed, setClosed] = useState<InboxItem[]>();
  const [fetchedAt, setFetchedAt] = useState(Date.now);
  const [selected, setSelected] = useState<number | undefined>(linkedHandoff); // opened from a link (#inbox/<id>)
  const [detail, setDetail] = useState<InboxDetail>();
  const [failed, setFailed] = useState(false);
  const tabRef = useRef(tab);
  const selectedRef = useRef(selected);
  const seq = useRef({ list: 0, detail: 0 });
  tabRef.current = tab;
  selectedRef.current = selected;

  const loadList = useCallback(async () => {
    const mine = ++seq.current.list;
    try {
      const [o, c] = await Promise.all([
        fetchInbox('open'),
        tabRef.current === 'closed' ? fetchInbox('closed') : Promise.resolve(undefined),
      ]);
      if (mine !== seq.current.list) return; // a newer answer is on its way
      setOpen(o);
      if (c) setClosed(c);
      setFetchedAt(Date.now());
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  const loadDetail = useCallback(async () => {
    const id = selectedRef.current;
    if (id === undefined) return;
    const mine = ++seq.current.detail;
    try {
      const d = await fetchInboxDetail(id);
      if (mine === seq.current.detail && selectedRef.current === id) setDetail(d);
    } catch (err) {
      notify(err);
    }
  }, [notify]);
  const refresh = useCallback(() => {
    void loadList();
    void loadDetail();
  }, [loadList, loadDetail]);

  const connected = useInboxEvents((event: InboxEvent) => {
    void loadList();
    if (event.id === undefined || event.id === selectedRef.current) void loadDetail();
  });
  useEffect(() => void loadList(), [loadList, tab]);
  useEffect(() => {
    setDetail(undefined);
    void loadDetail();
  }, [loadDetail, selected]);

  const waiting = open.filter((i) => i.status === 'waiting').length;
  useTitleBadge(waiting, m.title, t.appName);
  const counts = { waiting, mine: itemsOf('mine', open, closed, me).length, open: open.length, closed: undefined };

  return (
    <Space id="inbox-page" orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {m.title}
          </Typography.Title>
          <Typography.Text type="secondary">{m.hint}</Typography.Text>
        </div>
        <PresenceSwitch me={me} />
      </Space>
      {failed && <Alert type="error" showIcon title={m.loadFailed} />}
      {!connected && <Alert id="inbox-live-lost" type="warning" showIcon title={m.liveLost} />}
      <div style={{ display: 'flex', gap: 16, alignItems: 'stretch', minHeight: 520 }}>
        <div style={{ width: 340, flexShrink: 0, borderRight: '1px solid #f0f0f0', paddingRight: 8 }}>
          <InboxQueue
            m={m}
            tab={tab}
            onTab={setTab}
            counts={counts}
            items={itemsOf(tab, open, closed, me)}
            fetchedAt={fetchedAt}
            now={now}
            selected={selected}
            onSelect={setSelected}
          />
        </div>
        <div style={{ flex: 1, minWidth: 0 }}>
          {detail ? (
            <InboxConversation detail={detail} me={me} m={m} onChanged={refresh} />
          ) : (
            <Empty style={{ marginTop: 120 }} description={m.pick} />
          )}
        </div>
        <div style={{ width: 300, flexShrink: 0 }}>{detail && <InboxShopper detail={detail} m={m} />}</div>
      </div>
    </Space>
  );
}
