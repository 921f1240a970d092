/** The frame of every signed-in screen: title bar, menu by role, language switch, the user. */
import {
  AppstoreOutlined,
  AuditOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FormOutlined,
  GlobalOutlined,
  LineChartOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useApiCatalog } from '../api/catalog.js';
import { cached, forget } from '../api/cache.js';
import type { Me } from '../api/types.js';
import { useAuth } from '../auth/auth.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from './language-switch.js';
import { NAV_ITEMS, type NavKey } from './navigation.js';

const ICONS: Record<NavKey, ReactNode> = {
  cockpit: <DashboardOutlined />,
  map: <GlobalOutlined />,
  indicators: <LineChartOutlined />,
  checkup: <SafetyCertificateOutlined />,
  tasks: <CarryOutOutlined />,
  department: <FormOutlined />,
  data: <DatabaseOutlined />,
  admin: <SettingOutlined />,
};

export function BrandMark({ compact = false }: { compact?: boolean }) {
  const { t } = useI18n();
  return (
    <Link to="/" className="brand" aria-label={t('app.name')}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span className="brand-name">{t('app.name')}</span>
      {!compact && <span className="brand-full">{t('app.fullName')}</span>}
    </Link>
  );
}

export function AppShell({ me }: { me: Me }) {
  const { t, pick } = useI18n();
  const { logout } = useAuth();
  const catalog = useApiCatalog();
  const location = useLocation();
  const navigate = useNavigate();
  const [regionName, setRegionName] = useState<string>(me.regionCode);
  const items = NAV_ITEMS.filter((item) => item.visible(me, catalog));
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.key;
  // The map needs the width: its menu folds to icons there, and opens again elsewhere.
  const wide = location.pathname.startsWith('/map');
  const [collapsed, setCollapsed] = useState(wide);
  useEffect(() => setCollapsed(wide), [wide]);

  useEffect(() => {
    if (!me.regionCode) {
      setRegionName(t('user.nationwide'));
      return;
    }
    cached
      .zones()
      .then((zones) => {
        const z = zones.find((zone) => zone.code === me.regionCode);
        if (z) setRegionName(pick(z.name, z.nameEn));
      })
      .catch(() => undefined);
  }, [me.regionCode, pick, t]);

  const signOut = async () => {
    await logout();
    forget();
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="app-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        <BrandMark />
        <Space size="middle" className="header-tools">
          <Typography.Text className="header-region">
            <AppstoreOutlined /> {regionName}
          </Typography.Text>
          <LanguageSwitch dark />
          <Dropdown
            menu={{
              items: [
                {
                  key: 'who',
                  label: `${me.username} · ${pick(me.roleLabel)}`,
                  disabled: true,
                  icon: <AuditOutlined />,
                },
                { type: 'divider' },
                { key: 'logout', label: t('user.logout'), icon: <LogoutOutlined />, onClick: () => void signOut() },
              ],
            }}
            trigger={['click']}
          >
            <Button type="text" className="header-user" aria-label={t('user.menu')} icon={<UserOutlined />}>
              {me.displayName || me.username}
            </Button>
          </Dropdown>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          width={188}
          className="app-sider"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          collapsedWidth={56}
          theme="light"
          trigger={null}
        >
          {/* A real button (Ant Design's own trigger is not reachable by keyboard). */}
          <Button
            type="text"
            className="sider-toggle"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            aria-label={t(collapsed ? 'nav.expand' : 'nav.collapse')}
            aria-expanded={!collapsed}
            onClick={() => setCollapsed(!collapsed)}
          />
          <nav aria-label={t('nav.mainMenu')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={items.map((item) => ({
                key: item.key,
                icon: ICONS[item.key],
                label: <Link to={item.path}>{t(item.label)}</Link>,
              }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" className="app-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
