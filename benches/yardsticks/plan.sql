-- Yardstick for `hipaa-ra actions export`: the plan's columns joined in SQLite alone, one
-- row per action of the current assessment by due date (undated last), then id. Run as
-- `sqlite3 -csv WORKSPACE < plan.sql` or through rusqlite (no dot-commands). Labels are the
-- stored keys; the due history is the moves joined, not the sentence the plan prints.
WITH current AS (
    SELECT CAST(value AS INTEGER) AS id FROM settings WHERE key = 'current_assessment'
)
SELECT 'DRAFT' AS analysis_status, x.id AS action_id, x.risk_id, r.threat AS risk, x.title AS action,
       coalesce(p.name, '') AS owner, coalesce(x.due_on, '') AS due_on, x.status,
       CASE WHEN x.status IN ('planned', 'in_progress') AND x.due_on < date('now') THEN 'true' ELSE 'false' END
           AS overdue,
       x.effort, x.cost_estimate,
       coalesce((SELECT group_concat(coalesce(m.to_on, 'no date') || ': ' || m.reason, ', ') FROM (
           SELECT to_on, reason FROM action_due_moves WHERE action_id = x.id ORDER BY id) m), '') AS due_history,
       CASE WHEN a.id IS NULL THEN '' ELSE a.name || ': ' || x.asset_field || ' = ' || x.asset_value END AS changes
  FROM actions x
  JOIN risks r ON r.id = x.risk_id
  JOIN current c ON r.assessment_id = c.id
  LEFT JOIN people p ON p.id = x.owner_id
  LEFT JOIN assets a ON a.id = x.asset_id
 ORDER BY x.due_on IS NULL, x.due_on, x.id;
