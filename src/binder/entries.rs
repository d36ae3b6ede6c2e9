//! What each kind of record puts in the binder: one contributor per kind, listed in
//! `CONTRIBUTORS`. A contributor reads `Sources` and returns its files, each with the
//! inquiries it answers. A new kind of record adds its function here with one line.

use std::collections::{BTreeMap, HashMap};

use color_eyre::eyre::Result;

use super::{BinderEntry, Content, Inquiry, Sources};
use crate::domain::{Evidence, Id, Labeled, LinkTarget, Status};
use crate::report;

/// A contributor: the files one kind of record puts in the binder.
pub type Contributor = fn(&Sources) -> Result<Vec<BinderEntry>>;

/// Every contributor, in the order their files are gathered (the zip's order is sorted
/// by path whatever this order is; it decides only which of two files of the same name
/// keeps the plain name).
pub const CONTRIBUTORS: &[Contributor] = &[
    report_of_the_year,
    analysis_tables,
    workforce,
    business_associates_of_the_inventory,
    super::program::training,
    super::program::access_reviews,
    super::program::incidents_and_breaches,
    super::program::policy_register,
    super::program::business_associate_agreements,
    super::program::contingency_tests,
    evidence_files,
];

/// The report of the year: a signed year's kept PDF and JSON with their signatures and
/// the signer's public key, byte for byte; otherwise a freshly rendered draft, marked
/// DRAFT on every page and in its name.
fn report_of_the_year(sources: &Sources) -> Result<Vec<BinderEntry>> {
    const ANSWERS: &[Inquiry] = &[
        Inquiry::RiskAnalysis,
        Inquiry::RiskManagement,
        Inquiry::Evaluation,
        Inquiry::Documentation,
    ];
    let year = sources.year();
    let Some((kept, _signed_on)) = &sources.kept else {
        let mut model = sources.model.clone();
        // A year not signed is handed out only as a draft, whatever its findings say: only
        // a signature makes a report final.
        model.draft = true;
        model.set_status();
        let pdf = report::render_pdf(&model, sources.paper);
        return Ok(vec![BinderEntry::bytes(
            format!("report/risk-analysis-{year}-DRAFT.pdf"),
            pdf,
            ANSWERS,
        )]);
    };
    let public_key = public_key_file(&kept.public_key);
    Ok(vec![
        BinderEntry::bytes(format!("report/risk-analysis-{year}.pdf"), kept.pdf.clone(), ANSWERS),
        BinderEntry::bytes(
            format!("report/risk-analysis-{year}.pdf.minisig"),
            kept.pdf_signature.clone().into_bytes(),
            &[Inquiry::Documentation],
        ),
        BinderEntry::bytes(format!("report/risk-analysis-{year}.json"), kept.json.clone(), ANSWERS),
        BinderEntry::bytes(
            format!("report/risk-analysis-{year}.json.minisig"),
            kept.json_signature.clone().into_bytes(),
            &[Inquiry::Documentation],
        ),
        BinderEntry::bytes("report/signer.pub", public_key.into_bytes(), &[Inquiry::Documentation]),
    ])
}

/// A public key as minisign writes it in a `.pub` file (`minisign -V -p signer.pub`).
fn public_key_file(base64: &str) -> String {
    let key_id = crate::signing::read_public_key(base64)
        .map(|key| crate::signing::key_id(&key))
        .unwrap_or_default();
    format!("untrusted comment: minisign public key {key_id}\n{}\n", base64.trim())
}

/// The register, the plan and the inventory as CSV, the workbook and the OSCAL plan of
/// action and milestones, from the year's model (a signed year's kept model).
fn analysis_tables(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let model = &sources.model;
    let mut register = Vec::new();
    report::write_register_csv(&mut register, model)?;
    let mut plan = Vec::new();
    report::write_plan_csv(&mut plan, model)?;
    let inventory = inventory_csv(sources)?;
    let workbook = report::render_xlsx(model)?;
    let oscal = report::render_oscal(model, &sources.identity).into_bytes();
    Ok(vec![
        BinderEntry::bytes("analysis/risk-register.csv", register, &[Inquiry::RiskAnalysis]),
        BinderEntry::bytes("analysis/remediation-plan.csv", plan, &[Inquiry::RiskManagement]),
        BinderEntry::bytes("analysis/inventory.csv", inventory, &[Inquiry::RiskAnalysis]),
        BinderEntry::bytes(
            "analysis/risk-analysis.xlsx",
            workbook,
            &[Inquiry::RiskAnalysis, Inquiry::RiskManagement],
        ),
        BinderEntry::bytes("analysis/poam.oscal.json", oscal, &[Inquiry::RiskManagement]),
    ])
}

