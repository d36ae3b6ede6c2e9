//! The key table: every binding maps a key to a named action within a scope, with the
//! words shown in the help overlay and the status bar. The same table drives the
//! bindings, the help and the hints, so they cannot drift apart. Logic elsewhere matches
//! actions, never keys (text typed into a field is the one exception: it is text).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::screen::Screen;
use crate::domain::access::Decision;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    ToggleHelp,
    CloseOverlay,
    GoTo(Screen),
    NextScreen,
    PreviousScreen,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    // On a screen
    Add,
    Edit,
    Delete,
    Filter,
    Sort,
    Prompts,
    Import,
    Export,
    /// Writes the audit binder (the Report screen).
    Binder,
    /// Links a record to others (evidence to safeguards, risks and actions).
    Link,
    /// Saves a stored file back out.
    SaveOut,
    /// Folds or unfolds a section of the safeguard tree.
    Fold,
    /// Jumps to the next item that still needs a review.
    NextOpen,
    /// Adds several scenarios for one asset at once.
    QuickAdd,
    /// Offers the scenarios suggested by the safeguard review.
    Suggest,
    Score,
    Treat,
    /// Plans a remediation action for the selected risk.
    Plan,
    /// Moves into the heat map to choose a cell.
    HeatMap,
    /// Acknowledges the selected finding with a written reason (or, for an asset no
    /// scenario covers, writes its coverage note).
    Acknowledge,
    /// Writes which scenarios cover an asset, and why.
    CoverageNote,
    ClearFilter,
    /// Shows only the assets of the next quick filter (not reviewed, no owner, no BAA,
    /// retired).
    ShowOnly,
    /// In a form, chooses the focused field's value from a list (a scenario's assets).
    PickFromList,
    /// Starts the next assessment from the open one (next year).
    StartNext,
    /// Opens another assessment of the workspace.
    SwitchAssessment,
    /// Confirms a carried-forward record unchanged.
    ConfirmCarried,
    /// Retires a carried-forward asset the updated inventory no longer lists.
    RetireAsset,
    /// Takes back the last change made since the workspace was opened.
    Undo,
    /// Completes the selected policy's next review (Policies).
    CompleteReview,
    /// Stores a file for a record that has none yet (a policy's version).
    AttachFile,
    /// Opens the selected safeguard's guidance in full, in a window.
    Guidance,
    /// The report preview's contents: a list of its sections to jump to.
    Contents,
    /// The report preview's next section.
    NextSection,
    /// The report preview's previous section.
    PreviousSection,
    /// In a date field, today's date.
    Today,
    /// Empties the text field.
    ClearField,
    /// An incident: a dated timeline entry, its breach assessment, closing it.
    Timeline,
    BreachAssessment,
    CloseRecord,
    // In dialogs and forms
    Confirm,
    Save,
    NextField,
    PreviousField,
    ChoiceNext,
    ChoicePrevious,
    Toggle,
    AnswerNone,
    /// The checklist's "already recorded": pick the inventory asset that answers it.
    AnswerRecorded,
    /// An access review's decision on the selected account.
    Decide(crate::domain::access::Decision),
    /// Back from a review's accounts to the list of systems.
    Back,
    /// The selected item's settings (an access review's reviewer and cycle, the revoke
    /// limit).
    Settings,
    /// On a session's roster: the selected person's attestation date.
    Attest,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// On every screen.
    Global,
    /// In lists and tables.
    Lists,
    /// On one screen.
    Screen(Screen),
    /// In the help window.
    Help,
    /// In a yes/no question.
    Confirm,
    /// In a form.
    Form,
    /// While typing a filter.
    Filter,
    /// On every screen of records of one kind (`record_screen`).
    Records,
    /// In the checklist of commonly forgotten items.
    Prompts,
    /// In a list to choose from.
    Picker,
    /// Choosing a heat-map cell.
    HeatMap,
    /// Reading a long text in a window (the safeguard guidance).
    Reading,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub codes: &'static [KeyCode],
    /// The keys as the help shows them.
    pub keys: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub scope: Scope,
    /// A word or two for the status bar; empty when the binding is only in the help.
    pub hint: &'static str,
}

const fn bind(
    codes: &'static [KeyCode],
    keys: &'static str,
    action: Action,
    help: &'static str,
    scope: Scope,
    hint: &'static str,
) -> Binding {
    Binding {
        codes,
        keys,
        action,
        help,
        scope,
        hint,
    }
}

use KeyCode::{BackTab, Char, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up};
use Scope::{Confirm, Filter, Form, Global, Help, Lists, Prompts};
use Screen::{
    Evidence, Incidents, Inventory, People, Policies, Practice, Remediation, Report, Risks, Safeguards, Training,
};

