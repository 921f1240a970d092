/** The presets by key. */
import { controlLinePreset } from './control-line.js';
import { dltbPreset } from './dltb.js';
import { genericPreset } from './generic.js';
import { ghfqPreset } from './ghfq.js';
import type { Preset, PresetKey } from './preset.js';
import { ydyhPreset } from './ydyh.js';
import { zonePreset } from './zone.js';

export const PRESETS: Record<PresetKey, Preset> = {
  dltb: dltbPreset,
  ydyh: ydyhPreset,
  'control-line': controlLinePreset,
  ghfq: ghfqPreset,
  zone: zonePreset,
  generic: genericPreset,
};

export { PRESET_KEYS, type Preset, type PresetKey } from './preset.js';
export { CONTROL_LINE_KINDS, controlLineKind, type ControlLineKind } from './control-line.js';
