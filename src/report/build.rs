//! Builds the report model from a workspace snapshot: resolves ids to names, sorts the
//! register and the plan, counts, and takes final or draft from the findings.
//!
//! One builder per report `Section` (`builder`), each filling that section's part of the
//! model from the same `Input`; what belongs to no one section (the cover, the findings and
//! final or draft) is built first by `base`. Adding a section is one enum variant and one
//! builder.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::build_findings::{acknowledgment_rows, coverage_rows};
use super::build_rows::{PlanFacts, open_actions_of, plan_rows, register_rows, scenario_row, score};
use super::build_scope::{build_methodology, build_scope, key_gaps};
use super::model::*;
use super::text::Texts;
use crate::catalog::{Catalog, ItemKind};
use crate::domain::readiness::readiness;
use crate::domain::*;

/// What every section builder reads.
struct Input<'a> {
    workspace: &'a Workspace,
    catalog: &'a Catalog,
    log: &'a LogSummary,
    date: NaiveDate,
    signer: Option<Signer>,
    purpose: Purpose,
}

impl Input<'_> {
    fn name(&self, id: Option<Id>) -> String {
        self.workspace.person_name(id).to_string()
    }
}

/// Builds the report for the workspace's current assessment as of `date`, for every
/// format (`Purpose::All`).
pub fn build(
    workspace: &Workspace,
    catalog: &Catalog,
    log: &LogSummary,
    date: NaiveDate,
    signer: Option<Signer>,
) -> ReportModel {
    build_for(Purpose::All, workspace, catalog, log, date, signer)
}

/// What a model is built for: each format reads only part of it. Only a PDF attaches the
/// annexes' files; the JSON and the CSV files name them by hash and length alone. Only the
/// JSON lists every finding; the PDF counts them by rule and prints the first of each. A
/// model renders the same in every format it is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Every format (a signature keeps the PDF and the JSON; the TUI renders several).
    All,
    /// A PDF alone: annexes attached, the findings kept by rule (`ReportModel::keep_for_pdf`)
    /// as soon as what is judged from all of them is done, so the 100,000 findings of a
    /// large inventory are not held while its rows are built.
    Pdf,
    /// JSON or CSV alone: every finding, `Annex::deflated` left empty.
    Data,
}

/// `build` for `purpose`.
pub fn build_for(
    purpose: Purpose,
    workspace: &Workspace,
    catalog: &Catalog,
    log: &LogSummary,
    date: NaiveDate,
    signer: Option<Signer>,
) -> ReportModel {
    let input = Input {
        workspace,
        catalog,
        log,
        date,
        signer,
        purpose,
    };
    let mut model = base(&input);
    judge(&input, &mut model);
    if purpose == Purpose::Pdf {
        model.keep_for_pdf();
    }
    // The executive summary sums up the other sections, so it is built after them.
    let order = Section::ALL
        .into_iter()
        .filter(|section| *section != Section::Summary)
        .chain([Section::Summary]);
    for section in order {
        builder(section)(&input, &mut model);
    }
    super::build_grouping::complete(&mut model, workspace, purpose != Purpose::Data);
    model
}

/// The builder of each section: it fills the model's fields that section presents.
fn builder(section: Section) -> fn(&Input<'_>, &mut ReportModel) {
    match section {
        Section::Summary => summary,
        Section::ScopeAndMethodology => scope_and_methodology,
        Section::PracticeAndPeople => practice_and_people,
        Section::Inventory => inventory,
        Section::Safeguards => safeguards,
        Section::Threats => threats,
        Section::HeatMap => heat_map,
        Section::Register => register,
        Section::Plan => plan,
        Section::Findings => findings,
        Section::Evidence => evidence,
        Section::PolicyRegister => {
            |input, model| super::program_sections::build_policies(input.workspace, input.date, model)
        }
        Section::BusinessAssociates => {
            |input, model| super::program_sections::build_business_associates(input.workspace, input.date, model)
        }
        Section::ContingencyTests => {
            |input, model| model.contingency = super::contingency::build(input.workspace, input.date)
        }
        Section::ProgramCalendar => {
            |input, model| model.calendar = super::calendar_section::build(input.workspace, input.date)
        }
        Section::Incidents => incidents,
        // Built with the incidents, from the same period.
        Section::BreachLog => |_, _| {},
        Section::WorkforceTraining => workforce_training,
        Section::Changes => changes,
        Section::ChangeLog => change_log,
        Section::SignOff => sign_off,
    }
}

