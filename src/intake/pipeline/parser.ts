import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutZeroFill } from '../../shared/jemalloc.js';
import { PROFILE } from './profile.js';
import type { ParsedFiles } from './stage.js';
import { unpackNumbers, type CheckedNumber, type Misses, type PackedNumbers } from './split.js';
import { LaneBuffers, isFileRange, type Chunk, type FileRange, type RawMessage } from './slices.js';

/**
 * The parser process: where a chunk's messages are parsed and their identity numbers replaced by keyed
 * digests, so that the process that writes the register's stores never holds a message's text or a
 * number in DuckDB's memory. DuckDB writes some blocks of a store file with gaps it has not cleared;
 * in a process that had parsed messages, a gap could hold a fragment of one (see docs/architecture.md,
 * "Privacy"). The parser writes no store: only each parsed chunk, as two Parquet files in a private
 * folder, which the intake reads back and deletes.
 *
 * One process per intake service, started on first use and again after a crash; one DuckDB
 * connection per lane in it, so two lanes parse at once. Requests and answers go over IPC; a file's
 * chunks go as byte ranges that the process reads itself, other messages' bytes down its stdin. The
 * numbers the split asks for (`numbers`) come back only when valid and of a message that passed its
 * rules.
 */

export type ParserRequest =
  /** A chunk whose bytes follow down stdin (`lengths`: each message's, -1 for one too large), or a file range it reads itself. */
  | { id: number; lane: number; op: 'parse'; lengths: Int32Array | null; range: FileRange | null; files: ParsedFiles }
  | { id: number; lane: number; op: 'numbers'; misses: Misses }
  | { id: number; lane: number; op: 'release' }
  | { id: number; lane: number; op: 'init'; key: string; memoryLimit: string; spill: string };

/** A request before its id is given. */
type Request = ParserRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface ParserReply {
  id: number;
  ok: boolean;
  /** The kind of failure (never a message: see errorKind). */
  error?: string;
  numbers?: PackedNumbers;
  profile?: [string, number][];
}

/** The parser process's DuckDB memory limit (LMR_PARSER_MEMORY). */
const PARSER_MEMORY = process.env.LMR_PARSER_MEMORY ?? '1000MB';

/**
 * jemalloc's settings in the parser process (LMR_PARSER_MALLOC_CONF; never zero fill: it writes no
 * store). Its defaults: keeping freed pages (`dirty_decay_ms:-1,muzzy_decay_ms:-1`) saved 8 % of the
 * time on 2.1 M dispensings, but took the two processes to 4.3 GiB together.
 */
const PARSER_MALLOC_CONF = '';

/** The parser's environment: this one's, without the key ring (the parser needs no key but the digest key it is given). */
function parserEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DUCKDB_JE_MALLOC_CONF: withoutZeroFill(process.env.LMR_PARSER_MALLOC_CONF ?? PARSER_MALLOC_CONF) };
  delete env.LMR_MASTER_KEYS;
  delete env.LMR_MASTER_KEY;
  return env;
}

/** The compiled parser process: beside this module, or under dist/ when this runs from the sources (tests). */
function entry(): string {
  const here = fileURLToPath(new URL('./parser-process.js', import.meta.url));
  return import.meta.url.endsWith('.ts') ? here.replace(/([\\/])src([\\/])/, '$1dist$2') : here;
}

/** A request not answered in this long (LMR_PARSER_TIMEOUT_SECONDS) stops the parser process: the chunk is retried. */
const TIMEOUT_MS = Number(process.env.LMR_PARSER_TIMEOUT_SECONDS ?? 900) * 1000;

