import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ApiError } from './api';
import type { UserRow } from './users-api';
import { useUsersMessages } from './users-messages';

/** Shortest password the server accepts (MIN_PASSWORD_LENGTH). */
const MIN_PASSWORD = 10;

/** The server's message for a refused call, else the generic one. */
function reason(err: unknown, fallback: string): string {
  return err instanceof ApiError ? err.message : fallback;
}

/** A modal form that runs `save` on OK, shows the server's refusal and closes on success. */
function FormModal<T extends object>(props: {
  id: string;
  title: string;
  open: boolean;
  onClose(): void;
  save(values: T): Promise<void>;
  children: React.ReactNode;
}) {
  const m = useUsersMessages();
  const [form] = Form.useForm<T>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      await props.save(values);
      form.resetFields();
      setError(undefined);
      props.onClose();
    } catch (err) {
      setError(reason(err, m.loadFailed));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={props.title}
      open={props.open}
      okText={m.ok}
      cancelText={m.cancel}
      confirmLoading={busy}
      okButtonProps={{ id: `${props.id}-ok` }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        {props.children}
      </Form>
    </Modal>
  );
}

/** 新增账号: name, role and an initial password (≥ 10 characters). */
export function AddUserModal(props: {
  open: boolean;
  onClose(): void;
  save(name: string, role: UserRow['role'], password: string): Promise<void>;
}) {
  const m = useUsersMessages();
  return (
    <FormModal<{ name: string; role: UserRow['role']; password: string }>
      id="add-user"
      title={m.add}
      open={props.open}
      onClose={props.onClose}
      save={(v) => props.save(v.name, v.role, v.password)}
    >
      <Form.Item label={m.name} name="name" rules={[{ required: true, pattern: /^[\p{L}\p{N}._@-]{2,64}$/u, message: m.nameRule }]}>
        <Input id="new-user-name" autoComplete="off" />
      </Form.Item>
      <Form.Item label={m.role} name="role" initialValue="operator">
        <Select id="new-user-role" options={(['operator', 'marketing', 'admin'] as const).map((r) => ({ value: r, label: m.roles[r] }))} />
      </Form.Item>
      <Form.Item label={m.password} name="password" rules={[{ required: true, min: MIN_PASSWORD, message: m.passwordRule }]}>
        <Input.Password id="new-user-password" autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}

/** 重置密码 of one account. */
export function ResetPasswordModal(props: { name?: string; onClose(): void; save(name: string, password: string): Promise<void> }) {
  const m = useUsersMessages();
  return (
    <FormModal<{ password: string }>
      id="reset-password"
      title={m.resetTitle(props.name ?? '')}
      open={props.name !== undefined}
      onClose={props.onClose}
      save={(v) => props.save(props.name ?? '', v.password)}
    >
      <Form.Item label={m.newPassword} name="password" rules={[{ required: true, min: MIN_PASSWORD, message: m.passwordRule }]}>
        <Input.Password id="reset-password-input" autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}

export { reason as refusalOf };