/// What belongs to no one section: the cover, the findings (final or draft comes from them
/// alone, as for `check` and the dashboard) and the section titles; every section's
/// fields empty until its builder runs.
fn base(input: &Input<'_>) -> ReportModel {
    let Input { workspace, date, .. } = *input;
    let assessment = workspace.assessment();
    let findings = crate::domain::findings(workspace, input.catalog, date);
    let finding_counts = FindingCounts::of(&findings);
    let practice = &workspace.practice;
    ReportModel {
        status: crate::domain::Status::of(finding_counts),
        report_version: REPORT_VERSION,
        date,
        draft: !finding_counts.can_finalize(),
        missing: Missing::default(),
        acknowledgments: Vec::new(),
        coverage_notes: Vec::new(),
        findings,
        finding_counts,
        sections: Section::ALL.iter().map(|section| section.title().to_string()).collect(),
        cover: Cover {
            practice: practice.name.clone(),
            assessment: assessment.map_or_else(String::new, |a| a.title.clone()),
            period_start: assessment.map(|a| a.period_start),
            period_end: assessment.map(|a| a.period_end),
            assessor: assessment.map_or_else(String::new, |a| a.assessor.clone()),
            date,
        },
        summary: Summary::default(),
        scope: Scope::default(),
        methodology: super::model::Methodology::default(),
        practice: PracticeInfo::default(),
        owners: Vec::new(),
        people: Vec::new(),
        assets: Vec::new(),
        retired_assets: Vec::new(),
        vendors: Vec::new(),
        safeguards: Vec::new(),
        scenarios: Vec::new(),
        heat_map: Vec::new(),
        register: Vec::new(),
        plan: Vec::new(),
        accepted_risks: Vec::new(),
        evidence: Vec::new(),
        access: Default::default(),
        policy_register: Vec::new(),
        business_associates: Vec::new(),
        contingency: Default::default(),
        calendar: Vec::new(),
        change_log: LogSummary::default(),
        training: Default::default(),
        next_review: assessment.and_then(|a| a.next_review),
        sign_off: SignOff {
            attestation: String::new(),
            date,
            signer: None,
        },
        started: super::model::Started {
            reason: assessment
                .map(|a| crate::domain::incident::start_reason_words(a, &workspace.incidents))
                .unwrap_or_default(),
            on: assessment.and_then(|a| a.started_on),
        },
        changes: None,
        grouping: Default::default(),
        annexes: Vec::new(),
        proposed: None,
        incidents: Vec::new(),
        breach_logs: Vec::new(),
        as_signed_on: None,
        printed_findings: None,
    }
}

/// What the sections take from every finding, before anything else (so a PDF's model can
/// keep only the findings by rule while the rest is built): the methodology's OCR
/// elements, the acknowledgments' rows and the summary's readiness signals.
fn judge(input: &Input<'_>, model: &mut ReportModel) {
    let Input {
        workspace,
        catalog,
        date,
        ..
    } = *input;
    model.methodology = build_methodology(workspace, catalog, &model.findings, date);
    model.acknowledgments = acknowledgment_rows(workspace, &model.findings);
    model.summary.signals = readiness(&model.findings)
        .iter()
        .map(|signal| SignalRow {
            name: signal.name.to_string(),
            level: signal.level.label().to_string(),
            reason: signal.reason.clone(),
        })
        .collect();
}

