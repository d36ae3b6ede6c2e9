//! The dashboard: readiness signals, progress through the OCR elements, safeguard
//! progress (N of 65 reviewed), risk counts by level, overdue actions, then a list of what
//! to do next and the open findings (`items`), each one Enter away from its record. A
//! component: it owns the list and its cursor, acknowledges the selected finding (or
//! writes the coverage note of its asset), confirms a carried resolution, and holds the
//! first-run wizard (the profile form opened over it when the practice has no name).

pub mod form;
mod view;
pub mod writes;

pub use view::DashboardItem;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::readiness::{ElementProgress, SignalLevel, ocr_elements, readiness};
use crate::domain::{CarriedEntity, Finding, FindingCounts, Id, RecordRef, ReviewStatus, Rule};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, Scope, action_on_screen, keys_for, screen_hints};
use crate::tui::list_cursor::ListCursor;
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::screen::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::{clip, hanging, page_start};
use writes::FindingsWrite;

/// What the screen asked in the window it opened.
#[derive(Debug, Clone)]
enum Asked {
    /// The acknowledgment form of this finding.
    Acknowledge(Finding),
    /// The coverage note of this asset.
    Coverage(Id),
    /// The first-run wizard: the practice profile.
    Profile,
}

#[derive(Default)]
pub struct DashboardScreen {
    /// "Next:" and the open findings, after each write.
    items: Vec<DashboardItem>,
    cursor: ListCursor,
    asked: Option<Asked>,
}

impl DashboardScreen {
    pub fn items(&self) -> &[DashboardItem] {
        &self.items
    }

    pub fn cursor(&self) -> usize {
        self.cursor.row()
    }

    /// The first-run wizard: a new workspace without a name starts with the profile form,
    /// over the dashboard, which saves it.
    pub fn first_run(&mut self, ctx: &Ctx) -> Outcome {
        self.asked = Some(Asked::Profile);
        super::practice::open_profile("New workspace: the practice", ctx)
    }

    /// The finding under the cursor, if the line is one.
    fn selected_finding(&self) -> Option<&Finding> {
        self.items.get(self.cursor.row()).and_then(|item| item.finding.as_ref())
    }

