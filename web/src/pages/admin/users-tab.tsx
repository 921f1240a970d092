/** Users, roles and scopes: create, change role/region/department, disable, reset the password. */
import { Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { cached } from '../../api/cache.js';
import { api, ApiError } from '../../api/client.js';
import { ROLES, type Department, type User, type Zone } from '../../api/types.js';
import { formatTime } from '../../components/format.js';
import { ErrorAlert } from '../../components/page.js';
import { useRequest } from '../../hooks/use-request.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages/index.js';

interface UserForm {
  username?: string;
  displayName?: string;
  password?: string;
  role: string;
  regionCode?: string;
  departmentCode?: string | null;
  disabled?: boolean;
}

export default function UsersTab() {
  const { t, pick, locale } = useI18n();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [regions, setRegions] = useState<Zone[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [form] = Form.useForm<UserForm>();
  const [general, setGeneral] = useState<string | null>(null);
  const users = useRequest((signal) => api.get<User[]>('/api/users', { includeDisabled }, signal), [includeDisabled]);

  useEffect(() => {
    cached.zones().then(
      (z) => setRegions(z.filter((x) => x.kind === 'region')),
      () => undefined,
    );
    cached.departments().then(setDepartments, () => undefined);
  }, []);

  const open = (u: User | 'new') => {
    setEditing(u);
    setGeneral(null);
    form.resetFields();
    if (u !== 'new')
      form.setFieldsValue({
        displayName: u.displayName ?? '',
        role: u.role,
        regionCode: u.regionCode,
        departmentCode: u.departmentCode,
        disabled: u.disabled,
      });
  };

  const save = async () => {
    const values = await form.validateFields();
    try {
      if (editing === 'new') {
        await api.post('/api/users', {
          username: values.username,
          password: values.password,
          role: values.role,
          displayName: values.displayName || undefined,
          regionCode: values.regionCode || undefined,
          departmentCode: values.departmentCode || undefined,
        });
      } else if (editing) {
        const changes: Record<string, unknown> = {};
        if ((values.displayName ?? '') !== (editing.displayName ?? '')) changes.displayName = values.displayName;
        if (values.role !== editing.role) changes.role = values.role;
        if ((values.regionCode ?? '') !== editing.regionCode) changes.regionCode = values.regionCode;
        if ((values.departmentCode ?? null) !== editing.departmentCode)
          changes.departmentCode = values.departmentCode ?? null;
        if (Boolean(values.disabled) !== editing.disabled) changes.disabled = Boolean(values.disabled);
        if (values.password) changes.password = values.password;
        if (Object.keys(changes).length === 0) {
          setEditing(null);
          return;
        }
        await api.patch(`/api/users/${editing.id}`, changes);
      }
      setEditing(null);
      users.reload();
    } catch (e) {
      const err = e as ApiError;
      const known = ['username', 'password', 'role', 'displayName', 'regionCode', 'departmentCode'];
      if (err.field && known.includes(err.field))
        form.setFields([{ name: err.field as keyof UserForm, errors: [pick(err.text)] }]);
      else setGeneral(pick(err.text));
    }
  };

  const regionName = (code: string) => {
    const z = regions.find((r) => r.code === code);
    return z ? `${pick(z.name, z.nameEn)}` : code || t('user.nationwide');
  };
  const roleLabel = (r: string) => t(`role.${r}` as MessageKey);

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => open('new')}>
          {t('admin.users.new')}
        </Button>
        <label className="inline-label">
          <Switch checked={includeDisabled} onChange={setIncludeDisabled} size="small" />
          {t('admin.users.includeDisabled')}
        </label>
      </Space>
      <ErrorAlert error={users.error} onRetry={users.reload} />
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.loading}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username' },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.role'), dataIndex: 'role', render: roleLabel },
          { title: t('common.region'), dataIndex: 'regionCode', render: regionName },
          {
            title: t('admin.users.department'),
            dataIndex: 'departmentCode',
            render: (c: string | null) => {
              const d = departments.find((x) => x.code === c);
              return d ? pick(d.name, d.name_en) : (c ?? '—');
            },
          },
          {
            title: t('common.status'),
            dataIndex: 'disabled',
            render: (d: boolean) =>
              d ? <Tag>{t('admin.users.disabled')}</Tag> : <Tag color="green">{t('admin.users.active')}</Tag>,
          },
          {
            title: t('admin.users.lastLogin'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => formatTime(v, locale),
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, u) => (
              <Button size="small" onClick={() => open(u)}>
                {t('action.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('admin.users.new') : t('admin.users.edit', { name: editing?.username ?? '' })}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('action.save')}
        cancelText={t('action.cancel')}
        destroyOnHidden
      >
        <Form<UserForm>
          form={form}
          layout="vertical"
          initialValues={{ role: 'planner' }}
          onValuesChange={() => setGeneral(null)}
        >
          {editing === 'new' && (
            <Form.Item
              name="username"
              label={t('admin.users.username')}
              rules={[{ required: true, message: t('admin.users.usernameRequired') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={t('admin.users.displayName')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="password"
            label={editing === 'new' ? t('admin.users.password') : t('admin.users.newPassword')}
            rules={editing === 'new' ? [{ required: true, message: t('admin.users.passwordRequired') }] : []}
            extra={t('admin.users.passwordHint')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t('common.region')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={regions.map((r) => ({ value: r.code, label: `${pick(r.name, r.nameEn)} (${r.code})` }))}
            />
          </Form.Item>
          <Form.Item name="departmentCode" label={t('admin.users.department')}>
            <Select allowClear options={departments.map((d) => ({ value: d.code, label: pick(d.name, d.name_en) }))} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="disabled" label={t('admin.users.disabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          {general && (
            <div className="row-error" role="alert">
              {general}
            </div>
          )}
        </Form>
      </Modal>
    </>
  );
}