fn summary(input: &Input<'_>, model: &mut ReportModel) {
    let Input { workspace, catalog, .. } = *input;
    // Judged from every finding first (`judge`).
    let signals = std::mem::take(&mut model.summary.signals);
    let next_steps = next_steps(
        &model.findings_by_rule(),
        &model.plan,
        workspace.assessment().and_then(|a| a.next_review),
        workspace.risks.len() > super::thresholds::GROUP_SCENARIOS_ABOVE,
    );
    model.summary = Summary {
        scope: scope_paragraph(workspace, catalog),
        risk_counts: model
            .methodology
            .results
            .iter()
            .enumerate()
            .rev()
            .map(|(index, result)| LevelCount {
                level: result.level.clone(),
                band: result.band,
                count: model
                    .scenarios
                    .iter()
                    .filter(|row| row.score.as_ref().is_some_and(|score| score.level_index == index))
                    .count(),
            })
            .collect(),
        unscored: model.scenarios.iter().filter(|row| row.score.is_none()).count(),
        top_risks: model
            .register
            .iter()
            .filter(|row| row.score.is_some())
            .take(5)
            .cloned()
            .collect(),
        signals,
        next_steps,
        key_gaps: key_gaps(workspace, catalog),
        top_groups: Vec::new(),
        overdue: Vec::new(),
    };
}

fn scope_and_methodology(input: &Input<'_>, model: &mut ReportModel) {
    // The methodology is judged from the findings first (`judge`).
    model.scope = build_scope(input.workspace, input.catalog);
}

fn practice_and_people(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    let practice = &workspace.practice;
    model.practice = PracticeInfo {
        name: practice.name.clone(),
        entity_type: practice.entity_type.to_string(),
        locations: practice
            .locations
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(String::from)
            .collect(),
        workforce_size: practice.workforce_size,
        notes: practice.notes.clone(),
    };
    model.owners = build_owners(workspace);
    model.people = workspace
        .people
        .iter()
        .map(|person| PersonRow {
            name: person.name.clone(),
            title: person.title.clone(),
            contact: person.contact.clone(),
            roles: workspace.role_labels(person.id),
        })
        .collect();
}

/// This year's scope (`Workspace::active_assets`), and the assets retired this year apart.
fn inventory(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    // The fields' texts repeat (a kind, "Yes", an owner, a date) across 40,000 rows: each
    // distinct one is held once (`text.rs`).
    let mut texts = Texts::default();
    // A PDF alone prints its inventory table's columns of each row: at 40,000 assets the
    // other ten fields were 25 MB at the report's peak (the workbook and the JSON, built
    // for `Purpose::All` or `Data`, list every field).
    let shown = |field: &crate::domain::AssetField| {
        input.purpose != Purpose::Pdf
            || super::helpers::INVENTORY_COLUMNS
                .iter()
                .any(|(printed, ..)| printed == field)
    };
    model.assets = workspace
        .active_assets()
        .map(|asset| AssetRow {
            id: asset.id,
            name: asset.name.clone(),
            kind: asset.kind.to_string(),
            description: asset.description.clone(),
            location: asset.location.clone(),
            owner: input.name(asset.owner_id),
            ephi: asset.ephi.letters(),
            in_scope: asset.in_scope(),
            record_count: asset.record_count,
            criticality: asset.criticality.to_string(),
            encrypted_at_rest: asset.encrypted_at_rest.to_string(),
            last_reviewed: asset.last_reviewed,
            fields: shown_fields(asset, &|id| input.name(id), &mut texts, &shown),
        })
        .collect();
    model.retired_assets = workspace
        .retired_assets()
        .map(|retirement| RetiredRow {
            id: retirement.asset.id,
            name: retirement.asset.name.clone(),
            kind: retirement.asset.kind.to_string(),
            retired_on: retirement.retired_on,
        })
        .collect();
    model.vendors = workspace
        .active_assets()
        .filter_map(|asset| {
            let vendor = asset.vendor()?;
            Some(VendorRow {
                name: asset.name.clone(),
                services: vendor.services.clone(),
                agreement: vendor.baa_status.to_string(),
                agreement_date: vendor.baa_date,
                handles_ephi: asset.in_scope(),
                lacks_agreement: asset.lacks_baa(),
            })
        })
        .collect();
}

