//! The report: one model rendered to PDF, JSON and CSV. Checked on the demo practice with
//! a fixed date: every section, citation and addressable decision in the PDF's text,
//! counts that match the store, Greek and Cyrillic names, the DRAFT marking, paper sizes,
//! byte-identical output, and a large inventory.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::report::{self, LogSummary, Paper, ReportModel, SECTION_TITLES, Signer};
use hipaa_ra::store::{ChainStatus, Store};

#[path = "support/pdf.rs"]
mod pdf;
use pdf::{media_box, squash};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn demo(dir: &Path) -> Store {
    hipaa_ra::demo::create(&dir.join("demo.hra"), today()).unwrap()
}

fn log_of(store: &Store) -> LogSummary {
    match store.verify_change_log().unwrap() {
        ChainStatus::Intact { entries, last_hash } => LogSummary { entries, last_hash },
        broken => panic!("change log broken: {broken:?}"),
    }
}

fn model_of(store: &Store) -> ReportModel {
    report::build(
        &store.snapshot().unwrap(),
        Catalog::embedded(),
        &log_of(store),
        today(),
        None,
    )
}

fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    doc.get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect()
}

/// The text with every run of whitespace (line breaks from wrapping included) as one space.

#[test]
fn the_demo_pdf_has_every_section_citation_and_decision() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let model = model_of(&store);
    let started = Instant::now();
    let pdf = report::render_pdf(&model, Paper::A4);
    eprintln!("demo A4: {} bytes, {:?}", pdf.len(), started.elapsed());
    let pages = pages_text(&pdf);
    eprintln!("demo A4: {} pages", pages.len());
    let text = squash(&pages.join("\n"));

    for title in SECTION_TITLES {
        assert!(text.contains(title), "section `{title}` missing");
    }
    assert_eq!(model.sections, SECTION_TITLES.map(String::from).to_vec());
    for item in &Catalog::embedded().items {
        assert!(text.contains(&item.citation), "citation {} missing", item.citation);
    }
    let workspace = store.snapshot().unwrap();
    let decisions: Vec<&SafeguardReview> = workspace
        .reviews
        .iter()
        .filter(|review| review.decision.is_some_and(|d| d != AddressableDecision::AsSpecified))
        .collect();
    assert!(
        decisions.len() >= 2,
        "the demo has alternative and not-reasonable decisions"
    );
    for review in decisions {
        assert!(
            text.contains(&squash(&review.decision_text)),
            "decision text of {} missing",
            review.citation
        );
    }
    for needle in [
        "Riverside Family Medicine",
        "Dana Whitfield",
        "Dr. María Álvarez",
        "Zoë Papadopoulou",
        "Unsigned",
        &model.change_log.last_hash,
    ] {
        assert!(text.contains(needle), "`{needle}` missing");
    }
    let stored: Vec<&String> = model.evidence.iter().filter_map(|row| row.sha256.as_ref()).collect();
    assert!(!stored.is_empty());
    for hash in stored {
        assert!(text.contains(hash.as_str()), "evidence hash {hash} missing");
    }
    // A draft: every page says so, and the summary lists what is missing.
    assert!(model.draft);
    for (index, page) in pages.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} is not marked DRAFT", index + 1);
        assert!(
            page.contains(&format!("Page {} of {}", index + 1, pages.len())),
            "page {} has no page number",
            index + 1
        );
    }
    assert!(text.contains("Open findings"));
    assert!(text.contains(&format!(
        "DRAFT: {} blocking findings open",
        model.finding_counts.blocking
    )));
}

