//! One scope (issue 24, point 3): after next year's inventory refresh retires assets,
//! `check` and every output of the report agree on this year's scope. The retired
//! assets are in no table, count or export of the current year (report JSON, PDF text,
//! `assets export` CSV and JSON, the workbook's inventory sheet, OSCAL, the inventory
//! annex, the TUI's Inventory header), are listed apart as "Retired assets", and a
//! scenario that still names one shows it marked as retired. The expected scope is
//! worked out here by hand from the stored records, not with the function under test.
//!
//! The refresh is the user's own: `assets export` of the demo's open year, two carried
//! assets left out of the file, `assets import` (which names them as not seen), then
//! `assets retire`. The demo itself retired one asset this year (`show_scope`).

mod common;

#[path = "support/sandbox.rs"]
mod sandbox;

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use hipaa_ra::domain::{Asset, Workspace};
use hipaa_ra::store::Store;
use hipaa_ra::tui::{Action, App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;
use sandbox::{Sandbox, TODAY, stdout};

/// Two carried assets the refreshed spreadsheet leaves out: one handling ePHI that raises
/// findings this year, and a vendor.
const LEFT_OUT: [&str; 2] = ["Practice manager laptop", "ShredRight document destruction"];
/// Retired by the demo itself (`demo_history::show_scope`).
const DEMO_RETIRED: &str = "Old workstations awaiting disposal (2)";

fn snapshot(path: &Path) -> Workspace {
    let store = Store::open_for_reading(path).unwrap();
    store.snapshot().unwrap()
}

/// This year's scope worked out by hand: every asset whose id no retirement names.
struct Expected {
    active: BTreeSet<String>,
    ephi: usize,
    vendors: usize,
    retired: BTreeSet<String>,
    retired_ids: BTreeSet<i64>,
}

fn expected(workspace: &Workspace) -> Expected {
    let retired_ids: BTreeSet<i64> = workspace.retired.iter().map(|retired| retired.asset_id).collect();
    let (retired, active): (Vec<&Asset>, Vec<&Asset>) = workspace
        .assets
        .iter()
        .partition(|asset| retired_ids.contains(&asset.id));
    Expected {
        active: active.iter().map(|asset| asset.name.clone()).collect(),
        ephi: active.iter().filter(|asset| !asset.ephi.is_none()).count(),
        vendors: active.iter().filter(|asset| asset.vendor().is_some()).count(),
        retired: retired.iter().map(|asset| asset.name.clone()).collect(),
        retired_ids,
    }
}

/// The refresh: export this year's inventory, leave two carried assets out, import it,
/// and retire what the import names as not seen.
fn refresh_with_retirements(sandbox: &Sandbox, path: &str) {
    let exported = sandbox.ok(&["assets", "export", path]);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let name = headers.iter().position(|header| header == "name").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    let mut kept = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if !LEFT_OUT.contains(&&record[name]) {
            writer.write_record(&record).unwrap();
            kept += 1;
        }
    }
    assert!(kept > 10, "{exported}");
    let file = sandbox.path("refreshed.csv");
    std::fs::write(&file, writer.into_inner().unwrap()).unwrap();
    let imported = sandbox.run(&["assets", "import", path, file.to_str().unwrap()]);
    let said = format!("{}{}", stdout(&imported), String::from_utf8_lossy(&imported.stderr));
    assert!(imported.status.success(), "{said}");
    let workspace = snapshot(Path::new(path));
    let ids: Vec<String> = LEFT_OUT
        .iter()
        .map(|left_out| {
            let asset = workspace.assets.iter().find(|asset| asset.name == *left_out).unwrap();
            assert!(said.contains(&format!("#{} {left_out}", asset.id)), "{said}");
            asset.id.to_string()
        })
        .collect();
    let mut retire = vec!["assets", "retire", path];
    retire.extend(ids.iter().map(String::as_str));
    sandbox.ok(&retire);
}

