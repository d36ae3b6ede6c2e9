-- Yardstick for `hipaa-ra risks export`: the register's columns joined in SQLite alone, one
-- row per scenario of the current assessment in the register's order (level, then records
-- affected, then id). Run as `sqlite3 -csv WORKSPACE < register.sql` (CSV out) or by the
-- bench through rusqlite (no dot-commands here). Labels of treatments and sources are the
-- stored keys and the status is a constant: SQLite cannot know the findings, so this is
-- the floor of reading and joining the same rows, not a second implementation.
WITH current AS (
    SELECT CAST(value AS INTEGER) AS id FROM settings WHERE key = 'current_assessment'
),
matrix AS MATERIALIZED (
    SELECT a.matrix AS m FROM assessments a JOIN current c ON a.id = c.id
),
-- The matrix read once into small tables: its cells and the labels of its three scales.
cells AS MATERIALIZED (
    SELECT CAST(l.key AS INTEGER) AS li, CAST(i.key AS INTEGER) AS ii, i.value AS level
      FROM matrix, json_each(matrix.m, '$.cells') l, json_each(l.value) i
),
likelihoods AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS ix, json_extract(value, '$.label') AS label
      FROM matrix, json_each(matrix.m, '$.rows.levels')
),
impacts AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS ix, json_extract(value, '$.label') AS label
      FROM matrix, json_each(matrix.m, '$.columns.levels')
),
results AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS ix, json_extract(value, '$.label') AS label
      FROM matrix, json_each(matrix.m, '$.results.levels')
),
scope AS MATERIALIZED (
    SELECT a.id, a.record_count FROM assets a JOIN current c ON a.assessment_id = c.id
     WHERE NOT EXISTS (SELECT 1 FROM retired_assets x WHERE x.asset_id = a.id)
),
rows AS (
    SELECT r.*,
        (SELECT group_concat(name, '; ') FROM (
            SELECT a.name FROM risk_assets ra JOIN assets a ON a.id = ra.asset_id
             WHERE ra.risk_id = r.id ORDER BY a.id)) AS asset_names,
        CASE WHEN EXISTS (SELECT 1 FROM risk_assets ra WHERE ra.risk_id = r.id)
             THEN (SELECT max(a.record_count) FROM risk_assets ra JOIN assets a ON a.id = ra.asset_id
                    WHERE ra.risk_id = r.id
                      AND NOT EXISTS (SELECT 1 FROM retired_assets x WHERE x.asset_id = a.id))
             ELSE (SELECT max(record_count) FROM scope)
        END AS records,
        (SELECT level FROM cells WHERE li = r.likelihood AND ii = r.impact) AS level_index,
        (SELECT level FROM cells WHERE li = r.residual_likelihood AND ii = r.residual_impact) AS residual_index,
        coalesce((SELECT name FROM people p WHERE p.id = r.owner_id), '') AS owner,
        (SELECT count(*) FROM actions x WHERE x.risk_id = r.id AND x.status IN ('planned', 'in_progress'))
            AS open_actions,
        (SELECT group_concat(value, '; ') FROM json_each(r.citations)) AS citation_list
      FROM risks r JOIN current c ON r.assessment_id = c.id
)
SELECT 'DRAFT' AS analysis_status,
       row_number() OVER (ORDER BY level_index DESC NULLS LAST, records DESC NULLS LAST, id) AS rank,
       id AS risk_id, threat, vulnerability, coalesce(asset_names, '') AS assets, records AS records_affected,
       (SELECT label FROM likelihoods WHERE ix = likelihood) AS likelihood,
       (SELECT label FROM impacts WHERE ix = impact) AS impact,
       (SELECT label FROM results WHERE ix = level_index) AS level,
       treatment, owner,
       (SELECT label FROM results WHERE ix = residual_index) AS residual_level,
       open_actions, coalesce(citation_list, '') AS citations,
       likelihood_rationale, impact_rationale, notes, existing_controls
  FROM rows
 ORDER BY rank;