fn safeguards(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    model.safeguards = input
        .catalog
        .items
        .iter()
        .map(|item| {
            let review = workspace.review(&item.citation);
            SafeguardRow {
                citation: item.citation.clone(),
                name: item.name.clone(),
                section: item.section.to_string(),
                kind: item.kind.to_string(),
                status: workspace.review_status(&item.citation).to_string(),
                owner: input.name(review.and_then(|r| r.owner_id)),
                reviewed_on: review.and_then(|r| r.reviewed_on),
                notes: review.map_or_else(String::new, |r| r.notes.clone()),
                na_reason: review.map_or_else(String::new, |r| r.na_reason.clone()),
                measure: review.map_or_else(String::new, |r| r.measure.clone()),
                decision: review.and_then(|r| r.decision).map(|d| d.to_string()),
                decision_text: review.map_or_else(String::new, |r| r.decision_text.clone()),
                answers: review.map_or_else(Vec::new, |r| answer_lines(item, r)),
            }
        })
        .collect();
}

/// The scenarios, one row per risk in the workspace's order.
fn threats(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    let matrix = workspace.matrix();
    // The scenario and register rows share their texts, and equal texts (a threat from
    // the library, a level, an owner, an asset) are held once: see `text.rs`.
    let mut texts = Texts::default();
    // Names by id, built once: a scan per risk would be quadratic at 20,000 scenarios.
    // Every asset, retired ones too: a scenario may still name one, marked as retired.
    let asset_names: HashMap<Id, Text> = workspace
        .asset_labels()
        .into_iter()
        .map(|(id, label)| (id, texts.get(&label)))
        .collect();
    let records = records_affected(workspace);
    model.scenarios = workspace
        .risks
        .iter()
        .zip(records)
        .map(|(risk, records)| {
            let assets = risk
                .asset_ids
                .iter()
                .filter_map(|id| asset_names.get(id).cloned())
                .collect();
            let owner = workspace.person_name(risk.owner_id);
            scenario_row(risk, assets, records, owner, matrix, &mut texts)
        })
        .collect();
}

fn heat_map(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    model.heat_map = match workspace.matrix() {
        Some(matrix) => {
            let mut counts = vec![vec![0; matrix.columns.levels.len()]; matrix.rows.levels.len()];
            for risk in &workspace.risks {
                if let Some(cell) = risk
                    .likelihood
                    .zip(risk.impact)
                    .and_then(|(row, column)| counts.get_mut(row)?.get_mut(column))
                {
                    *cell += 1;
                }
            }
            counts
        }
        None => Vec::new(),
    };
}

/// The register in the domain's order, the one the Risks screen and `risks export` use,
/// and the accepted risks.
fn register(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    let levels: Vec<Option<usize>> = workspace
        .risks
        .iter()
        .map(|risk| workspace.matrix().and_then(|matrix| risk.level(matrix)))
        .collect();
    let open_actions = open_actions_of(workspace.risks.iter(), &workspace.actions);
    model.register = register_rows(&model.scenarios, &levels, &open_actions);
    let matrix = workspace.matrix();
    model.accepted_risks = workspace
        .risks
        .iter()
        .filter(|risk| risk.treatment == Treatment::Accept)
        .map(|risk| AcceptedRow {
            risk_id: risk.id,
            threat: risk.threat.clone(),
            level: score(matrix, &mut Texts::default(), risk.likelihood, risk.impact).map(|score| score.level.into()),
            accepted_by: input.name(risk.acceptance.as_ref().map(|a| a.person_id)),
            accepted_on: risk.acceptance.as_ref().map(|a| a.accepted_on),
            reason: risk.acceptance.as_ref().map_or_else(String::new, |a| a.reason.clone()),
        })
        .collect();
}

fn plan(input: &Input<'_>, model: &mut ReportModel) {
    model.plan = build_plan(input.workspace, input.date);
}

/// The findings themselves are in `base` and their acknowledgments in `judge`; here
/// what is missing and the coverage notes.
fn findings(input: &Input<'_>, model: &mut ReportModel) {
    let workspace = input.workspace;
    model.missing = find_missing(workspace, input.catalog, &model.scenarios);
    model.coverage_notes = coverage_rows(workspace);
}

