//! The report at size (issue 14): above the thresholds of `report::thresholds` the PDF
//! keeps its executive summary to two pages, prints each scenario number at most once,
//! attaches the register, plan and inventory as CSV files whose SHA-256 it prints (the
//! same bytes as the export commands), and has nested bookmarks, contents links and page
//! labels; below them (the demo) every scenario and asset is still printed inline.
//!
//! A mid-size sample (1,500 assets, 3,000 scenarios) is checked in detail; the large one
//! (10,000 assets, 20,000 scenarios, about forty seconds to generate in a debug build) for
//! its limits. The bench (`benches/workbench.rs`) and the README measure its time and
//! memory.

#[path = "support/tools.rs"]
mod tools;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use hipaa_ra::catalog::Catalog;
use hipaa_ra::report::printed_findings::FINDINGS_LISTED;
use hipaa_ra::report::{self, LogSummary, Paper, ReportModel};
use hipaa_ra::sample::SampleSize;
use hipaa_ra::store::{ChainStatus, Store};
use lopdf::{Document, Object, ObjectId};
use sha2::{Digest, Sha256};

#[path = "support/pdf.rs"]
mod pdf;
use pdf::{media_box, squash};

#[path = "support/clock.rs"]
mod clock;
use clock::{TODAY, today};

const MID: SampleSize = SampleSize {
    assets: 1_500,
    risks: 3_000,
    actions: 600,
    // The sample's evidence titles end in "#N" too ("Backup restore test #3"); without
    // them every "#N" in the text is a scenario number.
    evidence: 0,
};

/// The large sample, without evidence records (their titles end in "#N" too).
const LARGE: SampleSize = SampleSize {
    evidence: 0,
    ..SampleSize::LARGE
};

/// The model with everything (`Purpose::All`), as a signed report builds it.
fn model_of(store: &Store) -> ReportModel {
    model_made_for(report::Purpose::All, store)
}

fn model_made_for(purpose: report::Purpose, store: &Store) -> ReportModel {
    let log = match store.verify_change_log().unwrap() {
        ChainStatus::Intact { entries, last_hash } => LogSummary { entries, last_hash },
        broken => panic!("change log broken: {broken:?}"),
    };
    report::build_for(
        purpose,
        &store.snapshot().unwrap(),
        Catalog::embedded(),
        &log,
        today(),
        None,
    )
}

