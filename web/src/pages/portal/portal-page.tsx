/**
 * The public portal (公众服务), no sign-in: the published plans on the map (public layers only), the
 * published results, and — when the participation capability is installed — comments and surveys.
 * Works on a phone: the map and the lists stack.
 */
import { LoginOutlined } from '@ant-design/icons';
import { Button, Card, List, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiCatalog } from '../../api/catalog.js';
import { cached } from '../../api/cache.js';
import type { LayerView } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { ApiMissing, EmptyState } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';
import { BrandMark } from '../../layout/app-shell.js';
import { LanguageSwitch } from '../../layout/language-switch.js';
import { categoryLabel } from '../map/layer-panel.js';
import { OneMap } from '../map/one-map.js';
import { PortalCheckups, PortalParticipation } from './portal-checkups.js';
import { PortalSurveyRoute } from './portal-surveys.js';

function Published() {
  const { t, pick, locale } = useI18n();
  const [layers, setLayers] = useState<LayerView[] | null>(null);
  useEffect(() => {
    cached.layers().then(
      (ls) => setLayers(ls.filter((l) => l.isPublic)),
      () => setLayers([]),
    );
  }, []);
  return (
    <div className="portal-section">
      <Typography.Paragraph type="secondary">{t('portal.published.intro')}</Typography.Paragraph>
      <List
        loading={layers === null}
        dataSource={layers ?? []}
        locale={{ emptyText: <EmptyState description={t('portal.published.empty')} /> }}
        renderItem={(l) => (
          <List.Item
            actions={[
              <Link key="map" to="/portal/map">
                {t('portal.viewOnMap')}
              </Link>,
            ]}
          >
            <List.Item.Meta
              title={pick(l.title, l.titleEn)}
              description={
                <>
                  <Tag>{t(categoryLabel(l.category))}</Tag>
                  {t('portal.published.meta', {
                    count: formatNumber(l.featureCount, locale, 0),
                    time: formatTime(l.updatedAt, locale),
                  })}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t('portal.ogc')} <a href="/ogc">/ogc</a>
      </Typography.Paragraph>
    </div>
  );
}

export default function PortalPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const catalog = useApiCatalog();
  const navigate = useNavigate();
  const { '*': rest } = useParams();
  const tab = rest?.split('/')[0] || 'map';
  const participation = catalog.hasPrefix('/api/public/publications');
  return (
    <div className="portal">
      <header className="portal-header">
        <BrandMark compact />
        <Typography.Text className="portal-title">{t('portal.title')}</Typography.Text>
        <span className="portal-tools">
          <LanguageSwitch dark />
          {me && me.role !== 'public' ? (
            <Link to="/">
              <Button type="text" className="header-lang">
                {t('portal.toWorkbench')}
              </Button>
            </Link>
          ) : (
            !me && (
              <Link to="/login">
                <Button type="text" className="header-lang" icon={<LoginOutlined />}>
                  {t('portal.signIn')}
                </Button>
              </Link>
            )
          )}
        </span>
      </header>
      <main className="portal-body">
        <Tabs
          className="portal-tabs"
          activeKey={tab === 'surveys' ? 'comments' : tab}
          onChange={(key) => navigate(`/portal/${key}`)}
          items={[
            { key: 'map', label: t('portal.tab.map'), children: <OneMap publicMode /> },
            { key: 'published', label: t('portal.tab.published'), children: <Published /> },
            ...(participation
              ? [{ key: 'checkups', label: t('portal.tab.checkups'), children: <PortalCheckups /> }]
              : []),
            {
              key: 'comments',
              label: t('portal.tab.comments'),
              children: participation ? (
                tab === 'surveys' ? (
                  <PortalSurveyRoute />
                ) : (
                  <PortalParticipation />
                )
              ) : (
                <div className="portal-section">
                  <Card size="small">
                    <ApiMissing feature={t('portal.tab.comments')} />
                  </Card>
                </div>
              ),
            },
          ]}
        />
      </main>
    </div>
  );
}