fn evidence(input: &Input<'_>, model: &mut ReportModel) {
    model.evidence = input
        .workspace
        .evidence
        .iter()
        .map(|record| EvidenceRow {
            id: record.id,
            title: record.title.clone(),
            kind: record.kind.to_string(),
            dated: record.dated,
            owner: input.name(record.owner_id),
            location: record.location.clone(),
            file_name: record.file.as_ref().map(|file| file.file_name.clone()),
            size: record.file.as_ref().map(|file| file.size),
            sha256: record.file.as_ref().map(|file| file.sha256.clone()),
            review_due: record.review_due(),
            overdue: record.is_review_overdue_among(&input.workspace.evidence, input.date),
            links: record
                .links
                .iter()
                .map(|link| match link.target {
                    LinkTarget::Safeguard => link.target_ref.clone(),
                    target => format!("{target} {}", link.target_ref),
                })
                .collect(),
        })
        .collect();
}

/// None here: `publish` fills it in when there is a previous assessment to compare with.
fn changes(_: &Input<'_>, model: &mut ReportModel) {
    model.changes = None;
}

fn change_log(input: &Input<'_>, model: &mut ReportModel) {
    model.change_log = input.log.clone();
}

fn sign_off(input: &Input<'_>, model: &mut ReportModel) {
    let date = input.date;
    let practice = &input.workspace.practice;
    let cover = &model.cover;
    let period = match (cover.period_start, cover.period_end) {
        (Some(start), Some(end)) => format!("{} ({start} to {end})", cover.assessment),
        _ => "the current period".to_string(),
    };
    // A draft is never "reviewed and approved": its signature attests only to the text.
    let attestation = if model.draft {
        format!(
            "DRAFT FOR REVIEW, NOT APPROVED. This risk analysis of {} for {period}, as known on {date}, \
             still has {} open blocking {} (listed in the Findings section). A signature on this draft \
             attests only that this is the text circulated for review; it does not approve the analysis.",
            practice.name,
            model.finding_counts.blocking,
            if model.finding_counts.blocking == 1 {
                "finding"
            } else {
                "findings"
            },
        )
    } else {
        format!(
            "I attest that this risk analysis of {} for {period} was carried out as described in it, \
             that it reflects the practice's environment for electronic protected health information as \
             known on {date}, and that the risks, decisions and remediation plan recorded here have been \
             reviewed and approved.",
            practice.name,
        )
    };
    model.sign_off = SignOff {
        attestation,
        date,
        signer: input.signer.clone(),
    };
}

fn find_missing(workspace: &Workspace, catalog: &Catalog, scenarios: &[ScenarioRow]) -> Missing {
    let unreviewed_safeguards = catalog
        .items
        .iter()
        .filter(|item| !workspace.is_reviewed(&item.citation))
        .map(|item| item.citation.clone())
        .collect();
    let undecided_addressable = catalog
        .items
        .iter()
        .filter(|item| item.kind == ItemKind::Addressable)
        .filter(|item| {
            workspace.review(&item.citation).is_some_and(|review| {
                !matches!(review.status, ReviewStatus::NotReviewed | ReviewStatus::NotApplicable)
                    && review.decision.is_none()
            })
        })
        .map(|item| item.citation.clone())
        .collect();
    let label = |row: &ScenarioRow| format!("#{} {}", row.risk_id, row.threat);
    Missing {
        unreviewed_safeguards,
        undecided_addressable,
        unscored_scenarios: scenarios.iter().filter(|row| row.score.is_none()).map(label).collect(),
        untreated_high_risks: scenarios
            .iter()
            .zip(&workspace.risks)
            .filter(|(row, risk)| {
                risk.treatment == Treatment::Undecided && row.score.as_ref().is_some_and(|s| s.band >= Band::High)
            })
            .map(|(row, _)| label(row))
            .collect(),
        missing_owners: Role::REQUIRED
            .iter()
            .filter(|role| workspace.holders(**role).next().is_none())
            .map(|role| role.to_string())
            .collect(),
    }
}

