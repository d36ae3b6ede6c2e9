//! The Tests screen: contingency plan tests (§164.308(a)(7)(ii)(D)) as a record screen
//! (list, filter, sort, the test's form), with the selected test's comparison with its
//! systems' targets below it ("Practice server: restored in 6 h; target 4 h: missed"),
//! the names no asset has, and its follow-up.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::contingency::{ContingencyTest, TestField, target_checks, unknown_systems};
use crate::domain::{Id, Workspace};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_in, scope_hints};
use crate::tui::overlays::{Confirm, Overlay};
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::record_screen::{RecordKind, RecordScreen, SaveRecord};
use crate::tui::screen::Screen;
use crate::tui::widgets::wrap;

mod follow_up;

use follow_up::{TestWrite, action_picker, chosen_action};

/// The kind of record the Tests screen lists.
pub struct Tests;

impl RecordKind for Tests {
    type Record = ContingencyTest;
    const SCREEN: Screen = Screen::Tests;
    const NOUN: &'static str = "test";
    const EMPTY: (&'static str, &'static [&'static str]) = (
        "No contingency tests yet",
        &[
            "Restore, tabletop and failover tests of the contingency plan (§164.308(a)(7)(ii)(D)): press a to add one.",
            "A restore is compared with each system's target recovery time and acceptable data loss (Inventory).",
        ],
    );

    fn columns() -> &'static [(TestField, &'static str, u16)] {
        &[
            (TestField::TestedOn, "Date", 10),
            (TestField::Kind, "Kind", 9),
            (TestField::Result, "Result", 6),
            (TestField::RestoreHours, "Hours", 5),
            (TestField::Systems, "Systems", 0),
        ]
    }

    fn form_fields() -> &'static [TestField] {
        TestField::LIST
    }

    fn records(workspace: &Workspace) -> Vec<&ContingencyTest> {
        workspace.contingency_tests.iter().collect()
    }

    fn blank(ctx: &Ctx) -> ContingencyTest {
        ContingencyTest {
            tested_on: Some(ctx.today),
            ..ContingencyTest::default()
        }
    }

    fn save(test: ContingencyTest) -> Write {
        Write::new(SaveRecord(test))
    }
}

/// The Tests screen: the record screen plus the selected test's comparison with targets.
#[derive(Default)]
pub struct TestsScreen {
    list: RecordScreen<Tests>,
    /// What the window open over the screen was asked for: the answer comes back to it.
    asked: Option<Asked>,
}

/// A question the screen asked in a window: the test it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// Delete this test? (yes only with `y`, never Enter)
    Delete(Id),
    /// The action this test's follow-up links to.
    LinkAction(Id),
}

/// The lines below the list for one test: its result, each comparison with a target, the
/// names no asset of this year has, and its follow-up.
pub fn detail_lines(test: &ContingencyTest, workspace: &Workspace) -> Vec<String> {
    let result = match test.result {
        Some(result) => crate::domain::Labeled::label(result).to_string(),
        None => "no result yet".to_string(),
    };
    let mut lines = vec![format!("{}: {result}", test.title())];
    let assets: Vec<&crate::domain::Asset> = workspace.active_assets().collect();
    let checks = target_checks(test, &assets);
    if checks.is_empty() {
        lines.push("No measurement to compare with a target".to_string());
    }
    lines.extend(checks.iter().map(|check| check.sentence()));
    let unknown = unknown_systems(test, &assets);
    if !unknown.is_empty() {
        lines.push(format!("Not in this year's inventory: {}", unknown.join(", ")));
    }
    let action = test
        .action_id
        .and_then(|id| workspace.actions.iter().find(|action| action.id == id))
        .map(|action| format!(" (action: {})", action.title))
        .unwrap_or_default();
    if test.has_follow_up() {
        lines.push(format!("Follow-up: {}{action}", test.follow_up.trim()));
    } else if test.failed() {
        lines.push("Follow-up: none recorded (a failed test needs one)".to_string());
    }
    lines
}

impl TestsScreen {
    fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a ContingencyTest> {
        self.list.rows(workspace).get(self.list.cursor()).copied()
    }

    fn ask_delete(&mut self, test: &ContingencyTest) -> Outcome {
        self.asked = Some(Asked::Delete(test.id));
        Outcome::Send(Command::Open(Overlay::Confirm(Confirm::new(
            "Delete test",
            vec![
                format!("Delete the test \"{}\"?", test.title()),
                "The change log keeps what it was; u undoes it.".to_string(),
            ],
        ))))
    }

    fn ask_action(&mut self, test: &ContingencyTest, ctx: &Ctx) -> Outcome {
        self.asked = Some(Asked::LinkAction(test.id));
        Outcome::Send(Command::Open(Overlay::picker(action_picker(test, ctx.workspace))))
    }
}

impl Component for TestsScreen {
    fn keys(&self) -> Vec<KeyHint> {
        let mut hints = scope_hints(Scope::Screen(Screen::Tests));
        hints.extend(self.list.keys());
        hints
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        match action_in(Scope::Screen(Screen::Tests), key) {
            Some(action) => self.act(action, ctx),
            None => self.list.handle(key, ctx),
        }
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match (action, self.selected(ctx.workspace).cloned()) {
            (Action::Delete, Some(test)) => self.ask_delete(&test),
            (Action::Link, Some(test)) => self.ask_action(&test, ctx),
            (Action::Delete | Action::Link, None) => Outcome::Handled,
            (other, _) => self.list.act(other, ctx),
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            (Reply::Confirmed { .. }, Some(Asked::Delete(test_id))) => {
                self.asked = None;
                Outcome::Send(Command::Write {
                    write: Write::new(TestWrite::Delete(test_id)),
                    form: None,
                })
            }
            (Reply::Chosen(keys), Some(Asked::LinkAction(test_id))) => {
                self.asked = None;
                match chosen_action(&keys, ctx.workspace) {
                    Ok(action_id) => Outcome::Send(Command::Write {
                        write: Write::new(TestWrite::LinkAction { test_id, action_id }),
                        form: None,
                    }),
                    Err(problem) => Outcome::Send(Command::Say(MessageKind::Error, problem)),
                }
            }
            (reply, _) => self.list.receive(reply, ctx),
        }
    }

    fn cursor(&self) -> usize {
        self.list.cursor()
    }

    fn row_count(&self, ctx: &Ctx) -> usize {
        self.list.row_count(ctx)
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.list.refresh(ctx);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let width = usize::from(area.width);
        let detail: Vec<String> = self
            .selected(ctx.workspace)
            .map(|test| detail_lines(test, ctx.workspace))
            .unwrap_or_default()
            .iter()
            // Whole words: a long line wraps rather than being cut.
            .flat_map(|line| wrap(line, width))
            .collect();
        let height = (detail.len() as u16).min(area.height / 2);
        let [list_area, detail_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        self.list.draw(frame, list_area, ctx);
        let lines: Vec<Line> = detail
            .into_iter()
            .enumerate()
            .map(|(index, line)| {
                if index == 0 {
                    Line::styled(line, ctx.theme.heading())
                } else {
                    Line::raw(line)
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
}
