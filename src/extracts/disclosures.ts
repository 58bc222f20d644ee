import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The disclosure log, read: every delivery to a project (extract, key file, sample), when, under which
 * approval, about how many persons, and, on request, which (by internal id). The citizen service reads
 * the same tables by internal id to tell a person who received data about them.
 */

export interface Delivery {
  deliveryId: string;
  kind: string;
  deliveredAt: string;
  projectVersion: number;
  approvalReference: string;
  dataState: string;
  dataAsOf: string | null;
  persons: number;
  prescribers: number;
  rows: number;
  recipient: string | null;
  manifestSha256: string | null;
  detail: unknown;
  personIds?: string[];
}

export async function listDisclosures(conn: DuckDBConnection, projectId: string, options: { persons?: boolean } = {}): Promise<{ project: string; deliveries: Delivery[] }> {
  const rows = (await conn.runAndReadAll(
    `SELECT delivery_id, kind, strftime(delivered_at, '%Y-%m-%dT%H:%M:%S'), project_version, approval_reference, data_state,
       strftime(data_as_of, '%Y-%m-%dT%H:%M:%S.%f'), persons, prescribers, rows, recipient, manifest_sha256, detail::VARCHAR
     FROM extracts.disclosure WHERE project_id = $p::VARCHAR ORDER BY delivered_at, delivery_id`,
    { p: projectId },
  )).getRowsJS() as [string, string, string, number, string, string, string | null, bigint, bigint, bigint, string | null, string | null, string][];
  const deliveries: Delivery[] = [];
  for (const r of rows) {
    const d: Delivery = {
      deliveryId: r[0], kind: r[1], deliveredAt: r[2], projectVersion: r[3], approvalReference: r[4], dataState: r[5], dataAsOf: r[6],
      persons: Number(r[7]), prescribers: Number(r[8]), rows: Number(r[9]), recipient: r[10], manifestSha256: r[11], detail: JSON.parse(r[12]) as unknown,
    };
    if (options.persons) {
      d.personIds = ((await conn.runAndReadAll(
        `SELECT internal_id::VARCHAR FROM extracts.disclosure_person WHERE delivery_id = $d::VARCHAR AND role = 'patient' ORDER BY internal_id`,
        { d: r[0] },
      )).getRowsJS() as [string][]).map(([id]) => id);
    }
    deliveries.push(d);
  }
  return { project: projectId, deliveries };
}

/** What a delivery records (the log adds the time). */
export type DisclosureRecord = Omit<Delivery, 'deliveredAt' | 'personIds' | 'kind'> & { projectId: string; kind: 'extract' | 'key-file' | 'sample' };

/**
 * Records a delivery and the persons it was about, in one transaction (the caller's, when open).
 * `patients` and `prescribers` are SQL queries of one column of internal ids, on the caller's connection.
 */
export async function recordDisclosure(conn: DuckDBConnection, r: DisclosureRecord, who: { patients: string; prescribers?: string }): Promise<void> {
  await conn.run(
    `INSERT INTO extracts.disclosure VALUES ($id::VARCHAR, $p::VARCHAR, $v::INTEGER, $ref::VARCHAR, $kind::VARCHAR, now()::TIMESTAMP, $state::VARCHAR,
       $asof::TIMESTAMP, $persons::BIGINT, $prescribers::BIGINT, $rows::BIGINT, $recipient::VARCHAR, $mh::VARCHAR, $detail::JSON)`,
    {
      id: r.deliveryId, p: r.projectId, v: r.projectVersion, ref: r.approvalReference, kind: r.kind, state: r.dataState, asof: r.dataAsOf, persons: r.persons,
      prescribers: r.prescribers, rows: r.rows, recipient: r.recipient, mh: r.manifestSha256, detail: JSON.stringify(r.detail),
    },
  );
  await conn.run(`INSERT INTO extracts.disclosure_person SELECT DISTINCT $id::VARCHAR, 'patient', id FROM (${who.patients}) t(id)`, { id: r.deliveryId });
  if (who.prescribers) await conn.run(`INSERT INTO extracts.disclosure_person SELECT DISTINCT $id::VARCHAR, 'prescriber', id FROM (${who.prescribers}) t(id)`, { id: r.deliveryId });
}
