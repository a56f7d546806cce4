import { Alert, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { HoldoutResults, HoldoutRow, Interval, RateFigure } from './experiments-api';
import { useExperimentsMessages } from './experiments-messages';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const significant = (d?: Interval): boolean => d !== undefined && (d.low > 0 || d.high < 0);

type Arm = { key: 'control' | 'treated' | 'assigned'; figure: RateFigure };

/** The 实验 tab's holdout section: each trigger or prediction rule with `holdout:` as control vs treated. */
export function HoldoutSection(props: { rows?: HoldoutRow[]; results: Record<string, HoldoutResults> }) {
  const m = useExperimentsMessages();
  const hours = Object.values(props.results)[0]?.windowHours ?? 72;
  return (
    <div id="holdouts" style={{ marginTop: 24 }}>
      <Typography.Title level={4}>{m.holdoutsTitle}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.holdoutsIntro(hours)}</Typography.Paragraph>
      {props.rows && props.rows.length === 0 && <Empty className="holdouts-empty" description={m.holdoutsEmpty} />}
      {props.rows?.map((row) => (
        <HoldoutCard key={row.id} row={row} results={props.results[row.id]} />
      ))}
    </div>
  );
}

function HoldoutCard(props: { row: HoldoutRow; results?: HoldoutResults }) {
  const m = useExperimentsMessages();
  const { row, results } = props;
  const ci = (i?: Interval) => (i ? `[${pct(i.low)}, ${pct(i.high)}]` : '');
  const names = { control: m.armControl, treated: m.armTreated, assigned: m.armAssigned };
  const arms: Arm[] = results
    ? [
        { key: 'control', figure: results.control },
        { key: 'treated', figure: results.treated },
        { key: 'assigned', figure: results.assigned },
      ]
    : [];
  const columns = [
    { title: m.arm, key: 'arm', render: (_: unknown, a: Arm) => <b>{names[a.key]}</b> },
    { title: m.shoppers, key: 'n', render: (_: unknown, a: Arm) => a.figure.n },
    {
      title: `${m.conversion}${m.paren(m.ci)}`,
      key: 'conversion',
      render: (_: unknown, a: Arm) =>
        a.figure.rate ? `${pct(a.figure.rate.estimate)}${m.paren(`${a.figure.count}/${a.figure.n}`)} ${ci(a.figure.rate)}` : m.noData,
    },
    {
      title: `${m.vsControl}${m.paren(m.ci)}`,
      key: 'vs',
      render: (_: unknown, a: Arm) => {
        const d = a.figure.vsControl;
        if (!d) return '';
        return (
          <span>
            {d.estimate >= 0 ? '+' : ''}
            {pct(d.estimate)} {ci(d)} {significant(d) && <Tag color={d.estimate > 0 ? 'green' : 'red'}>{m.significant}</Tag>}
          </span>
        );
      },
    },
  ];
  const srm = results?.srm;
  return (
    <Card
      className="holdout-card"
      data-holdout={row.id}
      style={{ marginBottom: 16 }}
      title={
        <Space>
          {row.title ?? row.id}
          <Tag>{m.source[row.source]}</Tag>
          <Tag color="purple">{m.holdoutShare(pct(row.holdout))}</Tag>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {m.flow}
        {m.colon}
        {row.flowTitle}
        {m.paren(row.flowId)} · {row.id}
      </Typography.Paragraph>
      {srm && (
        <Alert
          className={srm.mismatch ? 'srm-warning' : 'srm-ok'}
          type={srm.mismatch ? 'warning' : 'info'}
          showIcon
          message={srm.mismatch ? m.holdoutSrmBad(srm.p.toExponential(1)) : m.srmOk(srm.p.toFixed(3))}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table rowKey="key" size="small" pagination={false} dataSource={arms} columns={columns} />
    </Card>
  );
}
