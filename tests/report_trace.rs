//! The report an investigator can trace (issue 11, point 7), read back from the PDF's
//! text, the JSON and the CSV of the demo practice: the confidentiality marking on every
//! page, one meaning of "#", each scenario's citations and notes, the scope with what was
//! excluded and the forgotten-items answers, the methodology (assumptions, definitions,
//! the acceptance rule, the threat library), the key compliance gaps, and the evidence
//! index with ids, locations and review dates.

use std::path::Path;

use chrono::NaiveDate;
use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::report::{self, CONFIDENTIAL, LogSummary, Paper, ReportModel};
use hipaa_ra::store::{ChainStatus, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo(dir: &Path) -> Store {
    hipaa_ra::demo::create(&dir.join("demo.hra"), today()).unwrap()
}

fn log_of(store: &Store) -> LogSummary {
    match store.verify_change_log().unwrap() {
        ChainStatus::Intact { entries, last_hash } => LogSummary { entries, last_hash },
        broken => panic!("change log broken: {broken:?}"),
    }
}

fn model_of(store: &Store, workspace: &Workspace) -> ReportModel {
    report::build(workspace, Catalog::embedded(), &log_of(store), today(), None)
}

fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    doc.get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect()
}

/// The text with every run of whitespace (line breaks from wrapping included) as one space.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of one section: from its heading (after the contents) to the next one's.
fn section<'a>(text: &'a str, title: &str, next: &str) -> &'a str {
    let contents_end = text.find("Sign-off").expect("contents");
    let start = contents_end + text[contents_end..].find(title).unwrap_or_else(|| panic!("`{title}`"));
    let end = start
        + text[start..]
            .find(next)
            .unwrap_or_else(|| panic!("`{next}` after `{title}`"));
    &text[start..end]
}

#[test]
fn every_page_is_confidential_and_each_scenario_prints_its_citations_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let mut noted = store.risks(assessment_id).unwrap()[1].clone();
    noted.notes = "Discussed with the EHR vendor on 3 November; NOTE-ON-THE-SCENARIO.".into();
    store.update_risk(&noted).unwrap();
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    for (index, page) in pages.iter().enumerate() {
        assert!(page.contains(CONFIDENTIAL), "page {} is not marked", index + 1);
    }
    let text = squash(&pages.join("\n"));
    let threats = squash(section(&text, "Threats and vulnerabilities", "Heat map"));
    assert!(
        threats.contains("NOTE-ON-THE-SCENARIO"),
        "the scenario's notes are printed"
    );
    for risk in &workspace.risks {
        assert!(!risk.citations.is_empty(), "#{} has citations in the demo", risk.id);
        assert!(
            threats.contains(&format!("Citations: {}", risk.citations.join(", "))),
            "citations of #{} missing",
            risk.id
        );
    }
    // "#" is the scenario number: the top risks and the register show rank and # apart.
    let summary = section(&text, "Executive summary", "Scope and methodology");
    assert!(summary.contains("Rank # Risk"), "{summary}");
    let register = section(&text, "Risk register", "Remediation plan");
    assert!(register.contains("Rank # Risk"), "{register}");
    let top = &model.register[0];
    assert!(
        register.contains(&format!("1 {} {}", top.risk_id, top.threat)),
        "the first register row is rank 1, then the scenario number"
    );
    // The plan and the accepted risks name scenarios the same way.
    for row in &model.plan {
        assert!(
            text.contains(&format!("#{} {}", row.risk_id, row.risk)),
            "plan row {}",
            row.action_id
        );
    }
}

#[test]
fn the_scope_names_what_was_excluded_and_every_forgotten_item_answer() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let mut workspace = store.snapshot().unwrap();
    // One question left unanswered, to see it reported as a gap.
    workspace
        .prompts
        .retain(|record| record.prompt != InventoryPrompt::Disposal);
    let model = model_of(&store, &workspace);
    let excluded: Vec<&str> = model.scope.excluded_assets.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(excluded, ["Waiting-room TV"]);
    let included: usize = model.scope.included.iter().map(|count| count.count).sum();
    assert_eq!(included, workspace.assets.iter().filter(|a| a.in_scope()).count());
    let na: Vec<&str> = workspace
        .reviews
        .iter()
        .filter(|review| review.status == ReviewStatus::NotApplicable)
        .map(|review| review.citation.as_str())
        .collect();
    assert!(!na.is_empty(), "the demo has not-applicable items");
    assert_eq!(
        model
            .scope
            .not_applicable
            .iter()
            .map(|item| item.citation.as_str())
            .collect::<Vec<_>>(),
        na
    );
    assert_eq!(model.scope.forgotten_items.len(), InventoryPrompt::ALL.len());

    let text = squash(&pages_text(&report::render_pdf(&model, Paper::Letter)).join("\n"));
    let scope = section(&text, "Scope and methodology", "Practice and people");
    assert!(scope.contains("Excluded: inventory entries recorded as handling no ePHI"));
    assert!(scope.contains("Waiting-room TV"));
    for item in &model.scope.not_applicable {
        assert!(
            scope.contains(&item.citation),
            "not-applicable {} missing",
            item.citation
        );
        assert!(
            scope.contains(&squash(&item.reason)),
            "reason of {} missing",
            item.citation
        );
    }
    for prompt in InventoryPrompt::ALL {
        assert!(scope.contains(prompt.question()), "question `{prompt}` missing");
    }
    for record in &workspace.prompts {
        assert!(
            scope.contains(&squash(&record.note)),
            "answer note `{}` missing",
            record.note
        );
    }
    let unanswered = InventoryPrompt::ALL.len() - workspace.prompts.len();
    assert!(unanswered >= 1);
    assert_eq!(scope.matches("Not answered").count(), unanswered);
}

