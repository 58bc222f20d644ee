import { execFileSync, spawn } from 'node:child_process';
import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, lmr, scanForNeedles, serve, tempDir } from './helpers.js';
import { dataLayout } from '../src/shared/config.js';
import { openRegister } from '../src/intake/register.js';
import { SplitCache } from '../src/intake/pipeline/split.js';
import { ParserProcess } from '../src/intake/pipeline/parser.js';
import { ChunkProcessor, type ChunkContext } from '../src/intake/pipeline/processor.js';

/**
 * Acceptance for the intake: a 50,000-person nation, 500,000 simulated dispensings at error rate
 * 0.02, ingested through the real CLI and the real HTTP server.
 */

const COUNT = 500_000;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let pristine: string;
let data: string;
let file: string;
let truth: { dispensings: number; invalid: number; corrections: number; cancellations: number; byRule: Record<string, number> };
interface Summary { messages: number; dispensings: number; accepted: number; rejected: number; duplicates: number; corrected: number; cancelled: number; seconds: number }
let first: Summary;
let storeAfter: Record<string, unknown>;
let receipts: string;

beforeAll(async () => {
  tmp = await tempDir('lmr-intake-');
  pristine = join(tmp.path, 'pristine');
  data = join(tmp.path, 'data');
  file = join(tmp.path, 'dispensings.ndjson');
  const nation = join(tmp.path, 'nation');
  expect(lmr(pristine, ['synth', 'nation', '--persons', '50000', '--seed', 'intake', '--out', nation]).status).toBe(0);
  expect(lmr(pristine, ['reference', 'import', nation]).status).toBe(0);
  const year = String(new Date().getFullYear() - 1);
  const sim = lmr(pristine, ['synth', 'dispensings', '--year', year, '--count', String(COUNT), '--error-rate', '0.02', '--seed', 's1', '--out', file]);
  expect(sim.stderr).toBe('');
  expect(sim.status).toBe(0);
  truth = JSON.parse(await readFile(`${file}.truth.json`, 'utf8')) as typeof truth;
  await cp(pristine, data, { recursive: true });
  receipts = join(tmp.path, 'first-receipts.ndjson');
  const r = lmr(data, ['ingest', file, '--json', '--receipts', receipts]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  first = r.json<Summary>();
  storeAfter = lmr(data, ['dispensings', 'stats', '--json']).json();
}, 900_000);

afterAll(async () => {
  await tmp.remove();
});

describe('lmr ingest on 500,000 simulated dispensings (error rate 0.02)', () => {
  it('reports exactly what the simulator made: rejected = invalid, corrected and cancelled as in the truth file', () => {
    expect(truth.dispensings).toBe(COUNT);
    expect(truth.invalid).toBeGreaterThan(COUNT * 0.015);
    expect(first.dispensings).toBe(COUNT);
    expect(first.rejected).toBe(truth.invalid);
    expect(first.corrected).toBe(truth.corrections);
    expect(first.cancelled).toBe(truth.cancellations);
    expect(first.accepted + first.corrected + first.cancelled).toBe(truth.dispensings - truth.invalid);
    expect(first.duplicates).toBe(0);
  });

  it('rejects each invalid dispensing for exactly the rule the simulator broke, and no other error', async () => {
    const byRule: Record<string, number> = {};
    let receiptsSeen = 0;
    for (const line of (await readFile(receipts, 'utf8')).split('\n')) {
      if (!line) continue;
      receiptsSeen++;
      const receipt = JSON.parse(line) as { dispensings: { status: string; issues: { severity: string; rule: string }[] }[] };
      for (const d of receipt.dispensings) {
        const errors = d.issues.filter((i) => i.severity === 'error').map((i) => i.rule).sort();
        if (d.status === 'rejected') {
          const key = errors.join('+');
          byRule[key] = (byRule[key] ?? 0) + 1;
        } else expect(errors).toEqual([]);
      }
    }
    expect(receiptsSeen).toBe(first.messages);
    expect(byRule).toEqual(truth.byRule);
  });

  it('stores one current row per accepted dispensing, and keeps the history of corrections and cancellations', () => {
    expect(storeAfter).toMatchObject({
      versions: first.accepted + first.corrected + first.cancelled,
      current: first.accepted - first.cancelled,
      cancelled: first.cancelled,
    });
  });

  it('enriches each stored dispensing with the residence and the GP relation valid on its own dispensing date', async () => {
    // Recomputed here from the reference store, over all periods: the intake reads only the periods
    // that overlap each chunk's dispensing dates, and must find the same.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(`ATTACH '${join(data, 'reference', 'reference.duckdb')}' AS r (READ_ONLY)`);
      await conn.run(`ATTACH '${join(data, 'dispensing', 'dispensing.duckdb')}' AS d (READ_ONLY)`);
      const [row] = (
        await conn.runAndReadAll(`
          WITH e AS (
            SELECT x.rowid AS id, x.patient_municipality, x.prescriber_is_gp, x.prescriber_id IS NOT NULL AS has_prescriber,
              (SELECT arg_max(s.municipality, s.valid_from) FROM r.residence s WHERE s.person_id = x.patient_id
                 AND s.valid_from <= x.dispensed_on AND (s.valid_to IS NULL OR s.valid_to >= x.dispensed_on)) AS resident_in,
              EXISTS (SELECT 1 FROM r.gp_list g WHERE g.person_id = x.patient_id AND g.prescriber_id = x.prescriber_id
                 AND (g.valid_from IS NULL OR g.valid_from <= x.dispensed_on) AND (g.valid_to IS NULL OR g.valid_to >= x.dispensed_on)) AS gp
            FROM d.dispensing x WHERE x.patient_id IS NOT NULL AND NOT x.animal)
          SELECT count(*)::INTEGER AS n, count(resident_in)::INTEGER AS resident,
            count(*) FILTER (WHERE resident_in IS NOT NULL AND patient_municipality IS DISTINCT FROM resident_in)::INTEGER AS wrong_municipality,
            count(*) FILTER (WHERE has_prescriber AND gp)::INTEGER AS by_gp,
            count(*) FILTER (WHERE has_prescriber AND prescriber_is_gp IS DISTINCT FROM gp)::INTEGER AS wrong_gp
          FROM e`)
      ).getRowObjectsJS() as { n: number; resident: number; wrong_municipality: number; by_gp: number; wrong_gp: number }[];
      expect(row!.resident).toBeGreaterThan(row!.n * 0.9);
      expect(row!.by_gp).toBeGreaterThan(0);
      expect(row).toMatchObject({ wrong_municipality: 0, wrong_gp: 0 });
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('ingesting the same file again adds nothing: everything valid comes back as a duplicate', () => {
    const again = lmr(data, ['ingest', file, '--json']).json<Summary>();
    expect(again).toMatchObject({ accepted: 0, corrected: 0, cancelled: 0, rejected: truth.invalid, duplicates: COUNT - truth.invalid });
    expect(lmr(data, ['dispensings', 'stats', '--json']).json()).toEqual(storeAfter);
  });

  it('the same messages in two files, ingested in one run, give the counts and the store of the one file', async () => {
    // Several chunks per file, so the second file is parsed while the first one's last chunks are
    // applied; its corrections and cancellations of dispensings in the first must still apply after them.
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const half = Math.floor(lines.length / 2);
    const [a, b] = [join(tmp.path, 'first-half.ndjson'), join(tmp.path, 'second-half.ndjson')];
    await writeFile(a, lines.slice(0, half).join('\n') + '\n');
    await writeFile(b, lines.slice(half).join('\n') + '\n');
    const two = join(tmp.path, 'two-files');
    await cp(pristine, two, { recursive: true });
    const r = lmr(two, ['ingest', a, b, '--json'], { LMR_INTAKE_CHUNK_MIB: '16' });
    expect(r.status).toBe(0);
    const counts = (s: Summary): Record<string, number> => Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'seconds'));
    expect(counts(r.json<Summary>())).toEqual(counts(first));
    expect(lmr(two, ['dispensings', 'stats', '--json']).json()).toEqual(storeAfter);
  }, 300_000);

  it('no identity number from the input appears in any file under --data', async () => {
    const text = await readFile(file, 'utf8');
    const needles = new Set<string>();
    for (const m of text.matchAll(/"id":"(\d{11})"/g)) if (!/^(0{11}|9{11})$/.test(m[1]!)) needles.add(m[1]!);
    for (const m of text.matchAll(/"hpr":"(\d{5,9})"/g)) if (m[1] !== '999999999') needles.add(m[1]!);
    expect(needles.size).toBeGreaterThan(10_000);
    expect(await scanForNeedles(data, needles)).toEqual([]);
  });

  it('a kill -9 during an ingest, then a re-ingest, leaves exactly the store of an uninterrupted run', async () => {
    const killed = join(tmp.path, 'killed');
    await cp(pristine, killed, { recursive: true });
    // Small chunks, so the kill falls between commits: it comes once the first chunk's receipts are out.
    const progress = join(tmp.path, 'killed-receipts.ndjson');
    const child = spawn(process.execPath, [CLI, '--data', killed, 'ingest', file, '--receipts', progress], {
      stdio: 'ignore',
      env: { ...process.env, LMR_INTAKE_CHUNK_MIB: '16' },
    });
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && !((await stat(progress).catch(() => null))?.size ?? 0)) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 400));
    child.kill('SIGKILL');
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
    expect([code, signal]).toEqual([null, 'SIGKILL']);
    const partial = lmr(killed, ['dispensings', 'stats', '--json']).json<{ versions: number }>();
    expect(partial.versions).toBeGreaterThan(0);
    expect(partial.versions).toBeLessThan(storeAfter.versions as number);
    // Parsed in slices of 64 KiB (a few messages each), not 8 MiB: the same store.
    const rerun = lmr(killed, ['ingest', file, '--json'], { LMR_INTAKE_PARSE_SLICE_KIB: '64' }).json<Summary>();
    expect(rerun.rejected).toBe(truth.invalid);
    expect(lmr(killed, ['dispensings', 'stats', '--json']).json()).toEqual(storeAfter);
  }, 300_000);
});

