/** A stage pool a test keeps open across builds (one browser started once), in a temporary work folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderGuard } from '../../src/render/video/render-guard.ts';
import { stagePool, type StagePool } from '../../src/render/video/stage-pool.ts';

/** A pool of `size` pages; close it in afterAll. */
export function testPool(size = 1): StagePool {
  const work = mkdtempSync(join(tmpdir(), 'lessoncast-pool-'));
  const pool = stagePool({ size, work, guard: renderGuard() });
  return { ...pool, size: pool.size, async close() { await pool.close(); rmSync(work, { recursive: true, force: true }); } };
}
