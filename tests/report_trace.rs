//! The report an investigator can trace (issue 11, point 7), read back from the PDF's
//! text, the JSON and the CSV of the demo practice: the confidentiality marking on every
//! page, one meaning of "#", each scenario's citations and notes, the scope with what was
//! excluded and the forgotten-items answers, the methodology (assumptions, definitions,
//! the acceptance rule, the threat library), the key compliance gaps, and the evidence
//! index with ids, locations and review dates.

use std::path::Path;

use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::report::{self, CONFIDENTIAL, LogSummary, Paper, ReportModel};
use hipaa_ra::store::{ChainStatus, Store};

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

/// A page's text without its running header and footer, so text that continues across
/// a page break reads as one.
fn body(page: &str) -> String {
    page.lines()
        .map(str::trim)
        .filter(|line| {
            !(*line == "DRAFT"
                || line.starts_with(CONFIDENTIAL)
                || line.starts_with("· ")
                || line.starts_with("HIPAA Security Rule risk analysis ·")
                || (line.starts_with("Page ") && line.contains(" of ")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The squashed text of one section: the pages from the one its heading starts to the
/// one the next section's heading starts, headers and footers left out.
fn section_of(pages: &[String], title: &str, next: &str) -> String {
    let starts = |page: &String, heading: &str| squash(&body(page)).starts_with(heading);
    let first = pages
        .iter()
        .position(|page| starts(page, title))
        .unwrap_or_else(|| panic!("`{title}`"));
    let end = first
        + pages[first..]
            .iter()
            .position(|page| starts(page, next))
            .unwrap_or_else(|| panic!("`{next}`"));
    // The next section starts on a new page: the pages before it are this section's.
    squash(
        &pages[first..end]
            .iter()
            .map(|page| body(page))
            .collect::<Vec<_>>()
            .join("\n"),
    )
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
    let threats = section_of(&pages, "Threats and vulnerabilities", "Heat map");
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
    let summary = section_of(&pages, "Executive summary", "Scope and methodology");
    assert!(summary.contains("Rank # Risk"), "{summary}");
    let register = section_of(&pages, "Risk register", "Remediation plan");
    assert!(register.contains("Rank # Risk"), "{register}");
    let top = &model.register[0];
    assert!(
        register.contains(&format!("1 {} {}", top.risk_id, top.threat)),
        "the first register row is rank 1, then the scenario number"
    );
    // The plan and the accepted risks name scenarios the same way.
    for row in &model.plan {
        assert!(text.contains(&row.risk_label()), "plan row {}", row.action_id);
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

    let pages = pages_text(&report::render_pdf(&model, Paper::Letter));
    let scope = section_of(&pages, "Scope and methodology", "Practice and people");
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

    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    let part = section_of(&pages, "Scope and methodology", "Practice and people");
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
    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    let summary = section_of(&pages, "Executive summary", "Scope and methodology");
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

    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    let index = section_of(&pages, "Evidence index", "Change log and next review");
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

#[test]
fn the_findings_section_lists_each_open_finding_acknowledgment_and_coverage_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    assert!(model.draft, "the demo is a draft");
    assert!(model.finding_counts.blocking > 0);
    // The demo shows how resolution works: one acknowledgment, one coverage note.
    assert_eq!(model.acknowledgments.len(), 1);
    assert!(!model.acknowledgments[0].stale);
    assert_eq!(model.coverage_notes.len(), 1);

    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    for (index, page) in pages.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} is not marked DRAFT", index + 1);
    }
    let text = squash(&pages.join("\n"));
    let cover = &text[..text.find("Contents").unwrap()];
    assert!(
        cover.contains(&format!(
            "DRAFT: {} blocking findings open",
            model.finding_counts.blocking
        )),
        "{cover}"
    );
    let summary = section_of(&pages, "Executive summary", "Scope and methodology");
    assert!(summary.contains("Open findings"));
    assert!(summary.contains(&format!(
        "This report is a DRAFT: {} blocking",
        model.finding_counts.blocking
    )));
    let findings = section_of(&pages, "Findings and acknowledgments", "Evidence index");
    assert!(findings.contains(&model.finding_counts.summary()));
    // Each rule lists its first 40 open findings and counts the rest.
    for rule in Rule::ALL {
        let open: Vec<_> = model
            .findings
            .iter()
            .filter(|finding| finding.rule == *rule && finding.is_open())
            .collect();
        if open.len() > 40 {
            assert!(
                findings.contains(&format!("And {} more of this kind", open.len() - 40)),
                "{rule:?}: the findings past 40 are not counted"
            );
        }
    }
    let listed: Vec<_> = Rule::ALL
        .iter()
        .flat_map(|rule| {
            model
                .findings
                .iter()
                .filter(move |finding| finding.rule == *rule && finding.is_open())
                .take(40)
        })
        .collect();
    for finding in listed {
        assert!(
            findings.contains(&squash(&finding.message)),
            "open finding missing: {}",
            finding.message
        );
        assert!(findings.contains(finding.rule.label()), "{}", finding.rule.label());
    }
    let acknowledged = &model.acknowledgments[0];
    for needle in [
        &acknowledged.by,
        &acknowledged.on.to_string(),
        &squash(&acknowledged.reason),
        &squash(&acknowledged.message),
    ] {
        assert!(findings.contains(needle.as_str()), "acknowledgment: `{needle}` missing");
    }
    let note = &model.coverage_notes[0];
    assert!(findings.contains(&note.asset));
    assert!(findings.contains(&squash(&note.reason)));
    for scenario in &note.scenarios {
        assert!(findings.contains(scenario.as_str()), "{scenario}");
    }
}

#[test]
fn rationale_measures_methodology_and_element_states_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let mut workspace = store.snapshot().unwrap();
    let assessment = workspace
        .assessments
        .iter_mut()
        .find(|assessment| assessment.id == workspace.assessment_id)
        .unwrap();
    assessment.methodology.assumptions = "Only the main office was visited; ASSUMED-TEXT".into();
    assessment.methodology.information_sources = "EHR audit reports; SOURCES-TEXT".into();
    assessment.methodology.participants = "Dana Whitfield, Kevin Osei; PARTICIPANTS-TEXT".into();
    assessment.methodology.data_collection = "Interviews and a walk-through; COLLECTION-TEXT".into();
    let model = model_of(&store, &workspace);
    let pages = pages_text(&report::render_pdf(&model, Paper::A4));

    let threats = section_of(&pages, "Threats and vulnerabilities", "Heat map");
    let with_rationale: Vec<&Risk> = workspace.risks.iter().filter(|risk| risk.has_rationale()).collect();
    assert!(with_rationale.len() >= 5, "the demo explains its scores");
    for risk in with_rationale {
        assert!(
            threats.contains(&squash(&risk.likelihood_rationale)),
            "likelihood rationale of #{}",
            risk.id
        );
        assert!(
            threats.contains(&squash(&risk.impact_rationale)),
            "impact rationale of #{}",
            risk.id
        );
    }
    let unexplained = workspace
        .risks
        .iter()
        .filter(|risk| risk.is_scored() && !risk.has_rationale())
        .count();
    assert_eq!(threats.matches("(no rationale recorded)").count() > 0, unexplained > 0);

    let safeguards = section_of(&pages, "Safeguard review", "Threats and vulnerabilities");
    let measured: Vec<&SafeguardReview> = workspace
        .reviews
        .iter()
        .filter(|review| !review.measure.is_empty())
        .collect();
    assert!(!measured.is_empty(), "the demo describes measures");
    for review in measured {
        let at = safeguards.find(&review.citation).unwrap();
        assert!(
            safeguards.contains(&format!("Measure: {}", squash(&review.measure))),
            "measure of {}: {}",
            review.citation,
            &safeguards[at..(at + 400).min(safeguards.len())]
        );
        if review.notes.trim() == review.measure.trim() {
            let once = squash(&review.measure);
            assert_eq!(
                safeguards.matches(&once).count(),
                1,
                "notes repeating the measure of {}",
                review.citation
            );
        }
    }

    let method = section_of(&pages, "Scope and methodology", "Practice and people");
    for needle in [
        "How this assessment was carried out",
        "ASSUMED-TEXT",
        "SOURCES-TEXT",
        "PARTICIPANTS-TEXT",
        "COLLECTION-TEXT",
        "Likelihood basis",
        "Counts existing controls",
        "What Complete means",
    ] {
        assert!(method.contains(needle), "`{needle}` missing from the methodology");
    }
    for element in &model.methodology.elements {
        let meaning = squash(&element.meaning);
        // Printed with a capital first letter.
        assert!(method.contains(&meaning[1..]), "meaning of {} missing", element.name);
        if !element.complete && !element.blocking.is_empty() {
            assert!(method.contains(&format!("Open: {} blocking", element.blocking.len())));
        }
    }

    let mut register = Vec::new();
    report::write_register_csv(&mut register, &model).unwrap();
    let mut reader = csv::Reader::from_reader(register.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, likelihood, impact) = (
        column("risk_id"),
        column("likelihood_rationale"),
        column("impact_rationale"),
    );
    for record in reader.records() {
        let record = record.unwrap();
        let risk = workspace.risk(record[id].parse().unwrap()).unwrap();
        assert_eq!(&record[likelihood], risk.likelihood_rationale);
        assert_eq!(&record[impact], risk.impact_rationale);
    }
    let value: serde_json::Value = serde_json::from_str(&report::render_json(&model)).unwrap();
    assert_eq!(value["acknowledgments"].as_array().unwrap().len(), 1);
    assert_eq!(value["coverage_notes"].as_array().unwrap().len(), 1);
    assert_eq!(
        value["methodology"]["recorded"][2]["meaning"],
        "Dana Whitfield, Kevin Osei; PARTICIPANTS-TEXT"
    );
}

#[test]
fn a_large_inventory_lists_forty_findings_of_a_kind_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let assessment_id = store.current_assessment_id().unwrap();
    let mut asset = store.snapshot().unwrap().assets[0].clone();
    asset.set_vendor(None);
    asset.kind = AssetKind::Workstation;
    let assets: Vec<Asset> = (0..100)
        .map(|index| Asset {
            id: 0,
            assessment_id,
            name: format!("Spare workstation {index:03}"),
            ..asset.clone()
        })
        .collect();
    store.add_assets(&assets).unwrap();
    let workspace = store.snapshot().unwrap();
    let model = model_of(&store, &workspace);
    let coverage = model
        .findings
        .iter()
        .filter(|finding| finding.rule == hipaa_ra::domain::Rule::AssetWithoutScenario && finding.is_open())
        .count();
    assert!(coverage > 100);
    let pages = pages_text(&report::render_pdf(&model, Paper::A4));
    let findings = section_of(&pages, "Findings and acknowledgments", "Evidence index");
    assert!(
        findings.contains(&format!("And {} more of this kind", coverage - 40)),
        "the rest are counted"
    );
    // Forty are listed: the first ones in the domain's order, not the last.
    assert!(findings.contains("\"Spare workstation 000\""));
    assert!(!findings.contains("\"Spare workstation 099\""));
    // The JSON lists every one.
    let value: serde_json::Value = serde_json::from_str(&report::render_json(&model)).unwrap();
    let listed = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "coverage.asset_without_scenario")
        .count();
    assert_eq!(listed, coverage);
}
