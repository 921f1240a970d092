/** Ant Design in the reader's language, in the bureau's colours. */
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

export const BRAND = {
  primary: '#1d4e89',
  header: '#0f2f57',
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#d4b106',
  blue: '#1677ff',
  green: '#389e0d',
  grey: '#8c8c8c',
};

export function ThemeProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={locale === 'zh' ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          colorPrimary: BRAND.primary,
          borderRadius: 4,
          fontFamily:
            '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
        },
        components: {
          Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: BRAND.primary, itemHoverBg: '#f0f4fa' },
          Layout: {
            headerBg: BRAND.header,
            siderBg: '#ffffff',
            bodyBg: '#f0f2f5',
            headerHeight: 56,
            headerPadding: '0 20px',
          },
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
