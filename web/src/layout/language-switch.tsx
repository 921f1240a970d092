import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n.js';

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type={dark ? 'text' : 'default'}
      className={dark ? 'header-lang' : undefined}
      icon={<TranslationOutlined />}
      title={t('lang.switchLabel')}
      onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}
    >
      {t('lang.switch')}
    </Button>
  );
}
