//! Recreating a workspace from a whole-workspace export (`hipaa-ra new PATH --from FILE`).
//!
//! The export is checked first by `WorkspaceExport::validate`, defined here (format, version,
//! unique ids, every reference, stored files against their hashes), so a bad file is refused
//! before anything is created; `exchange::workspace::from_json` runs the same checks to name
//! the line. Then the file is created like any new workspace and,
//! in one transaction, its initial rows are replaced by the export's: every record with its
//! original id, and the change log copied row for row. Before that transaction commits, the
//! copied log must chain and replay to exactly the copied data (`replay`, the check of `log
//! verify`): an export whose log was emptied or whose data was edited is refused, naming the
//! first record that differs. The copied rows are the export's history, so they get no new
//! log rows of their own; one change-log row recording the import (entity `workspace`, id
//! `import`, a note that changes no row) is appended after it. On any error the half-made file (and its `-wal`
//! and `-shm`) is removed: either the whole workspace is there or nothing is.
//!
//! Because of that appended row, exporting the recreated workspace gives the original export
//! plus exactly one trailing change-log row; everything else is byte for byte the same (see
//! `crate::exchange::workspace`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use super::assessment::{write_methodology, write_practice};
use super::findings::{insert_acknowledgment, insert_sign_off, write_coverage_note};
use super::inventory::insert_asset;
use super::people::insert_person;
use super::risk::{insert_action, insert_risk};
use super::safeguard::write_review;
use super::sql::date_text;
use super::{ASSESSOR, CURRENT_ASSESSMENT, Result, Store, StoreError, Writer, images, replay, sidecar};
use crate::domain::findings::{acknowledgment_problem, coverage_note_problem};
use crate::domain::review_rules::{Obligation, review_problem};
use crate::domain::{Id, Labeled, LinkTarget};
use crate::exchange::workspace::{AssessmentExport, ExportProblem, WorkspaceExport, check_format, problem};

/// Validates an export and decodes its evidence files, checked against their sizes and
/// hashes.
fn checked_files(export: &WorkspaceExport) -> Result<Vec<(Id, Vec<u8>)>> {
    export
        .validate()
        .map_err(|problem| StoreError::Invalid(format!("the export is not valid: {problem}")))?;
    let mut files = Vec::new();
    for (i, entry) in export.evidence.iter().enumerate() {
        let content = entry.content().map_err(|message| {
            StoreError::Invalid(format!(
                "the export is not valid: evidence[{i}].content_base64: {message}"
            ))
        })?;
        if let Some(bytes) = content {
            files.push((entry.record.id, bytes));
        }
    }
    Ok(files)
}