    /// `a`: acknowledge the selected finding, or for a coverage finding write the asset's
    /// coverage note. A finding only the work resolves is not offered: the message says
    /// what to do.
    fn acknowledge(&mut self, ctx: &Ctx) -> Outcome {
        let Some(finding) = self.selected_finding().cloned() else {
            return say(MessageKind::Info, "Select a finding in the list first");
        };
        if finding.rule == Rule::AssetWithoutScenario {
            let Some(asset_id) = first_asset(&finding) else {
                return Outcome::Handled;
            };
            self.asked = Some(Asked::Coverage(asset_id));
            return super::inventory::open_coverage(asset_id, ctx);
        }
        if !finding.rule.acknowledgeable() {
            return say(
                MessageKind::Error,
                &format!("Only the work resolves this one: {}", finding.resolution),
            );
        }
        let official = ctx.workspace.security_official_ids().first().copied();
        let form = form::acknowledge_form(&finding, &ctx.workspace.people, official);
        self.asked = Some(Asked::Acknowledge(finding));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// `c`: confirms the acknowledgment or coverage note carried forward from last year
    /// that the selected finding is waiting on.
    fn confirm_carried(&self, ctx: &Ctx) -> Outcome {
        let Some(finding) = self.selected_finding() else {
            return say(MessageKind::Info, "Select a finding in the list first");
        };
        let workspace = ctx.workspace;
        let carried = if finding.rule == Rule::AssetWithoutScenario {
            first_asset(finding)
                .filter(|asset| workspace.needs_confirmation(CarriedEntity::CoverageNote, *asset))
                .map(|asset| (CarriedEntity::CoverageNote, asset))
        } else {
            workspace
                .acknowledgments
                .iter()
                .find(|acknowledgment| acknowledgment.finding == finding.key)
                .filter(|acknowledgment| workspace.needs_confirmation(CarriedEntity::Acknowledgment, acknowledgment.id))
                .map(|acknowledgment| (CarriedEntity::Acknowledgment, acknowledgment.id))
        };
        let Some((entity, id)) = carried else {
            let resolve = keys_for(Scope::Screen(Screen::Dashboard), Action::Acknowledge);
            return say(
                MessageKind::Info,
                &format!("Nothing carried forward waits on this finding: {resolve} resolves it"),
            );
        };
        Outcome::Send(Command::Write {
            write: Write::new(FindingsWrite::ConfirmCarried { entity, id }),
            form: None,
        })
    }
}

fn say(kind: MessageKind, text: &str) -> Outcome {
    Outcome::Send(Command::Say(kind, text.to_string()))
}

fn first_asset(finding: &Finding) -> Option<Id> {
    finding.records.iter().find_map(|record| match record {
        RecordRef::Asset { id, .. } | RecordRef::Vendor { id, .. } => Some(*id),
        _ => None,
    })
}

impl Component for DashboardScreen {
    fn cursor(&self) -> usize {
        self.cursor()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.items().len()
    }

    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Dashboard)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Dashboard, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, self.items.len()) {
            return Outcome::Handled;
        }
        match action {
            // Enter: the app shows the record's screen, which selects it (`App::jump_to`).
            Action::Edit => match self.items.get(self.cursor.row()) {
                Some(item) => Outcome::Send(Command::JumpTo(item.target.clone())),
                None => Outcome::Handled,
            },
            Action::Acknowledge => self.acknowledge(ctx),
            Action::ConfirmCarried => self.confirm_carried(ctx),
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        let Reply::Submitted(form) = reply else {
            return Outcome::Ignored;
        };
        let write = match &self.asked {
            Some(Asked::Profile) => return super::practice::save_profile(form, ctx),
            Some(Asked::Coverage(asset_id)) => return super::inventory::save_coverage(form, *asset_id, ctx),
            Some(Asked::Acknowledge(finding)) => form::acknowledgment_from_form(
                &form,
                finding,
                &ctx.workspace.people,
                ctx.workspace.assessment_id,
                ctx.today,
            )
            .map(|acknowledgment| FindingsWrite::Acknowledge {
                acknowledgment,
                message: finding.message.clone(),
            }),
            None => return Outcome::Ignored,
        };
        Outcome::save(form, write.map(Write::new))
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.items = view::items(ctx.findings);
        self.cursor.clamp(self.items.len());
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        draw(frame, area, ctx, &self.items, self.cursor.row());
    }
}

fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, items: &[DashboardItem], selected: usize) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let signals = readiness(ctx.findings);
    let wide = area.width >= 100;
    let mut lines = vec![Line::from(vec![
        if workspace.practice.name.trim().is_empty() {
            Span::styled(
                format!(
                    "(practice name not set: {} {})",
                    keys_for(Scope::Global, Action::GoTo(Screen::Practice)),
                    Screen::Practice.name()
                ),
                theme.warning(),
            )
        } else {
            Span::styled(workspace.practice.name.clone(), theme.title())
        },
        Span::raw(format!(
            " · {}",
            workspace
                .assessment()
                .map_or("no assessment", |assessment| assessment.title.as_str())
        )),
    ])];
    lines.push(Line::from("Readiness").style(theme.heading()));
    for signal in &signals {
        let name = if wide {
            format!("{:<31}", signal.name)
        } else {
            format!("{:<14}", short_name(signal.name))
        };
        let lead_width = 7 + name.chars().count();
        let lead = vec![
            Span::styled(format!(" {:<6}", signal.level.label()), theme.signal(signal.level)),
            Span::raw(name),
        ];
        let width = usize::from(area.width);
        if wide {
            // The reason wraps under itself rather than being cut at the edge.
            lines.extend(hanging(
                lead,
                lead_width,
                &signal.reason,
                theme.dim(),
                lead_width,
                width,
            ));
        } else {
            // One line each at 80 columns, so the findings keep room at 24 rows; the
            // finding the reason starts with is in the list below, whole.
            let mut spans = lead;
            spans.push(Span::styled(
                clip(&signal.reason, width.saturating_sub(lead_width)),
                theme.dim(),
            ));
            lines.push(Line::from(spans));
        }
    }
    let elements = ocr_elements(workspace, ctx.findings, ctx.catalog.items.len(), ctx.today);
    if wide {
        lines.push(Line::from("Risk-analysis elements (OCR)").style(theme.heading()));
        lines.extend(elements.iter().enumerate().map(|(index, element)| {
            let (mark, style) = element_mark(element, theme);
            Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{}. {:<28}", index + 1, element.name)),
                Span::styled(
                    format!("{:>4}/{:<4} {}", element.done, element.total, element.covered_in),
                    theme.dim(),
                ),
            ])
        }));
    } else {
        // One line at 80 columns, so the findings keep room for a list at 24 rows.
        let complete = elements.iter().filter(|element| element.is_complete()).count();
        let open: Vec<&str> = elements
            .iter()
            .filter(|element| !element.is_complete())
            .map(|element| element.name)
            .collect();
        // One line: as many open elements by whole name as fit, then how many more (all
        // are listed at 100 columns and in the report).
        let mut text = format!("{complete} of {} complete", elements.len());
        let room = usize::from(area.width).saturating_sub(13);
        for (index, name) in open.iter().enumerate() {
            let more = open.len() - index - 1;
            let piece = if index == 0 {
                format!("; open: {name}")
            } else {
                format!(", {name}")
            };
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            if text.chars().count() + piece.chars().count() + tail.chars().count() > room {
                let more = open.len() - index;
                text.push_str(&if index == 0 {
                    format!("; {more} open")
                } else {
                    format!(" and {more} more")
                });
                break;
            }
            text.push_str(&piece);
        }
        let lead = vec![Span::styled("OCR elements ", theme.heading())];
        lines.extend(hanging(lead, 13, &text, Style::new(), 2, usize::from(area.width)));
    }
    lines.push(progress_line(ctx, wide));
    lines.push(review_due(ctx));
    lines.push(risk_counts(ctx, wide));
    let counts = FindingCounts::of(ctx.findings);
    lines.push(Line::from(vec![
        Span::styled("Findings ", theme.heading()),
        Span::styled(
            format!("{} blocking", counts.blocking),
            if counts.blocking > 0 {
                theme.error()
            } else {
                theme.dim()
            },
        ),
        Span::raw(format!(
            ", {} advisory, {} acknowledged  ",
            counts.advisory, counts.acknowledged
        )),
        if counts.can_finalize() {
            Span::styled("can be final", theme.signal(SignalLevel::Green))
        } else {
            Span::styled("DRAFT", theme.warning())
        },
    ]));
    let fixed = lines.len() as u16;
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: fixed.min(area.height),
            ..area
        },
    );
    let list = Rect {
        y: area.y + fixed.min(area.height),
        height: area.height.saturating_sub(fixed),
        ..area
    };
    draw_items(frame, list, theme, items, selected);
}

/// Safeguard progress and the actions, on one line; wide, the people overdue for
/// training too (at 80 columns the findings list names them).
fn progress_line(ctx: &Ctx, wide: bool) -> Line<'static> {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    // Reviewed this year: a review carried forward from last year counts once confirmed
    // (as the findings and the Safeguards screen count it), and is shown apart until then.
    let reviewed = ctx
        .catalog
        .items
        .iter()
        .filter(|item| workspace.is_reviewed(&item.citation))
        .count();
    let to_confirm = ctx
        .catalog
        .items
        .iter()
        .filter_map(|item| workspace.review(&item.citation))
        .filter(|review| review.status != ReviewStatus::NotReviewed)
        .filter(|review| workspace.needs_confirmation(CarriedEntity::Review, review.id))
        .count();
    let overdue = workspace
        .actions
        .iter()
        .filter(|action| action.is_overdue(ctx.today))
        .count();
    let overdue_style = if overdue > 0 { theme.error() } else { theme.dim() };
    // People overdue for their training (the Training screen lists them): said only when
    // someone is, so the line keeps its width otherwise.
    let training_overdue = workspace.training.overdue_people(&workspace.people, ctx.today);
    let training = match training_overdue {
        _ if !wide => String::new(),
        0 => String::new(),
        1 => "   training: 1 person overdue".to_string(),
        count => format!("   training: {count} people overdue"),
    };
    Line::from(vec![
        Span::styled("Safeguards ", theme.heading()),
        Span::raw(format!("{reviewed} of {} reviewed", ctx.catalog.items.len())),
        Span::styled(
            match to_confirm {
                0 => String::new(),
                _ => format!(" · {to_confirm} to confirm"),
            },
            theme.warning(),
        ),
        Span::raw(format!("   {} actions, ", workspace.actions.len())),
        Span::styled(format!("{overdue} overdue"), overdue_style),
        Span::styled(training, theme.error()),
    ])
}

