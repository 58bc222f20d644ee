/** A small hand-made table for the api tests (not a test file itself). */
import type { TableDefinition } from './table.js';
import type { CellLookup } from './render.js';

const t = (nb: string, en = nb): { nb: string; en: string } => ({ nb, en });

export const TABLE: TableDefinition = {
  id: 7,
  title: t('Legemiddelbrukere', 'Drug users'),
  publishedAt: '2024-03-01T08:00:00Z',
  modifiedAt: '2024-06-20T08:00:00Z',
  dimensions: [
    { code: 'AAR', label: t('År', 'Year'), role: 'time', categories: [{ code: '2022', label: t('2022') }, { code: '2023', label: t('2023') }] },
    {
      code: 'ATC',
      label: t('Legemiddel', 'Drug'),
      categories: [
        { code: 'A', label: t('Fordøyelsesorganer', 'Alimentary tract') },
        { code: 'N', label: t('Nervesystemet', 'Nervous system') },
        { code: 'N02', label: t('Analgetika', 'Analgesics'), parent: 'N' },
        { code: 'N02A', label: t('Opioider', 'Opioids'), parent: 'N02' },
        { code: 'N02B', label: t('Andre analgetika; antipyretika', 'Other analgesics'), parent: 'N02' },
        { code: 'N05', label: t('Psykoleptika "N05"', 'Psycholeptics'), parent: 'N' },
      ],
    },
    {
      code: 'KJONN',
      label: t('Kjønn', 'Sex'),
      categories: [{ code: '0', label: t('Begge kjønn', 'Both sexes') }, { code: '1', label: t('Menn', 'Men'), parent: '0' }, { code: '2', label: t('Kvinner', 'Women'), parent: '0' }],
    },
    {
      code: 'MEASURE_TYPE',
      label: t('Måltall', 'Measure'),
      categories: [{ code: 'BRUKERE', label: t('Antall brukere', 'Users') }, { code: 'DDD', label: t('Definerte døgndoser', 'DDD') }],
    },
  ],
  flags: [
    { symbol: ':', label: t('Skjult av personvernhensyn', 'Suppressed for privacy') },
    { symbol: '..', label: t('Mangler data', 'No data') },
  ],
  metadata: [{ header: t('Om tabellen', 'About'), content: t('Brukere per år.', 'Users per year.') }],
};

/** Cell values: users = 100·year-offset + atc index·10 + sex; DDD = users·2.5. N02A for women is suppressed. */
export const lookup: CellLookup = ([year, atc, sex, measure]) => {
  if (atc === 'N02A' && sex === '2') return { flag: ':' };
  if (atc === 'A' && measure === 'DDD' && year === '2022') return { flag: '..' };
  const atcIndex = ['A', 'N', 'N02', 'N02A', 'N02B', 'N05'].indexOf(atc!);
  const users = (year === '2023' ? 100 : 0) + atcIndex * 10 + Number(sex);
  return measure === 'DDD' ? users * 2.5 : users;
};