#[test]
fn risk_counts_top_risks_and_order_match_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store);
    let matrix = workspace.matrix().unwrap();
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for risk in &workspace.risks {
        if let Some(level) = risk.level(matrix) {
            *expected
                .entry(matrix.results.label(level).unwrap().to_string())
                .or_default() += 1;
        }
    }
    let counted: BTreeMap<String, usize> = model
        .summary
        .risk_counts
        .iter()
        .filter(|count| count.count > 0)
        .map(|count| (count.level.clone(), count.count))
        .collect();
    assert_eq!(counted, expected);
    assert_eq!(
        model.summary.unscored,
        workspace.risks.iter().filter(|risk| !risk.is_scored()).count()
    );
    let total: usize = model.summary.risk_counts.iter().map(|count| count.count).sum();
    assert_eq!(total + model.summary.unscored, workspace.risks.len());
    let heat: usize = model.heat_map.iter().flatten().sum();
    assert_eq!(heat, total);

    // The register: level descending, then records affected descending.
    assert_eq!(model.register.len(), workspace.risks.len());
    let key = |row: &report::model::RegisterRow| (row.score.as_ref().map(|s| s.level_index), row.records_affected);
    for pair in model.register.windows(2) {
        assert!(key(&pair[0]) >= key(&pair[1]), "register out of order");
    }
    assert_eq!(model.summary.top_risks, model.register[..5].to_vec());
    // The plan, by due date.
    let dues: Vec<_> = model.plan.iter().map(|row| row.due_on.unwrap()).collect();
    assert!(dues.windows(2).all(|pair| pair[0] <= pair[1]));
    assert_eq!(model.plan.len(), workspace.actions.len());
    // Owners resolved to names, accepted risks with who and when.
    assert!(model.plan.iter().all(|row| !row.owner.is_empty()));
    assert_eq!(model.accepted_risks.len(), 2);
    assert!(
        model
            .accepted_risks
            .iter()
            .all(|row| row.accepted_by == "Dana Whitfield")
    );
}

#[test]
fn greek_and_cyrillic_names_print_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    for name in ["Ελένη Παπαδοπούλου", "Ольга Иванова"] {
        store
            .add_person(&Person {
                name: name.into(),
                title: "Σύμβουλος / Консультант".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let pdf = report::render_pdf(&model_of(&store), Paper::Letter);
    let text = squash(&pages_text(&pdf).join("\n"));
    for name in ["Ελένη Παπαδοπούλου", "Ольга Иванова", "Σύμβουλος / Консультант"]
    {
        assert!(text.contains(name), "`{name}` did not survive");
    }
}

#[test]
fn output_is_byte_identical_and_paper_sizes_differ() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let first = report::render_pdf(&model_of(&store), Paper::A4);
    // Other documents rendered in between must not change the next one.
    let letter = report::render_pdf(&model_of(&store), Paper::Letter);
    let again = report::render_pdf(&model_of(&store), Paper::A4);
    assert!(first == again, "two renders of the same workspace differ");
    assert!(first.starts_with(b"%PDF-"));
    assert_eq!(
        report::render_json(&model_of(&store)),
        report::render_json(&model_of(&store))
    );

    let a4 = media_box(&first);
    let us = media_box(&letter);
    assert_ne!(a4, us);
    assert!((a4[2] - 595.28).abs() < 0.01 && (a4[3] - 841.89).abs() < 0.01, "{a4:?}");
    assert_eq!(us[2..], [612.0, 792.0]);
}

#[test]
fn json_is_the_model_and_csv_has_the_register_and_plan() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let signer = Signer {
        name: "Dana Whitfield".into(),
        role: "Security official".into(),
        public_key: "RWQ-test-key".into(),
        fingerprint: "ABCD 1234".into(),
    };
    let model = report::build(
        &store.snapshot().unwrap(),
        Catalog::embedded(),
        &log_of(&store),
        today(),
        Some(signer),
    );
    let json = report::render_json(&model);
    assert!(json.ends_with("}\n"));
    let parsed: ReportModel = serde_json::from_str(&json).unwrap();
    // The annexes' files are attached to the PDF, not written into the JSON, which
    // holds the same rows as data; their names, row counts and hashes are in it.
    let mut without_files = model.clone();
    for annex in &mut without_files.annexes {
        assert!(annex.size > 0 && !annex.bytes().unwrap().is_empty());
        annex.size = 0;
        annex.deflated.clear();
    }
    assert_eq!(parsed, without_files);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["draft"], true);
    assert_eq!(value["status"], "DRAFT");
    assert_eq!(value["sections"][0], "Executive summary");

    let text = squash(&pages_text(&report::render_pdf(&model, Paper::A4)).join("\n"));
    assert!(text.contains("ABCD 1234") && !text.contains("Unsigned"));

    let mut register = Vec::new();
    report::write_register_csv(&mut register, &model).unwrap();
    let mut reader = csv::Reader::from_reader(register.as_slice());
    assert_eq!(reader.headers().unwrap().get(0), Some("analysis_status"));
    assert_eq!(reader.headers().unwrap().get(1), Some("rank"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), model.register.len());
    assert_eq!(&rows[0][3], model.register[0].threat.as_str());

    let mut plan = Vec::new();
    report::write_plan_csv(&mut plan, &model).unwrap();
    let mut reader = csv::Reader::from_reader(plan.as_slice());
    assert_eq!(reader.records().count(), model.plan.len());
}