/// The help of `u` on the screens where it undoes.
const UNDO_HELP: &str = "Undo the last change (as Ctrl-Z)";

pub const BINDINGS: &[Binding] = &[
    bind(
        &[Char('?')],
        "?",
        Action::ToggleHelp,
        "Show or hide this help",
        Global,
        "help",
    ),
    bind(&[Char('q')], "q", Action::Quit, "Quit (all is saved)", Global, "quit"),
    // Control-Z has no key code of its own: `action_in` maps it. `u` does the same on every
    // screen but Risks, where it suggests scenarios.
    bind(
        &[],
        "Ctrl-Z",
        Action::Undo,
        "Undo the last change made since opening",
        Global,
        "",
    ),
    bind(&[Tab], "Tab", Action::NextScreen, "Next screen", Global, ""),
    bind(
        &[BackTab],
        "Shift-Tab",
        Action::PreviousScreen,
        "Previous screen",
        Global,
        "",
    ),
    bind(
        &[Char('0')],
        "0",
        Action::GoTo(Screen::Dashboard),
        "Dashboard",
        Global,
        "",
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Edit,
        "Go to the record of the selected line",
        Scope::Screen(Screen::Dashboard),
        "go to",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Acknowledge,
        "Acknowledge the finding",
        Scope::Screen(Screen::Dashboard),
        "acknowledge",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::ConfirmCarried,
        "Confirm last year's acknowledgment or coverage note",
        Scope::Screen(Screen::Dashboard),
        "",
    ),
    bind(
        &[Char('u')],
        "u",
        Action::Undo,
        UNDO_HELP,
        Scope::Screen(Screen::Dashboard),
        "",
    ),
    bind(
        &[Char('1')],
        "1",
        Action::GoTo(Screen::Practice),
        "Practice profile",
        Global,
        "",
    ),
    bind(
        &[Char('2')],
        "2",
        Action::GoTo(Screen::People),
        "People and roles",
        Global,
        "",
    ),
    bind(
        &[Char('3')],
        "3",
        Action::GoTo(Screen::Inventory),
        "ePHI inventory",
        Global,
        "",
    ),
    bind(
        &[Char('4')],
        "4",
        Action::GoTo(Screen::Safeguards),
        "Safeguard review",
        Global,
        "",
    ),
    bind(
        &[Char('5')],
        "5",
        Action::GoTo(Screen::Risks),
        "Risk register",
        Global,
        "",
    ),
    bind(
        &[Char('6')],
        "6",
        Action::GoTo(Screen::Remediation),
        "Remediation plan",
        Global,
        "",
    ),
    bind(
        &[Char('7')],
        "7",
        Action::GoTo(Screen::Evidence),
        "Evidence records",
        Global,
        "",
    ),
    bind(&[Char('8')], "8", Action::GoTo(Screen::Report), "Report", Global, ""),
    bind(
        &[Char('9')],
        "9",
        Action::GoTo(Screen::FIRST_PROGRAM),
        "The program between analyses (again: its next screen)",
        Global,
        "",
    ),
    bind(&[Up, Char('k')], "Up/k", Action::Up, "Move up", Lists, ""),
    bind(&[Down, Char('j')], "Down/j", Action::Down, "Move down", Lists, ""),
    bind(&[PageUp], "PgUp", Action::PageUp, "Page up", Lists, ""),
    bind(&[PageDown], "PgDn", Action::PageDown, "Page down", Lists, ""),
    bind(&[Home, Char('g')], "Home/g", Action::Top, "First row", Lists, ""),
    bind(&[End, Char('G')], "End/G", Action::Bottom, "Last row", Lists, ""),
    // Practice
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the practice profile",
        Scope::Screen(Practice),
        "edit",
    ),
    bind(
        &[Char('n')],
        "n",
        Action::StartNext,
        "Start the next assessment from this one (asks first)",
        Scope::Screen(Practice),
        // The screen lists it; the status bar has no room left at 80 columns.
        "",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::SwitchAssessment,
        "Open the next assessment in the list",
        Scope::Screen(Practice),
        // The screen lists it; the status bar has no room left at 80 columns.
        "",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Practice), ""),
    // People
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Add a person",
        Scope::Screen(People),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the person and roles",
        Scope::Screen(People),
        "edit",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the person",
        Scope::Screen(People),
        "delete",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(People), ""),
    // Training
    bind(
        &[Char('v')],
        "v",
        Action::ShowOnly,
        "Show the next list: people's training, courses, sessions",
        Scope::Screen(Training),
        "view",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Add a course (on the courses) or record a session",
        Scope::Screen(Training),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the course or session (on people: record a session)",
        Scope::Screen(Training),
        "edit",
    ),
    bind(
        &[Char(' ')],
        "Space",
        Action::Toggle,
        "On a session's roster: tick the person (completed, attended only, not there)",
        Scope::Screen(Training),
        "",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Save,
        "On a session's roster: save the session with its attendance",
        Scope::Screen(Training),
        "",
    ),
    bind(
        &[Char('t')],
        "t",
        Action::Attest,
        "On a session's roster: set the person's attestation date",
        Scope::Screen(Training),
        "",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Training), ""),
    // Inventory
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Add an asset",
        Scope::Screen(Inventory),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the asset",
        Scope::Screen(Inventory),
        "edit",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the asset",
        Scope::Screen(Inventory),
        "delete",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "Filter as you type",
        Scope::Screen(Inventory),
        "filter",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Sort,
        "Sort by the next column",
        Scope::Screen(Inventory),
        "sort",
    ),
    bind(
        &[Char('f')],
        "f",
        Action::ShowOnly,
        "Show only: not reviewed, no owner, no BAA, then all",
        Scope::Screen(Inventory),
        // The screen's chip line shows the key; the status bar has no room at 80 columns.
        "",
    ),
    bind(
        &[Char('p')],
        "p",
        Action::Prompts,
        "Forgotten-items checklist",
        Scope::Screen(Inventory),
        "checklist",
    ),
    bind(
        &[Char('i')],
        "i",
        Action::Import,
        "Import a CSV file",
        Scope::Screen(Inventory),
        "",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::CoverageNote,
        "Write a coverage note",
        Scope::Screen(Inventory),
        "coverage",
    ),
    bind(
        &[Char('R')],
        "R",
        Action::RetireAsset,
        "Retire an unused asset",
        Scope::Screen(Inventory),
        // Help only: the status bar has no room left at 80 columns.
        "",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Inventory), ""),
    // Every screen of records of one kind (`record_screen::RecordScreen`)
    bind(&[Char('a')], "a", Action::Add, "Add a record", Scope::Records, "add"),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the record",
        Scope::Records,
        "edit",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "Filter as you type",
        Scope::Records,
        "filter",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Sort,
        "Sort by the next column",
        Scope::Records,
        "sort",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Records, ""),
    // The Program screen: what is due
    bind(
        &[Enter],
        "Enter",
        Action::Edit,
        "Show the screen of the line's record",
        Scope::Screen(Screen::Program),
        "open",
    ),
    // Access reviews
    bind(
        &[Enter],
        "Enter",
        Action::Edit,
        "Show the system's last review and its accounts",
        Scope::Screen(Screen::Access),
        "open",
    ),
    bind(
        &[Esc, Left, KeyCode::Backspace],
        "Esc/Left",
        Action::Back,
        "Back from a review to the systems",
        Scope::Screen(Screen::Access),
        "back",
    ),
    bind(
        &[Char('y')],
        "y",
        Action::Decide(Decision::Keep),
        "Keep the account (decided by you, today)",
        Scope::Screen(Screen::Access),
        "keep",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::Decide(Decision::Change),
        "Change the account's access",
        Scope::Screen(Screen::Access),
        "change",
    ),
    bind(
        &[Char('r')],
        "r",
        Action::Decide(Decision::Revoke),
        "Revoke the account",
        Scope::Screen(Screen::Access),
        "revoke",
    ),
    bind(
        &[Char('v')],
        "v",
        Action::Decide(Decision::Investigate),
        "Investigate the account",
        Scope::Screen(Screen::Access),
        "investigate",
    ),
    bind(
        &[Char('i')],
        "i",
        Action::Import,
        "Import the system's user list (CSV)",
        Scope::Screen(Screen::Access),
        "import",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Record access granted, changed or revoked outside a review",
        Scope::Screen(Screen::Access),
        "record",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Settings,
        "Set the review's reviewer and cycle, and the revoke limit",
        Scope::Screen(Screen::Access),
        "",
    ),
    bind(
        &[Char('u')],
        "u",
        Action::Undo,
        UNDO_HELP,
        Scope::Screen(Screen::Access),
        "",
    ),
    // Tests, besides the record keys above
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the test (asks first; u undoes)",
        Scope::Screen(Screen::Tests),
        "delete",
    ),
    bind(
        &[Char('l')],
        "l",
        Action::Link,
        "Link the follow-up to an action of the plan",
        Scope::Screen(Screen::Tests),
        "link",
    ),
    // Policies, besides the record keys above
    bind(
        &[Char('r')],
        "r",
        Action::CompleteReview,
        "Complete the policy's review (a new version only this way)",
        Scope::Screen(Policies),
        "review",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the oldest version (only after its six years)",
        Scope::Screen(Policies),
        "",
    ),
    bind(
        &[Char('f')],
        "f",
        Action::AttachFile,
        "Attach a file to a version that has none",
        Scope::Screen(Policies),
        "file",
    ),
    bind(
        &[Char('o')],
        "o",
        Action::SaveOut,
        "Save a version's stored file back out",
        Scope::Screen(Policies),
        "",
    ),
    // Incidents
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Add an incident",
        Scope::Screen(Incidents),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the incident",
        Scope::Screen(Incidents),
        "edit",
    ),
    bind(
        &[Char('t')],
        "t",
        Action::Timeline,
        "Add a dated entry to its timeline",
        Scope::Screen(Incidents),
        "timeline",
    ),
    bind(
        &[Char('b')],
        "b",
        Action::BreachAssessment,
        "Assess whether it is a breach (the four factors)",
        Scope::Screen(Incidents),
        "breach",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::CloseRecord,
        "Close it with its outcome",
        Scope::Screen(Incidents),
        "close",
    ),
    bind(
        &[Char('l')],
        "l",
        Action::Link,
        "Link the assets and scenarios it concerns",
        Scope::Screen(Incidents),
        "link",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "Filter as you type",
        Scope::Screen(Incidents),
        "",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Sort,
        "Sort by the next column",
        Scope::Screen(Incidents),
        "",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Incidents), ""),
    // Safeguards
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Review the item (on a section: fold or unfold it)",
        Scope::Screen(Safeguards),
        "review",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "Find an item by citation or name",
        Scope::Screen(Safeguards),
        "find",
    ),
    bind(
        &[Char('n')],
        "n",
        Action::NextOpen,
        "Next item not yet reviewed",
        Scope::Screen(Safeguards),
        "next open",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::ConfirmCarried,
        "Confirm a carried-forward review unchanged",
        Scope::Screen(Safeguards),
        // Help only: the status bar has no room left at 80 columns.
        "",
    ),
    bind(
        &[Char('i')],
        "i",
        Action::Guidance,
        "The guidance in full: what it means for a small office",
        Scope::Screen(Safeguards),
        "guidance",
    ),
    bind(
        &[Char('z'), Left, Right],
        "z/←/→",
        Action::Fold,
        "Fold or unfold the section",
        Scope::Screen(Safeguards),
        "",
    ),
    bind(
        &[Char('u')],
        "u",
        Action::Undo,
        UNDO_HELP,
        Scope::Screen(Safeguards),
        "",
    ),
    // Risks
    bind(
        &[Char('a')],
        "a",
        Action::QuickAdd,
        "Add scenarios: pick an asset, tick its threats",
        Scope::Screen(Risks),
        "add",
    ),
    bind(
        &[Char('w')],
        "w",
        Action::Add,
        "Write a scenario of your own",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('u')],
        "u",
        Action::Suggest,
        "Scenarios suggested by the safeguard review",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the scenario",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('s')],
        "s",
        Action::Score,
        "Score likelihood and impact",
        Scope::Screen(Risks),
        "score",
    ),
    bind(
        &[Char('t')],
        "t",
        Action::Treat,
        "Decide the treatment (mitigate, accept...)",
        Scope::Screen(Risks),
        "treat",
    ),
    bind(
        &[Char('p')],
        "p",
        Action::Plan,
        "Plan an action for it",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('m')],
        "m",
        Action::HeatMap,
        "Choose a heat-map cell to filter by",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('/')],
        "/",
        Action::Filter,
        "Filter by asset, level, treatment, owner",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::ClearFilter,
        "Clear the filters",
        Scope::Screen(Risks),
        "",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the scenario",
        Scope::Screen(Risks),
        "",
    ),
    // `c` clears the filters here, so the confirm of the other screens is its capital.
    bind(
        &[Char('C')],
        "C",
        Action::ConfirmCarried,
        // One line in the 80-column help, which the Risks keys fill: the detail pane
        // says the rest ("re-score or C to confirm (rationale re-read)").
        "Confirm carried scenario",
        Scope::Screen(Risks),
        // Help only: the status bar has no room left at 80 columns.
        "",
    ),
    // Remediation
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Plan an action (risk or program work)",
        Scope::Screen(Remediation),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the action (status, due date...)",
        Scope::Screen(Remediation),
        "edit",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the action",
        Scope::Screen(Remediation),
        "delete",
    ),
    bind(
        &[Char('u')],
        "u",
        Action::Undo,
        UNDO_HELP,
        Scope::Screen(Remediation),
        "",
    ),
    // Evidence
    bind(
        &[Char('a')],
        "a",
        Action::Add,
        "Add a record (attach a file if you like)",
        Scope::Screen(Evidence),
        "add",
    ),
    bind(
        &[Char('e'), Enter],
        "e/Enter",
        Action::Edit,
        "Edit the record or attach a file",
        Scope::Screen(Evidence),
        "edit/attach",
    ),
    bind(
        &[Char('l')],
        "l",
        Action::Link,
        "Link to safeguards, risks and actions",
        Scope::Screen(Evidence),
        "link",
    ),
    bind(
        &[Char('o')],
        "o",
        Action::SaveOut,
        "Save the stored file back out",
        Scope::Screen(Evidence),
        "",
    ),
    bind(
        &[Char('d'), Delete],
        "d/Del",
        Action::Delete,
        "Delete the record",
        Scope::Screen(Evidence),
        "",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Evidence), ""),
    // Report
    bind(
        &[Char('x')],
        "x",
        Action::Export,
        "Export the report (PDF, JSON, CSV), signed if you like",
        Scope::Screen(Report),
        "export",
    ),
    bind(
        &[Char(']')],
        "]",
        Action::NextSection,
        "Next section of the report",
        Scope::Screen(Report),
        "next section",
    ),
    bind(
        &[Char('[')],
        "[",
        Action::PreviousSection,
        "Previous section",
        Scope::Screen(Report),
        "",
    ),
    bind(
        &[Char('c')],
        "c",
        Action::Contents,
        "Contents: go to a section",
        Scope::Screen(Report),
        "contents",
    ),
    bind(
        &[Char('b')],
        "b",
        Action::Binder,
        "Write the audit binder: a zipped BagIt bag of the report, tables and evidence, indexed by inquiry",
        Scope::Screen(Report),
        "binder",
    ),
    bind(&[Char('u')], "u", Action::Undo, UNDO_HELP, Scope::Screen(Report), ""),
    // Help
    bind(
        &[Esc, Char('?'), Char('q')],
        "Esc/?/q",
        Action::CloseOverlay,
        "Close this window",
        Help,
        "",
    ),
    // Yes/no: only y is yes (never Enter); any other key is no, and is used up.
    bind(
        &[Char('y'), Char('Y')],
        "y",
        Action::Confirm,
        "Yes, go ahead",
        Confirm,
        "yes",
    ),
    bind(
        &[Char('n'), Esc],
        "any other key",
        Action::CloseOverlay,
        "No, leave it",
        Confirm,
        "no",
    ),
    bind(&[Left], "Left", Action::ChoicePrevious, "Previous choice", Confirm, ""),
    bind(&[Right], "Right", Action::ChoiceNext, "Next choice", Confirm, ""),
    // Forms
    bind(&[Enter], "Enter", Action::Save, "Save the form", Form, "save"),
    bind(
        &[Esc],
        "Esc",
        Action::CloseOverlay,
        "Cancel without saving",
        Form,
        "cancel",
    ),
    bind(
        &[Tab, Down],
        "Tab/Down",
        Action::NextField,
        "Next field",
        Form,
        "next field",
    ),
    bind(
        &[BackTab, Up],
        "Shift-Tab/Up",
        Action::PreviousField,
        "Previous field",
        Form,
        "",
    ),
    bind(
        &[Right],
        "Right",
        Action::ChoiceNext,
        "Next choice or box",
        Form,
        "choose",
    ),
    bind(
        &[Left],
        "Left",
        Action::ChoicePrevious,
        "Previous choice or box",
        Form,
        "",
    ),
    bind(
        &[Char(' ')],
        "Space",
        Action::Toggle,
        "Tick or untick a box",
        Form,
        "tick",
    ),
    bind(
        &[F(2)],
        "F2",
        Action::PickFromList,
        "Choose the field's value from a list (assets, citations, scenarios)",
        Form,
        // The field's help names it where it works.
        "",
    ),
    // Control keys have no key code of their own: `Form::handle_key_on` takes them.
    bind(
        &[],
        "Ctrl-T",
        Action::Today,
        "Today's date in a date field (or t in an empty one)",
        Form,
        "today",
    ),
    bind(&[], "Ctrl-U", Action::ClearField, "Clear the text field", Form, ""),
    bind(
        &[],
        "Ctrl-G",
        Action::Guidance,
        "The safeguard's guidance in full (review form)",
        Form,
        "guidance",
    ),
    // Reading a long text
    bind(&[Up, Char('k')], "Up/k", Action::Up, "Scroll up", Scope::Reading, ""),
    bind(
        &[Down, Char('j')],
        "Down/j",
        Action::Down,
        "Scroll down",
        Scope::Reading,
        "scroll",
    ),
    bind(&[PageUp], "PgUp", Action::PageUp, "Page up", Scope::Reading, ""),
    bind(&[PageDown], "PgDn", Action::PageDown, "Page down", Scope::Reading, ""),
    bind(&[Home, Char('g')], "Home/g", Action::Top, "Top", Scope::Reading, ""),
    bind(&[End, Char('G')], "End/G", Action::Bottom, "End", Scope::Reading, ""),
    bind(
        &[Esc, Enter, Char('q')],
        "Esc/Enter",
        Action::CloseOverlay,
        "Close this window",
        Scope::Reading,
        "close",
    ),
    // Filter
    bind(&[Enter], "Enter", Action::Save, "Keep the filter", Filter, "keep"),
    bind(&[Esc], "Esc", Action::CloseOverlay, "Clear the filter", Filter, "clear"),
    // Checklist of forgotten items
    bind(&[Up, Char('k')], "Up/k", Action::Up, "Previous question", Prompts, ""),
    bind(&[Down, Char('j')], "Down/j", Action::Down, "Next question", Prompts, ""),
    bind(&[PageUp], "PgUp", Action::PageUp, "Page up", Prompts, ""),
    bind(&[PageDown], "PgDn", Action::PageDown, "Page down", Prompts, ""),
    bind(&[Home, Char('g')], "Home/g", Action::Top, "First question", Prompts, ""),
    bind(&[End, Char('G')], "End/G", Action::Bottom, "Last question", Prompts, ""),
    bind(
        &[Char('a'), Enter],
        "a/Enter",
        Action::Add,
        "Yes: add an asset for it",
        Prompts,
        "add asset",
    ),
    bind(
        &[Char('n')],
        "n",
        Action::AnswerNone,
        "None here: record that",
        Prompts,
        "none",
    ),
    bind(
        &[Char('r')],
        "r",
        Action::AnswerRecorded,
        "Already recorded: pick the asset that answers it",
        Prompts,
        "recorded",
    ),
    bind(
        &[Esc, Char('q')],
        "Esc/q",
        Action::CloseOverlay,
        "Close the checklist",
        Prompts,
        "close",
    ),
    // Pickers
    bind(&[Enter], "Enter", Action::Save, "Done", Scope::Picker, "done"),
    bind(&[Esc], "Esc", Action::CloseOverlay, "Cancel", Scope::Picker, "cancel"),
    // Only where several rows can be chosen; in a single-choice list Space is a space of
    // the find text.
    bind(
        &[Char(' ')],
        "Space",
        Action::Toggle,
        "Tick or untick (lists where several can be chosen)",
        Scope::Picker,
        "tick",
    ),
    // Where rows are ticked, Space ticks; this switches it to typing a space in the find.
    bind(
        &[Tab],
        "Tab",
        Action::Filter,
        "Space types a space in the find, or ticks again (lists where several can be chosen)",
        Scope::Picker,
        "space in find",
    ),
    bind(&[Up], "Up", Action::Up, "Move up", Scope::Picker, ""),
    bind(&[Down], "Down", Action::Down, "Move down", Scope::Picker, ""),
    bind(&[PageUp], "PgUp", Action::PageUp, "Page up", Scope::Picker, ""),
    bind(&[PageDown], "PgDn", Action::PageDown, "Page down", Scope::Picker, ""),
    bind(&[Home], "Home", Action::Top, "First row", Scope::Picker, ""),
    bind(&[End], "End", Action::Bottom, "Last row", Scope::Picker, ""),
    // Heat map
    bind(
        &[Up, Char('k')],
        "Up/k",
        Action::Up,
        "Higher likelihood",
        Scope::HeatMap,
        "",
    ),
    bind(
        &[Down, Char('j')],
        "Down/j",
        Action::Down,
        "Lower likelihood",
        Scope::HeatMap,
        "",
    ),
    bind(
        &[Right, Char('l')],
        "Right/l",
        Action::ChoiceNext,
        "Higher impact",
        Scope::HeatMap,
        "",
    ),
    bind(
        &[Left, Char('h')],
        "Left/h",
        Action::ChoicePrevious,
        "Lower impact",
        Scope::HeatMap,
        "",
    ),
    bind(
        &[Enter],
        "Enter",
        Action::Save,
        "Show only this cell's scenarios",
        Scope::HeatMap,
        "filter",
    ),
    bind(
        &[Esc, Char('m')],
        "Esc/m",
        Action::CloseOverlay,
        "Leave the heat map",
        Scope::HeatMap,
        "leave",
    ),
];

