//! Fills the model's grouped views (`grouping.rs`) and annexes once the rest of the
//! model is built: which scenarios a large report prints in full, the group rows of the
//! others, the inventory by kind, the plan by action, the summary's top groups and
//! overdue table, and the CSV files attached to the PDF. Thresholds: `thresholds.rs`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use super::grouping::*;
use super::model::{Band, PlanRow, ReportModel};
use super::thresholds::{self, FULL_FROM_BAND, FULL_SCENARIOS_MAX, KEY_ASSETS_SHOWN, SUMMARY_ROWS, VENDORS_SHOWN};
use crate::domain::order::name_order;
use crate::domain::{Asset, AssetKind, Criticality, Encryption, Id, Workspace};

const NOT_SCORED: &str = "Not scored";

/// Adds the grouping, the summary's tables and the annexes to a built model; `attach`:
/// with the annexes' files compressed, for a PDF.
pub fn complete(model: &mut ReportModel, workspace: &Workspace, attach: bool) {
    let scenarios = model.scenarios.len() > thresholds::GROUP_SCENARIOS_ABOVE;
    let inventory = model.assets.len() > thresholds::GROUP_ASSETS_ABOVE;
    let mut grouping = Grouping {
        scenarios,
        inventory,
        explanation: thresholds::explanation(scenarios, inventory),
        ..Grouping::default()
    };
    if scenarios {
        group_scenarios(model, workspace, &mut grouping);
        grouping.action_groups = action_groups(&model.plan);
        grouping.accepted_groups = accepted_groups(model);
    }
    if inventory {
        group_inventory(model, workspace, &mut grouping);
    }
    model.summary.top_groups = top_groups(model, workspace);
    model.summary.overdue = overdue(&model.plan);
    model.grouping = grouping;
    model.annexes = annexes(model, workspace, attach);
}

/// The level of a scenario as (sort key, label, band): highest first, unscored last.
fn level_of(score: Option<&super::model::Score>) -> (usize, String, Option<Band>) {
    match score {
        Some(score) => (
            usize::MAX - score.level_index,
            score.level.to_string(),
            Some(score.band),
        ),
        None => (usize::MAX, NOT_SCORED.to_string(), None),
    }
}

/// The kind of a scenario's assets: their one kind, "Several kinds", or "Practice-wide".
fn kind_of(asset_ids: &[Id], kinds: &HashMap<Id, AssetKind>) -> String {
    let found: BTreeSet<AssetKind> = asset_ids.iter().filter_map(|id| kinds.get(id).copied()).collect();
    match found.len() {
        0 => "Practice-wide".to_string(),
        1 => found.iter().next().map(ToString::to_string).unwrap_or_default(),
        _ => "Several kinds".to_string(),
    }
}