/// The assessment's inventory, as `assets export` writes it.
fn inventory_csv(sources: &Sources) -> Result<Vec<u8>> {
    let rows = sources.store.scope_rows(sources.assessment.id)?;
    let owners: HashMap<Id, String> = rows
        .iter()
        .filter_map(|row| Some((row.asset.owner_id?, row.owner.clone())))
        .collect();
    let owner = |id: Option<Id>| id.and_then(|id| owners.get(&id).cloned()).unwrap_or_default();
    let assets: Vec<crate::domain::Asset> = rows.into_iter().map(|row| row.asset).collect();
    let mut bytes = Vec::new();
    crate::exchange::write_assets_csv(&mut bytes, &assets, owner, sources.model.status)?;
    Ok(bytes)
}

/// The people and the workforce fields (job role, workforce type, hire and termination
/// dates, supervisor).
fn workforce(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let people = sources.store.people()?;
    let names: HashMap<Id, String> = people.iter().map(|person| (person.id, person.name.clone())).collect();
    let name = |id: Option<Id>| id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
    let mut bytes = Vec::new();
    crate::exchange::write_csv(&mut bytes, &people, &name, sources.model.status)?;
    Ok(vec![BinderEntry::bytes(
        "workforce/people.csv",
        bytes,
        &[Inquiry::SecurityResponsibility, Inquiry::WorkforceSecurity],
    )])
}

/// The vendors of the inventory's systems and whether each has a signed agreement, as the
/// report prints them: the business associates the analysis found.
fn business_associates_of_the_inventory(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let vendors = &sources.model.vendors;
    if vendors.is_empty() {
        return Ok(Vec::new());
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "analysis_status",
        "vendor",
        "services",
        "agreement",
        "agreement_date",
        "handles_ephi",
        "handles_ephi_without_agreement",
    ])?;
    let yes_no = |value: bool| if value { "Yes" } else { "No" };
    for vendor in vendors {
        let date = vendor.agreement_date.map(|date| date.to_string()).unwrap_or_default();
        writer.write_record([
            status_word(sources.model.status),
            &crate::exchange::limits::spreadsheet_safe(&vendor.name),
            &crate::exchange::limits::spreadsheet_safe(&vendor.services),
            &crate::exchange::limits::spreadsheet_safe(&vendor.agreement),
            &date,
            yes_no(vendor.handles_ephi),
            yes_no(vendor.lacks_agreement),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| color_eyre::eyre::eyre!("{error}"))?;
    Ok(vec![BinderEntry::bytes(
        "business-associates/vendors-of-the-inventory.csv",
        bytes,
        &[Inquiry::BusinessAssociates],
    )])
}

fn status_word(status: Status) -> &'static str {
    status.word()
}

/// Every stored evidence file with its original name, in a folder per kind, and the
/// evidence index (every evidence record, with or without a file, and where its file is in
/// the bag).
fn evidence_files(sources: &Sources) -> Result<Vec<BinderEntry>> {
    let records = sources.store.evidence()?;
    let mut entries = Vec::new();
    let mut placed: BTreeMap<Id, usize> = BTreeMap::new();
    for record in &records {
        let Some(file) = &record.file else {
            continue;
        };
        let name = match crate::output::plain_file_name(&file.file_name) {
            Ok(name) => name.to_string(),
            Err(_) => format!("evidence-{}", record.id),
        };
        placed.insert(record.id, entries.len());
        entries.push(BinderEntry {
            path: format!("evidence/{}/{name}", record.kind.key()),
            content: Content::Evidence {
                id: record.id,
                size: file.size,
            },
            answers: evidence_answers(record),
        });
    }
    // Names are settled here (not only at the end), so the index gives each file's place.
    super::entries::settle_names(&mut entries);
    let index = evidence_index(sources, &records, &placed, &entries)?;
    entries.push(BinderEntry::bytes(
        "evidence/evidence-index.csv",
        index,
        &[Inquiry::Documentation],
    ));
    Ok(entries)
}

