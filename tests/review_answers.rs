//! The safeguard review's answers count: printed under their item in the report, and a
//! "no" makes the item a gap whose threats the Risks screen suggests, whatever its status.

use hipaa_ra::catalog::{Catalog, suggested_threats};
use hipaa_ra::domain::*;
use hipaa_ra::report::{self, LogSummary, Paper};
use hipaa_ra::store::{ChainStatus, Store};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

#[test]
fn answers_print_under_their_item_and_a_no_is_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("a.hra"), "Harbor Dental", "Sam Lee", today()).unwrap();
    let catalog = Catalog::embedded();
    let citation = "164.308(a)(5)(ii)(B)";
    let item = catalog.item(citation).expect("protection from malicious software");
    assert!(item.questions.len() >= 2, "the item has questions");
    let assessment_id = store.current_assessment_id().unwrap();
    let before = suggested_threats(&store.snapshot().unwrap(), catalog);
    assert!(before.iter().all(|(_, cited)| !cited.contains(&citation.to_string())));

    let review = SafeguardReview {
        status: ReviewStatus::Implemented,
        reviewed_on: Some(today()),
        measure: "Antivirus on every workstation, updated daily".into(),
        decision: Some(AddressableDecision::AsSpecified),
        answers: vec![
            QuestionAnswer {
                question: 0,
                answer: Answer::Yes,
                note: String::new(),
            },
            QuestionAnswer {
                question: 1,
                answer: Answer::No,
                note: "ask the IT contractor".into(),
            },
        ],
        ..SafeguardReview::not_reviewed(assessment_id, citation)
    };
    store.save_review(&review).unwrap();
    let workspace = store.snapshot().unwrap();

    // A "no" suggests the threats this safeguard stops, though the item says implemented.
    let after = suggested_threats(&workspace, catalog);
    assert!(after.iter().any(|(_, cited)| cited.contains(&citation.to_string())));

    let ChainStatus::Intact { entries, last_hash } = store.verify_change_log().unwrap() else {
        panic!("the log verifies");
    };
    let model = report::build(&workspace, catalog, &LogSummary { entries, last_hash }, today(), None);
    let row = model.safeguards.iter().find(|row| row.citation == citation).unwrap();
    assert_eq!(
        row.answers,
        vec![
            format!("{} Yes", item.questions[0]),
            format!("{} No (ask the IT contractor)", item.questions[1]),
        ]
    );
    let pdf = report::render_pdf(&model, Paper::A4);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let text: String = doc
        .get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let expected = format!("Q: {} No (ask the IT contractor)", item.questions[1]);
    assert!(
        text.contains(&expected.split_whitespace().collect::<Vec<_>>().join(" ")),
        "the answer under its item in the PDF"
    );
}
