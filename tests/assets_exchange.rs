//! The inventory CSV/JSON formats against a real workspace: a spreadsheet export imports
//! whole, a bad file imports nothing, and export → import → export is byte-stable.

use chrono::NaiveDate;
use hipaa_ra::domain::{Asset, AssetKind, BaaStatus, Criticality, Encryption, EphiActions, Id};
use hipaa_ra::exchange::{assets_json, columns, parse_assets_csv, write_assets_csv};
use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;

const SAMPLE: &[u8] = include_bytes!("fixtures/assets-sample.csv");
const BAD_ROW: &[u8] = include_bytes!("fixtures/assets-bad-row.csv");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn workspace(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::create(&dir.path().join(name), "Test", "Tester", day(2026, 1, 15)).unwrap()
}

fn import(store: &mut Store, csv: &[u8]) {
    let rows = parse_assets_csv(csv).unwrap();
    let assessment = store.current_assessment_id().unwrap();
    store.import_assets(assessment, &rows).unwrap();
}

fn assets(store: &Store) -> Vec<Asset> {
    store.assets(store.current_assessment_id().unwrap()).unwrap()
}

/// Turns an owner id into the person's name, as the export commands will.
fn owner_names(store: &Store) -> impl Fn(Option<Id>) -> String {
    let people = store.people().unwrap();
    move |id| {
        people
            .iter()
            .find(|person| Some(person.id) == id)
            .map(|person| person.name.clone())
            .unwrap_or_default()
    }
}

fn export(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    write_assets_csv(
        &mut out,
        &assets(store),
        owner_names(store),
        hipaa_ra::domain::Status::Draft,
    )
    .unwrap();
    out
}

/// The assets without store ids, each with its owner's name.
fn comparable(store: &Store) -> Vec<(Asset, String)> {
    let owner = owner_names(store);
    assets(store)
        .into_iter()
        .map(|asset| {
            let name = owner(asset.owner_id);
            let asset = Asset {
                id: 0,
                assessment_id: 0,
                owner_id: None,
                ..asset
            };
            (asset, name)
        })
        .collect()
}

fn named<'a>(assets: &'a [Asset], name: &str) -> &'a Asset {
    assets
        .iter()
        .find(|asset| asset.name == name)
        .unwrap_or_else(|| panic!("no asset named {name}"))
}

#[test]
fn the_spreadsheet_sample_imports_whole() {
    assert!(SAMPLE.starts_with(b"\xEF\xBB\xBFName,Kind,ePHI,Owner,"));
    assert!(SAMPLE.windows(2).filter(|pair| pair == b"\r\n").count() >= 41);
    let dir = tempfile::tempdir().unwrap();
    let mut store = workspace(&dir, "sample.hipaa");
    import(&mut store, SAMPLE);
    let assets = assets(&store);
    assert_eq!(assets.len(), 40);
    let people = store.people().unwrap();
    let owner = |asset: &Asset| owner_names(&store)(asset.owner_id);

    let ehr = named(&assets, "Cloud EHR (PracticeChart)");
    assert_eq!(ehr.kind, AssetKind::CloudService);
    assert_eq!(ehr.ephi, EphiActions::ALL);
    assert_eq!(ehr.record_count, Some(1200));
    assert_eq!(ehr.criticality, Criticality::Critical);
    assert_eq!(ehr.last_reviewed, Some(day(2025, 3, 15)), "US-style date");
    let vendor = ehr.vendor().unwrap();
    assert_eq!(
        vendor.services, "Hosted EHR, e-prescribing, lab results",
        "quoted commas"
    );
    assert_eq!(
        (vendor.baa_status, vendor.baa_date),
        (BaaStatus::Signed, Some(day(2024, 1, 10)))
    );
    assert_eq!(owner(ehr), "Dr. María Álvarez");

    let laptop = named(&assets, "Dr. Álvarez laptop");
    assert_eq!(
        laptop.notes,
        "BitLocker status to confirm,\nrecovery key not yet escrowed"
    );
    assert_eq!(
        (laptop.encrypted_at_rest, laptop.last_reviewed),
        (Encryption::Yes, Some(day(2024, 12, 2)))
    );

    let greek = named(&assets, "Ιατρείο imaging share");
    assert_eq!(
        (greek.location.as_str(), greek.record_count),
        ("Θεσσαλονίκη branch", Some(2400))
    );
    assert_eq!(owner(greek), "Ioannis Georgiou");
    let russian = named(&assets, "Клиника referral spreadsheet");
    assert_eq!(russian.notes, "Contains \"quoted\" notes");
    assert!(named(&assets, "Telehealth platform").description.contains('🩺'));

    let personal = named(&assets, "Staff personal email");
    assert!(!personal.in_scope() && personal.owner_id.is_none() && personal.vendor().is_none());
    let contractor = named(&assets, "IT support contractor");
    assert_eq!(contractor.vendor().unwrap().baa_status, BaaStatus::Pending);
    assert_eq!(named(&assets, "Exam room PC A").ephi.letters(), "C-M-");
    assert_eq!(named(&assets, "On-call Android phone").kind, AssetKind::MobileDevice);
    assert_eq!(
        named(&assets, "Copier / scanner").vendor().unwrap().baa_status,
        BaaStatus::NotRequired
    );

    // Owners became people; "dr. maría álvarez" matched the existing person.
    let mut names: Vec<&str> = people.iter().map(|person| person.name.as_str()).collect();
    names.sort_unstable();
    let expected = [
        "Dr. María Álvarez",
        "Ioannis Georgiou",
        "Lena Fischer",
        "Olga Ivanova",
        "Priya Raman",
        "Sam Okafor",
        "Zoë Papadopoulou",
    ];
    assert_eq!(names, expected);
    assert_eq!(named(&assets, "Old EHR archive").owner_id, ehr.owner_id);
}

