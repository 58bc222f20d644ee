import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepingFreed } from '../../shared/jemalloc.js';
import { PROFILE } from './profile.js';
import { KnownKindError } from './script.js';
import type { ParsedFiles } from './stage.js';
import type { Misses, PackedNumbers } from './split.js';
import { ChunkBuffers, isFileRange, type Chunk, type FileRange, type RawMessage } from './slices.js';

/**
 * The parser process: where a chunk's messages are parsed and their identity numbers replaced by keyed
 * digests, so that the process that writes the register's stores never holds a message's text or a
 * number in DuckDB's memory. DuckDB writes some blocks of a store file with gaps it has not cleared;
 * in a process that had parsed messages, a gap could hold a fragment of one (see docs/architecture.md,
 * "Privacy"). The parser writes no store: only each parsed chunk, as two Parquet files in a private
 * folder, which the intake reads back and deletes.
 *
 * One process per intake service, started on first use and again after a crash. A chunk holds a slot
 * (a DuckDB connection in the process, with the chunk's tables) from its parse until it is released
 * after the split, so chunks are parsed ahead of the lanes that stage them: the parser works while
 * the lanes wait for their turn to apply. At most `parsing` chunks are parsed at once (each needs a
 * buffer and DuckDB's working memory for a whole chunk), in the order they were asked for. Requests and
 * answers go over IPC; a file's chunks go as byte ranges that the process reads itself, other
 * messages' bytes down its stdin. The numbers the split asks for (`numbers`) come back only when valid
 * and of a message that passed its rules.
 */

export type ParserRequest =
  /**
   * A chunk whose bytes follow down stdin (`lengths`: each message's, -1 for one too large), or a file
   * range it reads itself, into `buffer` (one per parse in flight).
   */
  | { id: number; slot: number; op: 'parse'; buffer: number; lengths: Int32Array | null; range: FileRange | null; files: ParsedFiles }
  | { id: number; slot: number; op: 'numbers'; misses: Misses }
  | { id: number; slot: number; op: 'release' }
  | { id: number; slot: number; op: 'init'; key: string; memoryLimit: string; spill: string };

/** A parsed chunk: its files (the caller's to read and delete) and its slot in the parser (see `release`). */
export interface Parsed {
  slot: number;
  files: ParsedFiles;
}

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

/** The parser process's DuckDB memory limit (LMR_PARSER_MEMORY): sized for one parse at a time (LMR_PARSER_PARSING=1). */
const PARSER_MEMORY = process.env.LMR_PARSER_MEMORY ?? '600MB';

/**
 * The parser's environment: this one's, without the key ring (the parser needs no key but the digest
 * key it is given), and with its jemalloc settings (LMR_PARSER_MALLOC_CONF; never zero fill: it writes
 * no store; freed pages kept 30 s as in `lmr ingest` unless a decay is given: shared/jemalloc.ts). Each
 * chunk's tables are freed and the next chunk's allocated seconds later; on jemalloc's defaults every
 * such page went back to the system and was faulted in again (5 M dispensings: 2.3 M page faults in
 * this process, 1.0 M with pages kept, and a third less CPU time here).
 */
function parserEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DUCKDB_JE_MALLOC_CONF: keepingFreed(process.env.LMR_PARSER_MALLOC_CONF) };
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
  private readonly buffers = new ChunkBuffers();
  /** Slots held by chunks (parsed, not yet released). */
  private readonly slots = new Set<number>();
  /** Parse permits free (each names its buffer), and the parses waiting for one, in order. */
  private readonly permits: number[];
  private readonly waiting: ((permit: number) => void)[] = [];

  /**
   * @param key the split cache's digest key (passed to the process over IPC, never written)
   * @param dir a private folder (0700) for the parsed files and the parser's spill; its spill is
   *   emptied before every start and the folder removed at `close`
   * @param parsing chunks parsed at once (each holds a chunk's bytes and DuckDB's working memory for it)
   */
  constructor(
    private readonly key: string,
    private readonly dir: string,
    parsing = 1,
  ) {
    this.permits = Array.from({ length: Math.max(1, parsing) }, (_, i) => i);
  }

  private permit(): Promise<number> {
    const free = this.permits.shift();
    return free !== undefined ? Promise.resolve(free) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private endPermit(permit: number): void {
    const next = this.waiting.shift();
    if (next) next(permit);
    else this.permits.push(permit);
  }

  private takeSlot(): number {
    let n = 0;
    while (this.slots.has(n)) n++;
    this.slots.add(n);
    return n;
  }

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
        await this.send(child, { slot: 0, op: 'init', key: this.key, memoryLimit: PARSER_MEMORY, spill });
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
      if (!r.ok) {
        const kind = r.error ?? 'unknown error';
        throw new KnownKindError(`the parser process failed: ${kind}`, `parser process: ${kind}`);
      }
      return r;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Parses a chunk in a slot of its own, once a parse permit is free (in the order asked); the files are
   * the caller's to read and delete (see `remove`), the slot to release. A file range is read by the
   * parser process itself: its text never passes through this process.
   */
  async parse(chunk: Chunk): Promise<Parsed> {
    const permit = await this.permit();
    const slot = this.takeSlot();
    const n = this.nextFile++;
    const files = { messages: join(this.dir, `${slot}-${n}-messages.parquet`), dispensings: join(this.dir, `${slot}-${n}-dispensings.parquet`) };
    let bytes: Buffer | null = null;
    try {
      if (isFileRange(chunk)) {
        await this.request({ slot, op: 'parse', buffer: permit, lengths: null, range: chunk, files });
      } else {
        const messages: readonly RawMessage[] = chunk;
        const lengths = new Int32Array(messages.length);
        let total = 0;
        messages.forEach((m, i) => {
          const n = m.text === null ? -1 : typeof m.text === 'string' ? Buffer.byteLength(m.text) : m.text.byteLength;
          lengths[i] = n;
          if (n > 0) total += n;
        });
        // The permit's buffer is free: its last chunk's bytes were all read before that chunk's reply.
        bytes = this.buffers.get(permit, total).subarray(0, total);
        let at = 0;
        for (const m of messages) {
          if (m.text === null) continue;
          at += typeof m.text === 'string' ? bytes.write(m.text, at) : (bytes.set(m.text, at), m.text.byteLength);
        }
        await this.request({ slot, op: 'parse', buffer: permit, lengths, range: null, files }, bytes);
      }
      return { slot, files };
    } catch (err) {
      // A failed parse leaves nothing in its slot (the process drops the chunk's tables, or is gone).
      this.slots.delete(slot);
      await ParserProcess.remove(files);
      throw err;
    } finally {
      // The chunk's text does not wait in memory for the buffer's next chunk.
      bytes?.fill(0);
      this.endPermit(permit);
    }
  }

  /** The numbers behind digests the split cache does not hold (see split.ts, NumberSource). */
  async numbers(slot: number, misses: Misses): Promise<PackedNumbers> {
    const r = await this.request({ slot, op: 'numbers', misses });
    if (!r.numbers) throw new Error('the parser process answered without numbers');
    return r.numbers;
  }

  /** Drops a parsed chunk's tables in the parser (its numbers) and frees its slot: after the split. */
  async release(slot: number): Promise<void> {
    try {
      if (this.child?.connected) await this.request({ slot, op: 'release' });
    } finally {
      this.slots.delete(slot);
    }
  }

  /** A parse whose chunk will not be staged: its files deleted, its slot released (failures ignored). */
  async abandon(parsing: Promise<Parsed>): Promise<void> {
    try {
      const p = await parsing;
      await ParserProcess.remove(p.files);
      await this.release(p.slot);
    } catch {
      // nothing parsed, or the parser is gone (and the chunk with it)
    }
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