/// The action bound to a key in one scope. Control-C always quits, as in every
/// terminal program; it is not a printed binding. Control-Z undoes, where the keys every
/// screen shares apply (the table prints it; a key code cannot carry the Control).
pub fn action_in(scope: Scope, key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            Char('c') => Some(Action::Quit),
            Char('z') | Char('Z') if scope == Global => Some(Action::Undo),
            _ => None,
        };
    }
    BINDINGS
        .iter()
        .filter(|binding| binding.scope == scope)
        .find(|binding| binding.codes.contains(&key.code))
        .map(|binding| binding.action)
}

/// The action for a key on a screen with nothing open: the screen's own keys first,
/// then list movement, then the keys that work everywhere.
pub fn action_on_screen(screen: Screen, key: KeyEvent) -> Option<Action> {
    // A record screen's own keys (Policies', Tests') first, so a signed year's read-only
    // mode sees them too (`App::handle_key` asks this before the screen has the key).
    [Scope::Screen(screen), scope_of(screen), Lists, Global]
        .into_iter()
        .find_map(|scope| action_in(scope, key))
}

/// The scope of a screen's own keys: a record screen's are the `Records` scope's, shared
/// by every such screen; another screen's are its own.
pub fn scope_of(screen: Screen) -> Scope {
    if screen.is_records() {
        Scope::Records
    } else {
        Scope::Screen(screen)
    }
}

