/** The cockpit's map: the plan in force (control lines) over the boundaries, opening on the reader's region. */
import { Spin } from 'antd';
import { useEffect, useState } from 'react';
import { cached } from '../../api/cache.js';
import type { LayerView } from '../../api/types.js';
import { useAuth } from '../../auth/auth.js';
import { homeBounds, type Bounds } from '../../map/home-bounds.js';
import { currentVersion, loadVersions } from '../../map/layer-catalog.js';
import { MapView } from '../../map/map-view.js';

export default function CockpitMap() {
  const { me, can } = useAuth();
  const [layers, setLayers] = useState<LayerView[] | null>(null);
  const [bounds, setBounds] = useState<Bounds | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const all = await cached.layers();
      const versions = can('plan.read') ? await loadVersions(await cached.plans()) : new Map();
      const version = currentVersion(all, versions);
      const b = await homeBounds(me ?? null);
      if (!live) return;
      setLayers(
        all.filter((l) => l.category === 'zone' || (l.category === 'control_line' && l.planVersionId === version)),
      );
      setBounds(b);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [me, can]);
  if (!layers || !bounds) return <Spin />;
  return <MapView layers={layers} bounds={bounds} />;
}
