/**
 * The shapes of screen the stage lays itself out for (docs/stage.md, "Shapes"): 16:9 (the deck,
 * desktop players), 9:16 (phones held upright, short-form platforms) and 1:1 (course previews). A
 * shape has its own design size, whose short side is always 1080 design pixels, so a "640×360
 * rendering" and a "360×640 rendering" scale every shape by the same third. Pure, and free of
 * imports: the config schema reads it.
 */

/** A shape of screen. */
export type StageShape = 'landscape' | 'portrait' | 'square';

/** The shapes, in the order docs list them. */
export const STAGE_SHAPES: readonly StageShape[] = ['landscape', 'portrait', 'square'];

/** The design size of each shape: the page the stage draws, before the device scale factor. */
export const SHAPE_SIZES: Readonly<Record<StageShape, { width: number; height: number }>> = {
  landscape: { width: 1920, height: 1080 },
  portrait: { width: 1080, height: 1920 },
  square: { width: 1080, height: 1080 },
};

/** Aspect ratios as people write them. */
export const SHAPE_RATIOS: Readonly<Record<StageShape, string>> = { landscape: '16:9', portrait: '9:16', square: '1:1' };

/** The shape of a video `width`×`height`, or null when its aspect is none of the three (exactly: 1280×720, 1080×1920, 720×720...). */
export function shapeOfSize(width: number, height: number): StageShape | null {
  for (const shape of STAGE_SHAPES) {
    const s = SHAPE_SIZES[shape];
    if (width * s.height === height * s.width) return shape;
  }
  return null;
}

/** The shape of the course's video (config `video.width`/`video.height`, default 1920×1080); an aspect the schema refused counts as 16:9. */
export function videoShape(video: { width?: number; height?: number } | undefined): StageShape {
  return shapeOfSize(video?.width ?? SHAPE_SIZES.landscape.width, video?.height ?? SHAPE_SIZES.landscape.height) ?? 'landscape';
}

/** True for the shapes whose desktop stacks its panes (editor above the terminal). */
export function isStacked(shape: StageShape): boolean {
  return shape !== 'landscape';
}