#[test]
fn a_file_with_a_bad_row_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = workspace(&dir, "bad.hipaa");
    let log_before = store.change_log().unwrap().len();

    let error = parse_assets_csv(BAD_ROW).unwrap_err();
    assert_eq!(
        error.line, 8,
        "the line the record starts on, after a two-line record: {error}"
    );
    assert_eq!(error.column.as_deref(), Some("kind"));
    assert!(
        error
            .to_string()
            .starts_with("line 8: kind: unknown kind `toaster` (expected one of: system, "),
        "{error}"
    );

    // The store refuses a batch with one unusable row as a whole, too.
    let good = b"name,kind\nEHR,cloud_service\nLaptop,laptop\n";
    let mut rows = parse_assets_csv(good).unwrap();
    rows[1].0.name = "  ".to_string();
    let assessment = store.current_assessment_id().unwrap();
    assert!(store.import_assets(assessment, &rows).is_err());

    assert!(assets(&store).is_empty());
    assert!(store.people().unwrap().is_empty());
    assert_eq!(store.change_log().unwrap().len(), log_before);
}

#[test]
fn export_then_import_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = workspace(&dir, "first.hipaa");
    import(&mut first, SAMPLE);
    let exported = export(&first);
    // The analysis's status first (a draft here), then the asset's columns.
    assert!(exported.starts_with(format!("analysis_status,{}\n", columns::<Asset>().join(",")).as_bytes()));

    let mut second = workspace(&dir, "second.hipaa");
    import(&mut second, &exported);
    let again = export(&second);
    assert_eq!(String::from_utf8(again).unwrap(), String::from_utf8(exported).unwrap());
    assert_eq!(comparable(&second), comparable(&first));
}

#[test]
fn json_export_has_one_flat_object_per_asset() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = workspace(&dir, "json.hipaa");
    import(&mut store, SAMPLE);
    let json = assets_json(&assets(&store), owner_names(&store));
    let objects = json.as_array().unwrap();
    assert_eq!(objects.len(), 40);
    for object in objects {
        let mut keys: Vec<&str> = object.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut columns = columns::<Asset>();
        columns.sort_unstable();
        assert_eq!(keys, columns);
    }
    let ehr = objects
        .iter()
        .find(|object| object["name"] == "Cloud EHR (PracticeChart)")
        .unwrap();
    assert_eq!(ehr["records"], 1200);
    assert_eq!(ehr["last_reviewed"], "2025-03-15");
    assert_eq!(ehr["baa_status"], "signed");
    assert_eq!(ehr["owner"], "Dr. María Álvarez");
    let personal = objects
        .iter()
        .find(|object| object["name"] == "Staff personal email")
        .unwrap();
    assert!(personal["owner"].is_null() && personal["records"].is_null() && personal["baa_status"].is_null());
    assert_eq!(personal["ephi"], "");
}

/// The README's table of inventory columns names every column the CSV has, so a field
/// added to assets is documented (the table is the one hand-kept list of them).
#[test]
fn the_readme_documents_every_inventory_column() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("### Inventory CSV").expect("the section");
    let section = &readme[start..start + readme[start..].find("\n### ").unwrap_or(readme.len() - start)];
    let table: Vec<&str> = section.lines().filter(|line| line.starts_with("| `")).collect();
    for column in columns::<Asset>() {
        let named = format!("`{column}`");
        assert!(
            table
                .iter()
                .any(|row| row.split('|').nth(1).is_some_and(|cell| cell.contains(&named))),
            "README's inventory table lacks {named}"
        );
    }
}

