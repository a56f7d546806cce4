import { Alert, Badge, Card, Col, Empty, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchLiveBoards, type BoardGroup, type LiveBoard } from './live-api';
import { useLiveMessages } from './live-messages';

/**
 * Follow `GET /console/api/live/events` while mounted: each `board` event replaces that room's board; the first
 * boards arrive on (re)connect. Returns the boards by room and whether the stream is connected.
 */
function useLiveBoards(): { boards: LiveBoard[]; connected: boolean; failed: boolean } {
  const [boards, setBoards] = useState<Record<string, LiveBoard>>({});
  const [connected, setConnected] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetchLiveBoards()
      .then((list) => setBoards((old) => ({ ...Object.fromEntries(list.map((b) => [b.room, b])), ...old })))
      .catch(() => setFailed(true));
    const source = new EventSource('/console/api/live/events');
    source.addEventListener('ready', () => setConnected(true));
    source.addEventListener('board', (e) => {
      const board = JSON.parse((e as MessageEvent<string>).data) as LiveBoard;
      setBoards((old) => ({ ...old, [board.room]: board }));
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { boards: Object.values(boards), connected, failed };
}

function RoomBoard({ board }: { board: LiveBoard }) {
  const t = useLiveMessages();
  const columns = [
    { title: t.colTopic, dataIndex: 'title', key: 'title' },
    {
      title: t.colProduct,
      key: 'product',
      render: (_: unknown, g: BoardGroup) => (g.product ? `${t.link(g.product.link)} ${g.product.title}` : '—'),
    },
    { title: t.colCount, dataIndex: 'count', key: 'count' },
    { title: t.colAskers, key: 'askers', render: (_: unknown, g: BoardGroup) => g.askers.join('、') },
    { title: t.colSuggested, dataIndex: 'suggested', key: 'suggested' },
    { title: t.colAnswered, key: 'answered', render: (_: unknown, g: BoardGroup) => (g.answeredAt > 0 ? t.yes : t.no) },
  ];
  const shed = Object.entries(board.shed).filter(([, n]) => n > 0);
  return (
    <Card
      className="live-room"
      title={
        <Space>
          {board.title}
          <Tag>{t.platforms[board.platform] ?? board.platform}</Tag>
          <Badge
            status={board.source.state === 'online' ? 'success' : 'warning'}
            text={t.states[board.source.state] ?? board.source.state}
          />
          <Tag color="blue">{t.classifier[board.classifier]}</Tag>
        </Space>
      }
    >
      <Row gutter={16}>
        <Col span={4}>
          <Statistic title={t.received} value={board.counts.received} />
        </Col>
        <Col span={4}>
          <Statistic title={t.questions} value={board.counts.questions} />
        </Col>
        <Col span={4}>
          <Statistic className="live-buying" title={t.buying} value={board.counts.buying} />
        </Col>
        <Col span={4}>
          <Statistic title={t.followUps} value={board.counts.followUps} />
        </Col>
        <Col span={4}>
          <Statistic className="live-unlinked" title={t.unlinked} value={board.counts.unlinkedBuyers} />
        </Col>
        <Col span={4}>
          <Statistic title={t.lag} value={`${board.lagMs.p50} / ${board.lagMs.p99} ms`} />
        </Col>
      </Row>
      <Table
        className="live-groups"
        style={{ marginTop: 16 }}
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={board.groups}
        locale={{ emptyText: t.noGroups }}
      />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={12}>
          <Typography.Title level={5}>{t.shedTitle}</Typography.Title>
          <Space wrap className="live-shed">
            {shed.length === 0 ? '—' : shed.map(([why, n]) => <Tag key={why}>{`${t.shed[why] ?? why} ${n}`}</Tag>)}
            {board.source.gaps > 0 && <Tag color="orange">{`${t.gaps} ${board.source.gaps}`}</Tag>}
            {board.counts.notFollowed > 0 && <Tag color="orange">{`${t.notFollowed} ${board.counts.notFollowed}`}</Tag>}
            {board.source.duplicates > 0 && <Tag>{`${t.duplicates} ${board.source.duplicates}`}</Tag>}
          </Space>
        </Col>
        <Col span={12}>
          <Typography.Title level={5}>{t.recentAnswers}</Typography.Title>
          <List
            size="small"
            dataSource={board.answers}
            renderItem={(a) => (
              <List.Item>
                {a.text} <Tag>{t.delivered[a.delivered]}</Tag>
              </List.Item>
            )}
          />
        </Col>
      </Row>
    </Card>
  );
}

/** 直播看板: every live room's question groups, counts, suggested answers and buying intent, live over SSE. */
export function LivePage() {
  const t = useLiveMessages();
  const { boards, connected, failed } = useLiveBoards();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <div>
        <Typography.Title level={3}>{t.title}</Typography.Title>
        <Typography.Text type="secondary">{t.hint}</Typography.Text>{' '}
        <Badge id="live-connection" status={connected ? 'processing' : 'default'} text={connected ? t.connected : t.disconnected} />
      </div>
      {failed && <Alert type="error" message={t.noRooms} />}
      {boards.length === 0 ? <Empty description={t.noRooms} /> : boards.map((b) => <RoomBoard key={b.room} board={b} />)}
    </Space>
  );
}
