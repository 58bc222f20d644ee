import { BulkLoader, type DuckDBConnection } from '../../shared/duckdb.js';
import { parseFest } from '../fest/fest-parser.js';
import { applyStaged, dropStages, type ImportContext, type ImportReport } from './common.js';

const STAGES = ['_stage_pack', '_stage_price', '_stage_merkevare', '_stage_strength', '_stage_substance', '_stage_dose'];

/**
 * Imports a FEST catalogue. The file is streamed into staging tables; nothing touches the live tables
 * until the whole file has parsed without errors, and then everything is applied in one transaction.
 * Products keep a history of their attribute versions; prices accumulate as periods.
 */
export async function importFest(conn: DuckDBConnection, file: string, ctx: ImportContext): Promise<ImportReport> {
  const started = new Date();
  await dropStages(conn, STAGES);
  await conn.run(`
    CREATE TABLE _stage_pack (line BIGINT, fest_id VARCHAR, ts VARCHAR, status VARCHAR, varenr VARCHAR, name VARCHAR, atc VARCHAR,
      atc_name VARCHAR, reseptgruppe VARCHAR, form_code VARCHAR, form_name VARCHAR, merkevare_ref VARCHAR, pakningsstr VARCHAR,
      pack_unit VARCHAR, antall DOUBLE, mengde DOUBLE, ddd_value DOUBLE, ddd_unit VARCHAR, statistikkfaktor DOUBLE);
    CREATE TABLE _stage_price (varenr VARCHAR, price_type VARCHAR, amount DOUBLE, currency VARCHAR, valid_from VARCHAR);
    CREATE TABLE _stage_merkevare (fest_id VARCHAR, atc VARCHAR, name VARCHAR, varenavn VARCHAR, first_strength VARCHAR);
    CREATE TABLE _stage_strength (fest_id VARCHAR, substance_ref VARCHAR, value DOUBLE, unit VARCHAR, den_value DOUBLE, den_unit VARCHAR);
    CREATE TABLE _stage_substance (fest_id VARCHAR, name VARCHAR, name_en VARCHAR, atc VARCHAR);
    CREATE TABLE _stage_dose (fest_id VARCHAR, atc VARCHAR, name VARCHAR, lmr_lopenr VARCHAR, amount DOUBLE, unit VARCHAR, pack_ref VARCHAR, merkevare_ref VARCHAR);
  `);
  const packs = await BulkLoader.create(conn, '_stage_pack');
  const prices = await BulkLoader.create(conn, '_stage_price');
  const merkevarer = await BulkLoader.create(conn, '_stage_merkevare');
  const strengths = await BulkLoader.create(conn, '_stage_strength');
  const substances = await BulkLoader.create(conn, '_stage_substance');
  const doses = await BulkLoader.create(conn, '_stage_dose');
  ctx.progress.start('FEST entries', 0);
  let seen = 0;
  let result;
  try {
    result = await parseFest(file, {
      pack(p) {
        packs.append([p.line, p.festId, p.timestamp, p.status, p.varenr, p.name, p.atc, p.atcName, p.reseptgruppe, p.formCode,
          p.formName, p.merkevareRef, p.pakningsstr, p.packUnit, p.antall, p.mengde, p.dddValue, p.dddUnit, p.statistikkfaktor]);
        for (const pr of p.prices) prices.append([p.varenr, pr.type, pr.amount, pr.currency, pr.validFrom]);
        if (++seen % 5000 === 0) ctx.progress.update(seen);
      },
      merkevare: (m) => merkevarer.append([m.festId, m.atc, m.name, m.varenavn, m.strengthRefs[0] ?? null]),
      strength: (s) => strengths.append([s.festId, s.substanceRef, s.value, s.unit, s.denominatorValue, s.denominatorUnit]),
      substance: (s) => substances.append([s.festId, s.name, s.nameEnglish, s.atc]),
      dose: (d) => doses.append([d.festId, d.atc, d.name, d.lmrLopenr, d.amount, d.unit, d.packRef, d.merkevareRef]),
    });
  } finally {
    for (const l of [packs, prices, merkevarer, strengths, substances, doses]) l.close();
    ctx.progress.stop();
  }
  try {
    const details = { packs: packs.count, prices: prices.count, merkevarer: merkevarer.count, substances: substances.count, doses: doses.count };
    return await applyStaged(conn, { source: 'fest', file, rows: packs.count, warnings: result.issues, details }, started, () => applyFest(conn));
  } finally {
    await dropStages(conn, STAGES);
  }
}

