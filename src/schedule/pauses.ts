/** Silences and holds of the schedule, in seconds: the schema's defaults (of the pace), under the course config, under options. */
import { DEFAULT_PAUSES, NATURAL_PAUSES, type LessoncastConfig, type Pauses } from '../schema/lessoncast-schema.ts';

export { DEFAULT_PAUSES, NATURAL_PAUSES, type Pauses } from '../schema/lessoncast-schema.ts';

/** Defaults (of the pace) < course config < explicit options. The config's values were checked by the schema. */
export function resolvePauses(config?: LessoncastConfig['pauses'], override?: Partial<Pauses>, pace?: string): Pauses {
  const base = pace === 'natural' ? { ...DEFAULT_PAUSES, ...NATURAL_PAUSES } : DEFAULT_PAUSES;
  return { ...base, ...stripUndefined(config ?? {}), ...stripUndefined(override ?? {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
