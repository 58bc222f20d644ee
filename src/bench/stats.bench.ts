import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { measure } from './measure.js';

/**
 * `npm run bench:stats`: `lmr stats build` on a year of dispensings (target < 2 min for a national
 * year of 60 M), then the open API's data requests under 100 concurrent connections with autocannon
 * (target p95 < 50 ms; p95 is computed from every response time autocannon reports). The 900 request
 * bodies are three views (time series, age and sex, county) of many drugs.
 *
 * LMR_BENCH_DATA=<data dir> reuses a register that already holds the dispensings (for example the
 * work directory of `LMR_BENCH_KEEP=1 npm run bench:intake`); otherwise LMR_BENCH_PERSONS (default
 * 1,000,000) persons and LMR_BENCH_DISPENSINGS (default 10,000,000) dispensings are simulated and
 * ingested first. LMR_BENCH_SECONDS (default 20) is the load duration; LMR_BENCH_KEEP=1 keeps the work.
 */
const cli = resolve(import.meta.dirname, '..', 'cli', 'main.js');
const persons = Number(process.env.LMR_BENCH_PERSONS ?? 1_000_000);
const count = Number(process.env.LMR_BENCH_DISPENSINGS ?? 10_000_000);
const seconds = Number(process.env.LMR_BENCH_SECONDS ?? 20);
const work = await mkdtemp(join(process.env.LMR_BENCH_DIR ?? tmpdir(), 'lmr-bench-stats-'));
const data = process.env.LMR_BENCH_DATA ? resolve(process.env.LMR_BENCH_DATA) : join(work, 'data');
const line = (label: string, s: number, rss?: number, extra = ''): void =>
  console.log(`${label.padEnd(22)} ${s.toFixed(1).padStart(8)} s${rss === undefined ? '' : `   peak RSS ${String(rss).padStart(5)} MiB`}${extra}`);

async function step(label: string, args: string[]): Promise<string> {
  const m = await measure(process.execPath, [cli, '--data', data, '--json', ...args]);
  if (m.status !== 0) throw new Error(`${label} failed`);
  line(label, m.seconds, m.peakRssMiB);
  return m.stdout;
}