fn build_plan(workspace: &Workspace, date: NaiveDate) -> Vec<PlanRow> {
    let threats: HashMap<Id, &str> = workspace
        .risks
        .iter()
        .map(|risk| (risk.id, risk.threat.as_str()))
        .collect();
    // The assets actions change, by id (retired ones too, marked).
    let asset_labels = workspace.asset_labels();
    plan_rows(
        workspace.actions.iter().map(|action| PlanFacts {
            action,
            risk: action
                .risk_id
                .and_then(|risk_id| threats.get(&risk_id).copied())
                .unwrap_or_default(),
            owner: workspace.person_name(action.owner_id),
            asset: action.asset_id.and_then(|id| asset_labels.get(&id)).map(String::as_str),
        }),
        date,
    )
}

fn build_owners(workspace: &Workspace) -> Vec<OwnerRow> {
    let mut rows: Vec<OwnerRow> = Role::ALL
        .iter()
        .filter(|role| **role != Role::Custom)
        .map(|role| OwnerRow {
            role: role.to_string(),
            required: Role::REQUIRED.contains(role),
            names: workspace.holders(*role).map(|person| person.name.clone()).collect(),
        })
        .collect();
    let mut custom: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for assignment in workspace.roles.iter().filter(|a| a.role == Role::Custom) {
        if let Some(person) = workspace.person(assignment.person_id) {
            custom
                .entry(assignment.custom_label.as_str())
                .or_default()
                .push(person.name.clone());
        }
    }
    let mut custom: Vec<_> = custom.into_iter().collect();
    custom.sort_by(|(a, _), (b, _)| crate::domain::order::name_order(a, b));
    rows.extend(custom.into_iter().map(|(role, names)| OwnerRow {
        role: role.to_string(),
        required: false,
        names,
    }));
    rows
}

fn scope_paragraph(workspace: &Workspace, catalog: &Catalog) -> String {
    let practice = &workspace.practice;
    let counts = workspace.scope_counts();
    let (in_scope, vendors) = (counts.ephi, counts.vendors);
    let reviewed = catalog
        .items
        .iter()
        .filter(|item| workspace.is_reviewed(&item.citation))
        .count();
    let staff = practice
        .workforce_size
        .map_or_else(String::new, |size| format!(" with a workforce of {size}"));
    let locations = practice
        .locations
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count();
    let period = workspace.assessment().map_or_else(String::new, |a| {
        format!(" for the period {} to {}", a.period_start, a.period_end)
    });
    let matrix = workspace.matrix().map_or("no matrix", |matrix| matrix.name.as_str());
    let retired = match counts.retired {
        0 => String::new(),
        1 => " One entry of last year's inventory was retired this year and is outside this scope.".to_string(),
        many => format!(" {many} entries of last year's inventory were retired this year and are outside this scope."),
    };
    format!(
        "This analysis covers {} ({}){staff} at {locations} location{}{period}. It takes in {in_scope} \
         inventory entries that create, receive, maintain or transmit electronic protected health \
         information (of {} recorded, {vendors} of them vendors), reviews {reviewed} of the {} Security \
         Rule standards and implementation specifications, and scores {} threat and vulnerability \
         scenarios on the {matrix}.{retired}",
        practice.name,
        practice.entity_type.to_string().to_lowercase(),
        if locations == 1 { "" } else { "s" },
        counts.assets,
        catalog.items.len(),
        workspace.risks.len(),
    )
}

/// How many kinds of blocking finding a grouped report's next steps name one by one.
const RESOLVE_SHOWN_GROUPED: usize = 5;

