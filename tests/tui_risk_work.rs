//! Issue 26, items 5 and 6 in the TUI: the checklist's "already recorded" answer picks
//! the asset (and the report names it), a score without a rationale is saved only after
//! a question, and the treat window asks for the decision first, then shows only what
//! that decision needs (Avoid asks for a reason and stores it).

mod common;

use common::{body, demo_app, focus_field, press, screen_text, type_text};
use hipaa_ra::catalog::Catalog;
use hipaa_ra::domain::{InventoryPrompt, PromptAnswer, Treatment};
use hipaa_ra::report::{self, LogSummary};
use hipaa_ra::tui::{Action, App, Overlay, Screen, Theme};
use ratatui::crossterm::event::KeyCode;

fn form_keys(app: &App) -> Vec<&'static str> {
    match app.overlay() {
        Some(Overlay::Form { form, .. }) => form.fields.iter().map(|field| field.key).collect(),
        _ => panic!("no form is open:\n{}", screen_text(app, 80, 24)),
    }
}

#[test]
fn already_recorded_picks_the_asset_and_the_report_names_it() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Inventory));
    press(&mut app, KeyCode::Char('p'));
    // The demo leaves "remote staff" unanswered: the third question.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('r'));
    assert!(
        matches!(app.overlay(), Some(Overlay::Picker { .. })),
        "the asset list is open"
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Billing remote access (VPN)"), "{text}");
    insta::assert_snapshot!("checklist_recorded_picker_80x24", body(&app, 80, 24));
    type_text(&mut app, "Billing remote");
    press(&mut app, KeyCode::Enter);

    let vpn = app
        .workspace
        .assets
        .iter()
        .find(|asset| asset.name == "Billing remote access (VPN)")
        .unwrap()
        .id;
    let record = app
        .workspace
        .prompts
        .iter()
        .find(|record| record.prompt == InventoryPrompt::RemoteStaff)
        .expect("answered");
    assert_eq!(
        (record.answer, record.asset_id),
        (PromptAnswer::AlreadyRecorded, Some(vpn))
    );
    assert!(
        matches!(app.overlay(), Some(Overlay::Prompts(prompts)) if prompts.cursor == 2),
        "back on the question"
    );
    let text = screen_text(&app, 80, 24);
    let row = text
        .lines()
        .find(|line| line.contains("Remote staff and contractors"))
        .unwrap();
    assert!(
        row.contains("[Already recorded: Billing remote") && row.contains("…]"),
        "{row}"
    );
    assert!(
        text.contains("Already recorded: Billing remote access (VPN)"),
        "named in full under the question"
    );
    insta::assert_snapshot!("checklist_already_recorded_80x24", body(&app, 80, 24));

    let log = LogSummary {
        entries: 0,
        last_hash: String::new(),
    };
    let model = report::build(&app.workspace, Catalog::embedded(), &log, common::today(), None);
    let row = model
        .scope
        .forgotten_items
        .iter()
        .find(|row| row.topic == InventoryPrompt::RemoteStaff.to_string())
        .unwrap();
    assert_eq!(
        row.answer.as_deref(),
        Some("Already recorded: Billing remote access (VPN)")
    );
}

#[test]
fn a_score_without_its_rationale_is_saved_only_after_a_question() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    let unscored = app
        .workspace
        .risks
        .iter()
        .find(|risk| !risk.is_scored() && risk.likelihood_rationale.is_empty() && !risk.vulnerability_unconfirmed())
        .expect("the demo has an unscored scenario")
        .clone();
    app.update(Action::Bottom);
    while app.selected_risk().unwrap().id != unscored.id {
        press(&mut app, KeyCode::Up);
    }
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Right); // likelihood: the first level
    focus_field(&mut app, "impact");
    press(&mut app, KeyCode::Right); // impact: the first level
    press(&mut app, KeyCode::Enter);
    let Some(Overlay::Confirm(question)) = app.overlay() else {
        panic!("a question:\n{}", screen_text(&app, 80, 24));
    };
    assert_eq!(question.title, "Save without a rationale?");
    assert!(
        question.lines[0].contains("likelihood and impact"),
        "{:?}",
        question.lines
    );
    insta::assert_snapshot!("score_without_rationale_question_80x24", body(&app, 80, 24));

    // No (any key but y) goes back to the form, nothing saved; Enter is no too.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay(), Some(Overlay::Form { .. })), "back on the form");
    assert!(!app.workspace.risk(unscored.id).unwrap().is_scored(), "nothing saved");
    // Asked again at the next save; y saves the score as it is.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay(), Some(Overlay::Confirm(_))));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let saved = app.workspace.risk(unscored.id).unwrap();
    assert_eq!((saved.likelihood, saved.impact), (Some(0), Some(0)));

    // With both rationales written, no question.
    press(&mut app, KeyCode::Char('s'));
    focus_field(&mut app, "likelihood_rationale");
    type_text(&mut app, "Never happened here");
    focus_field(&mut app, "impact_rationale");
    type_text(&mut app, "Paper fallback for a day");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    assert_eq!(
        app.workspace.risk(unscored.id).unwrap().impact_rationale,
        "Paper fallback for a day"
    );
}

