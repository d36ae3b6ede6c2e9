//! Policies and business associates through the real binary: the demo's overdue policy
//! review and expiring agreement in `check` and in the report's PDF text, `vendors export`
//! in OCR's column order (to a file and to standard output), `log verify`, and the policy
//! register carried whole by `export` and `new --from`.

use hipaa_ra::store::Store;

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

#[path = "support/pdf.rs"]
mod pdf;
use pdf::squash;

const OVERDUE_POLICY: &str = "Security awareness and training";
const EXPIRING_VENDOR: &str = "ClearClaim Billing LLC";

#[test]
fn the_demos_overdue_review_and_expiring_agreement_are_in_check_and_the_report() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let output = sandbox.run(&["check", &demo]);
    let text = sandbox::stdout(&output);
    assert!(
        text.contains(&format!("Policy \"{OVERDUE_POLICY}\" is due for review since")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Vendor \"{EXPIRING_VENDOR}\"'s business-associate agreement expires on"
        )),
        "{text}"
    );

    let pdf_path = sandbox.path("report.pdf");
    sandbox.ok(&["report", &demo, "-o", pdf_path.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf_path).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = squash(&document.extract_text(&pages).unwrap());
    let register = text
        .find("Policy register The written policies")
        .map(|at| &text[at..])
        .expect("a Policy register section");
    for title in [
        "Information security policy",
        OVERDUE_POLICY,
        "Contingency plan and data backup",
        "Device and media disposal",
    ] {
        assert!(register.contains(title), "{title} not in the register");
    }
    assert!(
        register.contains(OVERDUE_POLICY) && register.contains("(due)"),
        "the overdue review is not marked"
    );
    // The safeguards each policy implements, by citation, in the register's own rows.
    let register_rows = register
        .find("Business associates The vendors")
        .map_or(register, |end| &register[..end]);
    for citation in ["164.308(a)(5)(i)", "164.316(a)", "164.308(a)(7)(i)"] {
        assert!(
            register_rows.contains(citation),
            "{citation} not in the register: {register_rows}"
        );
    }
    let associates = text
        .find("Business associates The vendors of the inventory")
        .map(|at| &text[at..])
        .expect("a Business associates section");
    assert!(associates.contains(EXPIRING_VENDOR));
    assert!(
        associates.contains("(expiring)"),
        "the expiring agreement is not marked"
    );
    // Both findings are listed with the others.
    assert!(text.contains("Policy review due"));
    assert!(text.contains("Business-associate agreement expiring within 30 days"));
}

#[test]
fn vendors_export_writes_ocrs_columns_through_the_safe_writer() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let out = sandbox.path("associates.csv");
    let said = sandbox.ok(&["vendors", "export", &demo, "-o", out.to_str().unwrap()]);
    assert!(said.contains("Wrote 7 business associates"), "{said}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headings[0], "Business Associate Name");
    assert_eq!(headings[1], "Type of Service(s) Provided");
    assert_eq!(headings[2], "First Point of Contact Title");
    assert_eq!(headings[14], "Second Point of Contact Title");
    assert_eq!(headings[26], "Business Associate Website");
    assert_eq!(headings[27], "Agreement Status");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    let clearclaim = rows.iter().find(|row| &row[0] == EXPIRING_VENDOR).unwrap();
    assert_eq!(&clearclaim[1], "Medical billing and collections");
    assert_eq!(&clearclaim[31], "expiring within 30 days");

    // Standard output gives the same bytes.
    let printed = sandbox.ok(&["vendors", "export", &demo]);
    assert_eq!(printed, std::fs::read_to_string(&out).unwrap());

    // Never over the workspace itself.
    let output = sandbox.run(&["vendors", "export", &demo, "-o", &demo]);
    assert!(!output.status.success());
    assert!(Store::open(std::path::Path::new(&demo)).is_ok());
}

#[test]
fn the_register_survives_export_and_new_from_and_log_verify_passes() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    sandbox.ok(&["log", "verify", &demo]);
    let json = sandbox.path("demo.json");
    sandbox.ok(&["export", &demo, "-o", json.to_str().unwrap()]);
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains("\"program\""));
    let copy = sandbox.path("copy.hra");
    sandbox.ok(&[
        "new",
        copy.to_str().unwrap(),
        "--from",
        json.to_str().unwrap(),
        "--no-open",
    ]);
    sandbox.ok(&["log", "verify", copy.to_str().unwrap()]);
    let original = Store::open(std::path::Path::new(&demo))
        .unwrap()
        .policy_register()
        .unwrap();
    let restored = Store::open(&copy).unwrap().policy_register().unwrap();
    assert_eq!(original.policies.len(), 4);
    assert_eq!(restored, original);
    let before = sandbox.ok(&["vendors", "export", &demo]);
    let after = sandbox.ok(&["vendors", "export", copy.to_str().unwrap()]);
    assert_eq!(before, after);
}