export class ParserProcess {
  private child: ChildProcess | null = null;
  private started: Promise<ChildProcess> | null = null;
  private readonly pending = new Map<number, { resolve: (r: ParserReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private nextFile = 0;
  private closed = false;
  private readonly buffers = new LaneBuffers();

  /**
   * @param key the split cache's digest key (passed to the process over IPC, never written)
   * @param dir a private folder (0700) for the parsed files and the parser's spill; its spill is
   *   emptied before every start and the folder removed at `close`
   */
  constructor(
    private readonly key: string,
    private readonly dir: string,
  ) {}

  private start(): Promise<ChildProcess> {
    if (this.started) return this.started;
    const started = (async () => {
      const spill = join(this.dir, 'spill');
      // What a parser that died left in its spill (message text, numbers) goes before the next starts.
      await rm(spill, { recursive: true, force: true });
      await mkdir(spill, { recursive: true, mode: 0o700 });
      if (this.closed) throw new Error('the parser process is closed');
      const child = fork(entry(), [], {
        serialization: 'advanced',
        // The messages' bytes go down stdin (a plain pipe: IPC's serialisation of a 128 MiB message took
        // about 3 s), in the order of the parse requests; everything else over IPC.
        stdio: ['pipe', 'ignore', 'inherit', 'ipc'],
        env: parserEnvironment(),
        execArgv: [],
      });
      this.child = child;
      // A parser that dies mid-chunk closes the pipe under a write, and its IPC channel before it
      // exits: neither may become an unhandled error here. Its requests are rejected once, on the first.
      child.stdin!.on('error', () => undefined);
      child.on('error', () => this.lost(child, 'error'));
      child.on('disconnect', () => this.lost(child, 'disconnected'));
      child.on('exit', (code, signal) => this.lost(child, String(signal ?? code)));
      try {
        await new Promise<void>((resolve, reject) => {
          child.once('message', () => resolve());
          child.once('exit', (code, signal) => reject(new Error(`the parser process did not start (${signal ?? code})`)));
        });
        child.on('message', (r: ParserReply) => {
          const p = this.pending.get(r.id);
          if (!p) return;
          this.pending.delete(r.id);
          if (PROFILE && r.profile) for (const [k, ms] of r.profile) PROFILE.set(`parser: ${k}`, (PROFILE.get(`parser: ${k}`) ?? 0) + ms);
          p.resolve(r);
        });
        // The key goes over IPC, not in the environment (which other processes of the user can read).
        await this.send(child, { lane: 0, op: 'init', key: this.key, memoryLimit: PARSER_MEMORY, spill });
        return child;
      } catch (err) {
        child.kill('SIGKILL');
        throw err;
      }
    })();
    this.started = started;
    started.catch(() => {
      if (this.started === started) this.started = null;
    });
    return started;
  }

  /** The process is gone (or going): later requests start a new one; the ones in flight fail. */
  private lost(child: ChildProcess, how: string): void {
    if (this.child === child) {
      this.child = null;
      this.started = null;
    }
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const err = new Error(`the parser process stopped (${how})`);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private async request(req: Request, bytes?: Uint8Array): Promise<ParserReply> {
    if (this.closed) throw new Error('the parser process is closed');
    return this.send(await this.start(), req, bytes);
  }

  private async send(child: ChildProcess, req: Request, bytes?: Uint8Array): Promise<ParserReply> {
    if (!child.connected) throw new Error('the parser process stopped (disconnected)');
    const id = this.nextId++;
    const reply = new Promise<ParserReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const timer = setTimeout(() => this.lost(child, `no answer in ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    child.send({ ...req, id }, (err) => {
      if (err) this.lost(child, 'disconnected');
    });
    if (bytes && bytes.byteLength > 0) child.stdin!.write(bytes);
    try {
      const r = await reply;
      if (!r.ok) throw new Error(`the parser process failed: ${r.error ?? 'unknown error'}`);
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Parses a chunk on the lane; the files are the caller's to read and delete (see `remove`). A file
   * range is read by the parser process itself: its text never passes through this process.
   */
  async parse(lane: number, chunk: Chunk): Promise<ParsedFiles> {
    const n = this.nextFile++;
    const files = { messages: join(this.dir, `${lane}-${n}-messages.parquet`), dispensings: join(this.dir, `${lane}-${n}-dispensings.parquet`) };
    if (isFileRange(chunk)) {
      try {
        await this.request({ lane, op: 'parse', lengths: null, range: chunk, files });
      } catch (err) {
        await ParserProcess.remove(files);
        throw err;
      }
      return files;
    }
    const messages: readonly RawMessage[] = chunk;
    const lengths = new Int32Array(messages.length);
    let total = 0;
    messages.forEach((m, i) => {
      const n = m.text === null ? -1 : typeof m.text === 'string' ? Buffer.byteLength(m.text) : m.text.byteLength;
      lengths[i] = n;
      if (n > 0) total += n;
    });
    // The lane's buffer is free again: its last chunk's bytes were all read before that chunk's reply.
    const bytes = this.buffers.get(lane, total).subarray(0, total);
    let at = 0;
    for (const m of messages) {
      if (m.text === null) continue;
      at += typeof m.text === 'string' ? bytes.write(m.text, at) : (bytes.set(m.text, at), m.text.byteLength);
    }
    try {
      await this.request({ lane, op: 'parse', lengths, range: null, files }, bytes);
    } catch (err) {
      await ParserProcess.remove(files);
      throw err;
    } finally {
      // The chunk's text does not wait in memory for the lane's next chunk.
      bytes.fill(0);
    }
    return files;
  }

  /** The numbers behind digests the split cache does not hold (see split.ts, NumberSource). */
  async numbers(lane: number, misses: Misses): Promise<CheckedNumber[]> {
    const r = await this.request({ lane, op: 'numbers', misses });
    return r.numbers ? unpackNumbers(r.numbers) : [];
  }

  /** Drops the lane's chunk in the parser (its numbers): after the split. */
  async release(lane: number): Promise<void> {
    if (this.child?.connected) await this.request({ lane, op: 'release' });
  }

  static async remove(files: ParsedFiles): Promise<void> {
    await rm(files.messages, { force: true });
    await rm(files.dispensings, { force: true });
  }

  /**
   * Stops the process: it closes its DuckDB and exits (its spill files go with the instance); then its
   * folder is removed. A process that does not exit within 5 s is killed.
   */
  close(): void {
    this.closed = true;
    const child = this.child;
    const dir = this.dir;
    const removeFolder = (): void => void rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      removeFolder();
      return;
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    force.unref();
    child.once('exit', () => {
      clearTimeout(force);
      removeFolder();
    });
    child.kill('SIGTERM');
  }
}