describe('two chunks staged at once', () => {
  it('still flags a message id an earlier chunk committed for another pharmacy (the later chunk is staged again)', async () => {
    // Every message its own chunk, so the two are staged at the same time on the two lanes.
    const lines = (await readFile(file, 'utf8')).split('\n', 400).filter(Boolean);
    const header = (l: string): { messageId: string; pharmacy: string } => JSON.parse(l) as { messageId: string; pharmacy: string };
    const a = lines[0]!;
    const b = lines.find((l) => header(l).pharmacy !== header(a).pharmacy)!;
    const clash = b.replace(`"messageId":"${header(b).messageId}"`, `"messageId":"${header(a).messageId}"`);
    expect(header(clash).messageId).toBe(header(a).messageId);
    const two = join(tmp.path, 'clash.ndjson');
    await writeFile(two, `${a}\n${clash}\n`);
    const dir = join(tmp.path, 'clash-data');
    await cp(pristine, dir, { recursive: true });
    const out = join(tmp.path, 'clash-receipts.ndjson');
    const r = lmr(dir, ['ingest', two, '--json', '--receipts', out], { LMR_INTAKE_CHUNK_MIB: '0.0001' });
    expect(r.stderr).toBe('');
    const got = (await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { messageId: string; status: string; issues?: { rule: string }[] });
    expect(got.map((g) => g.messageId)).toEqual([header(a).messageId, header(a).messageId]);
    expect(got[0]!.status).not.toBe('rejected');
    expect(got[1]!.status).toBe('rejected');
    expect((got[1]!.issues ?? []).map((i) => i.rule)).toEqual(['message.id-conflict']);
  });
});

