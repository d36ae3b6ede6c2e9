//! Changes since the last assessment: a pure comparison of two workspace snapshots (last
//! year's and this year's) that the report, the `assessment diff` command and the TUI
//! print the same way. Records are matched through the carry-forward links when this
//! year was carried from last year, else by name (assets), citation (reviews) or threat
//! (scenarios).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Labeled;
use super::carry::CarriedEntity;
use super::model::{ActionStatus, Asset, AssetField, Id, ReviewStatus, Risk};
use super::record::Field;
use super::scale::RiskMatrix;
use super::workspace::Workspace;

/// One field of a record that differs, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetChange {
    pub name: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub citation: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    pub threat: String,
    pub before: String,
    pub after: String,
}

/// A scenario rated differently this year than last (likelihood, impact or level), with
/// the rationale of each score that moved as it read last year and as it reads now, so a
/// new rating explained by last year's words shows as such.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingChange {
    /// This year's scenario number.
    pub scenario_id: Id,
    pub threat: String,
    /// Each of likelihood, impact and level that differs, as labelled on the matrix ("not
    /// scored" for none).
    pub ratings: Vec<FieldChange>,
    /// The rationale of each score that moved (both when only the level did), last
    /// year's and this year's ("Likelihood rationale", "Impact rationale").
    pub rationales: Vec<FieldChange>,
    /// Whether the scenario was carried forward and is not yet confirmed this year.
    pub unconfirmed: bool,
}

impl RatingChange {
    /// One line: `#14 "Ransomware": likelihood High -> Very High, level High -> Very High;
    /// likelihood rationale last year "...", this year unchanged`.
    pub fn line(&self) -> String {
        let ratings: Vec<String> = self
            .ratings
            .iter()
            .map(|change| format!("{} {} -> {}", change.field.to_lowercase(), change.before, change.after))
            .collect();
        let rationales: Vec<String> = self
            .rationales
            .iter()
            .map(|change| {
                let field = change.field.to_lowercase();
                if change.before == change.after {
                    format!("{field} unchanged from last year: \"{}\"", change.after)
                } else {
                    format!(
                        "{field} last year \"{}\", this year \"{}\"",
                        change.before, change.after
                    )
                }
            })
            .collect();
        let waiting = if self.unconfirmed {
            " (carried forward, not yet confirmed)"
        } else {
            ""
        };
        format!(
            "#{} \"{}\": {}; {}{waiting}",
            self.scenario_id,
            self.threat,
            ratings.join(", "),
            rationales.join("; ")
        )
    }
}

/// Everything that changed from one assessment to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub from_id: Id,
    pub from_title: String,
    pub to_id: Id,
    pub to_title: String,
    pub assets_added: Vec<String>,
    pub assets_removed: Vec<String>,
    pub assets_changed: Vec<AssetChange>,
    pub safeguard_status: Vec<StatusChange>,
    /// Carried-forward reviews confirmed this year (unchanged or edited).
    pub reviews_confirmed: Vec<String>,
    /// Carried-forward reviews still waiting for confirmation.
    pub reviews_unconfirmed: usize,
    pub risks_up: Vec<LevelChange>,
    pub risks_down: Vec<LevelChange>,
    /// Every scenario whose likelihood, impact or level changed, with its rationale then
    /// and now. Absent from reports written before it was added.
    #[serde(default)]
    pub ratings_changed: Vec<RatingChange>,
    pub risks_new: Vec<String>,
    pub risks_closed: Vec<String>,
    pub actions_completed: Vec<String>,
}

/// The fields of an asset the comparison reads, by name, as people read them: every field
/// of `AssetField`.
fn asset_fields(asset: &Asset, workspace: &Workspace) -> Vec<(String, String)> {
    let person = |id: Option<Id>| workspace.person_name(id).to_string();
    AssetField::ALL
        .iter()
        .map(|field| (field.spec().noun(), field.get(asset).shown(field.kind(), &person)))
        .collect()
}

/// The records of `to` matched to `from`'s by the carry-forward links, or else by `key`.
fn matches<'a, T>(
    from: &'a [T],
    to: &'a [T],
    carried: &HashMap<Id, Id>,
    id: impl Fn(&T) -> Id,
    key: impl Fn(&T) -> String,
) -> (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>) {
    let by_id: HashMap<Id, &T> = from.iter().map(|record| (id(record), record)).collect();
    let by_key: HashMap<String, &T> = from.iter().map(|record| (key(record), record)).collect();
    let mut matched = Vec::new();
    let mut added = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in to {
        let previous = match carried.get(&id(record)) {
            Some(previous) => by_id.get(previous).copied(),
            None => by_key.get(&key(record)).copied(),
        };
        match previous {
            Some(previous) if seen.insert(id(previous)) => matched.push((previous, record)),
            _ => added.push(record),
        }
    }
    let removed = from.iter().filter(|record| !seen.contains(&id(record))).collect();
    (matched, added, removed)
}

