//! The safeguard review: a tree of the rule's sections, standards and implementation
//! specifications, each with its status and owner, progress per section, and the review
//! of the selected item in a pane below. A component: it owns the tree (folds, find
//! text), its cursor and the review form it opened, and turns the saved form into a
//! store write.

pub mod form;
mod view;
pub mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};

use crate::catalog::{ItemKind, SectionKey};
use crate::domain::{CarriedEntity, Labeled, LinkTarget, ReviewStatus, SafeguardReview};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, key_names, keys_for, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, FilterEdit, MessageKind, Reply, Target, Write};
use crate::tui::screen::Screen;
use crate::tui::widgets::{WindowedTable, clip, fill_width};
use view::{SafeguardTree, TreeRow, section_progress};
use writes::SafeguardsWrite;

/// What the screen asked in the window it opened, to act on the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    /// The review form of the catalog item at this index.
    Review(usize),
}

pub struct SafeguardsScreen {
    tree: SafeguardTree,
    cursor: ListCursor,
    /// The find line is open (the filter window is over the screen, typing into it).
    finding: bool,
    asked: Option<Asked>,
}

impl Default for SafeguardsScreen {
    fn default() -> SafeguardsScreen {
        SafeguardsScreen {
            tree: SafeguardTree::new(crate::catalog::Catalog::embedded()),
            cursor: ListCursor::default(),
            finding: false,
            asked: None,
        }
    }
}

impl SafeguardsScreen {
    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    pub fn row_count(&self) -> usize {
        self.tree.rows.len()
    }

    /// The catalog item under the cursor (None on a section row).
    pub fn selected_item(&self) -> Option<usize> {
        match self.tree.rows.get(self.cursor.row())? {
            TreeRow::Item(index) => Some(*index),
            TreeRow::Section(_) => None,
        }
    }

    /// The text typed to find an item.
    pub fn find(&self) -> &str {
        &self.tree.find
    }

    /// The find text changed: jump to the first match as the user types.
    pub fn set_find(&mut self, text: String, ctx: &Ctx) {
        self.tree.find = text;
        if let Some(index) = SafeguardTree::find_item(ctx.catalog, &self.tree.find) {
            self.go_to_item(index, ctx);
        }
    }

    /// The find window closed (kept or cleared): the find line goes.
    pub fn end_find(&mut self) {
        self.finding = false;
    }

    /// Moves the cursor to a catalog item, unfolding its section; false when there is
    /// no such item.
    fn go_to_item(&mut self, index: usize, ctx: &Ctx) -> bool {
        match self.tree.reveal(ctx.catalog, index) {
            Some(row) => {
                self.cursor.select(row, self.tree.rows.len());
                true
            }
            None => false,
        }
    }

    fn fold_here(&mut self, ctx: &Ctx) -> Outcome {
        let row = self.tree.toggle_fold(ctx.catalog, self.cursor.row());
        self.cursor.select(row, self.tree.rows.len());
        Outcome::Handled
    }

    fn open_review(&mut self, index: usize, ctx: &Ctx) -> Outcome {
        let Some(item) = ctx.catalog.items.get(index) else {
            return Outcome::Handled;
        };
        let form = form::review_form(item, &review_of(ctx, index), &ctx.workspace.people);
        self.asked = Some(Asked::Review(index));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// Confirms the carried-forward review under the cursor unchanged.
    fn confirm_carried(&self, ctx: &Ctx) -> Outcome {
        let Some(index) = self.selected_item() else {
            return Outcome::Handled;
        };
        let citation = &ctx.catalog.items[index].citation;
        let say = |text: String| Outcome::Send(Command::Say(MessageKind::Info, text));
        let Some(review) = ctx.workspace.review(citation) else {
            return say(format!("{citation} was not carried forward"));
        };
        if !ctx.workspace.needs_confirmation(CarriedEntity::Review, review.id) {
            return say(format!("{citation} needs no confirmation"));
        }
        Outcome::Send(Command::Write {
            write: Write::new(SafeguardsWrite::ConfirmCarried {
                review_id: review.id,
                citation: citation.clone(),
            }),
            form: None,
        })
    }
}

/// The saved review of a catalog item, or a blank one.
fn review_of(ctx: &Ctx, index: usize) -> SafeguardReview {
    let citation = &ctx.catalog.items[index].citation;
    ctx.workspace
        .review(citation)
        .cloned()
        .unwrap_or_else(|| SafeguardReview::not_reviewed(ctx.workspace.assessment_id, citation))
}

/// The first key of an action on this screen, to name it in a sentence.
fn first_key(action: Action) -> &'static str {
    key_names(Scope::Screen(Screen::Safeguards), action)[0]
}