#[test]
fn the_treat_window_asks_the_decision_then_only_what_it_needs() {
    let (mut app, _dir) = demo_app(Theme::COLOR);
    app.update(Action::GoTo(Screen::Risks));
    app.update(Action::Bottom);
    let risk = app.selected_risk().unwrap().clone();
    press(&mut app, KeyCode::Char('t'));
    let text = screen_text(&app, 80, 24);
    assert!(matches!(app.overlay(), Some(Overlay::Picker { .. })), "{text}");
    assert!(!text.contains("Undecided"), "not a decision to step onto:\n{text}");
    insta::assert_snapshot!("treat_decision_80x24", body(&app, 80, 24));

    // Avoid: one field, its reason, which is required and stored.
    type_text(&mut app, "Avoid");
    press(&mut app, KeyCode::Enter);
    assert_eq!(form_keys(&app), ["treatment_reason"]);
    insta::assert_snapshot!("treat_avoid_80x24", body(&app, 80, 24));
    // Its footer names the keys a lone text field takes: no choice to step, no box to tick.
    let footer = screen_text(&app, 80, 24);
    assert!(footer.contains("Enter save"), "{footer}");
    assert!(!footer.contains("choose") && !footer.contains("tick"), "{footer}");
    press(&mut app, KeyCode::Enter);
    assert!(
        screen_text(&app, 80, 24).contains("Why avoid"),
        "refused without a reason"
    );
    assert_eq!(
        app.workspace.risk(risk.id).unwrap().treatment,
        risk.treatment,
        "nothing saved"
    );
    // Left and Right in the form never change the decision: there is no treatment field.
    press(&mut app, KeyCode::Left);
    type_text(&mut app, "We stopped faxing lab results; the portal sends them");
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay().is_none(), "{}", screen_text(&app, 80, 24));
    let saved = app.workspace.risk(risk.id).unwrap();
    assert_eq!(saved.treatment, Treatment::Avoid);
    assert_eq!(
        saved.treatment_reason,
        "We stopped faxing lab results; the portal sends them"
    );

    // Accept: who, when, why and nothing else.
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "Accept");
    press(&mut app, KeyCode::Enter);
    assert_eq!(form_keys(&app), ["accepted_by", "accepted_on", "acceptance_reason"]);
    insta::assert_snapshot!("treat_accept_80x24", body(&app, 80, 24));
    press(&mut app, KeyCode::Esc);

    // Mitigate: the action; Esc on the list saves nothing.
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "Mitigate");
    press(&mut app, KeyCode::Enter);
    let keys = form_keys(&app);
    assert_eq!(keys, ["action_title", "action_owner", "action_due"]);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay().is_none());
    assert_eq!(
        app.workspace.risk(risk.id).unwrap().treatment,
        Treatment::Avoid,
        "unchanged"
    );

    // Transfer: to whom and how, and an action.
    press(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "Transfer");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form_keys(&app),
        ["treatment_reason", "action_title", "action_owner", "action_due"]
    );
}

/// A signed year's checklist answers never change: "already recorded" on last year's
/// (signed) assessment is refused like any write to it, and its answers stay as signed.
#[test]
fn a_signed_years_answers_never_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), common::today()).unwrap();
    let signed = store.assessments().unwrap()[0].id;
    assert_ne!(signed, store.current_assessment_id().unwrap(), "last year, signed");
    let before = store.prompt_answers(signed).unwrap();
    let asset = store.assets(signed).unwrap()[0].id;
    let answer = hipaa_ra::domain::PromptRecord {
        prompt: InventoryPrompt::RemoteStaff,
        answer: PromptAnswer::AlreadyRecorded,
        note: String::new(),
        asset_id: Some(asset),
    };
    let error = store.answer_prompt(signed, &answer).unwrap_err().to_string();
    assert!(error.contains("final and signed"), "{error}");
    assert_eq!(store.prompt_answers(signed).unwrap(), before);
}
