import { test } from 'vitest';
import { writePeople, writeGeneralCodeLists } from './index.js';
test('scratch', async () => {
  const t = Date.now();
  const r = await writePeople({ persons: 20000, seed: 's1', outDir: '/tmp/scratch/out1', asOf: '2025-01-01' });
  console.log(r, Date.now() - t);
  await writeGeneralCodeLists('/tmp/scratch/out1/codelists');
});