impl Component for SafeguardsScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.row_count()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Safeguards)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Safeguards, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, self.tree.rows.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::Edit => match self.selected_item() {
                Some(index) => self.open_review(index, ctx),
                None => self.fold_here(ctx),
            },
            Action::Fold => self.fold_here(ctx),
            Action::Guidance => match self.selected_item().and_then(|index| ctx.catalog.items.get(index)) {
                Some(item) => Outcome::Send(Command::Open(Overlay::Reading(form::guidance(item)))),
                None => Outcome::Send(Command::Say(
                    MessageKind::Info,
                    "A section has no guidance of its own: choose one of its items".to_string(),
                )),
            },
            Action::ConfirmCarried => self.confirm_carried(ctx),
            Action::Filter => {
                // The filter window hands each key back as `Reply::Filter`.
                self.tree.find.clear();
                self.finding = true;
                Outcome::Send(Command::Open(Overlay::Filter))
            }
            Action::NextOpen => match SafeguardTree::next_open(ctx.catalog, ctx.workspace, self.selected_item()) {
                Some(index) => {
                    self.go_to_item(index, ctx);
                    Outcome::Handled
                }
                None => Outcome::Send(Command::Say(
                    MessageKind::Info,
                    "Every item has been reviewed".to_string(),
                )),
            },
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.asked) {
            // The find window over this screen: each key as it is typed, then its close.
            (Reply::Filter(edit), _) => {
                if !matches!(edit, FilterEdit::Keep) {
                    let mut text = self.find().to_string();
                    edit.apply_to(&mut text);
                    self.set_find(text, ctx);
                }
                if edit.closes() {
                    self.end_find();
                }
                Outcome::Handled
            }
            (Reply::Submitted(form), Some(Asked::Review(index))) => {
                let Some(item) = ctx.catalog.items.get(index) else {
                    return Outcome::Ignored;
                };
                let base = review_of(ctx, index);
                let write = form::review_from_form(&form, item, &base, &ctx.workspace.people, ctx.today)
                    .map(|review| Write::new(SafeguardsWrite::Review(review)));
                Outcome::save(form, write)
            }
            (Reply::Select(Target::Safeguard(citation)), _) => {
                match ctx.catalog.items.iter().position(|item| item.citation == citation) {
                    Some(index) if self.go_to_item(index, ctx) => Outcome::Handled,
                    _ => Outcome::Ignored,
                }
            }
            _ => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, _ctx: &Ctx) {
        // The tree is the catalog's, which does not change; only the cursor is kept in range.
        self.cursor.clamp(self.tree.rows.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let detail_height = if area.height >= 30 { 12 } else { 8 };
        let [find_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(u16::from(self.finding)),
            Constraint::Min(5),
            Constraint::Length(detail_height),
        ])
        .areas(area);
        if self.finding {
            let line = Line::from(vec![
                Span::styled("Find: ", ctx.theme.key()),
                Span::raw(format!("{}▏", self.tree.find)),
                Span::styled(
                    format!(
                        "  citation or name; {} keeps the place",
                        keys_for(Scope::Filter, Action::Save)
                    ),
                    ctx.theme.dim(),
                ),
            ]);
            frame.render_widget(Paragraph::new(line), find_area);
        }
        self.draw_tree(frame, table_area, ctx);
        let detail = match self.tree.rows.get(self.cursor.row()) {
            Some(TreeRow::Item(index)) => item_detail(ctx, *index),
            Some(TreeRow::Section(key)) => section_detail(ctx, *key),
            None => Vec::new(),
        };
        let block = Block::new().borders(Borders::TOP).border_style(ctx.theme.border());
        frame.render_widget(
            Paragraph::new(detail).block(block).wrap(Wrap { trim: true }),
            detail_area,
        );
    }
}

