//! What the next-year store tests share (next_year.rs, next_year_refresh.rs): the demo on a
//! fixed date, the check that the change log still replays to the data, and a final
//! sign-off as `report --sign` records it.

use std::path::Path;

use hipaa_ra::domain::{Id, SignOffRecord};
use hipaa_ra::store::{DataStatus, Store};

// Each support module that needs the date loads it; a test may use two of them.
#[allow(clippy::duplicate_mod)]
#[path = "clock.rs"]
mod clock;
#[allow(unused_imports)] // each test binary uses what it needs
pub use clock::{TODAY, today};

pub fn demo(dir: &Path) -> Store {
    hipaa_ra::demo::create(&dir.join("demo.hra"), today()).unwrap()
}

/// The change log replays to exactly the data in the file.
pub fn assert_consistent(store: &Store) {
    let status = store.verify_history().unwrap();
    assert!(matches!(status, DataStatus::Consistent { .. }), "{status:?}");
}

/// A final sign-off of `assessment_id` on `today()`, as a signed final report records it.
pub fn final_sign_off(assessment_id: Id) -> SignOffRecord {
    SignOffRecord {
        id: 0,
        assessment_id,
        report_date: today(),
        signed_at: "2026-11-23T10:00:00Z".to_string(),
        signer: "Dana Whitfield".to_string(),
        key_id: "ABCDEF0123456789".to_string(),
        report_sha256: "0".repeat(64),
        log_head: 0,
        current: true,
    }
}

/// A PDF's text, every page, whitespace squashed to single spaces (so a line or page
/// break between two words does not matter).
#[allow(dead_code)] // not every test binary reads a PDF
pub fn pages_text(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
    let text: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect();
    text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}
