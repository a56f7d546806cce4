import { Alert, Button, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { addUser, fetchUsers, resetPassword, setUserDisabled, setUserRole, type UserRow } from './users-api';
import { AddUserModal, refusalOf, ResetPasswordModal } from './users-forms';
import { useUsersMessages } from './users-messages';
import { useI18n, type Lang } from './i18n';

function when(iso: string | null, lang: Lang, never: string): string {
  return iso
    ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      })
    : never;
}

/** 账号 (admins only): list the console accounts, add one, change its role, disable/enable it, reset its password. */
export function UsersPage() {
  const m = useUsersMessages();
  const { lang } = useI18n();
  const [rows, setRows] = useState<UserRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<string>();
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows(await fetchUsers());
      setError(undefined);
    } catch (err) {
      setError(refusalOf(err, m.loadFailed));
    } finally {
      setLoading(false);
    }
  }, [m.loadFailed]);
  useEffect(() => {
    void load();
  }, [load]);
  /** Run a change, then reload; a refusal (e.g. the last admin) shows above the table. */
  const change = async (fn: () => Promise<void>) => {
    try {
      await fn();
      setError(undefined);
    } catch (err) {
      setError(refusalOf(err, m.loadFailed));
    }
    await load().catch(() => undefined);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {m.title}
          </Typography.Title>
          <Typography.Text type="secondary">{m.hint}</Typography.Text>
        </div>
        <Space>
          <Button onClick={() => void load()}>{m.refresh}</Button>
          <Button type="primary" id="add-user" onClick={() => setAdding(true)}>
            {m.add}
          </Button>
        </Space>
      </Space>
      {error && <Alert id="users-error" type="error" showIcon title={error} />}
      <Table<UserRow>
        id="users"
        rowKey="name"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          {
            title: m.role,
            dataIndex: 'role',
            width: 140,
            render: (role: UserRow['role'], row) => (
              <Select
                size="small"
                value={role}
                style={{ width: 110 }}
                onChange={(next: UserRow['role']) => void change(() => setUserRole(row.name, next))}
                options={(['admin', 'operator', 'marketing'] as const).map((r) => ({ value: r, label: m.roles[r] }))}
              />
            ),
          },
          { title: m.created, dataIndex: 'createdAt', width: 160, render: (v: string) => when(v, lang, m.never) },
          { title: m.lastLogin, dataIndex: 'lastLoginAt', width: 160, render: (v: string | null) => when(v, lang, m.never) },
          {
            title: m.status,
            dataIndex: 'disabled',
            width: 90,
            render: (disabled: boolean) => (disabled ? <Tag>{m.disabled}</Tag> : <Tag color="green">{m.enabled}</Tag>),
          },
          {
            title: m.actions,
            width: 200,
            render: (_: unknown, row) => (
              <Space>
                {row.disabled ? (
                  <Button size="small" onClick={() => void change(() => setUserDisabled(row.name, false))}>
                    {m.enable}
                  </Button>
                ) : (
                  <Popconfirm
                    title={m.confirmDisable(row.name)}
                    okText={m.ok}
                    cancelText={m.cancel}
                    onConfirm={() => change(() => setUserDisabled(row.name, true))}
                  >
                    <Button size="small" danger>
                      {m.disable}
                    </Button>
                  </Popconfirm>
                )}
                <Button size="small" onClick={() => setResetting(row.name)}>
                  {m.resetPassword}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AddUserModal
        open={adding}
        onClose={() => setAdding(false)}
        save={async (name, role, password) => {
          await addUser(name, role, password);
          await load();
        }}
      />
      <ResetPasswordModal name={resetting} onClose={() => setResetting(undefined)} save={resetPassword} />
    </Space>
  );
}
