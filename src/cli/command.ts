import type { Command } from 'commander';
import { dataLayout, type DataLayout } from '../shared/config.js';
import { LmrError, issue } from '../shared/outcome.js';
import { createOut, fail, type Out } from './output.js';

export interface Globals {
  layout: DataLayout;
  out: Out;
}

function globals(cmd: Command): Globals {
  const o = cmd.optsWithGlobals<{ data: string; json?: boolean }>();
  return { layout: dataLayout(o.data), out: createOut(Boolean(o.json)) };
}

/** Wraps an action so every failure goes through `fail`. */
export function action<A extends unknown[]>(fn: (g: Globals, ...args: A) => Promise<void>) {
  return async function (this: Command, ...args: A): Promise<void> {
    const g = globals(this);
    try {
      await fn(g, ...args);
    } catch (err) {
      fail(err, g.out.json);
    }
  };
}

export function intArg(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new LmrError(issue('invalid', `${name} must be an integer ≥ ${min}`, { path: name }));
    return n;
  };
}