impl Store {
    /// Every setting but the assessor and the current assessment (which the export names
    /// on their own), by key: what `export` carries in `settings.other`.
    pub fn other_settings(&self) -> Result<BTreeMap<String, String>> {
        let mut statement = self
            .conn
            .prepare("SELECT key, value FROM settings WHERE key NOT IN (?1, ?2) ORDER BY key")?;
        let rows = statement.query_map((ASSESSOR, CURRENT_ASSESSMENT), |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Creates a workspace at `path` (mode 0600; an existing path is refused and left
    /// alone) holding exactly what `export` holds, with the same ids and history, plus one
    /// change-log row for the import. `today` only dates the placeholder assessment that
    /// `Store::create` makes and the import replaces.
    pub fn create_from_export(path: &Path, export: &WorkspaceExport, today: NaiveDate) -> Result<Store> {
        let files = checked_files(export)?;
        let mut store = Store::create(path, &export.practice.name, &export.settings.assessor, today)?;
        match store.restore(export, &files) {
            Ok(()) => Ok(store),
            Err(error) => {
                drop(store);
                // Only the file made just now is removed: create refused an existing path.
                let _ = std::fs::remove_file(path);
                let _ = std::fs::remove_file(sidecar(path, "-wal"));
                let _ = std::fs::remove_file(sidecar(path, "-shm"));
                Err(error)
            }
        }
    }

    /// The same restore into an in-memory workspace: what `create_from_export` would
    /// accept or refuse, without touching the disk (for tests and fuzzing).
    pub fn in_memory_from_export(export: &WorkspaceExport, today: NaiveDate) -> Result<Store> {
        let files = checked_files(export)?;
        let mut store = Store::in_memory(&export.practice.name, &export.settings.assessor, today)?;
        store.restore(export, &files)?;
        Ok(store)
    }

    fn restore(&mut self, export: &WorkspaceExport, files: &[(Id, Vec<u8>)]) -> Result<()> {
        self.write(|tx| {
            // References are checked when the transaction commits, whatever the row order.
            tx.conn().pragma_update(None, "defer_foreign_keys", true)?;
            // Every table, whatever later migrations added, and the log: all replaced.
            for table in images::tables(tx.conn())? {
                tx.execute(&format!("DELETE FROM {}", images::quoted(&table.name)), [])?;
            }
            tx.execute("DELETE FROM change_log", [])?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                (ASSESSOR, &export.settings.assessor),
            )?;
            if let Some(current) = export.settings.current_assessment {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    (CURRENT_ASSESSMENT, current.to_string()),
                )?;
            }
            for (key, value) in &export.settings.other {
                tx.execute("INSERT INTO settings (key, value) VALUES (?1, ?2)", (key, value))?;
            }
            write_practice(tx.conn(), &export.practice)?;
            for person in &export.people {
                insert_person(tx.conn(), person)?;
            }
            for role in &export.roles {
                tx.execute(
                    "INSERT INTO role_assignments (id, person_id, role, custom_label) VALUES (?1, ?2, ?3, ?4)",
                    (role.id, role.person_id, role.role.key(), &role.custom_label),
                )?;
            }
            for entry in &export.assessments {
                insert_assessment(tx, entry)?;
            }
            insert_evidence(tx, export, files)?;
            program::insert_access(tx, &export.program)?;
            super::restore_policies::insert_policy_register(tx, &export.program)?;
            super::restore_incidents::insert_incidents(tx, &export.program.incidents)?;
            super::restore_incidents::insert_rescores(tx, &export.program.rescores)?;
            super::restore_training::insert_training(tx, &export.program)?;
            super::restore_contingency::insert_contingency(tx, &export.program)?;
            // Last: a signed assessment (one with a sign-off) refuses every later write to
            // its records.
            for entry in &export.assessments {
                for record in &entry.sign_offs {
                    insert_sign_off(tx.conn(), record)?;
                }
                if let Some(kept) = &entry.signed_report {
                    let report = kept.decoded(entry.assessment.id).map_err(|(field, message)| {
                        StoreError::Invalid(format!(
                            "the export is not valid: the signed report of assessment {}: {field}: {message}",
                            entry.assessment.id
                        ))
                    })?;
                    super::signed::insert_signed_report(tx.conn(), &report)?;
                }
                let Some(signature) = &entry.signature else { continue };
                if signature.assessment_id != entry.assessment.id {
                    return Err(StoreError::Invalid(format!(
                        "the export is not valid: the signature of assessment {} names assessment {}",
                        entry.assessment.id, signature.assessment_id
                    )));
                }
                super::carry::insert_signature(tx.conn(), signature)?;
            }
            for row in &export.change_log {
                tx.execute(
                    "INSERT INTO change_log (id, at, actor, entity, entity_id, operation, before, after, prev_hash,
                         hash, state)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    rusqlite::params![
                        row.id,
                        row.at,
                        row.actor,
                        row.entity,
                        row.entity_id,
                        row.operation,
                        row.before,
                        row.after,
                        row.prev_hash,
                        row.hash,
                        row.state
                    ],
                )?;
            }
            // The rows written above are the export's history, already on its log.
            tx.discard_captured()?;
            if let Some(problem) = replay::replay(tx.conn(), replay::Pass::Replay)?.problem() {
                return Err(StoreError::Invalid(format!(
                    "the export is not valid: its change log does not match its data ({problem}), \
                     so it was not imported"
                )));
            }
            let imported = serde_json::json!({
                "format": export.format,
                "version": export.version,
                "change_log_rows": export.change_log.len(),
            });
            tx.note("import", &imported)
        })
    }
}

