/**
 * What a publisher's checks, a phone's decoder and a player see in an MP4, measured with ffprobe
 * and ffmpeg (used by the tests and by `npm run bench`): codec, profile, level, colors, the frame
 * clock, keyframe gaps, a full decode, the audio format and its loudness.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface Conformance {
  codec: string; profile: string; level: number; pixFmt: string;
  colors: { space: string; transfer: string; primaries: string };
  width: number; height: number;
  /** Nominal (r_frame_rate) and average (avg_frame_rate) frame rates, as ffprobe says them. */
  rFrameRate: string; avgFrameRate: string; timeBase: string;
  frames: number;
  /** Every frame starts on a tick of `tick` (1/rate s). */
  onTick: boolean;
  /** Shortest frame, in ticks. */
  minFrameTicks: number;
  /** Longest gap between keyframes (and from the last one to the end), seconds. */
  maxKeyGap: number;
  /** What `ffmpeg -v error -xerror -i F -f null -` printed (nothing for a clean file). */
  decodeErrors: string;
  audio: { codec: string; profile: string; sampleRate: number; channels: number };
  /** Integrated loudness (LUFS) and true peak (dBTP) of the audio, by ffmpeg's ebur128. */
  integrated: number; truePeak: number;
  duration: number;
}

/** ebur128 of the file's audio, optionally from `ss` for `t` seconds. */
export function loudnessOf(file: string, range?: { ss: number; t: number }): { integrated: number; truePeak: number } {
  const args = ['-nostats', '-hide_banner', ...(range ? ['-ss', range.ss.toFixed(3), '-t', range.t.toFixed(3)] : []), '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '/dev/null'];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  return { integrated: Number(/I:\s*(-?[\d.]+) LUFS/.exec(summary)?.[1]), truePeak: Number(/Peak:\s*(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1]) };
}

/** Measures `file`; `rate` is the clock its frames should sit on. */
export function conformance(file: string, rate = 30): Conformance {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { encoding: 'utf8' }));
  const v = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'video');
  const a = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'audio');
  const packets = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,duration_time,flags', '-of', 'csv=p=0', file], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .trim().split('\n').map((l) => { const [pts, dur, flags] = l.split(','); return { pts: Number(pts), dur: Number(dur), key: flags.includes('K') }; });
  const duration = Number(probe.format.duration);
  const ticks = (t: number) => t * rate;
  const onTick = packets.every((p) => Math.abs(ticks(p.pts) - Math.round(ticks(p.pts))) < 1e-3);
  // ffprobe prints times to the microsecond: ticks are whole to 1e-3.
  const minFrameTicks = Math.round(1000 * Math.min(...packets.map((p, i) => ticks((packets[i + 1]?.pts ?? p.pts + p.dur) - p.pts)))) / 1000;
  const keys = packets.filter((p) => p.key).map((p) => p.pts);
  const gaps = [...keys.slice(1).map((k, i) => k - keys[i]), Number(v.duration) - (keys.at(-1) ?? 0)];
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return {
    codec: v.codec_name, profile: v.profile, level: v.level, pixFmt: v.pix_fmt,
    colors: { space: v.color_space, transfer: v.color_transfer, primaries: v.color_primaries },
    width: v.width, height: v.height, rFrameRate: v.r_frame_rate, avgFrameRate: v.avg_frame_rate, timeBase: v.time_base,
    frames: packets.length, onTick, minFrameTicks, maxKeyGap: Math.max(...gaps),
    decodeErrors: `${decode.stdout}${decode.stderr}${decode.status ? ` (exit ${decode.status})` : ''}`,
    audio: { codec: a?.codec_name, profile: a?.profile, sampleRate: Number(a?.sample_rate), channels: a?.channels },
    ...loudnessOf(file),
    duration,
  };
}

/** The one-line summary the benchmark prints. */
export function conformanceLine(c: Conformance): string {
  const rate = (r: string) => { const [n, d] = r.split('/').map(Number); return d ? (n / d).toFixed(2) : r; };
  return `H.264 ${c.profile} level ${(c.level / 10).toFixed(1)}, ${c.width}×${c.height} ${c.pixFmt} ${c.colors.primaries}, ` +
    `nominal ${c.rFrameRate} fps, average ${rate(c.avgFrameRate)} fps, on the tick: ${c.onTick ? 'yes' : 'NO'}, shortest frame ${c.minFrameTicks.toFixed(0)} tick(s), ` +
    `longest keyframe gap ${c.maxKeyGap.toFixed(1)} s; audio ${c.audio.codec} ${c.audio.profile} ${c.audio.sampleRate} Hz, ` +
    `${c.integrated.toFixed(1)} LUFS, true peak ${c.truePeak.toFixed(1)} dBTP; decode errors: ${c.decodeErrors.trim() ? c.decodeErrors.trim().split('\n').length : 'none'}`;
}