async function applyFest(conn: DuckDBConnection): Promise<void> {
  // The newest entry per product wins; strength from the merkevare's first substance, else from the name.
  await conn.run(`
    CREATE OR REPLACE TEMP TABLE _new_product AS
    WITH latest AS (
      SELECT * FROM _stage_pack QUALIFY row_number() OVER (PARTITION BY varenr ORDER BY ts DESC NULLS LAST, line DESC) = 1
    ), strength AS (
      SELECT p.*,
        st.value AS m_value, st.unit AS m_unit, st.den_value AS m_den_value, st.den_unit AS m_den_unit,
        regexp_extract(p.name, '(\\d+(?:[.,]\\d+)?)\\s*(mg|mikrog|µg|mcg|g|IE|E|mmol)(?:\\s*/\\s*(\\d+(?:[.,]\\d+)?)?\\s*(ml|dose|g))?(?:\\s|,|$)',
          ['v', 'u', 'dv', 'du']) AS parsed
      FROM latest p
      LEFT JOIN _stage_merkevare m ON m.fest_id = p.merkevare_ref
      LEFT JOIN _stage_strength st ON st.fest_id = m.first_strength
    ), s2 AS (
      SELECT *,
        coalesce(m_value, TRY_CAST(replace(nullif(parsed.v, ''), ',', '.') AS DOUBLE)) AS strength_value,
        CASE WHEN m_value IS NOT NULL THEN m_unit ELSE nullif(parsed.u, '') END AS strength_unit,
        CASE WHEN m_value IS NOT NULL THEN m_den_value
             WHEN nullif(parsed.du, '') IS NOT NULL THEN coalesce(TRY_CAST(replace(nullif(parsed.dv, ''), ',', '.') AS DOUBLE), 1) END AS den_value,
        CASE WHEN m_value IS NOT NULL THEN m_den_unit ELSE nullif(parsed.du, '') END AS den_unit,
        CASE WHEN antall IS NOT NULL AND mengde IS NOT NULL THEN antall * mengde ELSE coalesce(mengde, antall) END AS pack_size
      FROM strength
    ), amount AS (
      -- active substance per pack, in the strength unit
      SELECT s2.*,
        CASE
          WHEN strength_value IS NULL OR pack_size IS NULL THEN NULL
          WHEN den_unit IS NULL AND (pu.unit IS NULL OR pu.dimension NOT IN ('mass', 'volume')) THEN pack_size * strength_value
          WHEN den_unit IS NOT NULL AND den_value > 0 AND pu.dimension IS NOT NULL AND pu.dimension = du.dimension
            THEN pack_size * pu.factor / (den_value * du.factor) * strength_value
          WHEN den_unit IS NOT NULL AND den_value > 0 AND lower(den_unit) = lower(s2.pack_unit) THEN pack_size / den_value * strength_value
        END AS substance_amount
      FROM s2
      LEFT JOIN unit_factor pu ON pu.unit = s2.pack_unit
      LEFT JOIN unit_factor du ON du.unit = s2.den_unit
    )
    SELECT a.varenr, a.fest_id, a.name, a.atc, a.atc_name, a.reseptgruppe, a.form_code, a.form_name, a.pakningsstr, a.pack_unit,
      a.antall, a.mengde, a.pack_size, a.ddd_value, a.ddd_unit, a.statistikkfaktor,
      a.strength_value, a.strength_unit, a.den_value AS strength_denominator_value, a.den_unit AS strength_denominator_unit,
      CASE WHEN a.substance_amount IS NOT NULL AND a.ddd_value > 0 AND su.dimension = dd.dimension
           THEN round(a.substance_amount * su.factor / (a.ddd_value * dd.factor), 4) END AS ddd_per_pack,
      a.status, a.ts AS fest_timestamp, current_timestamp::TIMESTAMP AS updated_at
    FROM amount a
    LEFT JOIN unit_factor su ON su.unit = a.strength_unit
    LEFT JOIN unit_factor dd ON dd.unit = a.ddd_unit;
  `);
  // History: close versions that changed, open a version for every new or changed product.
  await conn.run(`
    CREATE OR REPLACE TEMP TABLE _changed AS
    SELECT n.* FROM _new_product n
    LEFT JOIN product_history h ON h.varenr = n.varenr AND h.recorded_to IS NULL
    WHERE h.varenr IS NULL
       OR h.name IS DISTINCT FROM n.name OR h.atc IS DISTINCT FROM n.atc OR h.reseptgruppe IS DISTINCT FROM n.reseptgruppe
       OR h.pack_size IS DISTINCT FROM n.pack_size OR h.pack_unit IS DISTINCT FROM n.pack_unit
       OR h.ddd_value IS DISTINCT FROM n.ddd_value OR h.ddd_unit IS DISTINCT FROM n.ddd_unit
       OR h.ddd_per_pack IS DISTINCT FROM n.ddd_per_pack OR h.status IS DISTINCT FROM n.status;
    UPDATE product_history SET recorded_to = current_timestamp::TIMESTAMP
      WHERE recorded_to IS NULL AND varenr IN (SELECT varenr FROM _changed);
    INSERT INTO product_history
      SELECT varenr, name, atc, reseptgruppe, pack_size, pack_unit, ddd_value, ddd_unit, ddd_per_pack, status, fest_timestamp,
             current_timestamp::TIMESTAMP, NULL FROM _changed;
    DELETE FROM product WHERE varenr IN (SELECT varenr FROM _new_product);
    INSERT INTO product BY NAME SELECT * FROM _new_product;
    INSERT INTO price
      SELECT DISTINCT s.varenr, s.price_type, s.amount, s.currency, TRY_CAST(s.valid_from AS DATE) FROM _stage_price s
      WHERE NOT EXISTS (SELECT 1 FROM price p WHERE p.varenr = s.varenr AND p.price_type = s.price_type
                        AND p.valid_from IS NOT DISTINCT FROM TRY_CAST(s.valid_from AS DATE) AND p.amount = s.amount);
    DELETE FROM substance WHERE fest_id IN (SELECT fest_id FROM _stage_substance);
    INSERT INTO substance SELECT DISTINCT ON (fest_id) fest_id, name, name_en, atc FROM _stage_substance;
    DELETE FROM dose_unit WHERE fest_id IN (SELECT fest_id FROM _stage_dose);
    INSERT INTO dose_unit SELECT * FROM _stage_dose;
    DROP TABLE _changed; DROP TABLE _new_product;
  `);
}