describe('the key look-up, made when a chunk is staged', () => {
  it('settles against the chunks committed between staging and the turn to apply: duplicates, corrections, and a row corrected meanwhile', async () => {
    // A message whose dispensings the first ingest accepted as they were, as the template.
    const lines = (await readFile(file, 'utf8')).split('\n', 2000).filter(Boolean);
    const firstReceipts = (await readFile(receipts, 'utf8')).split('\n', 2000).filter(Boolean).map((l) => JSON.parse(l) as { status: string; dispensings: { status: string; issues: unknown[] }[] });
    const at = firstReceipts.findIndex((r) => r.status === 'accepted' && r.dispensings.every((d) => d.status === 'accepted' && d.issues.length === 0));
    const template = JSON.parse(lines[at]!) as { pharmacy: string; dispensings: Record<string, unknown>[] };
    const base: Record<string, unknown> = { ...template.dispensings[0]!, version: 1 };
    delete base.cancelled;
    const product = base.product as { packs: number };
    const d = (ref: string, version: number, packs = product.packs): Record<string, unknown> => ({ ...base, ref, version, product: { ...product, packs } });
    const chunk = (id: string, ...ds: Record<string, unknown>[]) => [{ text: JSON.stringify({ ...template, messageId: id, dispensings: ds }) }];

    const dir = join(tmp.path, 'staged-data');
    await cp(pristine, dir, { recursive: true });
    const register = await openRegister(dataLayout(dir), { threads: 1 });
    const [a, b] = [await register.store.instance.connect(), await register.store.instance.connect()];
    const cache = await SplitCache.create(a, register.vault);
    const parser = new ParserProcess(cache.key, await register.parserDir());
    const [pa, pb] = [new ChunkProcessor(a, cache, parser), new ChunkProcessor(b, cache, parser)];
    const ctx: ChunkContext = { client: null, channel: 'api', receipts: true };
    const statuses = (r: Awaited<ReturnType<ChunkProcessor['apply']>>) => r.receipts.flatMap((m) => m.dispensings.map((x) => [x.ref, x.status, ...x.issues.map((i) => i.rule)].join(' ')));
    try {
      // Staged before the chunk holding the originals commits: found only among the rows committed since.
      const later = await pb.stage(chunk('ks-2', d('ks-d', 1), d('ks-e', 2, product.packs + 1)), ctx);
      expect(statuses(await pa.process(chunk('ks-1', d('ks-d', 1), d('ks-e', 1)), ctx))).toEqual(['ks-d accepted', 'ks-e accepted']);
      expect(statuses(await pb.apply(later, ctx))).toEqual(['ks-d duplicate', 'ks-e corrected']);
      // Staged while version 2 of ks-e is current; another chunk replaces it before this one's turn.
      const third = await pa.stage(chunk('ks-3', d('ks-e', 3, product.packs + 2)), ctx);
      expect(statuses(await pb.process(chunk('ks-4', d('ks-e', 3, product.packs + 3)), ctx))).toEqual(['ks-e corrected']);
      expect(statuses(await pa.apply(third, ctx))).toEqual(['ks-e rejected version.conflict']);
      // Should a rowid found when staging name another row by the chunk's turn (here: every one names
      // the store's first row, ks-d's first version), the whole look-up runs again then.
      const fourth = await pa.stage(chunk('ks-5', d('ks-e', 3, product.packs + 3), d('ks-d', 2)), ctx);
      await a.run('UPDATE s_pre SET held_rowid = 0');
      expect(statuses(await pa.apply(fourth, ctx))).toEqual(['ks-e duplicate', 'ks-d corrected']);
      // And should the store's extent read when staging be past its end in the chunk's turn (ks-f's
      // first version is committed in between, at or above the true extent), the same.
      const sixth = await pb.stage(chunk('ks-7', d('ks-f', 1)), ctx);
      expect(statuses(await pa.process(chunk('ks-6', d('ks-f', 1)), ctx))).toEqual(['ks-f accepted']);
      sixth.w = String(BigInt(sixth.w!) + 1_000_000n);
      expect(statuses(await pb.apply(sixth, ctx))).toEqual(['ks-f duplicate']);
      const rows = (await a.runAndReadAll(`SELECT ref, version, current FROM dispensing.dispensing WHERE ref LIKE 'ks-%' ORDER BY ref, version`)).getRowsJS();
      expect(rows).toEqual([['ks-d', 1, false], ['ks-d', 2, true], ['ks-e', 1, false], ['ks-e', 2, false], ['ks-e', 3, true], ['ks-f', 1, true]]);
    } finally {
      parser.close();
      b.closeSync();
      a.closeSync();
      register.close();
    }
  });
});

