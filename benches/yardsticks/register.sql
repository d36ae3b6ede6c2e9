-- The yardstick of `risks export` and `report`: the risk register of the open assessment
-- (the same columns as `risks export` CSV) in one query. The benches run it through
-- rusqlite and write its rows as CSV text. (Written by the bench helper; the `exports`
-- helper's version replaces it at the merge.)
WITH current AS (
    SELECT CAST(value AS INTEGER) AS id FROM settings WHERE key = 'current_assessment'
), matrix AS MATERIALIZED (
    SELECT matrix AS m FROM assessments WHERE id = (SELECT id FROM current)
), rows_ AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$.label') AS label
    FROM json_each((SELECT m FROM matrix), '$.rows.levels')
), columns_ AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$.label') AS label
    FROM json_each((SELECT m FROM matrix), '$.columns.levels')
), results AS MATERIALIZED (
    SELECT CAST(key AS INTEGER) AS i, json_extract(value, '$.label') AS label
    FROM json_each((SELECT m FROM matrix), '$.results.levels')
), cells AS MATERIALIZED (
    SELECT CAST(r.key AS INTEGER) AS likelihood, CAST(c.key AS INTEGER) AS impact, c.value AS level
    FROM json_each((SELECT m FROM matrix), '$.cells') r, json_each(r.value) c
), register AS (
    SELECT r.*, cell.level AS level_index, residual.level AS residual_index
    FROM risks r
    LEFT JOIN cells cell ON cell.likelihood = r.likelihood AND cell.impact = r.impact
    LEFT JOIN cells residual ON residual.likelihood = r.residual_likelihood AND residual.impact = r.residual_impact
    WHERE r.assessment_id = (SELECT id FROM current)
), linked AS MATERIALIZED (
    SELECT ra.risk_id, group_concat(a.name, '; ') AS names, sum(a.record_count) AS records
    FROM risk_assets ra JOIN assets a ON a.id = ra.asset_id
    WHERE a.assessment_id = (SELECT id FROM current)
    GROUP BY ra.risk_id
), open_actions AS MATERIALIZED (
    SELECT risk_id, count(*) AS open FROM actions WHERE status NOT IN ('done', 'verified') GROUP BY risk_id
)
SELECT 'DRAFT' AS analysis_status,
       row_number() OVER (ORDER BY r.level_index DESC NULLS LAST, r.likelihood DESC, r.impact DESC, r.id) AS rank,
       r.id AS risk_id,
       r.threat,
       r.vulnerability,
       linked.names AS assets,
       linked.records AS records_affected,
       (SELECT label FROM rows_ WHERE i = r.likelihood) AS likelihood,
       (SELECT label FROM columns_ WHERE i = r.impact) AS impact,
       (SELECT label FROM results WHERE i = r.level_index) AS level,
       r.treatment,
       (SELECT p.name FROM people p WHERE p.id = r.owner_id) AS owner,
       (SELECT label FROM results WHERE i = r.residual_index) AS residual_level,
       coalesce(open_actions.open, 0) AS open_actions,
       (SELECT group_concat(c.value, '; ') FROM json_each(r.citations) c) AS citations,
       r.likelihood_rationale,
       r.impact_rationale,
       r.notes,
       r.existing_controls
FROM register r
LEFT JOIN linked ON linked.risk_id = r.id
LEFT JOIN open_actions ON open_actions.risk_id = r.id
ORDER BY rank;