fn pages_text(document: &Document) -> Vec<String> {
    document
        .get_pages()
        .keys()
        .map(|page| document.extract_text(&[*page]).unwrap())
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn dictionary<'a>(document: &'a Document, object: &'a Object) -> &'a lopdf::Dictionary {
    match object {
        Object::Reference(id) => document.get_dictionary(*id).unwrap(),
        Object::Dictionary(dict) => dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// The embedded files by name, decompressed, from the catalog's EmbeddedFiles name tree.
fn embedded_files(document: &Document) -> BTreeMap<String, Vec<u8>> {
    let catalog = document.catalog().unwrap();
    let names = dictionary(document, catalog.get(b"Names").expect("a Names dictionary"));
    let tree = dictionary(document, names.get(b"EmbeddedFiles").unwrap());
    let pairs = tree.get(b"Names").unwrap().as_array().unwrap();
    let mut files = BTreeMap::new();
    for pair in pairs.chunks(2) {
        let name = String::from_utf8(pair[0].as_str().unwrap().to_vec()).unwrap();
        let spec = dictionary(document, &pair[1]);
        let ef = dictionary(document, spec.get(b"EF").unwrap());
        let stream = document
            .get_object(ef.get(b"F").unwrap().as_reference().unwrap())
            .unwrap()
            .as_stream()
            .unwrap();
        let bytes = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        files.insert(name, bytes);
    }
    files
}

/// The outline's top-level entries: (title, page number from 1, children's titles).
fn outline(document: &Document) -> Vec<(String, usize, Vec<String>)> {
    let pages: HashMap<ObjectId, usize> = document
        .get_pages()
        .into_iter()
        .map(|(number, id)| (id, number as usize))
        .collect();
    let title = |dict: &lopdf::Dictionary| {
        let bytes = dict.get(b"Title").unwrap().as_str().unwrap();
        if bytes.starts_with(&[0xfe, 0xff]) {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        } else {
            String::from_utf8(bytes.to_vec()).unwrap()
        }
    };
    let catalog = document.catalog().unwrap();
    let root = dictionary(document, catalog.get(b"Outlines").expect("an outline"));
    let mut entries = Vec::new();
    let mut next = root.get(b"First").ok().cloned();
    while let Some(Object::Reference(id)) = next {
        let item = document.get_dictionary(id).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        let page = pages[&dest[0].as_reference().unwrap()];
        let mut children = Vec::new();
        let mut child = item.get(b"First").ok().cloned();
        while let Some(Object::Reference(child_id)) = child {
            let child_item = document.get_dictionary(child_id).unwrap();
            children.push(title(child_item));
            child = child_item.get(b"Next").ok().cloned();
        }
        entries.push((title(item), page, children));
        next = item.get(b"Next").ok().cloned();
    }
    entries
}

/// Every `#N` in the text, with how often it appears: the scenario numbers.
fn scenario_numbers(text: &str) -> BTreeMap<u64, usize> {
    let mut counts = BTreeMap::new();
    let bytes = text.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        if *byte != b'#' {
            continue;
        }
        let digits: String = text[index + 1..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse::<u64>() {
            *counts.entry(number).or_default() += 1;
        }
    }
    counts
}

fn run(home: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HIPAA_RA_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "hipaa-ra {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn qpdf_check(path: &Path) {
    match Command::new("qpdf").arg("--check").arg(path).output() {
        Ok(output) => assert!(
            output.status.success(),
            "qpdf --check {}: {}{}",
            path.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) => tools::skip(&format!("qpdf is not installed: no qpdf --check of {}", path.display())),
    }
}

/// The mid-size sample, its report as written by the real binary (US Letter, the
/// default), and that binary's exports for the same date.
#[test]
fn a_grouped_report_is_short_navigable_and_carries_its_annexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mid.hra");
    let store = hipaa_ra::sample::create(&path, &MID, today()).unwrap();
    let model = model_of(&store);
    drop(store);
    assert!(model.grouping.scenarios && model.grouping.inventory);
    let workspace = path.to_str().unwrap();
    let pdf_path = dir.path().join("mid.pdf");
    run(
        dir.path(),
        &["report", workspace, "-o", pdf_path.to_str().unwrap(), "--date", TODAY],
    );
    let pdf = std::fs::read(&pdf_path).unwrap();
    let document = Document::load_mem(&pdf).unwrap();
    let pages = pages_text(&document);
    eprintln!("mid-size sample: {} pages, {} bytes", pages.len(), pdf.len());
    assert!(pages.len() <= 300, "{} pages", pages.len());

    // Nested bookmarks: Contents and the 21 sections, with subheadings beneath.
    let outline = outline(&document);
    let titles: Vec<&str> = outline.iter().map(|(title, ..)| title.as_str()).collect();
    assert_eq!(titles[0], "Contents");
    assert_eq!(titles[1], "1. Executive summary");
    assert_eq!(titles.len(), 22, "{titles:?}");
    let threats = &outline[6];
    assert_eq!(threats.0, "6. Threats and vulnerabilities");
    assert!(
        threats
            .2
            .iter()
            .any(|child| child.starts_with("Other scenarios, grouped")),
        "{:?}",
        threats.2
    );
    // The proposed-rule appendix after the sign-off stays short at any size: its lines
    // name a dozen records and count the rest (it named every asset, 210 pages at the
    // large sample), and no blank page comes before it.
    let sign_off = outline.last().unwrap();
    assert_eq!(sign_off.0, "21. Sign-off");
    let after = &pages[sign_off.1..];
    assert!(after.len() <= 8, "{} pages after the sign-off", after.len());
    assert!(squash(&after[0]).contains("Proposed rule readiness"), "{}", after[0]);

    // The executive summary runs from its page to the next section's: two pages at most.
    let summary_pages = outline[2].1 - outline[1].1;
    assert!(
        (1..=2).contains(&summary_pages),
        "summary of {summary_pages} pages: {}",
        pages[outline[1].1 - 1..outline[2].1 - 1].join("\n---\n")
    );
    assert!(squash(&pages[outline[1].1 - 1]).contains("Top risk groups"));

    // The contents page links each line to its section's page.
    let contents = document.get_pages()[&(outline[0].1 as u32)];
    let annotations = document
        .get_dictionary(contents)
        .unwrap()
        .get(b"Annots")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(annotations.len(), 21);
    let link = dictionary(&document, &annotations[0]);
    let target = link.get(b"Dest").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    assert_eq!(target, document.get_pages()[&(outline[1].1 as u32)]);
    assert!(document.catalog().unwrap().get(b"PageLabels").is_ok());

    // Each scenario number at most once in the text; the ones printed in full are there.
    let text = pages.join("\n");
    let numbers = scenario_numbers(&text);
    let repeated: Vec<_> = numbers.iter().filter(|(_, count)| **count > 1).collect();
    assert!(repeated.is_empty(), "printed more than once: {repeated:?}");
    for id in &model.grouping.full_scenarios {
        assert_eq!(numbers.get(&(*id as u64)), Some(&1), "#{id} not printed");
    }
    assert!(!model.grouping.full_scenarios.is_empty());

    // The annexes: the bytes of the exports for the same date, their hashes printed.
    let files = embedded_files(&document);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["inventory.csv", "plan.csv", "register.csv"]);
    let squashed = squash(&text);
    for (name, command) in [
        ("register.csv", ["risks", "export"]),
        ("plan.csv", ["actions", "export"]),
        ("inventory.csv", ["assets", "export"]),
    ] {
        let exported = run(dir.path(), &[command[0], command[1], workspace]).stdout;
        assert!(
            files[name] == exported,
            "{name} differs from `{} {}`",
            command[0],
            command[1]
        );
        let sha = hex(&Sha256::digest(&files[name]));
        assert!(squashed.contains(&sha), "the SHA-256 of {name} ({sha}) is not printed");
    }
    qpdf_check(&pdf_path);
}

#[test]
fn a_grouped_report_is_the_same_bytes_twice_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::sample::create(
        &dir.path().join("mid.hra"),
        &SampleSize {
            assets: 400,
            risks: 600,
            actions: 100,
            evidence: 10,
        },
        today(),
    )
    .unwrap();
    let model = model_of(&store);
    assert!(model.grouping.scenarios && model.grouping.inventory);
    let mut seen = Vec::new();
    let first = report::render_pdf_with_progress(&model, Paper::Letter, &mut |progress| seen.push(progress.fraction()));
    assert!(seen.len() > 10, "{} calls", seen.len());
    assert!(
        seen.windows(2).all(|pair| pair[0] <= pair[1]),
        "progress went back: {seen:?}"
    );
    assert_eq!(seen.last().copied(), Some(1.0));
    assert!(first == report::render_pdf(&model, Paper::Letter), "not deterministic");
    // Built for a PDF alone (fewer fields per asset row, the findings by rule): the same.
    assert!(
        first == report::render_pdf(&model_made_for(report::Purpose::Pdf, &store), Paper::Letter),
        "the model built for a PDF alone prints another PDF"
    );
    // A model made for a PDF alone keeps the findings by rule (counts and the first open
    // ones) instead of every finding: the same bytes, though a rule has more findings
    // than the PDF lists.
    let mut kept = model.clone();
    kept.keep_for_pdf();
    assert!(kept.findings.is_empty());
    let by_rule = kept.findings_by_rule();
    assert!(by_rule.iter().any(|rule| rule.open > FINDINGS_LISTED));
    assert_eq!(
        by_rule.iter().map(|rule| rule.open + rule.acknowledged).sum::<usize>(),
        model.findings.len()
    );
    assert!(
        first == report::render_pdf(&kept, Paper::Letter),
        "the model kept for a PDF prints another PDF"
    );
}