/// What to do next: resolve the blocking findings, by rule (the same findings the
/// Findings section lists, so the two cannot disagree), then the overdue and next actions.
/// A grouped report counts the overdue actions in one step; the summary's table of them
/// by title and owner follows.
fn next_steps(
    by_rule: &[super::printed_findings::RuleFindings],
    plan: &[PlanRow],
    next_review: Option<NaiveDate>,
    grouped: bool,
) -> Vec<String> {
    let mut steps = Vec::new();
    let mut resolve: Vec<(Rule, usize)> = Vec::new();
    for rule in Rule::ALL {
        // Open blocking findings of the rule.
        let open: usize = by_rule
            .iter()
            .filter(|counted| counted.rule == *rule && counted.blocking)
            .map(|counted| counted.open)
            .sum();
        if open > 0 {
            resolve.push((*rule, open));
        }
    }
    // A grouped (large) report names the first kinds and counts the rest, so the summary
    // keeps to its two pages however many kinds of finding are open.
    let shown = if grouped { RESOLVE_SHOWN_GROUPED } else { resolve.len() };
    for (rule, open) in resolve.iter().take(shown) {
        steps.push(format!(
            "Resolve: {} ({open}).",
            Labeled::label(*rule).to_lowercase().replace("ephi", "ePHI")
        ));
    }
    if resolve.len() > shown {
        let rest = &resolve[shown..];
        let count: usize = rest.iter().map(|(_, open)| open).sum();
        steps.push(format!(
            "Resolve: {count} more blocking {} of {} other {} (every one in the Findings section).",
            if count == 1 { "finding" } else { "findings" },
            rest.len(),
            if rest.len() == 1 { "kind" } else { "kinds" },
        ));
    }
    let open: Vec<&PlanRow> = plan.iter().filter(|row| row.open).collect();
    let overdue = open.iter().filter(|row| row.overdue).count();
    if grouped && overdue > 0 {
        steps.push(format!(
            "Overdue: {overdue} open {} past {} due date (by title and owner below; every one in the plan annex).",
            if overdue == 1 { "action" } else { "actions" },
            if overdue == 1 { "its" } else { "their" },
        ));
    }
    for row in open.iter().filter(|row| row.overdue && !grouped) {
        steps.push(format!(
            "Overdue: {} (owner {}, due {}).",
            row.title,
            if row.owner.is_empty() { "not named" } else { &row.owner },
            row.due_on.map_or_else(|| "not set".to_string(), |due| due.to_string()),
        ));
    }
    for row in open.iter().filter(|row| !row.overdue).take(3) {
        steps.push(format!(
            "Next: {} (owner {}, due {}).",
            row.title,
            if row.owner.is_empty() { "not named" } else { &row.owner },
            row.due_on.map_or_else(|| "not set".to_string(), |due| due.to_string()),
        ));
    }
    if let Some(next) = next_review {
        steps.push(format!("Review this analysis again by {next}."));
    }
    steps
}

/// A review's answers as the report prints them under the item, in question order.
fn answer_lines(item: &crate::catalog::Item, review: &crate::domain::SafeguardReview) -> Vec<String> {
    let mut answers: Vec<&crate::domain::QuestionAnswer> = review.answers.iter().collect();
    answers.sort_by_key(|answer| answer.question);
    answers
        .into_iter()
        .filter_map(|answer| {
            let question = item.questions.get(answer.question)?;
            let note = if answer.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", answer.note)
            };
            Some(format!("{question} {}{note}", answer.answer))
        })
        .collect()
}

/// Every field of a record as the report shows it (labels, not keys; a person by name).
fn shown_fields<R: crate::domain::Record>(
    record: &R,
    person: &dyn Fn(Option<Id>) -> String,
    texts: &mut Texts,
    shown: &dyn Fn(&R::Field) -> bool,
) -> Vec<super::model::ShownField> {
    use crate::domain::record::Field;
    <R::Field as Field>::ALL
        .iter()
        .filter(|field| shown(field))
        .map(|field| super::model::ShownField {
            key: field.key().into(),
            label: field.label().into(),
            text: texts.get(&field.get(record).shown(field.kind(), person)),
        })
        .collect()
}

/// The incidents of the report's period and the breach logs of its years.
fn incidents(input: &Input<'_>, model: &mut ReportModel) {
    super::incident_sections::build(model, input.workspace, input.date);
}

/// "Workforce training and access": the training on the report's date, then the access
/// reviews, leavers and access changes of its period.
fn workforce_training(input: &Input<'_>, model: &mut ReportModel) {
    model.training = super::training::build(input.workspace, input.date);
    model.access = super::access::build(input.workspace, input.date);
}
