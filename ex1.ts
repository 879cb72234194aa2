import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { matroskaFrame, matroskaHeader } from './src/render/video/matroska-stream.ts';
const imgs = ['red', 'green', 'blue'].map((c) => readFileSync(`/tmp/ex/${c}.jpg`));
const R = 30; const ms = (k: number) => Math.round(k * 1000 / R);
// frames at tick slots with holds (in ticks)
const slots = [0, 1, 2, 40, 41, 100, 400, 401, 402, 700]; const end = 760;
const parts = [matroskaHeader({ width: 1920, height: 1080 })];
for (let i = 0; i < slots.length; i++) {
  const a = slots[i], b = slots[i + 1] ?? end;
  parts.push(matroskaFrame(imgs[i % 3], ms(a), ms(b) - ms(a)));
}
writeFileSync('/tmp/ex/in.mkv', Buffer.concat(parts));
const args = process.argv.slice(2);
const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-threads', '1', '-f', 'matroska', '-i', '/tmp/ex/in.mkv', '-vf', 'scale=1920:1080:in_range=full:out_range=tv:out_color_matrix=bt709,format=yuv420p', ...args,
 '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'stillimage', '-crf', '20', '-bf', '0', '-pix_fmt', 'yuv420p', '-profile:v', 'high', '-threads', '2', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-an', '-f', 'mp4', '/tmp/ex/out.mp4'], { encoding: 'utf8' });
console.log(r.stderr);