fn names(list: &serde_json::Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|row| row[field].as_str().unwrap().to_string())
        .collect()
}

fn set(names: Vec<String>) -> BTreeSet<String> {
    names.into_iter().collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(pdf: &[u8]) -> String {
    let document = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    squash(&document.extract_text(&pages).unwrap())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(value) if value.fract() == 0.0 => format!("{value:.0}"),
        other => other.to_string(),
    }
}

#[test]
fn check_the_report_the_exports_and_the_tui_agree_on_the_scope_after_a_refresh_with_retirements() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    refresh_with_retirements(&sandbox, &path);
    let workspace = snapshot(Path::new(&path));
    let scope = expected(&workspace);
    let mut retired_expected: BTreeSet<String> = LEFT_OUT.iter().map(|name| name.to_string()).collect();
    retired_expected.insert(DEMO_RETIRED.to_string());
    assert_eq!(scope.retired, retired_expected);
    assert!(scope.active.len() > 10 && scope.ephi > 10, "{}", scope.active.len());

    // `check`: the scope it judged, and no finding about a retired asset.
    let output = sandbox.run(&["check", &path, "--format", "json"]);
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(check["scope"]["assets"], scope.active.len());
    assert_eq!(check["scope"]["ephi"], scope.ephi);
    assert_eq!(check["scope"]["vendors"], scope.vendors);
    assert_eq!(check["scope"]["retired"], scope.retired.len());
    for finding in check["findings"].as_array().unwrap() {
        let key = finding["key"].as_str().unwrap();
        let message = finding["message"].as_str().unwrap();
        for id in &scope.retired_ids {
            assert!(!key.ends_with(&format!("asset:{id}")), "{key}");
        }
        for name in &scope.retired {
            assert!(!message.contains(&format!("\"{name}\"")), "{message}");
        }
    }

    // The report's JSON: the inventory, vendors, excluded entries, the annex and the
    // summary's paragraph count this year's scope; the retired ones are listed apart.
    let report: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["report", &path, "--format", "json", "--date", TODAY])).unwrap();
    assert_eq!(set(names(&report["assets"], "name")), scope.active);
    let ephi = report["assets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|asset| asset["in_scope"] == true)
        .count();
    assert_eq!(ephi, scope.ephi);
    assert_eq!(report["vendors"].as_array().unwrap().len(), scope.vendors);
    assert_eq!(set(names(&report["retired_assets"], "name")), scope.retired);
    for excluded in names(&report["scope"]["excluded_assets"], "name") {
        assert!(scope.active.contains(&excluded), "{excluded}");
    }
    let included: u64 = report["scope"]["included"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| kind["count"].as_u64().unwrap())
        .sum();
    assert_eq!(included as usize, scope.ephi);
    let paragraph = report["summary"]["scope"].as_str().unwrap();
    assert!(
        paragraph.contains(&format!("It takes in {} inventory entries", scope.ephi))
            && paragraph.contains(&format!(
                "(of {} recorded, {} of them vendors)",
                scope.active.len(),
                scope.vendors
            ))
            && paragraph.contains("3 entries of last year's inventory were retired this year"),
        "{paragraph}"
    );
    let annex = report["annexes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|annex| annex["file_name"] == "inventory.csv")
        .unwrap();
    assert_eq!(annex["rows"], scope.active.len());
    // The proposed-rule appendix counts the same ePHI assets.
    if let Some(items) = report["proposed"]["items"].as_array() {
        let reviewed = items
            .iter()
            .flat_map(|item| item["from_data"].as_array().unwrap())
            .filter_map(|line| line.as_str())
            .find(|line| line.contains("ePHI assets reviewed within 12 months"))
            .expect("the appendix counts the reviewed ePHI assets");
        assert!(
            reviewed.contains(&format!(" of {} ePHI assets", scope.ephi)),
            "{reviewed}"
        );
    }
    // A scenario still naming a retired asset shows it marked, never as in scope.
    let laptop = format!("{} (retired)", LEFT_OUT[0]);
    let scenario_assets: Vec<String> = report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| names_of(&row["assets"]))
        .collect();
    assert!(scenario_assets.contains(&laptop), "{scenario_assets:?}");
    for name in &scope.retired {
        assert!(!scenario_assets.contains(name), "{name} shown unmarked");
    }

    // The PDF: the inventory's count line, no retired asset in the inventory's table, and
    // the "Retired assets" list with each of them.
    let pdf_path = sandbox.path("report.pdf");
    sandbox.ok(&["report", &path, "-o", pdf_path.to_str().unwrap(), "--date", TODAY]);
    let text = pdf_text(&std::fs::read(&pdf_path).unwrap());
    let count_line = format!(
        "{} inventory entries, {} of them handling ePHI",
        scope.active.len(),
        scope.ephi
    );
    let inventory = text
        .find(&count_line)
        .unwrap_or_else(|| panic!("no {count_line:?} in {text}"));
    let retired_list = inventory + text[inventory..].find("Retired assets").expect("a retired list");
    for name in &scope.retired {
        assert!(
            !text[inventory..retired_list].contains(name.as_str()),
            "{name} in the inventory table"
        );
    }
    let vendors_heading = retired_list + text[retired_list..].find("Vendors and business-associate").unwrap();
    for name in &scope.retired {
        assert!(
            text[retired_list..vendors_heading].contains(name.as_str()),
            "{name} not listed as retired"
        );
    }

    // `assets export`, CSV and JSON: one row per asset in scope.
    let exported = sandbox.ok(&["assets", "export", &path]);
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let name = reader
        .headers()
        .unwrap()
        .iter()
        .position(|header| header == "name")
        .unwrap();
    let rows: BTreeSet<String> = reader
        .records()
        .map(|record| record.unwrap()[name].to_string())
        .collect();
    assert_eq!(rows, scope.active);
    let json: serde_json::Value =
        serde_json::from_str(&sandbox.ok(&["assets", "export", &path, "--format", "json"])).unwrap();
    assert_eq!(set(names(&json["assets"], "name")), scope.active);

    // The workbook: the inventory sheet holds the scope, the retired sheet the rest.
    let book = sandbox.path("report.xlsx");
    sandbox.ok(&[
        "report",
        &path,
        "--format",
        "xlsx",
        "-o",
        book.to_str().unwrap(),
        "--date",
        TODAY,
    ]);
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    let sheet_names = |workbook: &mut Xlsx<_>, sheet: &str| -> BTreeSet<String> {
        let range = workbook.worksheet_range(sheet).unwrap();
        let mut rows = range.rows();
        // Row 1 states DRAFT or FINAL; the header is row 2.
        let status: Vec<String> = rows.next().unwrap().iter().map(cell_text).collect();
        assert!(status[0].contains("DRAFT") || status[0].contains("FINAL"), "{status:?}");
        let header: Vec<String> = rows.next().unwrap().iter().map(cell_text).collect();
        let column = header.iter().position(|cell| cell == "name").unwrap();
        rows.map(|row| cell_text(&row[column])).collect()
    };
    assert_eq!(sheet_names(&mut workbook, "Inventory"), scope.active);
    assert_eq!(sheet_names(&mut workbook, "Retired assets"), scope.retired);

    // OSCAL: the inventory items are the ePHI assets in scope.
    let poam = sandbox.path("poam.json");
    sandbox.ok(&[
        "report",
        &path,
        "--format",
        "oscal",
        "-o",
        poam.to_str().unwrap(),
        "--date",
        TODAY,
    ]);
    let oscal: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&poam).unwrap()).unwrap();
    let items = oscal["plan-of-action-and-milestones"]["local-definitions"]["inventory-items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), scope.ephi);
    for item in items {
        let props = item["props"].as_array().unwrap();
        let name = props.iter().find(|prop| prop["name"] == "asset-name").unwrap()["value"]
            .as_str()
            .unwrap();
        assert!(scope.active.contains(name), "{name}");
    }

    // The TUI's Inventory screen: its header counts the scope and says how many are
    // retired; the list still shows them, marked, and the retired chip finds them.
    let store = Store::open(Path::new(&path)).unwrap();
    let mut app = App::new(store, common::today(), Theme::COLOR).unwrap();
    app.update(Action::GoTo(Screen::Inventory));
    let screen = common::screen_text(&app, 120, 60);
    let header = format!(
        "{} assets, {} handle ePHI · {} retired, out of scope",
        scope.active.len(),
        scope.ephi,
        scope.retired.len()
    );
    assert!(screen.contains(&header), "{screen}");
    // The name column is narrow: the mark comes first, so it is never cut.
    assert!(screen.contains("retired: Practice"), "{screen}");
    for _ in 0..4 {
        common::press(&mut app, KeyCode::Char('f'));
    }
    let screen = common::screen_text(&app, 160, 60);
    assert!(screen.contains("[retired 3]"), "{screen}");
    let listed = screen.lines().filter(|line| line.contains("retired: ")).count();
    assert_eq!(listed, 3, "{screen}");
    assert!(!screen.contains("PracticeChart cloud EHR"), "{screen}");
}