#[test]
fn an_analysis_without_blocking_findings_is_final() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let mut workspace = store.snapshot().unwrap();
    let catalog = Catalog::embedded();
    let draft = report::build(&workspace, catalog, &log_of(&store), today(), None);
    assert!(draft.draft && draft.finding_counts.blocking > 0);
    resolve_every_blocking_finding(&mut workspace);
    let model = report::build(&workspace, catalog, &log_of(&store), today(), None);
    let open: Vec<&str> = model
        .findings
        .iter()
        .filter(|finding| finding.blocks())
        .map(|finding| finding.message.as_str())
        .collect();
    assert!(open.is_empty(), "still blocking: {open:#?}");
    assert!(!model.draft);
    assert_eq!(model.status, hipaa_ra::domain::Status::Final);
    let text = squash(&pages_text(&report::render_pdf(&model, Paper::A4)).join("\n"));
    assert!(!text.contains("DRAFT"));
    assert!(text.contains("Final: no blocking finding is open"));
    assert!(text.contains("No blocking finding is open: the analysis can be final."));
    assert!(text.contains("reviewed and approved"), "the final attestation");
}

/// Does in memory what a practice would do in the workbench: scores, rationale and
/// treatments for every scenario, a review with its measure for every item, a coverage
/// note for every asset no scenario names, and an acknowledgment for what may be
/// acknowledged.
fn resolve_every_blocking_finding(workspace: &mut Workspace) {
    let catalog = Catalog::embedded();
    for risk in &mut workspace.risks {
        risk.likelihood.get_or_insert(1);
        risk.impact.get_or_insert(1);
        if risk.likelihood_rationale.is_empty() {
            risk.likelihood_rationale = "Seen once in five years at similar practices".into();
        }
        if risk.impact_rationale.is_empty() {
            risk.impact_rationale = "A day of downtime, no records exposed".into();
        }
        if risk.treatment == Treatment::Undecided {
            risk.treatment = Treatment::Avoid;
        }
    }
    for item in &catalog.items {
        if workspace.review(&item.citation).is_none() {
            let mut review = SafeguardReview::not_reviewed(workspace.assessment_id, &item.citation);
            review.status = ReviewStatus::Implemented;
            review.reviewed_on = Some(today());
            if item.kind == hipaa_ra::catalog::ItemKind::Addressable {
                review.decision = Some(AddressableDecision::AsSpecified);
            }
            workspace.reviews.push(review);
        }
    }
    for review in &mut workspace.reviews {
        if review.status == ReviewStatus::Implemented && review.measure.is_empty() {
            review.measure = "Described in the security policy, section 4".into();
        }
    }
    // The demo's gaps with no plan (its partly implemented items no scenario's action
    // covers) accepted by one scenario citing them, and the methodology written.
    let planned: Vec<String> = workspace
        .risks
        .iter()
        .filter(|risk| {
            risk.treatment == Treatment::Accept || workspace.actions.iter().any(|a| a.risk_id == Some(risk.id))
        })
        .flat_map(|risk| risk.citations.clone())
        .collect();
    let gaps: Vec<String> = workspace
        .reviews
        .iter()
        .filter(|review| matches!(review.status, ReviewStatus::Partial | ReviewStatus::NotImplemented))
        .map(|review| review.citation.clone())
        .filter(|citation| !planned.contains(citation))
        .collect();
    if let Some(accepted) = workspace
        .risks
        .iter_mut()
        .find(|risk| risk.treatment == Treatment::Accept)
    {
        accepted.citations.extend(gaps);
    }
    if let Some(assessment) = workspace
        .assessments
        .iter_mut()
        .find(|a| a.id == workspace.assessment_id)
    {
        assessment.methodology.information_sources = "Interviews and the EHR's reports".into();
        assessment.methodology.participants = "The practice manager and the IT contractor".into();
        assessment.methodology.data_collection = "A walk-through and the questionnaire".into();
    }
    let covered: Vec<Id> = workspace.risks.iter().flat_map(|risk| risk.asset_ids.clone()).collect();
    let first = workspace.risks[0].id;
    for asset in workspace.assets.iter().filter(|asset| asset.in_scope()) {
        if !covered.contains(&asset.id) && !workspace.coverage_notes.iter().any(|note| note.asset_id == asset.id) {
            workspace.coverage_notes.push(CoverageNote {
                asset_id: asset.id,
                risk_ids: vec![first],
                reason: "Covered by the practice's ransomware scenario".into(),
            });
        }
    }
    let by = workspace.security_official_ids()[0];
    let open: Vec<Finding> = hipaa_ra::domain::findings(workspace, catalog, today())
        .into_iter()
        .filter(|finding| finding.blocks() && finding.rule.acknowledgeable())
        .collect();
    for finding in open {
        workspace.acknowledgments.push(Acknowledgment {
            id: 1000 + workspace.acknowledgments.len() as Id,
            assessment_id: workspace.assessment_id,
            finding: finding.key.clone(),
            person_id: by,
            acknowledged_on: today(),
            reason: "Reviewed with the security official; both hold".into(),
        });
    }
}

fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).expect("a valid PDF").get_pages().len()
}

/// Past `thresholds::GROUP_ASSETS_ABOVE` entries the inventory is grouped by kind and
/// lists the ePHI entries that matter most; every entry is in the inventory annex.
#[test]
fn a_large_inventory_is_grouped_by_kind_with_the_entries_that_matter_most() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    add_generated_assets(&mut store, 2_000);
    let started = Instant::now();
    let model = model_of(&store);
    let built = started.elapsed();
    let pdf = report::render_pdf(&model, Paper::A4);
    let rendered = started.elapsed() - built;
    let pages = pages_text(&pdf);
    eprintln!(
        "2,000 assets: model {built:?}, PDF {rendered:?}, {} pages, {} bytes",
        pages.len(),
        pdf.len()
    );
    assert!(model.grouping.inventory);
    let text = squash(&pages.join("\n"));
    assert!(text.contains("Inventory by kind"));
    // The most records among the generated workstations: listed by name.
    assert!(text.contains("Workstation 1999 in exam room 39"));
    // One with few records (and past the findings' first forty): only in the annex.
    assert!(!text.contains("Workstation 0500 in exam room 20"));
    let inventory = model
        .annexes
        .iter()
        .find(|annex| annex.file_name == "inventory.csv")
        .unwrap();
    assert_eq!(inventory.rows, model.assets.len());
    assert!(String::from_utf8_lossy(&inventory.bytes().unwrap()).contains("Workstation 0500 in exam room 20"));
    assert!(text.contains(&format!("Page {} of {}", pages.len(), pages.len())));
}