/// The evidence index: one row per record, with its file's place in the bag.
fn evidence_index(
    sources: &Sources,
    records: &[Evidence],
    placed: &BTreeMap<Id, usize>,
    entries: &[BinderEntry],
) -> Result<Vec<u8>> {
    let people = sources.store.people()?;
    let names: HashMap<Id, String> = people.into_iter().map(|person| (person.id, person.name)).collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "analysis_status",
        "id",
        "title",
        "kind",
        "dated",
        "owner",
        "review_cycle_months",
        "location",
        "file_name",
        "sha256",
        "size",
        "in_binder",
        "links",
    ])?;
    for record in records {
        let file = record.file.as_ref();
        let in_binder = placed
            .get(&record.id)
            .and_then(|&index| entries.get(index))
            .map(|entry| format!("data/{}", entry.path))
            .unwrap_or_default();
        let links: Vec<String> = record
            .links
            .iter()
            .map(|link| format!("{} {}", link.target.key(), link.target_ref))
            .collect();
        let safe = crate::exchange::limits::spreadsheet_safe;
        writer.write_record([
            status_word(sources.model.status).to_string(),
            record.id.to_string(),
            safe(&record.title).into_owned(),
            record.kind.label().to_string(),
            record.dated.map(|date| date.to_string()).unwrap_or_default(),
            record
                .owner_id
                .and_then(|id| names.get(&id).cloned())
                .map(|name| safe(&name).into_owned())
                .unwrap_or_default(),
            record
                .review_cycle_months
                .map(|months| months.to_string())
                .unwrap_or_default(),
            safe(&record.location).into_owned(),
            file.map(|file| safe(&file.file_name).into_owned()).unwrap_or_default(),
            file.map(|file| file.sha256.clone()).unwrap_or_default(),
            file.map(|file| file.size.to_string()).unwrap_or_default(),
            in_binder,
            links.join("; "),
        ])?;
    }
    writer.into_inner().map_err(|error| color_eyre::eyre::eyre!("{error}"))
}

/// The inquiries an evidence file answers: by its kind, and by the safeguards it is
/// linked to; Documentation when neither says more.
fn evidence_answers(record: &Evidence) -> Vec<Inquiry> {
    use crate::domain::EvidenceKind;
    let mut answers: Vec<Inquiry> = match record.kind {
        EvidenceKind::Policy | EvidenceKind::Procedure => vec![Inquiry::PoliciesAndProcedures],
        EvidenceKind::TrainingLog => vec![Inquiry::Training],
        EvidenceKind::AccessReview => vec![Inquiry::AccessManagement],
        EvidenceKind::IncidentRecord => vec![Inquiry::IncidentProcedures],
        EvidenceKind::BaaDocument => vec![Inquiry::BusinessAssociates],
        EvidenceKind::BackupTest => vec![Inquiry::ContingencyPlan, Inquiry::ContingencyTesting],
        EvidenceKind::RiskAnalysisRecord => vec![Inquiry::RiskAnalysis],
        EvidenceKind::Other => Vec::new(),
    };
    for link in &record.links {
        if link.target == LinkTarget::Safeguard
            && let Some(inquiry) = inquiry_of_citation(&link.target_ref)
        {
            answers.push(inquiry);
        }
    }
    if answers.is_empty() {
        answers.push(Inquiry::Documentation);
    }
    answers.sort();
    answers.dedup();
    answers
}

