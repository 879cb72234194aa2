/**
 * Where render jobs run: this process (`local-runner.ts`, `--jobs N`) or workers on any machine
 * through Redis (`src/queue/coordinator.ts`, `--queue`). The orchestrator
 * (src/render/video/render-videos.ts) plans the same jobs for both and waits for them; a job's
 * artifact is in the store when its promise resolves (docs/scale.md).
 */
import type { JobResult } from './processors.ts';
import type { JobSpec } from './render-jobs.ts';

/** The results of a flow: the parent's and each child's by job id (null: finished unseen). */
export interface FlowResult { parent: JobResult | null; children: Map<string, JobResult | null> }

/** Runs jobs somewhere and resolves when they are done (their artifacts are in the store). */
export interface JobRunner {
  /** One job without children; resolves with its result (null when it finished unseen, e.g. found in the store). */
  run(spec: JobSpec): Promise<JobResult | null>;
  /** The children (at once), then the parent when they are all done; resolves with every result by job id. */
  flow(parent: JobSpec, children: JobSpec[]): Promise<FlowResult>;
  /** Rejects when the transport is lost for good (Redis gone); never settles otherwise. */
  readonly lost: Promise<never>;
  /** Stops: jobs not started are dropped (the queue removes the ones no worker took); resolves with how many. */
  cancel(): Promise<number>;
  /** Releases what the runner holds (pages, browsers, connections). */
  close(): Promise<void>;
}