/// The bindings of a scope, for help and hints.
pub fn bindings_in(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |binding| binding.scope == scope)
}

/// The keys of an action in a scope as the help shows them ("e/Enter"), for text that
/// names a key; "?" if the table has none (a test checks every one used exists).
pub fn keys_for(scope: Scope, action: Action) -> &'static str {
    bindings_in(scope)
        .find(|binding| binding.action == action)
        .map_or("?", |binding| binding.keys)
}

/// Each key of an action in a scope, as the help names them ("e/Enter" gives "e" and
/// "Enter"), for text that names a key in a sentence ("press e to review it").
pub fn key_names(scope: Scope, action: Action) -> Vec<&'static str> {
    let keys = keys_for(scope, action);
    // "/" is a key of its own, not a separator.
    if keys == "/" {
        return vec![keys];
    }
    keys.split('/').collect()
}

/// One hint as shown in a footer or the status bar: the keys and a word or two, both
/// taken from the key table (or, for the screen digits, made from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyHint {
    pub keys: String,
    pub hint: &'static str,
}

impl KeyHint {
    /// Columns taken as drawn: " keys hint ".
    pub fn width(&self) -> usize {
        self.keys.chars().count() + self.hint.chars().count() + 3
    }
}

/// The hints of some bindings: those that carry one, in table order.
pub fn hints_of<'a>(bindings: impl IntoIterator<Item = &'a Binding>) -> Vec<KeyHint> {
    bindings
        .into_iter()
        .filter(|binding| !binding.hint.is_empty())
        .map(|binding| KeyHint {
            keys: binding.keys.to_string(),
            hint: binding.hint,
        })
        .collect()
}