/// Below the thresholds nothing is grouped: every scenario and asset of the demo is in
/// the text, and the annexes are attached all the same.
#[test]
fn the_demo_is_printed_inline_with_its_annexes() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo::create(&dir.path().join("demo.hra"), today()).unwrap();
    let model = model_of(&store);
    assert!(!model.grouping.scenarios && !model.grouping.inventory);
    let pdf = report::render_pdf(&model, Paper::Letter);
    let document = Document::load_mem(&pdf).unwrap();
    let text = squash(&pages_text(&document).join("\n"));
    for asset in &model.assets {
        assert!(text.contains(&squash(&asset.name)), "asset {} missing", asset.name);
    }
    for scenario in &model.scenarios {
        assert!(
            text.contains(&squash(&format!("Vulnerability: {}", scenario.vulnerability))),
            "scenario #{} missing",
            scenario.risk_id
        );
    }
    let files = embedded_files(&document);
    assert_eq!(files.len(), 3);
    // The model holds each annex compressed, with the length and hash of the file.
    assert_eq!(model.annexes.len(), 3);
    for annex in &model.annexes {
        let bytes = annex.bytes().unwrap();
        assert_eq!(bytes.len(), annex.size, "{}", annex.file_name);
        assert!(
            annex.deflated.len() < bytes.len(),
            "{} is not compressed",
            annex.file_name
        );
        assert_eq!(hex(&Sha256::digest(&bytes)), annex.sha256, "{}", annex.file_name);
        assert!(
            files[&annex.file_name] == bytes,
            "{} differs in the PDF",
            annex.file_name
        );
    }
    // Built for JSON or CSV alone, the annexes are named (hash, length, rows) but no file
    // is compressed to attach: the same JSON.
    let data = model_made_for(report::Purpose::Data, &store);
    assert!(data.annexes.iter().all(|annex| annex.deflated.is_empty()));
    assert_eq!(report::render_json(&data), report::render_json(&model));
    // Streamed to a file as it is serialised: the same bytes.
    let mut streamed = Vec::new();
    report::write_json(&mut streamed, &model).unwrap();
    assert!(streamed == report::render_json(&model).into_bytes());
    // Kept for a PDF alone (the findings by rule), the demo prints the same bytes.
    let mut kept = model.clone();
    kept.keep_for_pdf();
    assert!(
        pdf == report::render_pdf(&kept, Paper::Letter),
        "the model kept for a PDF prints another PDF"
    );
    // Built for a PDF alone (as `report` builds it), each asset row keeps only the fields
    // the inventory table prints, the annexes are attached, and the PDF is the same.
    let for_pdf = model_made_for(report::Purpose::Pdf, &store);
    assert!(!for_pdf.assets.is_empty());
    for asset in &for_pdf.assets {
        let keys: Vec<&str> = asset.fields.iter().map(|field| &*field.key).collect();
        assert_eq!(
            keys,
            [
                "name",
                "kind",
                "location",
                "owner",
                "ephi",
                "records",
                "criticality",
                "encrypted",
                "last_reviewed"
            ],
            "{}",
            asset.name
        );
    }
    assert!(model.assets.iter().all(|asset| asset.fields.len() > 9));
    assert!(
        pdf == report::render_pdf(&for_pdf, Paper::Letter),
        "the model built for a PDF alone prints another PDF"
    );
    let path = dir.path().join("demo.pdf");
    std::fs::write(&path, &pdf).unwrap();
    qpdf_check(&path);
}

