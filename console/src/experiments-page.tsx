import { Alert, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  fetchExperiments,
  fetchHoldoutResults,
  fetchHoldouts,
  fetchResults,
  promoteVariant,
  stopExperiment,
  type ExperimentResults,
  type ChangeReceipt,
  type ExperimentRow,
  type HoldoutResults,
  type HoldoutRow,
  type Interval,
  type VariantFigures,
} from './experiments-api';
import { HoldoutSection } from './experiments-holdouts';
import { useExperimentsMessages } from './experiments-messages';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number): string => x.toFixed(2);
/** An interval that does not contain 0 (a difference to the control) is significant at 95 %. */
const significant = (d?: Interval): boolean => d !== undefined && (d.low > 0 || d.high < 0);

/**
 * The 实验 tab (studio, marketing and admins): each experiment's variants with figures, CIs, the SRM check, stop and
 * promote; then the holdouts of proactive triggers and prediction rules (control vs treated).
 */
export function ExperimentsPage() {
  const m = useExperimentsMessages();
  const [list, setList] = useState<ExperimentRow[]>();
  const [results, setResults] = useState<Record<string, ExperimentResults>>({});
  const [holdouts, setHoldouts] = useState<HoldoutRow[]>();
  const [holdoutResults, setHoldoutResults] = useState<Record<string, HoldoutResults>>({});
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<ChangeReceipt>(); // formatted at render: follows a language switch

  const load = useCallback(async () => {
    try {
      const rows = await fetchExperiments();
      setList(rows);
      const all = await Promise.all(rows.map((r) => fetchResults(r.id)));
      setResults(Object.fromEntries(all.map((r) => [r.experiment.id, r])));
      const held = await fetchHoldouts();
      setHoldouts(held);
      const heldResults = await Promise.all(held.map((h) => fetchHoldoutResults(h.id)));
      setHoldoutResults(Object.fromEntries(heldResults.map((r) => [r.experiment.id, r])));
      setError(undefined);
    } catch (err) {
      setError((err as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const act = async (run: () => Promise<ChangeReceipt>) => {
    try {
      setNotice(await run());
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <div id="experiments">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {notice && <Alert type="success" showIcon message={m.done(notice)} style={{ marginBottom: 12 }} />}
      <Button id="experiments-refresh" onClick={() => void load()} style={{ marginBottom: 12 }}>
        {m.refresh}
      </Button>
      {list && list.length === 0 && <Empty className="experiments-empty" description={m.empty} />}
      {list?.map((exp) => (
        <ExperimentCard
          key={exp.id}
          exp={exp}
          results={results[exp.id]}
          onStop={() => act(() => stopExperiment(exp.id))}
          onPromote={(v) => act(() => promoteVariant(exp.id, v))}
        />
      ))}
      <HoldoutSection rows={holdouts} results={holdoutResults} />
    </div>
  );
}

function ExperimentCard(props: { exp: ExperimentRow; results?: ExperimentResults; onStop(): void; onPromote(variant: string): void }) {
  const m = useExperimentsMessages();
  const { exp, results } = props;
  const rate = (f: VariantFigures['conversion']) => (f.rate ? `${pct(f.rate.estimate)}${m.paren(`${f.count}/${f.n}`)}` : m.noData);
  const ci = (i?: Interval, fmt = pct) => (i ? `[${fmt(i.low)}, ${fmt(i.high)}]` : '');
  const diff = (d: Interval | undefined, fmt = pct) =>
    d ? (
      <span>
        {d.estimate >= 0 ? '+' : ''}
        {fmt(d.estimate)} {ci(d, fmt)} {significant(d) && <Tag color={d.estimate > 0 ? 'green' : 'red'}>{m.significant}</Tag>}
      </span>
    ) : null;
  const columns = [
    {
      title: m.variant,
      key: 'id',
      render: (_: unknown, v: VariantFigures, i: number) => (
        <b>
          {v.id}
          {i === 0 ? m.paren(m.control) : ''}
        </b>
      ),
    },
    { title: m.share, key: 'share', render: (_: unknown, v: VariantFigures) => pct(v.share) },
    { title: m.exposures, dataIndex: 'exposures', key: 'exposures' },
    {
      title: `${m.conversion}${m.paren(m.ci)}`,
      key: 'conversion',
      render: (_: unknown, v: VariantFigures) => (
        <div>
          {rate(v.conversion)} {ci(v.conversion.rate)}
          <div>{diff(v.conversion.vsControl)}</div>
        </div>
      ),
    },
    {
      title: `${m.csat}${m.paren(m.ci)}`,
      key: 'csat',
      render: (_: unknown, v: VariantFigures) => (
        <div>
          {v.csat.mean ? `${num(v.csat.mean.estimate)}${m.paren(`n=${v.csat.n}`)} ${ci(v.csat.mean, num)}` : m.noData}
          <div>{diff(v.csat.vsControl, num)}</div>
        </div>
      ),
    },
    {
      title: `${m.resolution}${m.paren(m.ci)}`,
      key: 'resolution',
      render: (_: unknown, v: VariantFigures) => (
        <div>
          {rate(v.resolution)} {ci(v.resolution.rate)}
          <div>{diff(v.resolution.vsControl)}</div>
        </div>
      ),
    },
    ...(exp.winner === undefined && exp.variants.length > 0
      ? [
          {
            title: '',
            key: 'promote',
            render: (_: unknown, v: VariantFigures) => (
              <Popconfirm title={m.promoteConfirm(v.id)} onConfirm={() => props.onPromote(v.id)}>
                <Button size="small" className={`promote-${v.id}`}>
                  {m.promote}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];
  const srm = results?.srm;
  return (
    <Card
      className="experiment-card"
      style={{ marginBottom: 16 }}
      title={
        <Space>
          {exp.title}
          <Tag color={exp.status === 'running' ? 'processing' : 'default'}>{exp.status === 'running' ? m.running : m.stopped}</Tag>
          <Tag>{m.metric[exp.metric]}</Tag>
          {exp.winner !== undefined && <Tag color="green">{m.winner(exp.winner)}</Tag>}
        </Space>
      }
      extra={
        exp.status === 'running' && (
          <Popconfirm title={m.stopConfirm} onConfirm={props.onStop}>
            <Button danger className="experiment-stop">
              {m.stop}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {m.flow}
        {m.colon}
        {exp.flowTitle}
        {m.paren(exp.flowId)} · {m.since(exp.start, exp.windowDays)}
      </Typography.Paragraph>
      {srm && (
        <Alert
          className={srm.mismatch ? 'srm-warning' : 'srm-ok'}
          type={srm.mismatch ? 'warning' : 'info'}
          showIcon
          message={srm.mismatch ? m.srmBad(srm.p.toExponential(1)) : m.srmOk(srm.p.toFixed(3))}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table rowKey="id" size="small" pagination={false} dataSource={results?.variants ?? []} columns={columns} />
    </Card>
  );
}