#[test]
fn the_methodology_states_assumptions_definitions_acceptance_and_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let method = &model.methodology;
    assert_eq!(
        method.threat_library.from_library + method.threat_library.user_written,
        workspace.risks.len()
    );
    assert_eq!(method.threat_library.threats, Catalog::embedded().threats.len());
    assert_eq!(method.threat_library.fingerprint.len(), 16);

    let text = squash(&pages_text(&report::render_pdf(&model, Paper::A4)).join("\n"));
    let part = section(&text, "Scope and methodology", "Practice and people");
    for needle in [
        "Assumptions and constraints",
        "Definitions",
        "Residual risk",
        "The planned target",
        "Practice-wide",
        "Scenario number (#)",
        "Risk-acceptance criteria",
        // The NIST matrix's High band and above, read from the matrix as the rule does.
        "A risk at level High or Very High can be accepted only by the security official",
        "Threat library",
        &method.threat_library.fingerprint,
        &method.threat_library.version,
        "Risk matrix",
    ] {
        assert!(part.contains(needle), "`{needle}` missing from the methodology");
    }
    for assumption in &method.assumptions {
        assert!(part.contains(&squash(assumption)), "assumption missing: {assumption}");
    }
}

#[test]
fn the_summary_counts_key_compliance_gaps_with_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let gaps = &model.summary.key_gaps;
    assert_eq!(gaps.len(), 3);
    let sorted = |names: &[String]| {
        let mut names = names.to_vec();
        names.sort();
        names
    };
    assert_eq!(
        sorted(&gaps[0].names),
        [
            "Bytewise IT support (agreement: none)",
            "SafeVault cloud backup (agreement: pending)"
        ]
    );
    // Laptops, phones, workstations and removable media that keep ePHI, not encrypted.
    assert_eq!(
        sorted(&gaps[1].names),
        [
            "Old workstations awaiting disposal (2) (not encrypted)",
            "Practice manager laptop (not encrypted)"
        ]
    );
    let catalog = Catalog::embedded();
    for name in &gaps[2].names {
        let citation = name.split(' ').next().unwrap();
        let item = catalog.item(citation).unwrap();
        assert_ne!(item.kind, hipaa_ra::catalog::ItemKind::Addressable, "{name}");
        assert!(matches!(
            workspace.review_status(citation),
            ReviewStatus::NotImplemented | ReviewStatus::Partial
        ));
    }
    let text = squash(&pages_text(&report::render_pdf(&model, Paper::A4)).join("\n"));
    let summary = section(&text, "Executive summary", "Scope and methodology");
    assert!(summary.contains("Key compliance gaps"));
    for gap in gaps {
        assert!(summary.contains(&gap.gap), "`{}` missing", gap.gap);
        for name in gap.names.iter().take(5) {
            assert!(summary.contains(name.as_str()), "`{name}` missing");
        }
    }
}

#[test]
fn the_evidence_index_has_ids_locations_and_review_dates() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let overdue: Vec<&str> = model
        .evidence
        .iter()
        .filter(|row| row.overdue)
        .map(|row| row.title.as_str())
        .collect();
    let expected: Vec<&str> = workspace
        .evidence
        .iter()
        .filter(|record| record.is_review_overdue(today()))
        .map(|record| record.title.as_str())
        .collect();
    assert!(!expected.is_empty(), "the demo has overdue evidence");
    assert_eq!(overdue, expected);

    let text = squash(&pages_text(&report::render_pdf(&model, Paper::A4)).join("\n"));
    let index = section(&text, "Evidence index", "Change log and next review");
    assert!(index.contains("Id Title and kind Dated Owner Where kept Review due Supports"));
    for row in &model.evidence {
        let title = squash(&row.title);
        let at = index
            .find(&format!("{} {title}", row.id))
            .unwrap_or_else(|| panic!("{title}"));
        let rest = &index[at..];
        assert!(rest.contains(&squash(&row.location)), "location of {title}");
        if let Some(due) = row.review_due {
            let shown = if row.overdue {
                format!("{due} (overdue)")
            } else {
                due.to_string()
            };
            assert!(rest.contains(&shown), "review due of {title}");
        }
        if let Some(file) = &row.file_name {
            assert!(rest.contains(&format!("Stored in the workspace as {file}")), "{file}");
        }
    }
}

#[test]
fn json_and_csv_carry_the_same_facts_as_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let mut noted = store.risks(assessment_id).unwrap()[0].clone();
    noted.notes = "Checked with the vendor".into();
    store.update_risk(&noted).unwrap();
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let value: serde_json::Value = serde_json::from_str(&report::render_json(&model)).unwrap();
    assert_eq!(value["scope"]["excluded_assets"][0]["name"], "Waiting-room TV");
    assert_eq!(value["summary"]["key_gaps"].as_array().unwrap().len(), 3);
    assert!(value["methodology"]["acceptance_rules"].as_array().unwrap().len() >= 3);
    assert_eq!(
        value["methodology"]["threat_library"]["fingerprint"],
        model.methodology.threat_library.fingerprint.as_str()
    );
    assert!(value["evidence"][0]["id"].as_i64().unwrap() > 0);
    assert!(value["evidence"][0]["overdue"].is_boolean());

    let mut register = Vec::new();
    report::write_register_csv(&mut register, &model).unwrap();
    let mut reader = csv::Reader::from_reader(register.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (id, citations, notes) = (column("risk_id"), column("citations"), column("notes"));
    let mut seen = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let risk = workspace.risk(record[id].parse().unwrap()).unwrap();
        assert_eq!(&record[citations], risk.citations.join("; "));
        assert_eq!(&record[notes], risk.notes);
        seen += 1;
    }
    assert_eq!(seen, workspace.risks.len());
}