#[test]
fn letter_by_default_a4_by_flag_and_the_choice_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.hra");
    drop(hipaa_ra::demo::create(&path, today()).unwrap());
    let workspace = path.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    run(dir.path(), &["report", workspace, "-o", &out("first.pdf")]);
    assert_eq!(
        media_box(&std::fs::read(dir.path().join("first.pdf")).unwrap()),
        [0.0, 0.0, 612.0, 792.0]
    );
    run(
        dir.path(),
        &["report", workspace, "-o", &out("a4.pdf"), "--paper", "a4"],
    );
    assert_eq!(
        media_box(&std::fs::read(dir.path().join("a4.pdf")).unwrap())[2..],
        [595.28, 841.89]
    );
    run(dir.path(), &["report", workspace, "-o", &out("again.pdf")]);
    assert_eq!(
        media_box(&std::fs::read(dir.path().join("again.pdf")).unwrap())[2..],
        [595.28, 841.89]
    );
    run(
        dir.path(),
        &["report", workspace, "-o", &out("letter.pdf"), "--paper", "letter"],
    );
    run(dir.path(), &["report", workspace, "-o", &out("last.pdf")]);
    assert_eq!(
        media_box(&std::fs::read(dir.path().join("last.pdf")).unwrap())[2..],
        [612.0, 792.0]
    );
    // Remembering the paper keeps the change log whole and matching the data.
    run(dir.path(), &["log", "verify", workspace]);
}

/// Issue 14's limits on the large sample itself, through the real binary: at most 300
/// pages, an executive summary of at most two, each scenario number at most once, and the
/// register attached as the bytes of `risks export`.
#[test]
fn the_large_sample_keeps_to_its_page_limits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.hra");
    drop(hipaa_ra::sample::create(&path, &LARGE, today()).unwrap());
    let workspace = path.to_str().unwrap();
    let pdf_path = dir.path().join("large.pdf");
    run(
        dir.path(),
        &["report", workspace, "-o", pdf_path.to_str().unwrap(), "--date", TODAY],
    );
    let document = Document::load(&pdf_path).unwrap();
    let pages = pages_text(&document);
    eprintln!("large sample: {} pages", pages.len());
    assert!(pages.len() <= 300, "{} pages", pages.len());
    let outline = outline(&document);
    assert_eq!(outline[1].0, "1. Executive summary");
    let summary_pages = outline[2].1 - outline[1].1;
    assert!(
        (1..=2).contains(&summary_pages),
        "summary of {summary_pages} pages: {}",
        pages[outline[1].1 - 1..outline[2].1].join("\n---PAGE---\n")
    );
    let repeated: Vec<_> = scenario_numbers(&pages.join("\n"))
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .collect();
    assert!(repeated.is_empty(), "printed more than once: {repeated:?}");
    let register = run(dir.path(), &["risks", "export", workspace]).stdout;
    assert!(embedded_files(&document)["register.csv"] == register);
}