fn insert_assessment(tx: &Writer<'_>, entry: &AssessmentExport) -> Result<()> {
    let assessment = &entry.assessment;
    let matrix =
        serde_json::to_string(&assessment.matrix).map_err(|error| StoreError::Invalid(format!("matrix: {error}")))?;
    tx.execute(
        "INSERT INTO assessments (id, title, period_start, period_end, assessor, matrix, carried_from, next_review,
             notes, reason, started_on, reason_incident_id, reason_note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        rusqlite::params![
            assessment.id,
            assessment.title,
            date_text(Some(assessment.period_start)),
            date_text(Some(assessment.period_end)),
            assessment.assessor,
            matrix,
            assessment.carried_from,
            date_text(assessment.next_review),
            assessment.notes,
            assessment.reason.key(),
            date_text(assessment.started_on),
            assessment.reason_incident_id,
            assessment.reason_note,
        ],
    )?;
    write_methodology(tx.conn(), assessment.id, &assessment.methodology)?;
    // The same inserts as everyday writes; the records keep their ids.
    for asset in &entry.assets {
        insert_asset(tx.conn(), asset)?;
    }
    for review in &entry.safeguard_reviews {
        write_review(tx.conn(), review)?;
    }
    for risk in &entry.risks {
        insert_risk(tx.conn(), risk)?;
    }
    for action in &entry.actions {
        // Its assessment is the entry's: an export written before standalone actions
        // names none (a risk action's was always its risk's, which is this one).
        let action = crate::domain::Action {
            assessment_id: assessment.id,
            ..action.clone()
        };
        insert_action(tx.conn(), &action)?;
        super::due_moves::insert(tx.conn(), action.id, &action.due_moves, true)?;
    }
    for record in &entry.inventory_prompts {
        tx.execute(
            "INSERT INTO inventory_prompts (assessment_id, prompt, answer, note, asset_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                assessment.id,
                record.prompt.key(),
                record.answer.key(),
                &record.note,
                record.asset_id,
            ),
        )?;
    }
    for acknowledgment in &entry.acknowledgments {
        insert_acknowledgment(tx.conn(), acknowledgment)?;
    }
    for note in &entry.coverage_notes {
        write_coverage_note(tx.conn(), note)?;
    }
    for item in &entry.carried_items {
        super::carry::insert_carried_item(tx.conn(), assessment.id, item)?;
    }
    for retired in &entry.retired_assets {
        tx.execute(
            "INSERT INTO retired_assets (asset_id, retired_on) VALUES (?1, ?2)",
            (retired.asset_id, date_text(Some(retired.retired_on))),
        )?;
    }
    Ok(())
}

fn insert_evidence(tx: &Writer<'_>, export: &WorkspaceExport, files: &[(Id, Vec<u8>)]) -> Result<()> {
    for entry in &export.evidence {
        let evidence = &entry.record;
        let bytes = files
            .iter()
            .find(|(id, _)| *id == evidence.id)
            .map(|(_, bytes)| bytes.as_slice());
        super::evidence::insert_evidence(tx.conn(), evidence, bytes)?;
    }
    Ok(())
}

/// The ids defined in the file, by kind, and the references still to check.
#[derive(Default)]
pub(super) struct Checker {
    known: BTreeMap<&'static str, BTreeSet<Id>>,
    uses: Vec<(String, &'static str, Id, String)>,
}

impl Checker {
    /// Records a record's id, refusing one that is not positive or is already taken.
    pub(super) fn define(&mut self, path: &str, what: &'static str, id: Id) -> Result<(), ExportProblem> {
        if id < 1 {
            return Err(problem(
                format!("{path}.id"),
                format!("{what} id {id} is not a positive number"),
            ));
        }
        if !self.known.entry(what).or_default().insert(id) {
            return Err(problem(format!("{path}.id"), format!("a second {what} with id {id}")));
        }
        Ok(())
    }

