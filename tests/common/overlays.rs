//! Every window the TUI opens, each reached by its keys on the demo: the list the
//! overlay snapshots and the whole-words walk share. Each entry names the window and,
//! when it shows paths of this machine (the export form), says it has no snapshot.

use hipaa_ra::tui::{Action, App, Screen};
use ratatui::crossterm::event::KeyCode;

use super::{focus_field, key, select_citation, type_text};

pub struct Window {
    pub name: &'static str,
    /// False for windows that show temporary paths: checked by the walk, not snapshotted.
    pub stable: bool,
    pub open: fn(&mut App),
}

const fn window(name: &'static str, open: fn(&mut App)) -> Window {
    Window {
        name,
        stable: true,
        open,
    }
}

fn on(app: &mut App, screen: Screen, actions: &[Action]) {
    app.update(Action::GoTo(screen));
    for action in actions {
        app.update(*action);
    }
}

pub const WINDOWS: &[Window] = &[
    window("help_dashboard", |app| {
        on(app, Screen::Dashboard, &[Action::ToggleHelp])
    }),
    window("help_practice", |app| on(app, Screen::Practice, &[Action::ToggleHelp])),
    window("help_people", |app| on(app, Screen::People, &[Action::ToggleHelp])),
    window("help_safeguards", |app| {
        on(app, Screen::Safeguards, &[Action::ToggleHelp])
    }),
    window("help_risks", |app| on(app, Screen::Risks, &[Action::ToggleHelp])),
    window("help_remediation", |app| {
        on(app, Screen::Remediation, &[Action::ToggleHelp])
    }),
    window("help_evidence", |app| on(app, Screen::Evidence, &[Action::ToggleHelp])),
    window("help_report", |app| on(app, Screen::Report, &[Action::ToggleHelp])),
    window("practice_form", |app| on(app, Screen::Practice, &[Action::Edit])),
    window("start_next_question", |app| {
        on(app, Screen::Practice, &[Action::StartNext])
    }),
    window("person_form", |app| on(app, Screen::People, &[Action::Edit])),
    window("person_reassign_question", |app| {
        on(app, Screen::People, &[Action::Down, Action::Delete])
    }),
    // The asset form is drawn in tui_snapshots (asset_form_80x24): a field added to assets
    // changes that snapshot, not this catalog's. The discard question over a changed form:
    window("discard_question", |app| {
        on(app, Screen::People, &[Action::Add]);
        type_text(app, "Fax");
        app.handle_key(key(KeyCode::Esc));
    }),
    window("asset_delete_question", |app| {
        on(app, Screen::Inventory, &[Action::Delete])
    }),
    window("coverage_form", |app| {
        on(app, Screen::Inventory, &[Action::CoverageNote])
    }),
    window("import_form", |app| on(app, Screen::Inventory, &[Action::Import])),
    window("inventory_filter", |app| {
        on(app, Screen::Inventory, &[Action::Filter]);
        type_text(app, "lap");
    }),
    window("checklist", |app| on(app, Screen::Inventory, &[Action::Prompts])),
    window("checklist_recorded_picker", |app| {
        on(app, Screen::Inventory, &[Action::Prompts]);
        app.handle_key(key(KeyCode::Char('r')));
    }),
    window("safeguards_find", |app| {
        on(app, Screen::Safeguards, &[Action::Filter]);
        type_text(app, "164.310");
    }),
    window("review_form", |app| {
        select_citation(app, "164.308(a)(1)(ii)(C)");
        app.handle_key(key(KeyCode::Enter));
    }),
    // The guidance in full (issue 26): from the Safeguards screen's `i`, and over the
    // review form with Ctrl-G.
    window("safeguard_guidance", |app| {
        select_citation(app, "164.308(a)(1)(ii)(A)");
        app.update(Action::Guidance);
    }),
    window("review_form_guidance", |app| {
        select_citation(app, "164.312(b)");
        app.handle_key(key(KeyCode::Enter));
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('g'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        ));
    }),
    // F2's lists: the scenarios a coverage note names, a scenario's citations.
    window("coverage_scenario_picker", |app| {
        on(app, Screen::Inventory, &[Action::CoverageNote]);
        app.handle_key(key(KeyCode::F(2)));
    }),
    window("citations_picker", |app| {
        on(app, Screen::Risks, &[Action::Edit]);
        focus_field(app, "citations");
        app.handle_key(key(KeyCode::F(2)));
    }),
    window("report_contents", |app| on(app, Screen::Report, &[Action::Contents])),
    window("quick_add_asset_picker", |app| {
        on(app, Screen::Risks, &[Action::QuickAdd])
    }),
    window("quick_add_threat_picker", |app| {
        on(app, Screen::Risks, &[Action::QuickAdd]);
        app.handle_key(key(KeyCode::Enter)); // the whole practice
    }),
    window("suggestions_picker", |app| on(app, Screen::Risks, &[Action::Suggest])),
    window("scenario_form", |app| on(app, Screen::Risks, &[Action::Add])),
    window("score_form", |app| on(app, Screen::Risks, &[Action::Score])),
    // The treat window: the decision list, then the form of what the decision needs.
    window("treatment_form", |app| on(app, Screen::Risks, &[Action::Treat])),
    window("treatment_accept_form", |app| {
        on(app, Screen::Risks, &[Action::Treat]);
        type_text(app, "Accept");
        app.handle_key(key(KeyCode::Enter));
    }),
    window("treatment_transfer_form", |app| {
        on(app, Screen::Risks, &[Action::Treat]);
        type_text(app, "Transfer");
        app.handle_key(key(KeyCode::Enter));
    }),
    window("score_rationale_question", |app| {
        // The top scenario is scored: its likelihood's rationale cleared, then saved.
        on(app, Screen::Risks, &[Action::Score]);
        focus_field(app, "likelihood_rationale");
        for _ in 0..300 {
            app.handle_key(key(KeyCode::Backspace));
        }
        app.handle_key(key(KeyCode::Enter));
    }),
    window("plan_form", |app| on(app, Screen::Risks, &[Action::Plan])),
    // Not a window: the Risks screen's mode of choosing a cell, kept with the windows
    // for its snapshots and the whole-words walk.
    window("heat_map", |app| on(app, Screen::Risks, &[Action::HeatMap])),
    window("risk_filter_form", |app| on(app, Screen::Risks, &[Action::Filter])),
    window("action_risk_picker", |app| on(app, Screen::Remediation, &[Action::Add])),
    window("action_form", |app| on(app, Screen::Remediation, &[Action::Edit])),
    window("evidence_form", |app| on(app, Screen::Evidence, &[Action::Edit])),
    window("evidence_link_picker", |app| on(app, Screen::Evidence, &[Action::Link])),
    window("acknowledge_form", |app| {
        on(app, Screen::Dashboard, &[Action::Down]);
        app.update(Action::Acknowledge);
    }),
    Window {
        name: "export_form",
        stable: false,
        open: |app| on(app, Screen::Report, &[Action::Export]),
    },
    Window {
        name: "key_maker",
        stable: false,
        open: |app| {
            on(app, Screen::Report, &[Action::Export]);
            focus_field(app, "sign");
            app.handle_key(key(KeyCode::Right));
            focus_field(app, "key");
            for _ in 0..300 {
                app.handle_key(key(KeyCode::Backspace));
            }
            type_text(app, "/nonexistent-hipaa-ra-test/keys/hipaa-ra.key");
            app.handle_key(key(KeyCode::Enter));
        },
    },
];
