/** The departments (教育局, 住建局 …) tasks go to: fetched once, named in the reader's language. */
import { useEffect, useState } from 'react';
import { cached } from '../../api/cache.js';
import type { Department } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

export function useDepartments(): Department[] {
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    cached.departments().then(setDepartments, () => undefined);
  }, []);
  return departments;
}

export function departmentOptions(departments: Department[], pick: (zh: string, en?: string | null) => string) {
  return departments.map((d) => ({ value: d.code, label: `${pick(d.name, d.name_en)} (${d.code})` }));
}

export function useDepartmentName() {
  const { pick } = useI18n();
  const departments = useDepartments();
  return {
    departments,
    name: (code: string | null | undefined) => {
      if (!code) return '—';
      const d = departments.find((x) => x.code === code);
      return d ? pick(d.name, d.name_en) : code;
    },
  };
}
