import { differencingAttack } from './attack.js';
import { memoryCube, randomCube } from './fixtures.js';
import { suppress } from './suppress.js';

/**
 * `node dist/statistics/disclosure/bench.js`: builds a random cube of about a million cells in memory and
 * times `suppress` on it (and, with LMR_BENCH_ATTACK=1, the differencing attack as a check). Prints one
 * line per step and a JSON line last. LMR_BENCH_PERSONS scales the cube (default 300,000 ≈ 1M cells).
 */
const persons = Number(process.env.LMR_BENCH_PERSONS ?? 300_000);
const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const cube = await memoryCube();
try {
  let t = performance.now();
  await randomCube(cube.conn, 'bench', { persons, dispensingsPerPerson: 3, leaves: 600, counties: 12, ageGroups: 19, years: 3, seed: 'bench' });
  const buildSeconds = (performance.now() - t) / 1000;
  out(`build     ${buildSeconds.toFixed(1).padStart(7)} s`);
  t = performance.now();
  const s = await suppress(cube.conn, 'bench');
  const suppressSeconds = (performance.now() - t) / 1000;
  out(`suppress  ${suppressSeconds.toFixed(1).padStart(7)} s   ${s.cells} cells, ${s.primary} primary, ${s.secondary} secondary, ${s.passes} passes`);
  let attackSeconds: number | undefined;
  let recovered: number | undefined;
  if (process.env.LMR_BENCH_ATTACK === '1') {
    t = performance.now();
    recovered = (await differencingAttack(cube.conn, 'bench')).length;
    attackSeconds = (performance.now() - t) / 1000;
    out(`attack    ${attackSeconds.toFixed(1).padStart(7)} s   ${recovered} recovered`);
  }
  out(JSON.stringify({ bench: 'disclosure', persons, ...s, buildSeconds, suppressSeconds, attackSeconds, recovered }));
} finally {
  cube.close();
}
