//! Actions backed by the data and due dates that keep their history, on the demo with
//! its history (last year signed, this year under way): the moved date is stored with its
//! reason, exported (plan CSV, workspace JSON and its restore), printed in the report's
//! plan; a move without a reason is refused and writes nothing; carried actions keep their
//! dates and show overdue; and the done laptop-encryption action the inventory contradicts
//! is a blocking finding that goes when the asset is corrected.

use std::path::Path;

use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::*;
use hipaa_ra::exchange::workspace::{from_json, to_json};
use hipaa_ra::report::{self, LogSummary, Paper, ReportModel};
use hipaa_ra::store::{Store, StoreError, export_workspace};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

#[path = "support/pdf.rs"]
mod pdf;
use pdf::squash;

const REASON: &str = "vendor delay: the EHR's downtime-mode guide comes with its spring release";

fn demo(dir: &Path) -> Store {
    hipaa_ra::demo_history::create(&dir.join("demo.hra"), today()).unwrap()
}

fn model_of(workspace: &Workspace) -> ReportModel {
    let log = LogSummary {
        entries: 0,
        last_hash: String::new(),
    };
    report::build(workspace, Catalog::embedded(), &log, today(), None)
}

fn moved(workspace: &Workspace) -> &Action {
    let moved: Vec<&Action> = workspace
        .actions
        .iter()
        .filter(|action| !action.due_moves.is_empty())
        .collect();
    assert_eq!(moved.len(), 1, "the demo moves one due date");
    moved[0]
}

fn pdf_text(model: &ReportModel) -> String {
    let bytes = report::render_pdf(model, Paper::Letter);
    let doc = lopdf::Document::load_mem(&bytes).expect("a valid PDF");
    let pages: Vec<String> = doc
        .get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect();
    squash(&pages.join(" "))
}

#[test]
fn the_moved_due_date_is_stored_exported_and_printed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let action = moved(&workspace);
    let due_move = &action.due_moves[0];
    assert_eq!(due_move.reason, REASON);
    assert_eq!(due_move.to_on, action.due_on);
    let from = due_move.from_on.expect("the date first planned");
    assert!(due_move.to_on.unwrap() > from);
    assert_eq!(due_move.moved_by, hipaa_ra::demo::ASSESSOR);
    assert!(!due_move.moved_at.is_empty());
    let history = format!("due {from}, moved to {}: {REASON}", action.due_on.unwrap());

    // The report's plan: the model (so its JSON), the CSV and the PDF's text.
    let model = model_of(&workspace);
    let row = model.plan.iter().find(|row| row.action_id == action.id).unwrap();
    assert_eq!(row.due_history, history);
    assert!(report::render_json(&model).contains(&history));
    let mut csv = Vec::new();
    report::write_plan_csv(&mut csv, &model).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",due_history,changes"), "{csv}");
    assert!(csv.contains(&history), "{csv}");
    assert!(
        pdf_text(&model).contains(&squash(&history)),
        "the PDF prints the history"
    );

    // The workspace export carries it, and its restore brings it back as it was.
    let text = to_json(&export_workspace(&store).unwrap());
    assert!(text.contains("\"due_moves\""));
    assert!(text.contains(REASON));
    let restored =
        Store::create_from_export(&dir.path().join("restored.hra"), &from_json(&text).unwrap(), today()).unwrap();
    let again = restored.snapshot().unwrap();
    assert_eq!(moved(&again), action);
    assert!(to_json(&export_workspace(&restored).unwrap()).contains(REASON));
}

#[test]
fn a_move_without_a_reason_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let action = workspace
        .actions
        .iter()
        .find(|action| action.due_on.is_some() && action.due_moves.is_empty())
        .unwrap();
    let log = store.change_log().unwrap().len();
    let later = Action {
        due_on: action
            .due_on
            .and_then(|due| due.checked_add_days(chrono::Days::new(30))),
        ..action.clone()
    };
    for refused in [
        store.update_action(&later),
        store.update_action_moving_due(&later, "  "),
    ] {
        match refused {
            Err(StoreError::Refused { field, message }) => {
                assert_eq!(field, "due_reason");
                assert!(
                    message.contains("give the reason for the move (due-date reason)"),
                    "{message}"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(store.change_log().unwrap().len(), log, "nothing written");
    assert_eq!(store.action(action.id).unwrap(), *action);

    // With a reason: the move and its row, in one transaction (one change-log row each).
    store.update_action_moving_due(&later, "waiting for the quote").unwrap();
    let saved = store.action(action.id).unwrap();
    assert_eq!(saved.due_on, later.due_on);
    assert_eq!(saved.due_moves.len(), 1);
    assert_eq!(saved.due_moves[0].from_on, action.due_on);
    let entities: Vec<String> = store.change_log().unwrap()[log..]
        .iter()
        .map(|entry| entry.entity.clone())
        .collect();
    assert_eq!(entities, ["actions", "action_due_moves"]);
    assert!(store.verify_history().is_ok());
}

#[test]
fn carried_actions_keep_their_dates_and_show_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let findings = findings(&workspace, Catalog::embedded(), today());
    let overdue: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.rule == Rule::ActionOverdue)
        .collect();
    // Every carried open action but the moved one keeps last year's date, now past.
    let carried_open: Vec<&Action> = workspace
        .actions
        .iter()
        .filter(|action| action.status.is_open() && workspace.carried(CarriedEntity::Action, action.id).is_some())
        .filter(|action| action.due_moves.is_empty())
        .collect();
    assert!(carried_open.len() >= 3, "{carried_open:#?}");
    for action in carried_open {
        assert!(action.is_overdue(today()), "{} due {:?}", action.title, action.due_on);
        assert!(
            overdue
                .iter()
                .any(|finding| finding.key == format!("advisory.action_overdue:action:{}", action.id)),
            "{} is not reported overdue",
            action.title
        );
    }
}

#[test]
fn the_done_encryption_action_the_laptop_contradicts_blocks_until_corrected() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let workspace = store.snapshot().unwrap();
    let found: Vec<Finding> = findings(&workspace, Catalog::embedded(), today())
        .into_iter()
        .filter(|finding| finding.rule == Rule::DoneActionContradicted)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "Action \"Encrypt the practice manager laptop with BitLocker\" is done, but \"Practice manager laptop\" \
         still shows Encrypted at rest: No (the action was to make it Yes) (§164.308(a)(1)(ii)(B))"
    );
    assert!(found[0].blocks());
    // The plan says what the action sets.
    let model = model_of(&workspace);
    assert!(
        model
            .plan
            .iter()
            .any(|row| row.changes == "Practice manager laptop: Encrypted at rest = Yes")
    );

    // An action cannot name a value its field does not take.
    let action = workspace
        .actions
        .iter()
        .find(|action| action.asset_id.is_some())
        .unwrap()
        .clone();
    let bad = Action {
        asset_value: "probably".into(),
        ..action.clone()
    };
    assert!(matches!(
        store.update_action(&bad),
        Err(StoreError::Refused {
            field: "changes_to",
            ..
        })
    ));

    // The laptop encrypted: the finding goes.
    let laptop = workspace.asset(action.asset_id.unwrap()).unwrap().clone();
    store
        .update_asset(&Asset {
            encrypted_at_rest: Encryption::Yes,
            ..laptop
        })
        .unwrap();
    let after = store.snapshot().unwrap();
    assert!(
        !findings(&after, Catalog::embedded(), today())
            .iter()
            .any(|finding| finding.rule == Rule::DoneActionContradicted)
    );
}
