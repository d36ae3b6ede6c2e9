//! The Tests screen's writes and its picker of the action a test's follow-up links to:
//! this year's actions of the plan, and a first row for "no action" (unlinks it). The
//! choice goes through `Store::link_test_action`, the delete through
//! `Store::delete_contingency_test`: both in the change log, so `u` undoes them.

use chrono::NaiveDate;

use crate::domain::contingency::ContingencyTest;
use crate::domain::{Id, Labeled, Workspace};
use crate::store::Store;
use crate::tui::picker::{PickRow, Picker};
use crate::tui::protocol::{StoreWrite, Written};

/// The key of the picker's row that unlinks the action.
const NO_ACTION: &str = "none";

/// A write of the Tests screen besides the form's save.
pub enum TestWrite {
    Delete(Id),
    LinkAction { test_id: Id, action_id: Option<Id> },
}

impl StoreWrite for TestWrite {
    fn apply(self: Box<Self>, store: &mut Store, _today: NaiveDate) -> crate::store::Result<Written> {
        match *self {
            TestWrite::Delete(test_id) => {
                store.delete_contingency_test(test_id)?;
                Ok(Written::message("Deleted the test (u undoes it)"))
            }
            TestWrite::LinkAction { test_id, action_id } => {
                store.link_test_action(test_id, action_id)?;
                let message = if action_id.is_some() {
                    "Linked the follow-up to the action"
                } else {
                    "The follow-up links to no action"
                };
                Ok(Written::saved(test_id, message))
            }
        }
    }
}

/// One row per action of this year's plan, after a row for no action; the one linked
/// now says so (not ticked: Enter picks the row under the cursor).
pub fn action_picker(test: &ContingencyTest, workspace: &Workspace) -> Picker {
    let linked = |id: Option<Id>| if test.action_id == id { "linked" } else { "" };
    let mut rows = vec![PickRow::new(NO_ACTION, "No action", linked(None))];
    rows.extend(workspace.actions.iter().map(|action| {
        let status = action.status.label();
        let detail = match linked(Some(action.id)) {
            "" => status.to_string(),
            now => format!("{status}, {now}"),
        };
        PickRow::new(action.id.to_string(), &action.title, detail)
    }));
    Picker::new(
        "Follow-up action",
        format!("{}: Enter links the one under the cursor; Esc leaves it.", test.title()),
        rows,
        false,
    )
}

/// The action chosen in the picker (None for "No action"), or why it cannot be linked.
pub fn chosen_action(keys: &[String], workspace: &Workspace) -> Result<Option<Id>, String> {
    let Some(key) = keys.first() else {
        return Err("No action chosen".to_string());
    };
    if key == NO_ACTION {
        return Ok(None);
    }
    key.parse::<Id>()
        .ok()
        .filter(|id| workspace.actions.iter().any(|action| action.id == *id))
        .map(Some)
        .ok_or_else(|| "That action is no longer in this year's plan".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Action;

    #[test]
    fn the_first_row_unlinks_and_an_unknown_key_is_refused() {
        let workspace = Workspace {
            actions: vec![Action {
                id: 7,
                title: "Faster backup drive".into(),
                ..Action::default()
            }],
            ..Workspace::default()
        };
        let test = ContingencyTest {
            action_id: Some(7),
            ..ContingencyTest::default()
        };
        let picker = action_picker(&test, &workspace);
        assert_eq!(picker.rows[0].key, NO_ACTION);
        assert!(picker.rows[1].detail.ends_with("linked"), "{}", picker.rows[1].detail);
        assert_eq!(chosen_action(&[NO_ACTION.to_string()], &workspace), Ok(None));
        assert_eq!(chosen_action(&["7".to_string()], &workspace), Ok(Some(7)));
        assert!(chosen_action(&["8".to_string()], &workspace).is_err());
        assert!(chosen_action(&[], &workspace).is_err());
    }
}