/// The README's `kind` row names every kind of asset (its key), so a new kind is
/// documented where users look for the accepted values.
#[test]
fn the_readme_names_every_asset_kind() {
    use hipaa_ra::domain::Labeled;
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let row = readme
        .lines()
        .find(|line| line.starts_with("| `kind` |"))
        .expect("the kind row of the inventory table");
    for kind in AssetKind::ALL {
        assert!(
            row.contains(&format!("`{}`", kind.key())),
            "README's kind row lacks {}",
            kind.key()
        );
    }
}

/// The README's first screen is for users (how to run it), the two set-up commands a
/// developer runs are still there as they were, and every `docs/` page it links to exists.
#[test]
fn the_readme_starts_with_running_it_and_its_docs_links_resolve() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let first_screen: String = readme.lines().take(40).collect::<Vec<_>>().join("\n");
    for words in ["cargo install --path .", "hipaa-ra demo", "hipaa-ra new clinic.hra"] {
        assert!(
            first_screen.contains(words),
            "the README's first screen lacks `{words}`"
        );
    }
    for line in [
        "cargo run -- demo     # build, then open the built-in demo practice",
        "cargo test            # run the tests",
    ] {
        assert!(readme.lines().any(|text| text == line), "the README lacks `{line}`");
    }
    let mut linked = 0;
    for (page, text) in [("README.md".to_string(), readme.clone())].into_iter().chain(
        ["developers", "workspace-file", "performance"].map(|name| {
            let page = format!("docs/{name}.md");
            let text = std::fs::read_to_string(format!("{root}/{page}")).unwrap();
            (page, text)
        }),
    ) {
        let folder = std::path::Path::new(root).join(&page).parent().unwrap().to_path_buf();
        for target in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            if target.starts_with('#') || target.starts_with("http") {
                continue;
            }
            assert!(
                folder.join(target).exists(),
                "{page} links to {target}, which does not exist"
            );
            linked += 1;
        }
    }
    assert!(linked >= 6, "{linked}");
}

/// A practice's own spreadsheet through the real binary: its extra columns are ignored and
/// named in one line on standard error, a yes/no ePHI column reads all four flows or none,
/// and the export lists the assets by name ignoring case. A bad value elsewhere still
/// refuses the whole file in one line naming the line and column.
#[test]
fn the_command_ignores_extra_columns_reads_yes_no_and_lists_names_ignoring_case() {
    let sandbox = sandbox::Sandbox::new();
    let workspace = sandbox.new_workspace("clinic.hra");
    let csv = sandbox.path("office.csv");
    std::fs::write(
        &csv,
        "Asset Name,Type,Contains ePHI,Device,Warranty\n\
         fax machine,system,Yes,HP,2027\n\
         Alpha,laptop,no,Dell,\n\
         Zebra router,network device,N,,\n\
         beta,laptop,TRUE,,\n",
    )
    .unwrap();
    let output = sandbox.run(&["assets", "import", &workspace, csv.to_str().unwrap()]);
    let stderr = sandbox::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "hipaa-ra: {}: ignored 2 columns hipaa-ra does not keep: `Device`, `Warranty`\n",
            csv.display()
        )
    );
    let export = sandbox.ok(&["assets", "export", &workspace]);
    let rows: Vec<(String, String)> = csv::Reader::from_reader(export.as_bytes())
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            (row["name"].clone(), row["ephi"].clone())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Alpha".to_string(), String::new()),
            ("beta".to_string(), "CRMT".to_string()),
            ("fax machine".to_string(), "CRMT".to_string()),
            ("Zebra router".to_string(), String::new()),
        ]
    );

    let bad = sandbox.path("bad.csv");
    std::fs::write(
        &bad,
        "name,kind,ephi,Device\nPrinter,system,yes,x\nScanner,system,maybe,y\n",
    )
    .unwrap();
    let message = sandbox.refused(&["assets", "import", &workspace, bad.to_str().unwrap()]);
    assert!(
        message.contains("bad.csv: line 3: ephi: unknown ePHI actions `maybe`"),
        "{message}"
    );
    let again = sandbox.ok(&["assets", "export", &workspace]);
    assert_eq!(again, export, "nothing of the refused file was imported");
}