/// The inquiry a safeguard's citation falls under, if the binder's index has one for it.
pub(super) fn inquiry_of_citation(citation: &str) -> Option<Inquiry> {
    let citation = citation.trim().trim_start_matches('§').trim();
    // Most specific first.
    const PREFIXES: &[(&str, Inquiry)] = &[
        ("164.308(a)(1)(ii)(A)", Inquiry::RiskAnalysis),
        ("164.308(a)(1)(ii)(B)", Inquiry::RiskManagement),
        ("164.308(a)(1)(ii)(C)", Inquiry::SanctionPolicy),
        ("164.308(a)(1)(ii)(D)", Inquiry::ActivityReview),
        ("164.308(a)(2)", Inquiry::SecurityResponsibility),
        ("164.308(a)(3)", Inquiry::WorkforceSecurity),
        ("164.308(a)(4)", Inquiry::AccessManagement),
        ("164.308(a)(5)", Inquiry::Training),
        ("164.308(a)(6)", Inquiry::IncidentProcedures),
        ("164.308(a)(7)(ii)(D)", Inquiry::ContingencyTesting),
        ("164.308(a)(7)", Inquiry::ContingencyPlan),
        ("164.308(a)(8)", Inquiry::Evaluation),
        ("164.308(b)", Inquiry::BusinessAssociates),
        ("164.314(a)", Inquiry::BusinessAssociates),
        ("164.316(a)", Inquiry::PoliciesAndProcedures),
        ("164.316(b)", Inquiry::Documentation),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| citation.starts_with(prefix))
        .map(|(_, inquiry)| *inquiry)
}

/// Gives every entry a path of its own: the first of two entries with the same path (in
/// the order given) keeps it, the next becomes `name (2).ext`, then `name (3).ext`, and so
/// on, skipping any name already taken. Deterministic: the same entries in the same order
/// get the same paths.
pub fn settle_names(entries: &mut [BinderEntry]) {
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Every path as given is reserved first, so a renamed file never takes a name another
    // file has of its own.
    let given: std::collections::HashSet<String> = entries.iter().map(|entry| entry.path.clone()).collect();
    for entry in entries.iter_mut() {
        if taken.insert(entry.path.clone()) {
            continue;
        }
        let (stem, extension) = split_extension(&entry.path);
        let mut number = 2;
        let renamed = loop {
            let candidate = format!("{stem} ({number}){extension}");
            if !taken.contains(&candidate) && !given.contains(&candidate) {
                break candidate;
            }
            number += 1;
        };
        taken.insert(renamed.clone());
        entry.path = renamed;
    }
}

/// `evidence/policy/plan.v2.pdf` -> (`evidence/policy/plan.v2`, `.pdf`); a name without a
/// dot (or only a leading one) has no extension.
fn split_extension(path: &str) -> (&str, &str) {
    let name_start = path.rfind('/').map_or(0, |slash| slash + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => path.split_at(name_start + dot),
        _ => (path, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(paths: &[&str]) -> Vec<String> {
        let mut entries: Vec<BinderEntry> = paths
            .iter()
            .map(|path| BinderEntry::bytes(*path, Vec::new(), &[]))
            .collect();
        settle_names(&mut entries);
        entries.into_iter().map(|entry| entry.path).collect()
    }

    #[test]
    fn files_of_the_same_name_are_numbered_in_order_and_never_take_a_given_name() {
        assert_eq!(
            named(&[
                "e/a.pdf",
                "e/a.pdf",
                "e/a (2).pdf",
                "e/a.pdf",
                "e/notes",
                "e/notes",
                "e/.profile",
                "e/.profile"
            ]),
            [
                "e/a.pdf",
                "e/a (3).pdf",
                "e/a (2).pdf",
                "e/a (4).pdf",
                "e/notes",
                "e/notes (2)",
                "e/.profile",
                "e/.profile (2)"
            ]
        );
    }

    #[test]
    fn citations_fall_under_their_inquiries_most_specific_first() {
        assert_eq!(
            inquiry_of_citation("164.308(a)(7)(ii)(D)"),
            Some(Inquiry::ContingencyTesting)
        );
        assert_eq!(
            inquiry_of_citation("§164.308(a)(7)(ii)(A)"),
            Some(Inquiry::ContingencyPlan)
        );
        assert_eq!(inquiry_of_citation("164.308(a)(5)(ii)(B)"), Some(Inquiry::Training));
        assert_eq!(inquiry_of_citation("164.312(a)(1)"), None);
    }
}