try {
  if (!process.env.LMR_BENCH_DATA) {
    console.log(`bench:stats: ${persons.toLocaleString('en')} persons, ${count.toLocaleString('en')} dispensings, work dir ${work}`);
    await step('synth nation', ['synth', 'nation', '--persons', String(persons), '--seed', 'bench', '--out', join(work, 'nation')]);
    await step('reference import', ['reference', 'import', join(work, 'nation')]);
    const file = join(work, 'dispensings.ndjson');
    await step('simulate', ['synth', 'dispensings', '--year', String(new Date().getFullYear() - 1), '--count', String(count), '--error-rate', '0', '--seed', 'bench', '--out', file]);
    await step('ingest', ['ingest', file]);
  } else console.log(`bench:stats on ${data}`);

  const built = JSON.parse(await step('stats build --full', ['stats', 'build', ...(process.env.LMR_BENCH_NO_REBUILD ? [] : ['--full'])])) as { years: number[]; cells: number; primary: number; secondary: number; seconds: number };
  const dispensings = JSON.parse(await step('dispensings stats', ['dispensings', 'stats'])) as { current: number };
  console.log(`  ${built.cells.toLocaleString('en')} cells for ${built.years.join(', ')}; ${built.primary.toLocaleString('en')} primary and ${built.secondary.toLocaleString('en')} secondary suppressions`);
  const perYear = built.seconds / Math.max(1, built.years.length);
  const national = (perYear * 60_000_000) / Math.max(1, dispensings.current / Math.max(1, built.years.length));
  console.log(`a national year (60 M) at this rate: ${(national / 60).toFixed(1)} min (target < 2 min); 20 years, full rebuild: ${((national * 20) / 60).toFixed(0)} min (an incremental build recomputes only the years new data touch)`);

  // The server, and the open API under load.
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(process.execPath, [cli, '--data', data, 'serve', '--port', String(port)], { stdio: 'ignore', env: { ...process.env, LMR_LOG_LEVEL: 'warn', LMR_STATS_INTERVAL_SECONDS: '3600' } });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 600; i++) {
      if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const dims = (await (await fetch(`${base}/api/open/v1/lmr/table/1/dimension`)).json()) as { dimensions: { code: string; categories: { value: string; children: unknown }[] }[] };
    const flat = (cats: { value: string; children: unknown }[]): string[] => cats.flatMap((c) => [c.value, ...(Array.isArray(c.children) ? flat(c.children as { value: string; children: unknown }[]) : [])]);
    const atcs = flat(dims.dimensions.find((d) => d.code === 'ATC')!.categories).filter((c) => c.length === 7 || c.length === 4);
    const years = flat(dims.dimensions.find((d) => d.code === 'AAR')!.categories);
    const views = [
      { KJONN: ['0'], ALDER: ['ALL'], FYLKE: ['00'], AAR: years }, // time series
      { KJONN: ['1', '2'], ALDER: ['*'], FYLKE: ['00'], AAR: years.slice(-1) }, // by age and sex
      { KJONN: ['0'], ALDER: ['ALL'], FYLKE: ['*'], AAR: years.slice(-1) }, // by county
    ];
    const requests = Array.from({ length: Number(process.env.LMR_BENCH_REQUESTS ?? 900) }, (_, i) => {
      const view = views[i % views.length]!;
      const body = {
        dimensions: [
          { code: 'ATC', filter: 'item', values: [atcs[(i * 7919) % atcs.length]!] },
          ...Object.entries(view).map(([code, values]) => ({ code, filter: values.includes('*') ? 'all' : 'item', values })),
          { code: 'MEASURE_TYPE', filter: 'item', values: ['BRUKERE', 'BRUKERE_PER_1000', 'DDD_PER_1000_PER_DOGN'] },
        ],
        response: { format: 'json-stat2' },
      };
      return { method: 'POST' as const, path: '/api/open/v1/lmr/table/1/data', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    });
    // Warm-up: every request once (the bank keeps recently asked drugs and responses in memory, as it
    // would after its first minutes in service). LMR_BENCH_COLD=1 measures without it.
    if (!process.env.LMR_BENCH_COLD) {
      const t = performance.now();
      for (const r of requests) await (await fetch(`${base}${r.path}`, { method: 'POST', headers: r.headers, body: r.body })).text();
      line(`warm-up (${requests.length} requests)`, (performance.now() - t) / 1000);
    }
    // One request shape for autocannon (a long `requests` sequence makes autocannon itself the
    // bottleneck); each client switches to another of the bodies after every response.
    let next = 0;
    const times: number[] = [];
    const result = await autocannon({
      url: `${base}${requests[0]!.path}`,
      method: 'POST',
      headers: requests[0]!.headers,
      body: requests[0]!.body,
      connections: 100,
      duration: seconds,
      setupClient: (client) => {
        client.on('response', (_status: number, _bytes: number, responseTime: number) => {
          times.push(responseTime);
          client.setBody(requests[next++ % requests.length]!.body);
        });
      },
    });
    const l = result.latency;
    console.log(`open API data, 100 connections, ${seconds} s: ${Math.round(result.requests.average)} requests/s, ${result.non2xx} non-2xx, ${result.errors} errors`);
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95)] ?? NaN;
    console.log(`latency ms: p50 ${l.p50}, p90 ${l.p90}, p95 ${p95.toFixed(1)} (of ${times.length} responses), p97.5 ${l.p97_5}, p99 ${l.p99}, max ${l.max} (target p95 < 50 ms)`);
  } finally {
    server.kill('SIGTERM');
  }
} finally {
  if (!process.env.LMR_BENCH_KEEP) await rm(work, { recursive: true, force: true });
}