#[test]
fn pages_stay_bounded_up_to_ten_thousand_assets() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    add_generated_assets(&mut store, 1_000);
    let thousand = page_count(&report::render_pdf(&model_of(&store), Paper::A4));
    add_generated_assets(&mut store, 9_000);
    let started = Instant::now();
    let pdf = report::render_pdf(&model_of(&store), Paper::A4);
    let elapsed = started.elapsed();
    let ten_thousand = page_count(&pdf);
    eprintln!("pages: +1,000 assets {thousand}, +10,000 assets {ten_thousand} ({elapsed:?}, debug)");
    // Grouped, the inventory does not grow with the entries: a few pages at most for the
    // findings that name assets (capped per rule).
    assert!(ten_thousand <= thousand + 5, "{thousand} then {ten_thousand} pages");
    let document = lopdf::Document::load_mem(&pdf).unwrap();
    let last = document.extract_text(&[ten_thousand as u32]).unwrap();
    assert!(
        squash(&last).contains(&format!("Page {ten_thousand} of {ten_thousand}")),
        "{last}"
    );
}

fn add_generated_assets(store: &mut Store, count: u64) {
    let assessment_id = store.current_assessment_id().unwrap();
    let assets: Vec<Asset> = (0..count)
        .map(|index| Asset {
            id: 0,
            assessment_id,
            name: format!("Workstation {index:04} in exam room {}", index % 40),
            kind: AssetKind::Workstation,
            description: "Generated for the report test".into(),
            location: format!("Building {}, floor {}", index % 7, index % 3),
            owner_id: None,
            ephi: EphiActions::ALL,
            record_count: Some(index),
            criticality: Criticality::Medium,
            encrypted_at_rest: Encryption::Yes,
            last_reviewed: Some(today()),
            notes: String::new(),
            ..Asset::default()
        })
        .collect();
    store.add_assets(&assets).unwrap();
}

/// Writes the demo's PDFs, JSON and CSVs for a look by eye. The workspace is made on
/// the first run and reused after, so two runs can be compared byte for byte:
/// `REPORT_SAMPLES=/tmp/out cargo test --test report -- --ignored --nocapture`.
#[test]
#[ignore = "writes sample files for inspection"]
fn write_samples() {
    let out = std::path::PathBuf::from(std::env::var("REPORT_SAMPLES").expect("REPORT_SAMPLES=DIR"));
    std::fs::create_dir_all(&out).unwrap();
    let path = out.join("demo.hra");
    let store = if path.exists() {
        Store::open(&path).unwrap()
    } else {
        let mut store = hipaa_ra::demo::create(&path, today()).unwrap();
        store
            .add_person(&Person {
                name: "Ελένη Παπαδοπούλου".into(),
                title: "Deputy of Ольга Иванова".into(),
                ..Default::default()
            })
            .unwrap();
        store
    };
    let model = model_of(&store);
    for (name, paper) in [("demo-a4.pdf", Paper::A4), ("demo-letter.pdf", Paper::Letter)] {
        let started = Instant::now();
        let pdf = report::render_pdf(&model, paper);
        eprintln!("{name}: {} bytes in {:?}", pdf.len(), started.elapsed());
        std::fs::write(out.join(name), pdf).unwrap();
    }
    std::fs::write(out.join("demo.json"), report::render_json(&model)).unwrap();
    let mut register = Vec::new();
    report::write_register_csv(&mut register, &model).unwrap();
    std::fs::write(out.join("register.csv"), register).unwrap();
    let mut plan = Vec::new();
    report::write_plan_csv(&mut plan, &model).unwrap();
    std::fs::write(out.join("plan.csv"), plan).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut large = demo(dir.path());
    add_generated_assets(&mut large, 2_000);
    let started = Instant::now();
    let pdf = report::render_pdf(&model_of(&large), Paper::Letter);
    eprintln!("large-letter.pdf: {} bytes in {:?}", pdf.len(), started.elapsed());
    std::fs::write(out.join("large-letter.pdf"), pdf).unwrap();
}
