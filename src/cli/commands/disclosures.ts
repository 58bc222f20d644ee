import type { Command } from 'commander';
import { registerDisclosures } from './extract.js';

export function register(program: Command): void {
  registerDisclosures(program);
}