describe('a file that is not a regular file', () => {
  it('is read as a stream (a pipe has no ranges): the same receipts as the same lines in a file', async () => {
    const lines = (await readFile(file, 'utf8')).split('\n', 30).filter(Boolean).join('\n') + '\n';
    const part = join(tmp.path, 'part.ndjson');
    await writeFile(part, lines);
    const receiptsOf = async (name: string, path: string, feed?: () => Promise<void>): Promise<unknown[]> => {
      const dir = join(tmp.path, `${name}-data`);
      await cp(pristine, dir, { recursive: true });
      const out = join(tmp.path, `${name}-receipts.ndjson`);
      const child = spawn(process.execPath, [CLI, '--data', dir, 'ingest', path, '--json', '--receipts', out], { env: { ...process.env, LMR_LOG_LEVEL: 'warn' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<void>((r) => child.once('close', () => r()));
      await feed?.();
      await exited;
      expect(stderr).toBe('');
      expect((JSON.parse(stdout) as Summary).messages).toBe(30);
      return (await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
    };
    const fifo = join(tmp.path, 'lines.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await receiptsOf('piped', fifo, () => writeFile(fifo, lines))).toEqual(await receiptsOf('ranged', part));
  });
});

describe('malformed messages', () => {
  it('each odd JSON shape gets its own receipt, and none stops the delivery', async () => {
    const sample = (await readFile(file, 'utf8')).split('\n', 50).map((l) => JSON.parse(l) as { pharmacy: string; dispensings: Record<string, unknown>[] });
    const { pharmacy } = sample[0]!;
    // A dispensing the first ingest accepted without remarks (receipts come in message order), sent again under new refs.
    const firstReceipts = (await readFile(receipts, 'utf8')).split('\n', 50).map((l) => JSON.parse(l) as { dispensings: { status: string; issues: unknown[] }[] });
    const valid = sample.flatMap((m, i) => m.dispensings.filter((d, j) => d.kind === 'prescription' && firstReceipts[i]!.dispensings[j]!.status === 'accepted' && firstReceipts[i]!.dispensings[j]!.issues.length === 0))[0]!;
    const at = (ref: string, changes: Record<string, unknown>): Record<string, unknown> => ({ ...valid, ref, ...changes });
    const messages = [
      { messageId: 'odd-empty', pharmacy, dispensings: [] },
      { messageId: 'odd-string', pharmacy, dispensings: 'x' },
      { messageId: 'odd-object', pharmacy, dispensings: { a: 1 } },
      {
        messageId: 'odd-elements',
        pharmacy,
        dispensings: [null, 5, 'x', [], [3], {}, at('odd.patient-number', { patient: 5 }), at('odd.patient-empty', { patient: {} }), at('odd.prescriber-null', { prescriber: null }), at('odd.ok', {})],
      },
    ];
    const odd = join(tmp.path, 'odd.ndjson');
    // Then a message whose bytes are not UTF-8 (a stray 0xFF inside a string), between blank and CRLF lines.
    const notUtf8 = Buffer.concat([Buffer.from(`{"messageId":"odd-bytes","pharmacy":"${pharmacy}","dispensings":[{"ref":"`), Buffer.from([0xff]), Buffer.from('"}]}')]);
    await writeFile(odd, Buffer.concat([Buffer.from(messages.map((m) => JSON.stringify(m)).join('\n') + '\n\r\n  \n'), notUtf8, Buffer.from('\r\n')]));
    const dir = join(tmp.path, 'odd');
    await cp(pristine, dir, { recursive: true });
    const out = join(tmp.path, 'odd-receipts.ndjson');
    // Each message parsed in a slice of its own.
    const r = lmr(dir, ['ingest', odd, '--json', '--receipts', out], { LMR_INTAKE_PARSE_SLICE_KIB: '0.001' });
    expect(r.status).toBe(0);
    expect(r.json<Summary>()).toMatchObject({ messages: 5, dispensings: 10, accepted: 1, rejected: 9 });
    type Got = { messageId: string; status: string; issues: { rule: string }[]; dispensings: { ref: string | null; status: string; issues: { rule: string; path: string }[] }[] };
    const got = new Map((await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Got).map((g) => [g.messageId, g]));
    expect(got.get(null as unknown as string)).toMatchObject({ messageId: null, status: 'rejected', issues: [{ rule: 'message.json' }], dispensings: [] });
    for (const id of ['odd-empty', 'odd-string', 'odd-object']) {
      expect(got.get(id)).toMatchObject({ status: 'rejected', issues: [{ rule: 'message.schema' }], dispensings: [] });
    }
    const elements = got.get('odd-elements')!;
    expect(elements.status).toBe('partially-accepted');
    const summary = elements.dispensings.map((d) => [d.status, ...d.issues.filter((i) => i.rule.startsWith('dispensing.')).map((i) => `${i.rule} ${i.path}`)]);
    expect(summary.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => ['rejected', `dispensing.type dispensings[${i}]`]));
    expect(summary[5]).toEqual(['rejected', ...['dispensedOn', 'kind', 'patient', 'product', 'ref', 'version'].map((f) => `dispensing.required dispensings[5].${f}`)]);
    expect(summary[6]).toEqual(['rejected', 'dispensing.type dispensings[6].patient']);
    expect(summary[7]).toEqual(['rejected', 'dispensing.required dispensings[7].patient.id']);
    expect(elements.dispensings[8]).toMatchObject({ ref: 'odd.prescriber-null', status: 'rejected', issues: [{ rule: 'prescriber.required' }] });
    expect(elements.dispensings[9]).toEqual({ ref: 'odd.ok', status: 'accepted', issues: [] });
  });
});

describe('the HTTP API and the CLI', () => {
  it('give the same receipts for the same messages, and the server logs carry no identity number', async () => {
    const lines = (await readFile(file, 'utf8')).split('\n').slice(0, 40).join('\n') + '\n';
    const subset = join(tmp.path, 'subset.ndjson');
    await writeFile(subset, lines);
    const viaCli = join(tmp.path, 'via-cli');
    const viaApi = join(tmp.path, 'via-api');
    await cp(pristine, viaCli, { recursive: true });
    await cp(pristine, viaApi, { recursive: true });
    const receiptsFile = join(tmp.path, 'receipts.ndjson');
    expect(lmr(viaCli, ['ingest', subset, '--receipts', receiptsFile]).status).toBe(0);
    const cliReceipts = (await readFile(receiptsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown);

    const server = await serve(viaApi);
    try {
      const token = lmr(viaApi, ['auth', 'token', '--client', 'staff:intaketest']).stdout.trim();
      const res = await fetch(`${server.url}/api/intake/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: lines,
      });
      expect(res.status).toBe(200);
      const apiReceipts = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as unknown);
      expect(apiReceipts).toEqual(cliReceipts);
      // The message log gives back each very receipt: acceptances, warnings and rejections in their order.
      for (const posted of apiReceipts as { messageId: string }[]) {
        const state = (await (await fetch(`${server.url}/api/intake/v1/messages/${posted.messageId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { receipt: unknown };
        expect(state.receipt).toEqual(posted);
      }

      const pharmacies = [...new Set([...lines.matchAll(/"pharmacy":"(\d+)"/g)].map((m) => m[1]!))];
      const own = lmr(viaApi, ['auth', 'token', '--client', `pharmacy:${pharmacies[0]!}`]).stdout.trim();
      const foreign = lines.split('\n').find((l) => l && !l.includes(`"pharmacy":"${pharmacies[0]!}"`));
      if (foreign) {
        const denied = await fetch(`${server.url}/api/intake/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${own}`, 'content-type': 'application/json' }, body: foreign });
        expect(denied.status).toBe(403);
      }
      const huge = await fetch(`${server.url}/api/intake/v1/messages`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: 'x'.repeat(65 * 1024 * 1024),
      });
      expect(huge.status).toBe(413);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    // The log keeps in full only the entries with something to say; the plain acceptances as position and ref.
    const db = await DuckDBInstance.create(join(viaApi, 'dispensing', 'dispensing.duckdb'), { access_mode: 'READ_ONLY' });
    try {
      const c = await db.connect();
      const [full, plain, all, accepted] = (
        await c.runAndReadAll(`SELECT sum(len(receipt_dispensings)), sum(len(receipt_accepted)), sum(dispensings), sum(accepted) FROM intake_message`)
      ).getRowsJS()[0]!.map(Number);
      expect(full! + plain!).toBe(all);
      expect(plain).toBeGreaterThan(0.9 * accepted!);
      c.closeSync();
    } finally {
      db.closeSync();
    }
    const needles = new Set([...lines.matchAll(/"id":"(\d{11})"/g)].map((m) => m[1]!).filter((n) => !/^(0{11}|9{11})$/.test(n)));
    expect(server.logs()).not.toMatch(new RegExp([...needles].slice(0, 500).join('|')));
    expect(await scanForNeedles(viaApi, needles)).toEqual([]);
  }, 300_000);
});