/// What changed from `from` (last year's snapshot) to `to` (this year's).
pub fn changes(from: &Workspace, to: &Workspace) -> Changes {
    // The carry-forward links hold only when `to` was carried from `from` itself.
    let linked = to.assessment().and_then(|assessment| assessment.carried_from) == Some(from.assessment_id);
    let links = |entity: CarriedEntity| -> HashMap<Id, Id> {
        to.carried
            .iter()
            .filter(|item| linked && item.entity == entity)
            .map(|item| (item.record_id, item.previous_id))
            .collect()
    };
    let title = |workspace: &Workspace| workspace.assessment().map_or(String::new(), |a| a.title.clone());

    // An asset retired this year left the inventory: it counts as removed.
    let active: Vec<Asset> = to.active_assets().cloned().collect();
    let (assets, added, removed) = matches(
        &from.assets,
        &active,
        &links(CarriedEntity::Asset),
        |a| a.id,
        |a| a.name.to_lowercase(),
    );
    let assets_changed = assets
        .into_iter()
        .filter_map(|(before, after)| {
            let fields: Vec<FieldChange> = asset_fields(before, from)
                .into_iter()
                .zip(asset_fields(after, to))
                .filter(|((_, old), (_, new))| old != new)
                .map(|((field, old), (_, new))| FieldChange {
                    field,
                    before: old,
                    after: new,
                })
                .collect();
            (!fields.is_empty()).then(|| AssetChange {
                name: after.name.clone(),
                fields,
            })
        })
        .collect();

    let (reviews, _, _) = matches(
        &from.reviews,
        &to.reviews,
        &links(CarriedEntity::Review),
        |r| r.id,
        |r| r.citation.clone(),
    );
    let status = |workspace: &Workspace, citation: &str| match workspace.review_status(citation) {
        ReviewStatus::NotReviewed => ReviewStatus::NotReviewed.label().to_string(),
        status => status.label().to_string(),
    };
    let safeguard_status = reviews
        .iter()
        .filter(|(before, after)| before.status != after.status)
        .map(|(before, after)| StatusChange {
            citation: after.citation.clone(),
            before: status(from, &before.citation),
            after: status(to, &after.citation),
        })
        .collect();
    let carried_reviews: Vec<_> = to
        .carried
        .iter()
        .filter(|item| item.entity == CarriedEntity::Review)
        .collect();
    let reviews_confirmed = carried_reviews
        .iter()
        .filter(|item| item.confirmed)
        .filter_map(|item| to.reviews.iter().find(|review| review.id == item.record_id))
        .map(|review| review.citation.clone())
        .collect();
    let reviews_unconfirmed = carried_reviews.iter().filter(|item| !item.confirmed).count();

    let (risks, new, closed) = matches(
        &from.risks,
        &to.risks,
        &links(CarriedEntity::Risk),
        |r| r.id,
        |r| r.threat.to_lowercase(),
    );
    let level = |workspace: &Workspace, risk: &super::Risk| -> Option<(usize, String)> {
        let matrix = workspace.matrix()?;
        let index = risk.level(matrix)?;
        Some((index, matrix.lookup_label(risk.likelihood?, risk.impact?)?.to_string()))
    };
    let ratings_changed = match to.matrix() {
        Some(matrix) => risks
            .iter()
            .filter_map(|(before, after)| rating_change(matrix, before, after, to))
            .collect(),
        None => Vec::new(),
    };
    let mut risks_up = Vec::new();
    let mut risks_down = Vec::new();
    for (before, after) in risks {
        let (Some((old, old_label)), Some((new, new_label))) = (level(from, before), level(to, after)) else {
            continue;
        };
        let change = LevelChange {
            threat: after.threat.clone(),
            before: old_label,
            after: new_label,
        };
        match new.cmp(&old) {
            std::cmp::Ordering::Greater => risks_up.push(change),
            std::cmp::Ordering::Less => risks_down.push(change),
            std::cmp::Ordering::Equal => {}
        }
    }

    let actions_completed = to
        .actions
        .iter()
        .filter(|action| matches!(action.status, ActionStatus::Done | ActionStatus::Verified))
        .map(|action| action.title.clone())
        .collect();

    Changes {
        from_id: from.assessment_id,
        from_title: title(from),
        to_id: to.assessment_id,
        to_title: title(to),
        assets_added: added.iter().map(|asset| asset.name.clone()).collect(),
        assets_removed: removed.iter().map(|asset| asset.name.clone()).collect(),
        assets_changed,
        safeguard_status,
        reviews_confirmed,
        reviews_unconfirmed,
        risks_up,
        risks_down,
        ratings_changed,
        risks_new: new.iter().map(|risk| risk.threat.clone()).collect(),
        risks_closed: closed.iter().map(|risk| risk.threat.clone()).collect(),
        actions_completed,
    }
}

