//! A signed year is read-only in the TUI, as it is in the store: a one-line banner under
//! each screen's header says so, and every key that would change a record (add, edit,
//! delete, link, score, treat, confirm, import, retire, acknowledge, a coverage note...)
//! answers in the status line instead of opening a form whose save the store would
//! refuse. Decided here, in one place, from the key table's actions, before a screen
//! sees the key (`App::handle_key`, `App::update`). What only reads stays: moving,
//! filtering, sorting, the heat map, saving a stored file out, the report's export, and
//! on the Practice screen switching year and starting the next one.
//!
//! The whole workspace is held the same way while its data check runs (`DataState`, see
//! `Store::open_deferred`), and for good when the check fails: then undo, the report's
//! export, switching year and starting the next one are refused too, since each writes
//! (or, for the export, vouches for the data), and the banner gives the check's reason.
use chrono::NaiveDate;

use super::keys::{Action, Scope, keys_for};
use super::screen::Screen;
use super::widgets::{clip, wrap};
use crate::domain::Workspace;
use crate::store::CheckFailure;

/// Where the workspace's deferred data check stands, as the screens see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DataState {
    /// Passed, or never deferred: nothing is held.
    #[default]
    Checked,
    /// Still running: the status bar shows a mark, and writes are held.
    Checking,
    /// Failed: read-only for good, with a banner giving the reason.
    Failed(CheckFailure),
}

/// The most lines the banner of a failed check takes under a screen's header.
const FAILED_BANNER_LINES: usize = 2;

/// The open assessment's name in messages and the day it was signed, when it is signed.
pub fn signed(workspace: &Workspace) -> Option<(String, NaiveDate)> {
    let signature = workspace
        .signatures
        .iter()
        .find(|signature| signature.assessment_id == workspace.assessment_id)?;
    let year = workspace
        .assessment()
        .map_or_else(|| "This assessment".to_string(), |assessment| assessment.year_label());
    Some((year, signature.signed_on))
}

/// The banner under each screen's header in `width` columns: a failed data check's
/// reason (wrapped onto up to two lines), or a signed year's.
pub fn banner(workspace: &Workspace, data: &DataState, width: usize) -> Option<Vec<String>> {
    if let DataState::Failed(failure) = data {
        let mut lines = wrap(&failed_text(failure), width);
        if lines.len() > FAILED_BANNER_LINES {
            lines.truncate(FAILED_BANNER_LINES);
            if let Some(last) = lines.last_mut() {
                *last = clip(&format!("{last}…"), width);
            }
        }
        return Some(lines);
    }
    signed_banner(workspace, width).map(|line| vec![line])
}

/// A failed check in words, for the banner and the refusals.
fn failed_text(failure: &CheckFailure) -> String {
    format!("Read-only: {}", failure.problem())
}

/// The banner of a signed year in `width` columns: what it is, and the ways on (the
/// second left out where it does not fit, as at 80 columns).
fn signed_banner(workspace: &Workspace, width: usize) -> Option<String> {
    let (year, signed_on) = signed(workspace)?;
    let short = format!(
        "{year} is final and signed on {signed_on}: read-only. {} switches year",
        practice_key(Action::SwitchAssessment)
    );
    let long = format!("{short}; {} starts the next one", practice_key(Action::StartNext));
    Some(if long.chars().count() <= width {
        long
    } else {
        clip(&short, width)
    })
}

/// Why `action` on `screen` does nothing while the data check holds the workspace or in
/// a signed year; None when it only reads (or nothing holds it).
pub fn refusal(workspace: &Workspace, data: &DataState, screen: Screen, action: Action) -> Option<String> {
    if changes_records(screen, action) || writes_beside_records(action) {
        match data {
            DataState::Checked => {}
            DataState::Checking => {
                return Some("The workspace is still being checked; try again in a moment".to_string());
            }
            DataState::Failed(failure) => return Some(failed_text(failure)),
        }
    }
    if !changes_records(screen, action) {
        return None;
    }
    let (year, _) = signed(workspace)?;
    Some(format!(
        "{year} is signed: read-only; switch with {} on {}",
        practice_key(Action::SwitchAssessment),
        Screen::Practice.name()
    ))
}