fn group_scenarios(model: &ReportModel, workspace: &Workspace, grouping: &mut Grouping) {
    // The highest scenarios in register order, up to the cap, are printed in full.
    let high: Vec<Id> = model
        .register
        .iter()
        .filter(|row| row.score.as_ref().is_some_and(|score| score.band >= FULL_FROM_BAND))
        .map(|row| row.risk_id)
        .collect();
    grouping.high_in_groups = high.len().saturating_sub(FULL_SCENARIOS_MAX);
    grouping.full_scenarios = high.into_iter().take(FULL_SCENARIOS_MAX).collect();
    let full: BTreeSet<Id> = grouping.full_scenarios.iter().copied().collect();

    // Every asset's kind (a scenario naming a retired asset still concerns its kind), but
    // only this year's scope counts in a group's assets.
    let kinds: HashMap<Id, AssetKind> = workspace.assets.iter().map(|asset| (asset.id, asset.kind)).collect();
    let active: BTreeSet<Id> = workspace.active_assets().map(|asset| asset.id).collect();
    type Key = (usize, String, String);
    let mut groups: BTreeMap<Key, (ScenarioGroup, BTreeSet<Id>)> = BTreeMap::new();
    // `model.scenarios` is `workspace.risks` in the same order (see `build`).
    for (row, risk) in model.scenarios.iter().zip(&workspace.risks) {
        if full.contains(&row.risk_id) {
            continue;
        }
        let (order, level, band) = level_of(row.score.as_ref());
        let kind = kind_of(&risk.asset_ids, &kinds);
        let entry = groups
            .entry((order, row.threat.to_string(), kind.clone()))
            .or_insert_with(|| {
                (
                    ScenarioGroup {
                        threat: row.threat.to_string(),
                        level,
                        band,
                        kind,
                        scenarios: 0,
                        assets: 0,
                        records: None,
                    },
                    BTreeSet::new(),
                )
            });
        entry.0.scenarios += 1;
        entry.0.records = entry.0.records.max(row.records_affected);
        entry
            .1
            .extend(risk.asset_ids.iter().copied().filter(|id| active.contains(id)));
    }
    grouping.scenario_groups = groups
        .into_values()
        .map(|(group, assets)| ScenarioGroup {
            assets: assets.len(),
            ..group
        })
        .collect();

    // Level by treatment, for the register.
    let treatments: BTreeSet<&str> = model.register.iter().map(|row| row.treatment.as_str()).collect();
    grouping.treatments = treatments.iter().map(ToString::to_string).collect();
    let mut levels: BTreeMap<usize, LevelTreatment> = BTreeMap::new();
    for row in &model.register {
        let (order, level, band) = level_of(row.score.as_ref());
        let entry = levels.entry(order).or_insert_with(|| LevelTreatment {
            level,
            band,
            counts: vec![0; treatments.len()],
        });
        if let Some(column) = treatments.iter().position(|name| *name == row.treatment.as_str()) {
            entry.counts[column] += 1;
        }
    }
    grouping.level_treatment = levels.into_values().collect();
}

fn action_groups(plan: &[PlanRow]) -> Vec<ActionGroup> {
    let mut groups: BTreeMap<&str, (ActionGroup, BTreeSet<&str>)> = BTreeMap::new();
    for row in plan {
        let entry = groups.entry(row.title.as_str()).or_insert_with(|| {
            (
                ActionGroup {
                    title: row.title.clone(),
                    actions: 0,
                    open: 0,
                    overdue: 0,
                    next_due: None,
                    owners: 0,
                },
                BTreeSet::new(),
            )
        });
        entry.0.actions += 1;
        if row.open {
            entry.0.open += 1;
            if let Some(due) = row.due_on {
                entry.0.next_due = Some(entry.0.next_due.map_or(due, |next| next.min(due)));
            }
        }
        if row.overdue {
            entry.0.overdue += 1;
        }
        entry.1.insert(row.owner.as_str());
    }
    let mut rows: Vec<ActionGroup> = groups
        .into_values()
        .map(|(group, owners)| ActionGroup {
            owners: owners.len(),
            ..group
        })
        .collect();
    // Most overdue first, then most open; ties by title (ignoring case, `domain::order`,
    // kept by a stable sort).
    rows.sort_by(|a, b| name_order(&a.title, &b.title));
    rows.sort_by_key(|group| (std::cmp::Reverse(group.overdue), std::cmp::Reverse(group.open)));
    rows
}

