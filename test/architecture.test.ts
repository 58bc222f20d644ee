import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of the bounded contexts, as data, checked on every source file.
 * See docs/architecture.md for the picture.
 */
const SRC = resolve(import.meta.dirname, '../src');

/** Which contexts each context may import. Root files (src/*.ts) are composition roots, like cli. */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  identity: ['shared'],
  reference: ['shared', 'identity'],
  synth: ['shared', 'identity', 'intake'],
  access: ['shared'],
  dispensing: ['shared', 'identity'],
  intake: ['shared', 'identity', 'reference', 'dispensing'],
  statistics: ['shared', 'reference', 'dispensing'],
  extracts: ['shared', 'identity', 'reference', 'dispensing', 'statistics'],
  server: ['shared', 'identity', 'reference', 'access', 'dispensing', 'intake', 'statistics', 'extracts'],
  cli: ['*'],
  bench: ['*'],
  root: ['*'],
};

/** Files that hold or use key material: only these may import them. */
const KEY_MATERIAL = ['identity/vault/keyring.ts', 'identity/vault/cipher.ts'];
/** The identity context's public surface; other contexts import it, not its insides. */
const IDENTITY_PUBLIC = ['identity/index.ts'];
/** Packages only adapters may use. */
const ADAPTER_PACKAGES: Record<string, readonly string[]> = {
  hono: ['server'],
  '@hono/node-server': ['server'],
  commander: ['cli'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function contextOf(rel: string): string {
  return rel.includes('/') ? rel.split('/')[0]! : 'root';
}

interface Edge {
  from: string;
  spec: string;
  target?: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) {
        const target = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        out.push({ from, spec, target });
      } else out.push({ from, spec });
    }
  }
  return out;
}

/** Imports that cross from one context into another it may not depend on. */
function crossContextViolations(list: readonly Edge[]): string[] {
  return list
    .filter((e) => e.target)
    .filter((e) => {
      const a = contextOf(e.from);
      const b = contextOf(e.target!);
      const allowed = ALLOWED[a] ?? [];
      return a !== b && !allowed.includes('*') && !allowed.includes(b);
    })
    .map((e) => `${e.from} → ${e.target!}`);
}

const all = edges();

describe('architecture: dependency rules', () => {
  it('finds the source files and their imports', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((e) => e.target === 'identity/index.ts')).toBe(true);
  });

  it('contexts depend only on the contexts they are allowed to', () => {
    expect(crossContextViolations(all)).toEqual([]);
  });

  it('only the identity vault imports key material', () => {
    const bad = all.filter((e) => e.target && KEY_MATERIAL.includes(e.target) && !e.from.startsWith('identity/vault/')).map((e) => `${e.from} → ${e.target!}`);
    expect(bad).toEqual([]);
  });

  it('other contexts reach the identity context only through its public index', () => {
    const bad = all
      .filter((e) => e.target?.startsWith('identity/') && !e.from.startsWith('identity/'))
      .filter((e) => !IDENTITY_PUBLIC.includes(e.target!))
      .map((e) => `${e.from} → ${e.target!}`);
    expect(bad).toEqual([]);
  });

  it('only the identity context does symmetric encryption or key derivation', () => {
    // shared/envelope.ts encrypts files to a recipient under a fresh random key per file, wrapped with
    // the recipient's RSA key: it never sees a register key.
    const RECIPIENT_ENCRYPTION = ['shared/envelope.ts'];
    const bad = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith('identity/') && !f.endsWith('.test.ts') && !RECIPIENT_ENCRYPTION.includes(f))
      .filter((f) => /\b(createCipheriv|createDecipheriv|hkdfSync|hkdf)\b/.test(readFileSync(join(SRC, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it('HTTP and CLI frameworks stay in their adapters', () => {
    const bad = all
      .filter((e) => !e.target)
      .filter((e) => {
        const pkg = Object.keys(ADAPTER_PACKAGES).find((p) => e.spec === p || e.spec.startsWith(`${p}/`));
        return pkg && !ADAPTER_PACKAGES[pkg]!.includes(contextOf(e.from));
      })
      .map((e) => `${e.from} → ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it("nothing deletes dispensing rows: the intake's key look-up relies on their rowids never changing", () => {
    // intake/pipeline/apply.ts (STORE_EXTENT) looks a staged chunk's keys up among the rows committed
    // since by rowid; DuckDB renumbers a table's rows only when it drops or merges row groups after deletes.
    const bad = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /\b(DELETE\s+FROM|TRUNCATE)\s+(TABLE\s+)?(dispensing\.)?dispensing\b(?!\.)/i.test(readFileSync(join(SRC, f), 'utf8')));
    expect(bad).toEqual([]);
  });

  it("the CLI, every way the register runs, sets DuckDB's allocator before anything else is imported", () => {
    const firstImport = /^import\s+[^;]*?['"]([^'"]+)['"]/m.exec(readFileSync(join(SRC, 'cli', 'main.ts'), 'utf8'))?.[1];
    expect(firstImport).toBe('../shared/allocator.js');
  });

  it('the checker flags forbidden edges and passes allowed ones', () => {
    const fake: Edge[] = [
      { from: 'reference/x.ts', spec: '../server/app.js', target: 'server/app.ts' },
      { from: 'shared/y.ts', spec: '../identity/index.js', target: 'identity/index.ts' },
      { from: 'server/z.ts', spec: '../reference/lookups.js', target: 'reference/lookups.ts' },
      { from: 'cli/w.ts', spec: '../synth/nation.js', target: 'synth/nation.ts' },
    ];
    expect(crossContextViolations(fake)).toEqual(['reference/x.ts → server/app.ts', 'shared/y.ts → identity/index.ts']);
  });
});
