import { Button, Empty, Form, Input, Popconfirm, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { addCanned, deleteCanned, fetchCanned, type CannedReply } from './inbox-api';
import type { InboxMessages } from './inbox-messages';
import { useInboxNotify } from './inbox-notify';

/** 快捷回复: pick one to put its text in the reply box; add and delete the shop's canned replies. */
export function CannedPicker({ m, disabled, onPick }: { m: InboxMessages; disabled: boolean; onPick(text: string): void }) {
  const notify = useInboxNotify();
  const [open, setOpen] = useState(false);
  const [replies, setReplies] = useState<CannedReply[]>([]);
  const [form] = Form.useForm<{ title: string; text: string }>();
  const load = useCallback(() => fetchCanned().then(setReplies, notify), [notify]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);
  const add = async ({ title, text }: { title: string; text: string }) => {
    try {
      await addCanned(title.trim(), text.trim());
      form.resetFields();
      await load();
    } catch (err) {
      notify(err);
    }
  };
  const content = (
    <div id="inbox-canned" style={{ width: 340 }}>
      {replies.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.cannedEmpty} />}
      {replies.map((r) => (
        <div key={r.id} className="inbox-canned-item" style={{ display: 'flex', gap: 8, alignItems: 'flex-start', padding: '4px 0' }}>
          <a
            className="inbox-canned-pick"
            style={{ flex: 1 }}
            onClick={() => {
              onPick(r.text);
              setOpen(false);
            }}
          >
            <Typography.Text strong>{r.title}</Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>
              {r.text}
            </Typography.Text>
          </a>
          <Popconfirm
            title={m.cannedDeleteConfirm}
            okText={m.confirm}
            cancelText={m.cancel}
            onConfirm={() => deleteCanned(r.id).then(load, notify)}
          >
            <Button size="small" type="link" danger className="inbox-canned-delete">
              {m.cannedDelete}
            </Button>
          </Popconfirm>
        </div>
      ))}
      <Typography.Text strong style={{ display: 'block', margin: '8px 0 4px' }}>
        {m.cannedAdd}
      </Typography.Text>
      <Form form={form} size="small" onFinish={(v) => void add(v)}>
        <Form.Item name="title" rules={[{ required: true, whitespace: true, message: m.cannedTitle }]} style={{ marginBottom: 6 }}>
          <Input id="inbox-canned-title" placeholder={m.cannedTitle} maxLength={32} />
        </Form.Item>
        <Form.Item name="text" rules={[{ required: true, whitespace: true, message: m.cannedText }]} style={{ marginBottom: 6 }}>
          <Input.TextArea id="inbox-canned-text" placeholder={m.cannedText} maxLength={600} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Space>
          <Button id="inbox-canned-save" htmlType="submit" type="primary" size="small">
            {m.cannedSave}
          </Button>
        </Space>
      </Form>
    </div>
  );
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={content} title={m.canned} placement="topLeft">
      <Button id="inbox-canned-open" size="small" disabled={disabled}>
        {m.canned}
      </Button>
    </Popover>
  );
}
