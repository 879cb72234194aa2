/**
 * Numeric ranges the schema (lessoncast-schema.ts) gives config keys and the command line gives the
 * flags of the same name, in a module without zod: cli.ts checks flags while parsing them, before
 * the schema is loaded (start-up cost, docs/cli.md).
 */

/** Frames per second of a constant-rate video (`--fps`, config `video.fps`). */
export const FPS_RANGE = { min: 1, max: 120 } as const;