/// "Next:" and the open findings, one line each, the selected one highlighted; scrolled
/// by whole pages as the other lists are.
fn draw_items(frame: &mut Frame, area: Rect, theme: Theme, items: &[DashboardItem], selected: usize) {
    let height = usize::from(area.height);
    if height == 0 {
        return;
    }
    let start = page_start(selected, height);
    let width = usize::from(area.width);
    // The selected line is shown whole, wrapped; the others are shortened with "…".
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_end = 0;
    for (index, item) in items.iter().enumerate().skip(start).take(height) {
        let (tag, style) = match item.tag {
            "Next" => (" Next: ", theme.key()),
            "blocking" => (" ! ", theme.error()),
            _ => (" · ", theme.dim()),
        };
        let tag_width = tag.chars().count();
        if index == selected {
            let lead = vec![Span::styled(tag, style)];
            let whole = hanging(lead, tag_width, &item.text, Style::new(), tag_width, width);
            lines.extend(whole.into_iter().map(|line| line.style(theme.selected())));
            selected_end = lines.len();
        } else {
            let text = clip(&item.text, width.saturating_sub(tag_width));
            lines.push(Line::from(vec![Span::styled(tag, style), Span::raw(text)]));
        }
    }
    // Keep the whole selected line in view when it wraps past the bottom.
    let skip = selected_end.saturating_sub(height);
    frame.render_widget(Paragraph::new(lines.split_off(skip.min(lines.len()))), area);
}

/// The periodic-review signal on its own line: the next review date, amber a month
/// before it, red after.
fn review_due(ctx: &Ctx) -> Line<'static> {
    let next_review = ctx.workspace.assessment().and_then(|assessment| assessment.next_review);
    let level = crate::domain::carry::review_signal(next_review, ctx.today);
    let text = match next_review {
        Some(due) if due < ctx.today => format!("review overdue {due}"),
        Some(due) => format!("review due {due}"),
        None => "no review date".to_string(),
    };
    Line::from(vec![
        Span::styled("Periodic ", ctx.theme.heading()),
        Span::styled(text, ctx.theme.signal(level)),
    ])
}

fn element_mark(element: &ElementProgress, theme: Theme) -> (&'static str, Style) {
    if element.is_complete() {
        ("done", theme.signal(SignalLevel::Green))
    } else if element.done > 0 {
        ("part", theme.signal(SignalLevel::Amber))
    } else {
        ("todo", theme.dim())
    }
}

fn risk_counts(ctx: &Ctx, wide: bool) -> Line<'static> {
    let Some(matrix) = ctx.workspace.matrix() else {
        return Line::from(" no matrix");
    };
    let mut counts = vec![0usize; matrix.results.levels.len()];
    let mut unscored = 0;
    for risk in &ctx.workspace.risks {
        match risk.level(matrix) {
            Some(level) => counts[level] += 1,
            None => unscored += 1,
        }
    }
    let mut spans = vec![Span::styled("Risks ", ctx.theme.heading())];
    for (level, count) in counts.iter().enumerate().rev() {
        let label = matrix.results.label(level).unwrap_or("?");
        // At 80 columns the level names are shortened to initials (Very High: VH).
        let label = if wide {
            label.to_string()
        } else {
            label.split_whitespace().filter_map(|w| w.chars().next()).collect()
        };
        spans.push(Span::styled(
            format!("{label} {count}"),
            ctx.theme.severity(matrix.severity(level)),
        ));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled(format!("unscored {unscored}"), ctx.theme.dim()));
    Line::from(spans)
}

/// Signal names that leave room for the reason at 80 columns.
fn short_name(name: &str) -> &str {
    match name {
        "Inventory current" => "Inventory",
        "Named ownership" => "Ownership",
        "Documented controls" => "Controls",
        "Risk analysis and remediation" => "Risk analysis",
        "Retrievable evidence" => "Evidence",
        other => other,
    }
}
