import { Alert, Button, Col, Empty, List, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  checkFile,
  fetchFlows,
  fetchVersion,
  fetchVersions,
  newDraft,
  saveFile,
  type Problem,
  type Stage,
  type StudioFlow,
  type Version,
  type VersionRow,
} from './studio-api';
import { StudioEditor } from './studio-editor';
import { StudioGraph } from './studio-graph';
import { useStudioMessages } from './studio-messages';
import { StudioSimulator } from './studio-simulator';
import { StudioVersions } from './studio-versions';
import { ExperimentsPage } from './experiments-page';

/** 工作室 (marketing and admins): flows by stage, graph, YAML editor with live checks, simulator, versions; 实验 is a tab of its own. */
export function StudioPage() {
  const m = useStudioMessages();
  const [versions, setVersions] = useState<VersionRow[]>([]);
  const [working, setWorking] = useState<Version>();
  const [groups, setGroups] = useState<{ stage: Stage | null; flows: StudioFlow[] }[]>([]);
  const [actions, setActions] = useState<string[]>([]);
  const [file, setFile] = useState<string>();
  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [checking, setChecking] = useState(false);
  const [graph, setGraph] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const open = useCallback(
    async (id?: number) => {
      try {
        const list = await fetchVersions();
        setVersions(list);
        const target = id ?? (list.find((v) => v.status === 'draft') ?? list.find((v) => v.status === 'published'))?.id;
        if (target === undefined) return;
        const [version, flows] = await Promise.all([fetchVersion(target), fetchFlows(target)]);
        setWorking(version);
        setGroups(flows.groups);
        setActions(flows.actions);
        setError(undefined);
      } catch (err) {
        setError((err as Error).message || m.loadFailed);
      }
    },
    [m.loadFailed],
  );
  useEffect(() => {
    void open();
  }, [open]);

  const check = useCallback(async (version: number, name: string, value: string) => {
    setChecking(true);
    try {
      const result = await checkFile(version, name, value);
      setProblems(result.problems);
      if (result.mermaid) setGraph(result.mermaid);
    } finally {
      setChecking(false);
    }
  }, []);
  const pick = (flow: StudioFlow) => {
    if (!working) return;
    const value = working.files[flow.file] ?? '';
    setFile(flow.file);
    setText(value);
    setDirty(false);
    setGraph(undefined);
    void check(working.id, flow.file, value);
  };
  const edit = (value: string) => {
    setText(value);
    setDirty(true);
    clearTimeout(timer.current);
    if (working && file) timer.current = setTimeout(() => void check(working.id, file, value), 400);
  };
  const save = async () => {
    if (!working || !file) return;
    setProblems(await saveFile(working.id, file, text));
    setWorking({ ...working, files: { ...working.files, [file]: text } });
    setDirty(false);
    setNotice(m.saved);
  };
  const startDraft = async () => {
    const draft = await newDraft();
    await open(draft.id);
  };
  const readOnly = working?.status !== 'draft';
  const stageName = (s: Stage | null) => s ?? m.ungrouped;

  const flowsTab = (
    <Row gutter={16}>
      <Col span={5}>
        {groups.map((g) => (
          <div key={g.stage ?? '-'} style={{ marginBottom: 12 }}>
            <Typography.Text strong className="studio-stage">
              {stageName(g.stage)}
            </Typography.Text>
            <List
              size="small"
              dataSource={g.flows}
              renderItem={(f) => (
                <List.Item
                  className="studio-flow-item"
                  data-file={f.file}
                  onClick={() => pick(f)}
                  style={{ cursor: 'pointer', background: f.file === file ? '#e6f4ff' : undefined }}
                >
                  {f.title}
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                    {f.id}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </div>
        ))}
      </Col>
      <Col span={19}>
        {!file ? (
          <Empty description={m.pickFlow} />
        ) : (
          <Row gutter={16}>
            <Col span={14}>
              <Space style={{ marginBottom: 8 }}>
                <Typography.Text code>{file}</Typography.Text>
                <Button id="studio-save" type="primary" disabled={readOnly || !dirty} onClick={() => void save()}>
                  {m.save}
                </Button>
                <span id="studio-check-state">
                  {checking ? (
                    m.checking
                  ) : problems.length ? (
                    <Tag color="red">{m.problems(problems.length)}</Tag>
                  ) : (
                    <Tag color="green">{m.noProblems}</Tag>
                  )}
                </span>
              </Space>
              {readOnly && <Alert type="info" message={m.readOnly} style={{ marginBottom: 8 }} />}
              <StudioEditor
                value={text}
                readOnly={readOnly}
                problems={problems.filter((p) => p.file === file)}
                actions={actions}
                onChange={edit}
              />
              <ul id="studio-problems" style={{ marginTop: 8, color: '#cf1322', paddingLeft: 16 }}>
                {problems.map((p, i) => (
                  <li key={i} className="studio-problem">{`${p.file} ${m.lineCol(p.line, p.col)}：${p.message}`}</li>
                ))}
              </ul>
            </Col>
            <Col span={10}>
              <Typography.Title level={5}>{m.graph}</Typography.Title>
              <StudioGraph code={graph} failedText={m.graphFailed} />
            </Col>
          </Row>
        )}
      </Col>
    </Row>
  );

  return (
    <div id="studio-page">
      <Typography.Title level={3}>{m.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.hint}</Typography.Paragraph>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      {notice && (
        <Alert
          id="studio-notice"
          type="success"
          message={notice}
          closable
          onClose={() => setNotice(undefined)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Space style={{ marginBottom: 12 }}>
        {m.working}
        {working && (
          <Tag id="studio-working" color={working.status === 'draft' ? 'orange' : 'green'}>
            {working.status === 'draft' ? m.draft : working.status === 'published' ? m.published : m.archived} #{working.id}
          </Tag>
        )}
        <Button id="studio-new-draft" onClick={() => void startDraft()}>
          {m.newDraft}
        </Button>
      </Space>
      <Tabs
        items={[
          { key: 'flows', label: m.tabFlows, children: flowsTab },
          {
            key: 'simulator',
            label: m.tabSimulator,
            children: working ? (
              <StudioSimulator version={working.id} beforeRun={async () => (dirty && !readOnly ? save() : undefined)} />
            ) : null,
          },
          {
            key: 'versions',
            label: m.tabVersions,
            children: (
              <StudioVersions
                versions={versions}
                onEdit={(id) => void open(id)}
                onChanged={async (done) => {
                  setNotice(done);
                  setFile(undefined);
                  await open();
                }}
              />
            ),
          },
          // The A/B experiments' views go here (another engineer's part): keep the key 'experiments'.
          {
            key: 'experiments',
            label: m.tabExperiments,
            children: (
              <div id="studio-experiments">
                <ExperimentsPage />
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