impl SafeguardsScreen {
    fn draw_tree(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let workspace = ctx.workspace;
        let catalog = ctx.catalog;
        let wide = area.width >= 100;
        let (header, widths): (Row, &[Constraint]) = if wide {
            (
                Row::new(["Citation", "Name", "R/A", "Status", "Owner"]),
                &[
                    Constraint::Length(24),
                    Constraint::Fill(1),
                    Constraint::Length(4),
                    Constraint::Length(12),
                    Constraint::Length(18),
                ],
            )
        } else {
            (
                Row::new(["Citation", "Name", "R/A", "Status"]),
                &[
                    Constraint::Length(23),
                    Constraint::Fill(1),
                    Constraint::Length(3),
                    Constraint::Length(12),
                ],
            )
        };
        // A long name ends in "…"; the review pane below has it whole.
        let name_width = fill_width(area.width, widths);
        WindowedTable {
            header,
            widths,
            count: self.tree.rows.len(),
            selected: self.cursor.row(),
            theme,
        }
        .draw(frame, area, |row| match self.tree.rows[row] {
            TreeRow::Section(key) => {
                let (reviewed, total) = section_progress(catalog, workspace, key);
                let mark = if self.tree.is_folded(key) { "▸" } else { "▾" };
                Row::new([
                    format!("{mark} {}", section_name(key)),
                    format!("{reviewed} of {total} reviewed"),
                    String::new(),
                    String::new(),
                ])
                .style(theme.heading())
            }
            TreeRow::Item(index) => {
                let item = &catalog.items[index];
                let review = workspace.review(&item.citation);
                let status = review.map_or(ReviewStatus::NotReviewed, |review| review.status);
                // Last year's answer, until someone confirms it (c) or edits it.
                let carried =
                    review.is_some_and(|review| workspace.needs_confirmation(CarriedEntity::Review, review.id));
                let indent = if item.is_standard() { " " } else { "   " };
                let mut cells = vec![
                    format!("{indent}{}", item.citation),
                    clip(&item.name, name_width),
                    kind_letter(item.kind).to_string(),
                    match carried {
                        // Twelve columns wide: "carried forward, confirm" in short.
                        true => format!("Carried: {}?", first_key(Action::ConfirmCarried)),
                        false => short_status(status).to_string(),
                    },
                ];
                if wide {
                    cells.push(clip(
                        workspace.person_name(review.and_then(|review| review.owner_id)),
                        18,
                    ));
                }
                let row = Row::new(cells);
                if status == ReviewStatus::NotReviewed || carried {
                    row.style(theme.dim())
                } else {
                    row
                }
            }
        });
    }
}