fn accepted_groups(model: &ReportModel) -> Vec<AcceptedGroup> {
    let mut groups: BTreeMap<(String, String), (usize, BTreeSet<String>)> = BTreeMap::new();
    for row in &model.accepted_risks {
        let level = row.level.clone().unwrap_or_else(|| NOT_SCORED.to_string());
        let entry = groups.entry((row.threat.clone(), level)).or_default();
        entry.0 += 1;
        if !row.accepted_by.is_empty() {
            entry.1.insert(row.accepted_by.clone());
        }
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    // By threat, ignoring case (`domain::order`), then level.
    groups.sort_by(|((threat_a, level_a), _), ((threat_b, level_b), _)| {
        name_order(threat_a, threat_b).then_with(|| name_order(level_a, level_b))
    });
    groups
        .into_iter()
        .map(|((threat, level), (count, names))| AcceptedGroup {
            threat,
            level,
            count,
            accepted_by: names.into_iter().collect(),
        })
        .collect()
}

fn group_inventory(model: &ReportModel, workspace: &Workspace, grouping: &mut Grouping) {
    // `model.assets` is this year's scope, `active_assets` in the same order.
    let assets: Vec<&Asset> = workspace.active_assets().collect();
    let mut kinds: BTreeMap<AssetKind, KindGroup> = BTreeMap::new();
    for asset in &assets {
        let entry = kinds.entry(asset.kind).or_insert_with(|| KindGroup {
            kind: asset.kind.to_string(),
            entries: 0,
            ephi: 0,
            records: None,
            critical: 0,
            unencrypted: 0,
        });
        entry.entries += 1;
        if asset.in_scope() {
            entry.ephi += 1;
            entry.records = entry.records.max(asset.record_count);
            if asset.encrypted_at_rest == Encryption::No {
                entry.unencrypted += 1;
            }
        }
        if asset.criticality == Criticality::Critical {
            entry.critical += 1;
        }
    }
    grouping.kinds = kinds.into_values().collect();
    let mut key: Vec<usize> = (0..assets.len()).filter(|index| assets[*index].in_scope()).collect();
    key.sort_by_key(|index| {
        let asset = assets[*index];
        (
            std::cmp::Reverse(asset.criticality),
            std::cmp::Reverse(asset.record_count),
            *index,
        )
    });
    key.truncate(KEY_ASSETS_SHOWN);
    grouping.key_assets = key;
    let mut vendors: Vec<usize> = (0..model.vendors.len()).collect();
    vendors.sort_by_key(|index| (!model.vendors[*index].lacks_agreement, *index));
    vendors.truncate(VENDORS_SHOWN);
    grouping.key_vendors = vendors;
}

/// The largest groups (threat and level) at the two highest bands, most scenarios first.
fn top_groups(model: &ReportModel, workspace: &Workspace) -> Vec<RiskGroup> {
    let active: BTreeSet<Id> = workspace.active_assets().map(|asset| asset.id).collect();
    let mut groups: BTreeMap<(usize, &str), (RiskGroup, BTreeSet<Id>)> = BTreeMap::new();
    for (row, risk) in model.scenarios.iter().zip(&workspace.risks) {
        let Some(score) = row.score.as_ref().filter(|score| score.band >= FULL_FROM_BAND) else {
            continue;
        };
        let entry = groups
            .entry((usize::MAX - score.level_index, row.threat.as_str()))
            .or_insert_with(|| {
                (
                    RiskGroup {
                        threat: row.threat.to_string(),
                        level: score.level.to_string(),
                        band: score.band,
                        scenarios: 0,
                        assets: 0,
                    },
                    BTreeSet::new(),
                )
            });
        entry.0.scenarios += 1;
        entry
            .1
            .extend(risk.asset_ids.iter().copied().filter(|id| active.contains(id)));
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    // Highest level first, then by threat ignoring case (`domain::order`).
    groups.sort_by(|((level_a, threat_a), _), ((level_b, threat_b), _)| {
        level_a.cmp(level_b).then_with(|| name_order(threat_a, threat_b))
    });
    let mut rows: Vec<RiskGroup> = groups
        .into_iter()
        .map(|(_, (group, assets))| RiskGroup {
            assets: assets.len(),
            ..group
        })
        .collect();
    // Highest band first (the map's order), then the most scenarios.
    rows.sort_by_key(|group| (std::cmp::Reverse(group.band), std::cmp::Reverse(group.scenarios)));
    rows.truncate(SUMMARY_ROWS);
    rows
}

/// Overdue actions by title and owner, most first, then by the oldest due date.
fn overdue(plan: &[PlanRow]) -> Vec<OverdueRow> {
    let mut groups: BTreeMap<(&str, &str), OverdueRow> = BTreeMap::new();
    for row in plan.iter().filter(|row| row.overdue) {
        let entry = groups
            .entry((row.title.as_str(), row.owner.as_str()))
            .or_insert_with(|| OverdueRow {
                title: row.title.clone(),
                owner: row.owner.clone(),
                count: 0,
                oldest: None,
            });
        entry.count += 1;
        if let Some(due) = row.due_on {
            entry.oldest = Some(entry.oldest.map_or(due, |oldest| oldest.min(due)));
        }
    }
    let mut rows: Vec<OverdueRow> = groups.into_values().collect();
    rows.sort_by(|a, b| name_order(&a.title, &b.title).then_with(|| name_order(&a.owner, &b.owner)));
    rows.sort_by_key(|row| (std::cmp::Reverse(row.count), row.oldest));
    rows
}

/// The register, plan and inventory as CSV, the same bytes as `risks export`,
/// `actions export` and `assets export` give for the same workspace and date. Each is
/// hashed and compressed as it is written, never held whole and plain.
fn annexes(model: &ReportModel, workspace: &Workspace, attach: bool) -> Vec<Annex> {
    let mut register = AnnexWriter::new(attach);
    let mut plan = AnnexWriter::new(attach);
    let mut inventory = AnnexWriter::new(attach);
    // Writing to memory cannot fail; an error would leave the annex short, and its
    // printed hash would say so.
    let _ = super::csv::write_register_csv(&mut register, model);
    let _ = super::csv::write_plan_csv(&mut plan, model);
    // Written from the snapshot's own assets: a copy of this year's scope was 20 MB at
    // 40,000 assets, at the report's peak.
    let _ = crate::exchange::write_assets_csv(
        &mut inventory,
        workspace.active_assets(),
        |id| workspace.person_name(id).to_string(),
        model.status,
    );
    [
        (
            "register.csv",
            "The risk register, every scenario (risks export)",
            model.register.len(),
            register,
        ),
        (
            "plan.csv",
            "The remediation plan, every action (actions export)",
            model.plan.len(),
            plan,
        ),
        (
            "inventory.csv",
            "The inventory, every entry in this year's scope (assets export)",
            model.assets.len(),
            inventory,
        ),
    ]
    .into_iter()
    .map(|(file_name, description, rows, writer)| {
        let (sha256, size, deflated) = writer.finish();
        Annex {
            file_name: file_name.to_string(),
            // Said where a PDF reader lists its attachments, as the files say it per row.
            description: format!("{}: {description}", model.status),
            rows,
            sha256,
            size,
            deflated,
        }
    })
    .collect()
}

/// Takes a file as it is written: its SHA-256, its length and, when it is attached, its
/// zlib stream (at the level the PDF uses for its other streams).
struct AnnexWriter {
    hash: Sha256,
    size: usize,
    deflate: Option<flate2::write::ZlibEncoder<Vec<u8>>>,
}

impl AnnexWriter {
    fn new(attach: bool) -> AnnexWriter {
        AnnexWriter {
            hash: Sha256::new(),
            size: 0,
            deflate: attach.then(|| flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default())),
        }
    }

    /// (hex SHA-256, length, compressed bytes: none when not attached).
    fn finish(self) -> (String, usize, Vec<u8>) {
        // Finishing a compressor writing to memory cannot fail either.
        let mut deflated = self
            .deflate
            .map(|deflate| deflate.finish().unwrap_or_default())
            .unwrap_or_default();
        deflated.shrink_to_fit();
        (hex(&self.hash.finalize()), self.size, deflated)
    }
}

impl std::io::Write for AnnexWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Some(deflate) = &mut self.deflate {
            deflate.write_all(bytes)?;
        }
        self.hash.update(bytes);
        self.size += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
