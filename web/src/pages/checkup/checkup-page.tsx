/**
 * The check-up (体检评估) screens come with the check-up capability's API (issue #5); until that API is
 * on the server this page says so.
 */
import { ApiMissing, PageTitle } from '../../components/page.js';
import { useI18n } from '../../i18n/i18n.js';

export default function CheckupPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t('nav.checkup')} description={t('checkup.description')} />
      <ApiMissing feature={t('checkup.feature')} />
    </>
  );
}
