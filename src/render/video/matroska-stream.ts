/**
 * A minimal Matroska writer for one MJPEG video track: how frames with their own timestamps and
 * durations (variable frame rate) reach ffmpeg through a pipe. ffmpeg's image2pipe has one fixed
 * rate; Matroska carries per-frame times, and MJPEG is what Chromium's JPEG screenshots already are.
 */

/** EBML variable-length size: the shortest form that holds `n`. */
export function ebmlSize(n: number): Buffer {
  for (let len = 1; len <= 8; len++) {
    // All-ones is reserved for "unknown size", hence the -1.
    if (n < 2 ** (7 * len) - 1) {
      const out = Buffer.alloc(len);
      let v = n;
      for (let i = len - 1; i >= 0; i--) { out[i] = v % 256; v = Math.floor(v / 256); }
      out[0] |= 1 << (8 - len);
      return out;
    }
  }
  throw new RangeError(`EBML size too large: ${n}`);
}

function uintBytes(n: number): Buffer {
  if (n === 0) return Buffer.from([0]);
  const bytes: number[] = [];
  let v = n;
  while (v > 0) { bytes.unshift(v % 256); v = Math.floor(v / 256); }
  return Buffer.from(bytes);
}

function idBytes(id: number): Buffer {
  return uintBytes(id);
}

/** One EBML element: id, size, payload. */
export function element(id: number, payload: Buffer | Buffer[]): Buffer {
  const body = Array.isArray(payload) ? Buffer.concat(payload) : payload;
  return Buffer.concat([idBytes(id), ebmlSize(body.length), body]);
}

const uint = (id: number, n: number) => element(id, uintBytes(n));
const str = (id: number, s: string) => element(id, Buffer.from(s, 'utf8'));
const float64 = (id: number, x: number) => { const b = Buffer.alloc(8); b.writeDoubleBE(x); return element(id, b); };

/** Element ids (Matroska spec). */
const ID = {
  EBML: 0x1a45dfa3, EBMLVersion: 0x4286, EBMLReadVersion: 0x42f7, EBMLMaxIDLength: 0x42f2, EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282, DocTypeVersion: 0x4287, DocTypeReadVersion: 0x4285,
  Segment: 0x18538067, Info: 0x1549a966, TimestampScale: 0x2ad7b1, Duration: 0x4489, MuxingApp: 0x4d80, WritingApp: 0x5741,
  Tracks: 0x1654ae6b, TrackEntry: 0xae, TrackNumber: 0xd7, TrackUID: 0x73c5, TrackType: 0x83, FlagLacing: 0x9c, CodecID: 0x86,
  Video: 0xe0, PixelWidth: 0xb0, PixelHeight: 0xba,
  Cluster: 0x1f43b675, Timestamp: 0xe7, BlockGroup: 0xa0, Block: 0xa1, BlockDuration: 0x9b,
} as const;

/** Stream head: EBML header, a Segment of unknown size (we stream), Info and the video track. Times in ms. */
export function matroskaHeader(opts: { width: number; height: number; durationMs?: number }): Buffer {
  const ebml = element(ID.EBML, [
    uint(ID.EBMLVersion, 1), uint(ID.EBMLReadVersion, 1), uint(ID.EBMLMaxIDLength, 4), uint(ID.EBMLMaxSizeLength, 8),
    str(ID.DocType, 'matroska'), uint(ID.DocTypeVersion, 4), uint(ID.DocTypeReadVersion, 2),
  ]);
  const info = element(ID.Info, [
    uint(ID.TimestampScale, 1_000_000),
    ...(opts.durationMs !== undefined ? [float64(ID.Duration, opts.durationMs)] : []),
    str(ID.MuxingApp, 'lessoncast'), str(ID.WritingApp, 'lessoncast'),
  ]);
  const tracks = element(ID.Tracks, element(ID.TrackEntry, [
    uint(ID.TrackNumber, 1), uint(ID.TrackUID, 1), uint(ID.TrackType, 1), uint(ID.FlagLacing, 0), str(ID.CodecID, 'V_MJPEG'),
    element(ID.Video, [uint(ID.PixelWidth, opts.width), uint(ID.PixelHeight, opts.height)]),
  ]));
  const unknownSize = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([ebml, idBytes(ID.Segment), unknownSize, info, tracks]);
}

/**
 * One frame as its own Cluster: a BlockGroup with an explicit BlockDuration, so the frame is held
 * exactly until the next change (and the last frame until the segment's end).
 */
export function matroskaFrame(jpeg: Buffer, timeMs: number, durationMs: number): Buffer {
  if (!Number.isInteger(timeMs) || timeMs < 0) throw new RangeError(`frame time must be whole ms >= 0, got ${timeMs}`);
  if (!Number.isInteger(durationMs) || durationMs <= 0) throw new RangeError(`frame duration must be whole ms > 0, got ${durationMs}`);
  // Block: track number (vint 1), int16 time relative to the cluster (0), flags (0).
  const block = element(ID.Block, [Buffer.from([0x81, 0x00, 0x00, 0x00]), jpeg]);
  return element(ID.Cluster, [uint(ID.Timestamp, timeMs), element(ID.BlockGroup, [block, uint(ID.BlockDuration, durationMs)])]);
}