/// The review of one item: what it asks, and what has been recorded.
fn item_detail(ctx: &Ctx, index: usize) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let item = &ctx.catalog.items[index];
    let kind = match item.kind {
        ItemKind::Standard => "Standard (reviewed as required)",
        ItemKind::Required => "Required",
        ItemKind::Addressable => "Addressable",
    };
    // What has been recorded comes first, the catalog's summary last: on a small
    // terminal the summary is what gets cut.
    // The summary is what gets cut on a small terminal: the first line names the key
    // that shows it whole.
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{} {}", item.citation, item.name), theme.heading()),
            Span::styled(format!("  {kind}"), theme.dim()),
        ]),
        Line::from(vec![
            Span::styled(first_key(Action::Guidance), theme.key()),
            Span::styled(" guidance in full (what it means for a small office)", theme.dim()),
        ]),
    ];
    let review = workspace.review(&item.citation);
    match review {
        Some(review) => lines.extend(review_lines(ctx, item, review)),
        None => lines.push(Line::styled(
            format!("Not reviewed yet: press {} to review it.", first_key(Action::Edit)),
            theme.warning(),
        )),
    }
    // Every question in full, with its answer: the review is these answers.
    for (index, question) in item.questions.iter().enumerate() {
        let answer = review.and_then(|review| review.answers.iter().find(|answer| answer.question == index));
        let (word, style) = match answer {
            Some(answer) if answer.answer == crate::domain::Answer::No => (answer.answer.label(), theme.warning()),
            Some(answer) => (answer.answer.label(), theme.key()),
            None => ("Not answered", theme.dim()),
        };
        let mut spans = vec![
            Span::styled(format!("{}. {word}: ", index + 1), style),
            Span::raw(question.clone()),
        ];
        if let Some(answer) = answer.filter(|answer| !answer.note.is_empty()) {
            spans.push(Span::styled(format!(" ({})", answer.note), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
    let evidence = workspace.evidence_titles(LinkTarget::Safeguard, &item.citation);
    lines.push(if evidence.is_empty() {
        Line::styled(
            format!(
                "Evidence: none linked (link from the Evidence screen, {})",
                key_names(Scope::Screen(Screen::Evidence), Action::Link)[0]
            ),
            theme.dim(),
        )
    } else {
        Line::from(format!("Evidence: {}", evidence.join("; ")))
    });
    lines.push(Line::styled(item.summary.clone(), theme.dim()));
    lines
}

fn review_lines(ctx: &Ctx, item: &crate::catalog::Item, review: &SafeguardReview) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let mut lines = Vec::new();
    let mut facts = vec![Span::styled(review.status.label().to_string(), theme.key())];
    if let Some(owner) = review.owner_id {
        facts.push(Span::raw(format!(" · owner {}", workspace.person_name(Some(owner)))));
    }
    if let Some(date) = review.reviewed_on {
        facts.push(Span::raw(format!(" · reviewed {date}")));
    }
    let answered = review.answers.len();
    if !item.questions.is_empty() {
        facts.push(Span::raw(format!(
            " · {answered} of {} questions answered",
            item.questions.len()
        )));
    }
    lines.push(Line::from(facts));
    if review.status == ReviewStatus::NotApplicable {
        lines.push(Line::from(format!("Not applicable: {}", review.na_reason)));
    }
    if item.kind == ItemKind::Addressable && review.status != ReviewStatus::NotReviewed {
        match review.decision {
            Some(decision) if review.decision_text.is_empty() => {
                lines.push(Line::from(format!("Decision: {}", decision.label())));
            }
            Some(decision) => lines.push(Line::from(format!(
                "Decision: {}: {}",
                decision.label(),
                review.decision_text
            ))),
            None if review.status != ReviewStatus::NotApplicable => {
                lines.push(Line::styled("Decision: none recorded yet", theme.warning()));
            }
            None => {}
        }
    }
    if !review.notes.is_empty() {
        lines.push(Line::from(format!("Notes: {}", review.notes)));
    }
    lines
}

fn section_detail(ctx: &Ctx, key: SectionKey) -> Vec<Line<'static>> {
    let catalog = ctx.catalog;
    let workspace = ctx.workspace;
    let Some(section) = catalog.sections.iter().find(|section| section.key == key) else {
        return Vec::new();
    };
    let (reviewed, total) = section_progress(catalog, workspace, key);
    let count = |status: ReviewStatus| {
        catalog
            .section_items(key)
            .filter(|item| workspace.review_status(&item.citation) == status)
            .count()
    };
    vec![
        Line::styled(
            format!("§{} {}", section.cfr_section, section.title),
            ctx.theme.heading(),
        ),
        Line::from(format!("{reviewed} of {total} items reviewed.")),
        Line::from(format!(
            "Implemented {}, partially {}, not implemented {}, not applicable {}, not reviewed {}.",
            count(ReviewStatus::Implemented),
            count(ReviewStatus::Partial),
            count(ReviewStatus::NotImplemented),
            count(ReviewStatus::NotApplicable),
            count(ReviewStatus::NotReviewed),
        )),
        Line::styled(
            format!(
                "{} or {} folds the section; {} goes to the next item not reviewed; {} finds one.",
                // Enter, the review key, folds on a section row.
                key_names(Scope::Screen(Screen::Safeguards), Action::Edit)
                    .last()
                    .copied()
                    .unwrap_or("?"),
                first_key(Action::Fold),
                first_key(Action::NextOpen),
                first_key(Action::Filter),
            ),
            ctx.theme.dim(),
        ),
    ]
}

fn section_name(key: SectionKey) -> &'static str {
    match key {
        SectionKey::Administrative => "Administrative",
        SectionKey::Physical => "Physical",
        SectionKey::Technical => "Technical",
        SectionKey::Organizational => "Organizational",
        SectionKey::Documentation => "Documentation",
    }
}

fn kind_letter(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Standard => "Std",
        ItemKind::Required => "R",
        ItemKind::Addressable => "A",
    }
}

/// Status words that fit a narrow column.
fn short_status(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::NotReviewed => "Not reviewed",
        ReviewStatus::Implemented => "Implemented",
        ReviewStatus::Partial => "Partial",
        ReviewStatus::NotImplemented => "Not in place",
        ReviewStatus::NotApplicable => "N/A",
    }
}
