import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

function Crashed({ detail }: { detail: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('error.pageCrashed')}
      subTitle={detail}
      extra={<Button onClick={() => window.location.reload()}>{t('action.refresh')}</Button>}
    />
  );
}

/** A page that throws shows a plain message instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (this.state.error) return <Crashed detail={this.state.error.message} />;
    return this.props.children;
  }
}