/// The hints of one scope.
pub fn scope_hints(scope: Scope) -> Vec<KeyHint> {
    hints_of(bindings_in(scope))
}

/// A screen's hints: its own keys, then the list keys every screen shares.
pub fn screen_hints(screen: Screen) -> Vec<KeyHint> {
    [scope_of(screen), Scope::Lists]
        .into_iter()
        .flat_map(scope_hints)
        .collect()
}

/// The hints that fit in `width` columns, chosen whole by priority (`priority` lists
/// indexes into `hints`, most important first) and shown in their own order. A hint
/// that does not fit is left out, never cut.
pub fn fit_hints(hints: &[KeyHint], priority: &[usize], width: usize) -> Vec<KeyHint> {
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    let order = priority.iter().copied().chain(0..hints.len());
    for index in order {
        let Some(hint) = hints.get(index) else { continue };
        if chosen[index] || used + hint.width() > width {
            continue;
        }
        chosen[index] = true;
        used += hint.width();
    }
    hints
        .iter()
        .zip(chosen)
        .filter(|(_, chosen)| *chosen)
        .map(|(hint, _)| hint.clone())
        .collect()
}

/// A footer line of hints (the keys styled as keys), fitted to `width` in table order.
pub fn hint_line(hints: &[KeyHint], width: u16, theme: super::theme::Theme) -> ratatui::text::Line<'static> {
    use ratatui::text::Span;
    let fitted = fit_hints(hints, &[], usize::from(width));
    let mut spans = Vec::new();
    for hint in fitted {
        spans.push(Span::styled(format!(" {}", hint.keys), theme.key()));
        spans.push(Span::raw(format!(" {} ", hint.hint)));
    }
    ratatui::text::Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scopes that are active together when no overlay is open.
    fn together(a: Scope, b: Scope) -> bool {
        let on_screen = |scope| matches!(scope, Global | Lists | Scope::Screen(_));
        match (a, b) {
            (Scope::Screen(x), Scope::Screen(y)) => x == y,
            _ if on_screen(a) && on_screen(b) => true,
            _ => a == b,
        }
    }

    #[test]
    fn no_key_is_bound_twice_where_both_bindings_are_active() {
        for (index, binding) in BINDINGS.iter().enumerate() {
            for other in &BINDINGS[index + 1..] {
                let clash = binding.codes.iter().any(|code| other.codes.contains(code));
                assert!(
                    !(clash && together(binding.scope, other.scope)),
                    "{} ({:?}) and {} ({:?}) share a key",
                    binding.keys,
                    binding.scope,
                    other.keys,
                    other.scope
                );
            }
        }
    }

    #[test]
    fn the_keys_named_in_screen_text_are_bound() {
        for (scope, action) in [
            (Scope::Screen(Practice), Action::Edit),
            (Scope::Screen(Practice), Action::StartNext),
            (Scope::Screen(Practice), Action::SwitchAssessment),
            (Scope::Screen(Safeguards), Action::ConfirmCarried),
            (Scope::Screen(Remediation), Action::Add),
            (Scope::Screen(Risks), Action::Plan),
            (Scope::Screen(Risks), Action::QuickAdd),
            (Scope::Screen(Risks), Action::Add),
            (Scope::Screen(Risks), Action::Suggest),
            (Scope::Screen(Risks), Action::Score),
            (Scope::Screen(Risks), Action::HeatMap),
            (Scope::Screen(Risks), Action::Filter),
            (Scope::Screen(Risks), Action::ClearFilter),
            (Scope::Screen(Risks), Action::ConfirmCarried),
            (Scope::HeatMap, Action::Up),
            (Scope::HeatMap, Action::Down),
            (Scope::HeatMap, Action::ChoicePrevious),
            (Scope::HeatMap, Action::ChoiceNext),
            (Scope::HeatMap, Action::Save),
            (Scope::HeatMap, Action::CloseOverlay),
            (Scope::Picker, Action::Toggle),
            (Scope::Picker, Action::Save),
            (Scope::Picker, Action::CloseOverlay),
            (Scope::Picker, Action::Filter),
            (Scope::Form, Action::PickFromList),
            (Scope::Form, Action::ChoicePrevious),
            (Scope::Form, Action::ChoiceNext),
            (Scope::Screen(Evidence), Action::Add),
            (Scope::Screen(Evidence), Action::Edit),
            (Scope::Screen(Evidence), Action::Link),
            (Scope::Screen(Evidence), Action::SaveOut),
            (Global, Action::GoTo(Practice)),
            (Scope::Screen(Screen::Dashboard), Action::Acknowledge),
            (Scope::Screen(Inventory), Action::Add),
            (Scope::Screen(Inventory), Action::Delete),
            (Scope::Screen(Inventory), Action::Prompts),
            (Scope::Screen(Inventory), Action::Import),
            (Scope::Screen(Inventory), Action::ShowOnly),
            (Scope::Screen(Inventory), Action::RetireAsset),
            (Filter, Action::CloseOverlay),
        ] {
            assert_ne!(keys_for(scope, action), "?", "{action:?} in {scope:?}");
        }
    }

    #[test]
    fn every_screen_has_its_key() {
        for screen in Screen::ALL {
            // The program's screens are reached by the program's key, pressed again.
            let key = if screen.is_program() {
                Screen::FIRST_PROGRAM
            } else {
                *screen
            };
            assert!(
                BINDINGS.iter().any(|binding| binding.action == Action::GoTo(key)),
                "{screen:?}"
            );
        }
    }

    #[test]
    fn the_program_key_pressed_again_walks_the_program_screens() {
        let mut seen = vec![Screen::Dashboard.go_to(Screen::FIRST_PROGRAM)];
        for _ in 1..Screen::program().len() {
            let here = *seen.last().unwrap();
            seen.push(here.go_to(Screen::FIRST_PROGRAM));
        }
        assert_eq!(seen, Screen::program());
        // And round again to the first; another screen's key leaves the program.
        assert_eq!(seen.last().unwrap().go_to(Screen::FIRST_PROGRAM), Screen::FIRST_PROGRAM);
        assert_eq!(Screen::FIRST_PROGRAM.go_to(Screen::Risks), Screen::Risks);
    }
}
