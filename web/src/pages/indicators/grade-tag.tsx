import { Tag } from 'antd';
import { GRADE_COLOURS, type Grade } from '../../api/monitoring.js';
import { useI18n } from '../../i18n/i18n.js';
import { gradeLabel } from './labels.js';

/** A warning grade in its colour, with the word (colour is never the only signal). */
export function GradeTag({ grade }: { grade: Grade | 'green' | 'none' }) {
  const { t } = useI18n();
  const label = grade === 'green' ? t('grade.green') : grade === 'none' ? t('grade.none') : t(gradeLabel(grade));
  return (
    <Tag color={GRADE_COLOURS[grade]} style={grade === 'none' ? { color: '#595959' } : undefined}>
      {label}
    </Tag>
  );
}
