//! Standalone actions: program work with no risk needs an owner and a due date while it
//! is open; it is never taken for an action that lost its scenario.

use super::*;

/// The clean workspace with one open standalone action, owned and dated.
fn with_access_review() -> Workspace {
    let mut workspace = clean();
    workspace.actions.push(Action {
        id: 7,
        risk_id: None,
        assessment_id: 1,
        title: "Run the Q1 access review".into(),
        owner_id: Some(1),
        due_on: Some(on(2026, 12, 31)),
        status: ActionStatus::Planned,
        ..Action::default()
    });
    workspace
}

#[test]
fn an_owned_and_dated_standalone_action_raises_nothing() {
    let workspace = with_access_review();
    assert!(all(&workspace).is_empty(), "{:#?}", all(&workspace));
}

#[test]
fn a_standalone_action_without_owner_or_due_date_is_named() {
    let mut workspace = with_access_review();
    workspace.actions[0].owner_id = None;
    workspace.actions[0].due_on = None;
    let found = of(&workspace, Rule::StandaloneActionIncomplete);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].key, "advisory.standalone_action_incomplete:action:7");
    assert_eq!(
        found[0].message,
        "Standalone action \"Run the Q1 access review\" has no owner and no due date: program work in \
         the plan needs someone to carry it out and a date to finish by (§164.308(a)(1)(ii)(B))"
    );
    assert!(!found[0].blocks(), "advisory: the analysis can still be finalized");

    workspace.actions[0].owner_id = Some(1);
    let found = of(&workspace, Rule::StandaloneActionIncomplete);
    assert!(found[0].message.contains("has no due date:"), "{}", found[0].message);
}

#[test]
fn a_done_standalone_action_or_a_risk_action_is_not_asked_for_them() {
    let mut done = with_access_review();
    done.actions[0].owner_id = None;
    done.actions[0].status = ActionStatus::Done;
    assert!(of(&done, Rule::StandaloneActionIncomplete).is_empty());

    // A risk action without an owner is its scenario's business, not this rule's.
    let mut risk_action = with_access_review();
    risk_action.actions[0].risk_id = Some(1);
    risk_action.actions[0].owner_id = None;
    assert!(of(&risk_action, Rule::StandaloneActionIncomplete).is_empty());
}

#[test]
fn an_overdue_standalone_action_names_no_scenario() {
    let mut workspace = with_access_review();
    workspace.actions[0].due_on = Some(on(2026, 1, 2));
    let found = of(&workspace, Rule::ActionOverdue);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].records.len(), 1, "the action alone: {found:#?}");
    assert!(
        found[0]
            .message
            .starts_with("Action \"Run the Q1 access review\" is overdue"),
        "{}",
        found[0].message
    );
}
