import { Alert, Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { fetchDiff, publish, type FileDiff, type Refusal, type VersionRow } from './studio-api';
import { useStudioMessages } from './studio-messages';

/** The versions list: publish a draft (note required), roll back to an older version, diff against the published. */
export function StudioVersions(props: { versions: VersionRow[]; onEdit(id: number): void; onChanged(text: string): Promise<void> }) {
  const m = useStudioMessages();
  const [acting, setActing] = useState<{ row: VersionRow; rollback: boolean }>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [error, setError] = useState<string>();
  const [diff, setDiff] = useState<{ id: number; files: FileDiff[] }>();
  const status = (s: VersionRow['status']) =>
    s === 'draft' ? (
      <Tag color="orange">{m.draft}</Tag>
    ) : s === 'published' ? (
      <Tag color="green">{m.published}</Tag>
    ) : (
      <Tag>{m.archived}</Tag>
    );
  const source = { studio: m.sourceStudio, files: m.sourceFiles, rollback: m.sourceRollback };
  const submit = async () => {
    if (!acting) return;
    if (!note.trim()) return setError(m.noteRequired);
    setBusy(true);
    try {
      const refused = await publish(acting.row.id, note.trim(), acting.rollback);
      setRefusal(refused);
      setError(undefined);
      if (!refused) {
        const done = acting.rollback ? m.rolledBackOk : m.publishedOk(acting.row.id);
        setActing(undefined);
        setNote('');
        await props.onChanged(done);
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Table
        id="studio-versions"
        rowKey="id"
        size="small"
        dataSource={props.versions}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: m.colId, dataIndex: 'id', render: (id: number) => `#${id}` },
          { title: m.colStatus, dataIndex: 'status', render: status },
          { title: m.colSource, dataIndex: 'source', render: (s: VersionRow['source']) => source[s] },
          { title: m.colBy, render: (_: unknown, r: VersionRow) => r.publishedBy ?? r.createdBy },
          {
            title: m.colAt,
            render: (_: unknown, r: VersionRow) => new Date(r.publishedAt ?? r.updatedAt).toLocaleString('zh-CN', { hour12: false }),
          },
          { title: m.colNote, dataIndex: 'note', render: (n: string | null) => n ?? '' },
          {
            title: m.colActions,
            render: (_: unknown, r: VersionRow) => (
              <Space>
                {r.status === 'draft' && (
                  <Button size="small" onClick={() => props.onEdit(r.id)}>
                    {m.edit}
                  </Button>
                )}
                {r.status === 'draft' && (
                  <Button size="small" type="primary" className="publish-btn" onClick={() => setActing({ row: r, rollback: false })}>
                    {m.publish}
                  </Button>
                )}
                {r.status === 'archived' && (
                  <Button size="small" danger className="rollback-btn" onClick={() => setActing({ row: r, rollback: true })}>
                    {m.rollback}
                  </Button>
                )}
                {r.status !== 'published' && (
                  <Button
                    size="small"
                    className="diff-btn"
                    onClick={() => void fetchDiff(r.id).then((d) => setDiff({ id: r.id, files: d.files }))}
                  >
                    {m.diff}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={acting !== undefined}
        title={acting ? `${acting.rollback ? m.rollback : m.publish} #${acting.row.id}` : ''}
        okText={acting?.rollback ? m.rollback : m.publish}
        cancelText={m.cancel}
        okButtonProps={{ id: 'publish-confirm', loading: busy }}
        onOk={() => void submit()}
        onCancel={() => {
          setActing(undefined);
          setRefusal(undefined);
          setError(undefined);
        }}
        width={720}
      >
        <Typography.Paragraph>{m.note}</Typography.Paragraph>
        <Input.TextArea id="publish-note" value={note} placeholder={m.notePlaceholder} onChange={(e) => setNote(e.target.value)} rows={2} />
        {busy && <Typography.Text type="secondary">{m.publishing}</Typography.Text>}
        {error && <Alert type="error" message={error} style={{ marginTop: 12 }} />}
        {refusal && (
          <Alert
            id="publish-refusal"
            type="error"
            style={{ marginTop: 12 }}
            message={`${m.blocked}${refusal.message}`}
            description={
              <ul style={{ maxHeight: 240, overflow: 'auto', paddingLeft: 16 }}>
                {refusal.problems.map((p, i) => (
                  <li key={`p${i}`}>{`${p.file} ${m.lineCol(p.line, p.col)}：${p.message}`}</li>
                ))}
                {refusal.failures.map((f, i) => (
                  <li key={`f${i}`}>{f}</li>
                ))}
              </ul>
            }
          />
        )}
      </Modal>
      <Modal
        open={diff !== undefined}
        title={diff ? `#${diff.id} ${m.diff}` : ''}
        footer={null}
        onCancel={() => setDiff(undefined)}
        width={860}
      >
        <div id="studio-diff">
          {diff?.files.length === 0 && <Typography.Text>{m.noDiff}</Typography.Text>}
          {diff?.files.map((f) => (
            <div key={f.file} style={{ marginBottom: 12 }}>
              <Typography.Text strong>
                {f.file}（{m[f.change]}）
              </Typography.Text>
              <pre style={{ fontSize: 12, background: '#fafafa', padding: 8, maxHeight: 320, overflow: 'auto' }}>
                {f.lines
                  .filter((l, i, all) => l.op !== ' ' || all.slice(Math.max(0, i - 2), i + 3).some((x) => x.op !== ' '))
                  .map((l, i) => (
                    <div key={i} style={{ color: l.op === '+' ? '#389e0d' : l.op === '-' ? '#cf1322' : undefined }}>
                      {l.op} {l.text}
                    </div>
                  ))}
              </pre>
            </div>
          ))}
        </div>
      </Modal>
    </>
  );
}
