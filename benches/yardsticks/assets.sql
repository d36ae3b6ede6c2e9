-- Yardstick for `hipaa-ra assets export`: this year's scope (assets of the current
-- assessment not retired) with every column the inventory CSV has and the owner's name, by
-- name then id. Run as `sqlite3 -csv WORKSPACE < assets.sql` or through rusqlite (no
-- dot-commands). Values are the stored ones (keys, not labels).
WITH current AS (
    SELECT CAST(value AS INTEGER) AS id FROM settings WHERE key = 'current_assessment'
)
SELECT 'DRAFT' AS analysis_status, a.id, a.name, a.kind, a.description, a.location,
       coalesce(p.name, '') AS owner, a.ephi_create, a.ephi_receive, a.ephi_maintain, a.ephi_transmit,
       a.record_count, a.criticality, a.encrypted_at_rest, a.last_reviewed, a.notes,
       a.vendor_services, a.baa_status, a.baa_date, a.serial_number
  FROM assets a
  JOIN current c ON a.assessment_id = c.id
  LEFT JOIN people p ON p.id = a.owner_id
 WHERE NOT EXISTS (SELECT 1 FROM retired_assets x WHERE x.asset_id = a.id)
 ORDER BY a.name, a.id;
