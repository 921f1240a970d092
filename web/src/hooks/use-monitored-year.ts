import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import type { Run } from '../api/monitoring.js';

/** The latest year monitored, or last year when nothing has run yet. */
export function useMonitoredYear(): number {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  useEffect(() => {
    api
      .get<{ items: Run[] }>('/api/monitoring/runs', { limit: 20 })
      .then((r) => {
        const done = r.items.filter((x) => x.status === 'succeeded').map((x) => x.year);
        if (done.length) setYear(Math.max(...done));
      })
      .catch(() => undefined);
  }, []);
  return year;
}
