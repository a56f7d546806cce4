import { Alert, Button, Card, Col, Descriptions, QRCode, Row, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { fetchChannels, type ChannelRow, type ChannelsView, type QueueRow, type TokenHealth } from './channels-api';
import { useChannelsMessages } from './channels-messages';
import { useI18n, type Lang } from './i18n';

/** How often the page reloads, ms. */
const REFRESH_MS = 5000;

const STATE_COLORS: Record<ChannelRow['state'], string> = {
  online: 'green',
  starting: 'blue',
  login_required: 'orange',
  offline: 'default',
  error: 'red',
};

type M = ReturnType<typeof useChannelsMessages>;

function when(ms: number | undefined, lang: Lang): string {
  return ms === undefined
    ? '—'
    : new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      });
}

function TokenList({ tokens, m, lang }: { tokens: TokenHealth[]; m: M; lang: Lang }) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {tokens.map((token) => (
        <Descriptions key={token.account} size="small" column={1} bordered title={`${m.tokens} · ${token.account}`}>
          <Descriptions.Item label={m.lastFetch}>{token.lastFetchAt ? when(token.lastFetchAt, lang) : m.never}</Descriptions.Item>
          <Descriptions.Item label={m.expires}>{when(token.expiresAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={m.lastOk}>{when(token.lastOkAt, lang)}</Descriptions.Item>
          <Descriptions.Item label={m.lastError}>
            {token.lastError ? (
              <span className="token-error">
                <Tag color="red">{token.lastError.code ?? m.noNetwork}</Tag>
                {when(token.lastError.at, lang)} · {token.lastError.hint}
              </span>
            ) : (
              m.noError
            )}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Space>
  );
}

function ChannelCard({ channel, m, lang }: { channel: ChannelRow; m: M; lang: Lang }) {
  return (
    <Card
      className="channel-card"
      data-channel={channel.name}
      title={m.channelNames[channel.name] ?? channel.name}
      extra={<Tag color={STATE_COLORS[channel.state]}>{m.states[channel.state] ?? channel.state}</Tag>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {channel.state === 'online' && channel.detail && (
          <Typography.Text>
            {m.account}：{channel.detail}
          </Typography.Text>
        )}
        {channel.state !== 'online' && channel.detail && <Typography.Text type="secondary">{channel.detail}</Typography.Text>}
        {channel.qrcode && (
          <Space orientation="vertical" align="center" style={{ width: '100%' }}>
            <QRCode className="login-qrcode" value={channel.qrcode} size={200} />
            <Typography.Text strong>{m.scanToLogin}</Typography.Text>
          </Space>
        )}
        {channel.since !== undefined && (
          <Typography.Text type="secondary">
            {m.since} {when(channel.since, lang)}
          </Typography.Text>
        )}
        {channel.tokens && channel.tokens.length > 0 && <TokenList tokens={channel.tokens} m={m} lang={lang} />}
      </Space>
    </Card>
  );
}

function queueName(name: string, m: M): string {
  if (m.queueNames[name]) return m.queueNames[name];
  const channel = name.startsWith('send-') ? name.slice('send-'.length) : undefined;
  return channel ? m.sendQueue(m.channelNames[channel] ?? channel) : name;
}

/** 渠道: running channels (state, wechaty login QR, token health) and the BullMQ queues' job counts, refreshed every 5 s. */
export function ChannelsPage() {
  const m = useChannelsMessages();
  const { lang } = useI18n();
  const [view, setView] = useState<ChannelsView>();
  const [failed, setFailed] = useState(false);
  const load = useCallback(async () => {
    try {
      setView(await fetchChannels());
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const count = (key: keyof Omit<QueueRow, 'name'>, title: string) => ({ title, dataIndex: key, width: 90, align: 'right' as const });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {m.title}
          </Typography.Title>
          <Typography.Text type="secondary">{m.hint}</Typography.Text>
        </div>
        <Button onClick={() => void load()}>{m.refresh}</Button>
      </Space>
      {failed && <Alert type="error" showIcon title={m.loadFailed} />}
      <Row gutter={[16, 16]}>
        {(view?.channels ?? []).map((channel) => (
          <Col key={channel.name} xs={24} md={12} xl={8}>
            <ChannelCard channel={channel} m={m} lang={lang} />
          </Col>
        ))}
      </Row>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {m.queuesTitle}
        </Typography.Title>
        {view?.board && (
          <Button id="open-board" href="/console/queues" target="_blank" rel="noopener">
            {m.openBoard}
          </Button>
        )}
      </Space>
      {view?.queuesError && <Alert type="warning" showIcon title={view.queuesError} />}
      <Table<QueueRow>
        id="queue-counts"
        rowKey="name"
        size="small"
        loading={!view && !failed}
        dataSource={view?.queues ?? []}
        locale={{ emptyText: m.noQueues }}
        pagination={false}
        columns={[
          { title: m.queue, dataIndex: 'name', render: (v: string) => queueName(v, m) },
          count('waiting', m.waiting),
          count('active', m.active),
          count('delayed', m.delayed),
          count('failed', m.failed),
          count('completed', m.completed),
        ]}
      />
    </Space>
  );
}