/// Whether an action of a screen's key table changes a record (or opens what does).
fn changes_records(screen: Screen, action: Action) -> bool {
    match action {
        // The dashboard's and the Program screen's Enter go to the record of the line, the Access screen's shows a
        // review's accounts; they change nothing.
        Action::Edit => !matches!(screen, Screen::Dashboard | Screen::Access | Screen::Program),
        // An access review's decision on an account.
        Action::Decide(_) => true,
        Action::Add
        | Action::Delete
        | Action::Import
        | Action::Link
        | Action::Prompts
        | Action::QuickAdd
        | Action::Suggest
        | Action::Score
        | Action::Treat
        | Action::Plan
        | Action::Acknowledge
        | Action::CoverageNote
        | Action::ConfirmCarried
        | Action::RetireAsset
        | Action::CompleteReview
        | Action::AttachFile
        | Action::Timeline
        | Action::BreachAssessment
        | Action::CloseRecord
        // An access review's reviewer and cycle, the revoke limit.
        | Action::Settings
        // A roster's attestation date.
        | Action::Attest => true,
        // A session's roster: ticking and saving its attendance.
        Action::Toggle | Action::Save => screen == Screen::Training,
        _ => false,
    }
}

/// The actions a signed year leaves open that still write (undo, a year switched or
/// started) or vouch for the data (the report's export, which a command refuses on a
/// failed check): held with the rest while the data check runs or after it failed.
fn writes_beside_records(action: Action) -> bool {
    matches!(
        action,
        Action::Undo | Action::StartNext | Action::SwitchAssessment | Action::Export | Action::Binder
    )
}

fn practice_key(action: Action) -> &'static str {
    keys_for(Scope::Screen(Screen::Practice), action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys::BINDINGS;

    #[test]
    fn the_ways_on_and_the_views_stay_open() {
        for (screen, action) in [
            (Screen::Practice, Action::SwitchAssessment),
            (Screen::Practice, Action::StartNext),
            (Screen::Report, Action::Export),
            (Screen::Report, Action::Binder),
            (Screen::Evidence, Action::SaveOut),
            (Screen::Dashboard, Action::Edit),
            (Screen::Inventory, Action::Filter),
            (Screen::Risks, Action::HeatMap),
        ] {
            assert!(!changes_records(screen, action), "{screen:?} {action:?}");
        }
    }

    #[test]
    fn every_screen_key_that_opens_a_form_is_refused() {
        for binding in BINDINGS {
            let Scope::Screen(screen) = binding.scope else { continue };
            let reads = matches!(
                binding.action,
                Action::Filter
                    | Action::Sort
                    | Action::ShowOnly
                    | Action::ClearFilter
                    | Action::Fold
                    | Action::NextOpen
                    | Action::HeatMap
                    | Action::SaveOut
                    | Action::Export
                    | Action::Binder
                    | Action::StartNext
                    | Action::SwitchAssessment
                    // Reading: the guidance in full, the report's sections.
                    | Action::Guidance
                    | Action::Contents
                    | Action::NextSection
                    | Action::PreviousSection
                    // Undo takes back this session's own writes, never the signed year's
                    // (the store refuses that); it stays open.
                    | Action::Undo
                    // From a review's accounts back to the systems.
                    | Action::Back
            ) || (screen, binding.action) == (Screen::Dashboard, Action::Edit)
                || (screen, binding.action) == (Screen::Access, Action::Edit)
                || (screen, binding.action) == (Screen::Program, Action::Edit);
            assert_eq!(
                changes_records(screen, binding.action),
                !reads,
                "{screen:?} {:?} ({})",
                binding.action,
                binding.keys
            );
        }
    }
}