    /// Notes a reference, checked once every id is known.
    pub(super) fn refer(&mut self, path: String, what: &'static str, id: Option<Id>, record: &str) {
        if let Some(id) = id {
            self.uses.push((path, what, id, record.to_string()));
        }
    }

    fn finish(self) -> Result<(), ExportProblem> {
        for (path, what, id, record) in self.uses {
            if !self.known.get(what).is_some_and(|ids| ids.contains(&id)) {
                return Err(problem(path, format!("no {what} with id {id} ({record})")));
            }
        }
        Ok(())
    }
}

/// Refuses a value seen before in the same list (the store keeps such values unique).
fn once<T: Ord>(
    seen: &mut BTreeSet<T>,
    value: T,
    path: String,
    message: impl Fn() -> String,
) -> Result<(), ExportProblem> {
    match seen.insert(value) {
        true => Ok(()),
        false => Err(problem(path, message())),
    }
}

impl WorkspaceExport {
    /// Checks what the JSON types cannot: the format and version, unique positive ids, and
    /// that every reference (owners, roles, asset links, actions' risks, evidence links, the
    /// current assessment) names a record in the file. The problem names the record.
    pub fn validate(&self) -> Result<(), ExportProblem> {
        check_format(&self.format, u64::from(self.version))?;
        let mut check = Checker::default();
        for (i, person) in self.people.iter().enumerate() {
            check.define(&format!("people[{i}]"), "person", person.id)?;
        }
        for (i, person) in self.people.iter().enumerate() {
            let record = format!("person {} {:?}", person.id, person.name);
            check.refer(
                format!("people[{i}].supervisor_id"),
                "person",
                person.supervisor_id,
                &record,
            );
        }
        let mut held = BTreeSet::new();
        for (i, role) in self.roles.iter().enumerate() {
            let (path, record) = (format!("roles[{i}]"), format!("role {}", role.id));
            check.define(&path, "role", role.id)?;
            check.refer(format!("{path}.person_id"), "person", Some(role.person_id), &record);
            let role_key = (role.person_id, role.role, role.custom_label.as_str());
            once(&mut held, role_key, path.clone(), || {
                format!("{record} repeats a role the person holds")
            })?;
            // §164.308(a)(2): one security official, however the roles arrive.
            if role.role.has_one_holder()
                && let Some(first) = self.roles[..i]
                    .iter()
                    .find(|other| other.role == role.role && other.person_id != role.person_id)
            {
                let name = |id: Id| {
                    self.people
                        .iter()
                        .find(|person| person.id == id)
                        .map_or_else(|| format!("person {id}"), |person| person.name.clone())
                };
                return Err(problem(path, role.role.second_holder_refused(&name(first.person_id))));
            }
        }
        if let Some(key) = [ASSESSOR, CURRENT_ASSESSMENT]
            .into_iter()
            .find(|key| self.settings.other.contains_key(*key))
        {
            return Err(problem(
                format!("settings.other.{key}"),
                format!("{key} has its own field in settings"),
            ));
        }
        let current = self.settings.current_assessment;
        check.refer(
            "settings.current_assessment".into(),
            "assessment",
            current,
            "the current assessment",
        );
        for (i, entry) in self.assessments.iter().enumerate() {
            validate_assessment(&mut check, &format!("assessments[{i}]"), entry)?;
        }
        for (i, entry) in self.evidence.iter().enumerate() {
            let (path, evidence) = (format!("evidence[{i}]"), &entry.record);
            let record = format!("evidence {} {:?}", evidence.id, evidence.title);
            check.define(&format!("{path}.record"), "evidence record", evidence.id)?;
            check.refer(format!("{path}.record.owner_id"), "person", evidence.owner_id, &record);
            let mut seen = BTreeSet::new();
            for (j, link) in evidence.links.iter().enumerate() {
                let here = format!("{path}.record.links[{j}].target_ref");
                let what = match link.target {
                    LinkTarget::Safeguard if link.target_ref.trim().is_empty() => {
                        return Err(problem(here, format!("a safeguard link needs a citation ({record})")));
                    }
                    LinkTarget::Safeguard => None,
                    LinkTarget::Risk => Some("risk"),
                    LinkTarget::Action => Some("action"),
                };
                if let Some(what) = what {
                    let id = link.target_ref.parse::<Id>().map_err(|_| {
                        problem(
                            here.clone(),
                            format!("{:?} is not a {what} id ({record})", link.target_ref),
                        )
                    })?;
                    check.refer(here.clone(), what, Some(id), &record);
                }
                once(&mut seen, (link.target, link.target_ref.as_str()), here, || {
                    format!("the same link twice ({record})")
                })?;
            }
            let content = entry.content();
            content.map_err(|message| problem(format!("{path}.content_base64"), format!("{message} ({record})")))?;
        }
        program::validate_access(&mut check, &self.program)?;
        super::restore_policies::validate_policies(&mut check, &self.program)?;
        super::restore_incidents::validate_incidents(&mut check, &self.program, &self.assessments)?;
        super::restore_training::validate_training(&mut check, &self.program)?;
        super::restore_contingency::validate_contingency(&mut check, &self.program)?;
        for (i, row) in self.change_log.iter().enumerate() {
            if row.id != i as i64 + 1 {
                let message = format!(
                    "expected row {}, found {}: rows were removed or reordered",
                    i + 1,
                    row.id
                );
                return Err(problem(format!("change_log[{i}].id"), message));
            }
        }
        check.finish()
    }
}

/// Checks one assessment and its records, which must all name it as their assessment.
fn validate_assessment(check: &mut Checker, path: &str, entry: &AssessmentExport) -> Result<(), ExportProblem> {
    let id = entry.assessment.id;
    let record = format!("assessment {id} {:?}", entry.assessment.title);
    check.define(&format!("{path}.assessment"), "assessment", id)?;
    check.refer(
        format!("{path}.assessment.reason_incident_id"),
        "incident",
        entry.assessment.reason_incident_id,
        &record,
    );
    let carried_from = entry.assessment.carried_from;
    check.refer(
        format!("{path}.assessment.carried_from"),
        "assessment",
        carried_from,
        &record,
    );
    let belongs = |found: Id, path: String, record: &str| match found == id {
        true => Ok(()),
        false => Err(problem(
            path,
            format!("{record} is listed under assessment {id} but names {found}"),
        )),
    };
    for (j, asset) in entry.assets.iter().enumerate() {
        let (here, record) = (
            format!("{path}.assets[{j}]"),
            format!("asset {} {:?}", asset.id, asset.name),
        );
        check.define(&here, "asset", asset.id)?;
        belongs(asset.assessment_id, format!("{here}.assessment_id"), &record)?;
        check.refer(format!("{here}.owner_id"), "person", asset.owner_id, &record);
    }
    let mut citations = BTreeSet::new();
    for (j, review) in entry.safeguard_reviews.iter().enumerate() {
        let here = format!("{path}.safeguard_reviews[{j}]");
        let record = format!("safeguard review {} of {}", review.id, review.citation);
        check.define(&here, "safeguard review", review.id)?;
        belongs(review.assessment_id, format!("{here}.assessment_id"), &record)?;
        check.refer(format!("{here}.owner_id"), "person", review.owner_id, &record);
        once(
            &mut citations,
            review.citation.as_str(),
            format!("{here}.citation"),
            || format!("a second review of {}", review.citation),
        )?;
        // The addressable rule as pairs, as every save enforces it: the import refuses a
        // review the store would refuse, naming the citation and the field.
        if let Some(item) = crate::catalog::Catalog::embedded().item(&review.citation) {
            let obligation = match item.kind {
                crate::catalog::ItemKind::Addressable => Obligation::Addressable,
                _ => Obligation::Required,
            };
            if let Some((field, message)) = review_problem(obligation, review) {
                return Err(problem(format!("{here}.{field}"), message));
            }
        }
        let mut questions = BTreeSet::new();
        for (k, answer) in review.answers.iter().enumerate() {
            once(
                &mut questions,
                answer.question,
                format!("{here}.answers[{k}].question"),
                || format!("question {} is answered twice ({record})", answer.question),
            )?;
        }
    }
    for (j, risk) in entry.risks.iter().enumerate() {
        let (here, record) = (
            format!("{path}.risks[{j}]"),
            format!("risk {} {:?}", risk.id, risk.threat),
        );
        check.define(&here, "risk", risk.id)?;
        belongs(risk.assessment_id, format!("{here}.assessment_id"), &record)?;
        check.refer(format!("{here}.owner_id"), "person", risk.owner_id, &record);
        let accepted_by = risk.acceptance.as_ref().map(|acceptance| acceptance.person_id);
        check.refer(format!("{here}.acceptance.person_id"), "person", accepted_by, &record);
        let mut linked = BTreeSet::new();
        for (k, asset_id) in risk.asset_ids.iter().enumerate() {
            check.refer(format!("{here}.asset_ids[{k}]"), "asset", Some(*asset_id), &record);
            once(&mut linked, *asset_id, format!("{here}.asset_ids[{k}]"), || {
                format!("asset {asset_id} is listed twice ({record})")
            })?;
        }
    }
    for (j, action) in entry.actions.iter().enumerate() {
        let here = format!("{path}.actions[{j}]");
        let record = format!("action {} {:?}", action.id, action.title);
        check.define(&here, "action", action.id)?;
        // A standalone action (no risk) is program work of this assessment's plan.
        if let Some(risk_id) = action.risk_id
            && !entry.risks.iter().any(|risk| risk.id == risk_id)
        {
            let message = format!("no risk with id {risk_id} in this assessment ({record})");
            return Err(problem(format!("{here}.risk_id"), message));
        }
        // An export written before standalone actions names no assessment (0).
        if action.assessment_id != 0 {
            belongs(action.assessment_id, format!("{here}.assessment_id"), &record)?;
        }
        check.refer(format!("{here}.owner_id"), "person", action.owner_id, &record);
        // The asset it changes is one of this assessment's, with a field and value that parse.
        if let Some((field, message)) = crate::domain::action_change::change_problem(action, &entry.assets) {
            let key = match field {
                "changes_asset" => "asset_id",
                "changes_field" => "asset_field",
                _ => "asset_value",
            };
            return Err(problem(format!("{here}.{key}"), message));
        }
        for (k, due_move) in action.due_moves.iter().enumerate() {
            check.define(&format!("{here}.due_moves[{k}]"), "due move", due_move.id)?;
            if due_move.reason.trim().is_empty() {
                let message = format!("a move of the due date without a reason ({record})");
                return Err(problem(format!("{here}.due_moves[{k}].reason"), message));
            }
        }
    }
    validate_resolutions(check, path, entry)?;
    let mut prompts = BTreeSet::new();
    for (j, answer) in entry.inventory_prompts.iter().enumerate() {
        once(
            &mut prompts,
            answer.prompt,
            format!("{path}.inventory_prompts[{j}].prompt"),
            || format!("a second answer to the prompt {}", answer.prompt.key()),
        )?;
        // The asset that answered "already recorded" is one of this assessment's.
        if let Some(asset_id) = answer.asset_id
            && !entry.assets.iter().any(|asset| asset.id == asset_id)
        {
            let message = format!(
                "no asset with id {asset_id} in this assessment (prompt {})",
                answer.prompt.key()
            );
            return Err(problem(format!("{path}.inventory_prompts[{j}].asset_id"), message));
        }
    }
    Ok(())
}

/// Checks the acknowledgments, coverage notes and sign-offs of one assessment: ids,
/// people, assets and scenarios of this assessment, and the rules a save applies.
fn validate_resolutions(check: &mut Checker, path: &str, entry: &AssessmentExport) -> Result<(), ExportProblem> {
    let id = entry.assessment.id;
    let mut findings = BTreeSet::new();
    for (j, acknowledgment) in entry.acknowledgments.iter().enumerate() {
        let here = format!("{path}.acknowledgments[{j}]");
        let record = format!("acknowledgment {} of {}", acknowledgment.id, acknowledgment.finding);
        check.define(&here, "acknowledgment", acknowledgment.id)?;
        if acknowledgment.assessment_id != id {
            return Err(problem(
                format!("{here}.assessment_id"),
                format!(
                    "{record} is listed under assessment {id} but names {}",
                    acknowledgment.assessment_id
                ),
            ));
        }
        if let Some((field, message)) = acknowledgment_problem(acknowledgment) {
            return Err(problem(format!("{here}.{field}"), message));
        }
        check.refer(
            format!("{here}.person_id"),
            "person",
            Some(acknowledgment.person_id),
            &record,
        );
        once(
            &mut findings,
            acknowledgment.finding.as_str(),
            format!("{here}.finding"),
            || format!("{} is acknowledged twice", acknowledgment.finding),
        )?;
    }
    let mut retired = BTreeSet::new();
    for (j, asset) in entry.retired_assets.iter().enumerate() {
        let here = format!("{path}.retired_assets[{j}].asset_id");
        if !entry.assets.iter().any(|candidate| candidate.id == asset.asset_id) {
            let message = format!("no asset with id {} in this assessment (retired asset)", asset.asset_id);
            return Err(problem(here, message));
        }
        once(&mut retired, asset.asset_id, here, || {
            format!("asset {} is retired twice", asset.asset_id)
        })?;
    }
    let mut noted = BTreeSet::new();
    for (j, note) in entry.coverage_notes.iter().enumerate() {
        let here = format!("{path}.coverage_notes[{j}]");
        if !entry.assets.iter().any(|asset| asset.id == note.asset_id) {
            let message = format!("no asset with id {} in this assessment (coverage note)", note.asset_id);
            return Err(problem(format!("{here}.asset_id"), message));
        }
        if let Some((field, message)) = coverage_note_problem(note) {
            return Err(problem(format!("{here}.{field}"), message));
        }
        for (k, risk_id) in note.risk_ids.iter().enumerate() {
            if !entry.risks.iter().any(|risk| risk.id == *risk_id) {
                let message = format!("no risk with id {risk_id} in this assessment (coverage note)");
                return Err(problem(format!("{here}.risk_ids[{k}]"), message));
            }
        }
        once(&mut noted, note.asset_id, format!("{here}.asset_id"), || {
            format!("asset {} has two coverage notes", note.asset_id)
        })?;
    }
    for (j, record) in entry.sign_offs.iter().enumerate() {
        let here = format!("{path}.sign_offs[{j}]");
        check.define(&here, "sign-off", record.id)?;
        if record.assessment_id != id {
            return Err(problem(
                format!("{here}.assessment_id"),
                format!(
                    "sign-off {} is listed under assessment {id} but names {}",
                    record.id, record.assessment_id
                ),
            ));
        }
    }
    if let Some(kept) = &entry.signed_report {
        let first = entry.sign_offs.iter().map(|record| record.id).min();
        if first != Some(kept.sign_off_id) {
            return Err(problem(
                format!("{path}.signed_report.sign_off_id"),
                format!(
                    "the signed report names sign-off {}, which is not the first sign-off of assessment {id}",
                    kept.sign_off_id
                ),
            ));
        }
    }
    Ok(())
}

#[path = "restore_access.rs"]
mod program;
pub(super) use program::program_export;
