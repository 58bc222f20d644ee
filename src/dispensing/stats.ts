import type { DuckDBConnection } from '../shared/duckdb.js';

export interface DispensingStats {
  /** every stored version, current or not */
  versions: number;
  /** dispensings in current data (current and not cancelled) */
  current: number;
  cancelled: number;
  /** keys (pharmacy, ref) with more than one version */
  corrected: number;
  patients: number;
  messages: number;
  stoppedMessages: number;
  events: number;
  firstDate: string | null;
  lastDate: string | null;
}

/** Counts of the dispensing store: what an operator checks after an ingest. */
export async function dispensingStats(conn: DuckDBConnection): Promise<DispensingStats> {
  const r = (
    await conn.runAndReadAll(`
      SELECT
        (SELECT count(*) FROM dispensing.dispensing)::BIGINT AS versions,
        (SELECT count(*) FROM dispensing.dispensing WHERE current AND NOT cancelled)::BIGINT AS current,
        (SELECT count(*) FROM dispensing.dispensing WHERE current AND cancelled)::BIGINT AS cancelled,
        (SELECT count(*) FROM (SELECT pharmacy, ref FROM dispensing.dispensing GROUP BY ALL HAVING count(*) > 1))::BIGINT AS corrected,
        (SELECT count(DISTINCT patient_id) FROM dispensing.dispensing WHERE current AND NOT cancelled)::BIGINT AS patients,
        (SELECT count(*) FROM dispensing.intake_message)::BIGINT AS messages,
        (SELECT count(*) FROM dispensing.intake_message WHERE status = 'stopped')::BIGINT AS stopped,
        (SELECT count(*) FROM dispensing.intake_event)::BIGINT AS events,
        (SELECT strftime(min(dispensed_on), '%Y-%m-%d') FROM dispensing.dispensing) AS first_date,
        (SELECT strftime(max(dispensed_on), '%Y-%m-%d') FROM dispensing.dispensing) AS last_date`)
  ).getRowsJS()[0]!;
  const n = (v: unknown): number => Number(v);
  return {
    versions: n(r[0]), current: n(r[1]), cancelled: n(r[2]), corrected: n(r[3]), patients: n(r[4]), messages: n(r[5]),
    stoppedMessages: n(r[6]), events: n(r[7]), firstDate: (r[8] as string | null) ?? null, lastDate: (r[9] as string | null) ?? null,
  };
}