/// A scenario row's asset names (held as texts).
fn names_of(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|name| name.as_str().map(str::to_string))
        .collect()
}

/// Every place outside the domain that reads all of a workspace's assets
/// (`workspace.assets`) instead of this year's scope (`active_assets`), with why. A new
/// read fails this test until it is decided: scope, or all (and then listed here).
const READS_OF_ALL_ASSETS: &[(&str, usize, &str)] = &[
    (
        "src/report/build_grouping.rs",
        1,
        "the kind a scenario concerns, retired assets' kinds too",
    ),
    (
        "src/tui/screens/inventory/view.rs",
        5,
        "the list shows retired assets, marked, under their chip",
    ),
    (
        "src/tui/screens/inventory/mod.rs",
        2,
        "the cursor's rows index every asset",
    ),
    (
        "src/tui/screens/inventory/draw.rs",
        2,
        "the empty state and the rows index every asset",
    ),
    (
        "src/tui/screens/risks/view.rs",
        1,
        "filtering by name finds a scenario naming a retired asset",
    ),
    (
        "src/tui/screens/risks/mod.rs",
        3,
        "the scenario form reads back names, retired ones too",
    ),
];

fn sources(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The code of a file without its unit tests and line comments, whitespace removed (so a
/// read split over lines by rustfmt is one string).
fn code_of(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<String>()
        .split_whitespace()
        .collect()
}

#[test]
fn every_read_of_all_assets_outside_the_domain_is_decided() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src/report", "src/exchange", "src/cli", "src/tui"] {
        sources(&root.join(dir), &mut files);
    }
    files.push(root.join("src/publish.rs"));
    let mut found: Vec<(String, usize)> = files
        .iter()
        .filter_map(|file| {
            let count = code_of(&std::fs::read_to_string(file).unwrap())
                .matches("workspace.assets")
                .count();
            let name = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (count > 0).then_some((name, count))
        })
        .collect();
    found.sort();
    let mut allowed: Vec<(String, usize)> = READS_OF_ALL_ASSETS
        .iter()
        .map(|(file, count, _why)| (file.to_string(), *count))
        .collect();
    allowed.sort();
    assert_eq!(
        found, allowed,
        "a read of every asset (retired ones included) outside the domain: use \
         `Workspace::active_assets` for this year's scope, or list the read here with why"
    );
    assert_eq!(
        code_of("let a = workspace\n    .assets // all\n    .iter();"),
        "leta=workspace.assets.iter();"
    );
}