/// How a matched scenario's rating differs from last year's, if it does. Both years are
/// read on this year's matrix (a carried assessment keeps last year's).
fn rating_change(matrix: &RiskMatrix, before: &Risk, after: &Risk, to: &Workspace) -> Option<RatingChange> {
    let shown = |label: Option<&str>| label.unwrap_or("not scored").to_string();
    let likelihood = |risk: &Risk| shown(risk.likelihood.and_then(|index| matrix.rows.label(index)));
    let impact = |risk: &Risk| shown(risk.impact.and_then(|index| matrix.columns.label(index)));
    let level = |risk: &Risk| {
        shown(
            risk.likelihood
                .zip(risk.impact)
                .and_then(|(l, i)| matrix.lookup_label(l, i)),
        )
    };
    let change = |field: &str, before: String, after: String| FieldChange {
        field: field.to_string(),
        before,
        after,
    };
    let likelihood_moved = before.likelihood != after.likelihood;
    let impact_moved = before.impact != after.impact;
    let ratings: Vec<FieldChange> = [
        change("Likelihood", likelihood(before), likelihood(after)),
        change("Impact", impact(before), impact(after)),
        change("Level", level(before), level(after)),
    ]
    .into_iter()
    .filter(|change| change.before != change.after)
    .collect();
    if ratings.is_empty() {
        return None;
    }
    let only_level = !likelihood_moved && !impact_moved;
    let mut rationales = Vec::new();
    if likelihood_moved || only_level {
        rationales.push(change(
            "Likelihood rationale",
            before.likelihood_rationale.trim().to_string(),
            after.likelihood_rationale.trim().to_string(),
        ));
    }
    if impact_moved || only_level {
        rationales.push(change(
            "Impact rationale",
            before.impact_rationale.trim().to_string(),
            after.impact_rationale.trim().to_string(),
        ));
    }
    Some(RatingChange {
        scenario_id: after.id,
        threat: after.threat.clone(),
        ratings,
        rationales,
        unconfirmed: to.needs_confirmation(CarriedEntity::Risk, after.id),
    })
}

impl Changes {
    /// The changes as plain lines, the same in the text command, the PDF and the preview.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "Changes since {} (assessment {}) in {} (assessment {})",
            self.from_title, self.from_id, self.to_title, self.to_id
        )];
        let mut list = |heading: &str, items: Vec<String>| {
            if items.is_empty() {
                lines.push(format!("{heading}: none"));
            } else {
                lines.push(format!("{heading}:"));
                lines.extend(items.into_iter().map(|item| format!("  - {item}")));
            }
        };
        list("Assets added", self.assets_added.clone());
        list("Assets removed", self.assets_removed.clone());
        list(
            "Assets changed",
            self.assets_changed
                .iter()
                .flat_map(|change| {
                    change.fields.iter().map(move |field| {
                        format!(
                            "{}: {} \"{}\" -> \"{}\"",
                            change.name, field.field, field.before, field.after
                        )
                    })
                })
                .collect(),
        );
        list(
            "Safeguard status changes",
            self.safeguard_status
                .iter()
                .map(|change| format!("{}: {} -> {}", change.citation, change.before, change.after))
                .collect(),
        );
        list(
            "Reviews confirmed",
            self.reviews_confirmed
                .iter()
                .map(|citation| format!("{citation} confirmed"))
                .collect(),
        );
        let level = |change: &LevelChange| format!("{}: {} -> {}", change.threat, change.before, change.after);
        list("Risk levels up", self.risks_up.iter().map(level).collect());
        list("Risk levels down", self.risks_down.iter().map(level).collect());
        list(
            "Scenario ratings changed",
            self.ratings_changed.iter().map(RatingChange::line).collect(),
        );
        list("New scenarios", self.risks_new.clone());
        list("Closed scenarios", self.risks_closed.clone());
        list("Actions completed since", self.actions_completed.clone());
        if self.reviews_unconfirmed > 0 {
            lines.push(format!(
                "{} carried-forward reviews are still waiting for confirmation",
                self.reviews_unconfirmed
            ));
        }
        lines
    }
}
