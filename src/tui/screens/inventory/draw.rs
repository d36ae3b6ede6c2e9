//! Drawing the ePHI inventory, from the screen's view and cursor. The table shows as many columns as the width allows (location, criticality,
//! encryption, BAA and last reviewed join in order of use), and a detail pane shows every
//! field of the selected asset: beside the table when wide, below it otherwise. A legend
//! says what the ePHI letters mean.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};

use super::InventoryScreen;
use super::view::{Chip, reviewed_within_a_year};
use crate::domain::record::Field;
use crate::domain::{Asset, AssetField, AssetKind, Criticality, Labeled, Workspace};
use crate::tui::component::Ctx;
use crate::tui::keys::{Action, Scope, keys_for};
use crate::tui::screen::Screen;
use crate::tui::theme::Theme;
use crate::tui::widgets::{WindowedTable, clip, empty_state, fill_width};

/// From this width the detail pane stands beside the table instead of below it.
const SIDE_PANE_FROM: u16 = 130;
const SIDE_PANE_WIDTH: u16 = 40;
/// The name keeps at least this much of the row before an optional column is added.
const NAME_MIN: u16 = 18;

/// The keys of an Inventory action, as the key table names them.
fn key(action: Action) -> &'static str {
    keys_for(Scope::Screen(Screen::Inventory), action)
}

pub(super) fn draw(frame: &mut Frame, area: Rect, ctx: &Ctx, screen: &InventoryScreen) {
    let theme = ctx.theme;
    let workspace = ctx.workspace;
    let assets = &workspace.assets;
    if assets.is_empty() {
        let keys = format!(
            "{}  add an asset     {}  checklist of commonly forgotten items     {}  import a CSV file",
            key(Action::Add),
            key(Action::Prompts),
            key(Action::Import)
        );
        empty_state(
            frame,
            area,
            theme,
            "No assets yet",
            &[
                "The inventory lists every system, device, application, vendor and workflow that \
                 creates, receives, maintains or transmits ePHI, with its owner, location, criticality \
                 and encryption.",
                "",
                &keys,
            ],
        );
        return;
    }
    let view = &screen.view;
    let filtering = screen.filtering;
    let [summary_area, chips_area, filter_area, body, legend_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(filtering || !view.filter.is_empty())),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    // This year's scope; the retired assets are listed (marked) but counted apart.
    let scope = workspace.scope_counts();
    let mut summary = vec![Span::raw(format!(
        "{} assets, {} handle ePHI",
        scope.assets, scope.ephi
    ))];
    if scope.retired > 0 {
        summary.push(Span::styled(
            format!(" · {} retired, out of scope", scope.retired),
            theme.dim(),
        ));
    }
    let missing_baa = view.chip_counts[2];
    if missing_baa > 0 {
        summary.push(Span::styled(
            format!("  ! {missing_baa} with ePHI but no signed BAA"),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(summary)), summary_area);
    frame.render_widget(
        Paragraph::new(chips_line(view.chip, view.chip_counts, theme)),
        chips_area,
    );
    if filtering || !view.filter.is_empty() {
        let cursor = if filtering { "▏" } else { "" };
        let line = Line::from(vec![
            Span::styled("Filter: ", theme.key()),
            Span::raw(format!("{}{cursor}", view.filter)),
            Span::styled(format!("  {} of {} shown", view.rows.len(), assets.len()), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), filter_area);
    }
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("ePHI ", theme.key()),
            Span::raw("C create R receive M maintain T transmit · "),
            Span::styled("!", theme.warning()),
            Span::raw(" no BAA"),
        ]))
        .style(theme.dim()),
        legend_area,
    );
    if view.rows.is_empty() {
        let message = match view.chip {
            Some(chip) if view.filter.is_empty() => {
                format!("No asset is {}. {} shows all.", chip.label(), key(Action::ShowOnly))
            }
            _ => format!(
                "No asset matches \"{}\". {} clears the filter; {} changes the chip.",
                view.filter,
                keys_for(Scope::Filter, Action::CloseOverlay),
                key(Action::ShowOnly)
            ),
        };
        frame.render_widget(
            Paragraph::new(message).style(theme.dim()).wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    // Beside the table only when the table keeps its optional columns; below it
    // otherwise, in two columns of one field a line when there is room for that.
    let layout = if body.width >= SIDE_PANE_FROM {
        DetailLayout::Side
    } else if body.width >= 90 && body.height >= 30 {
        DetailLayout::Grid
    } else {
        DetailLayout::RunOn
    };
    let (table_area, detail_area) = match layout {
        DetailLayout::Side => {
            let [table, detail] =
                Layout::horizontal([Constraint::Min(40), Constraint::Length(SIDE_PANE_WIDTH)]).areas(body);
            (table, detail)
        }
        DetailLayout::Grid | DetailLayout::RunOn => {
            let below = match layout {
                DetailLayout::Grid => 9,
                _ if body.height >= 14 => 5,
                _ => 3,
            };
            let [table, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(below)]).areas(body);
            (table, detail)
        }
    };
    draw_table(frame, table_area, ctx, screen);
    if let Some(asset) = screen.selected(workspace) {
        let borders = if layout == DetailLayout::Side {
            Borders::LEFT
        } else {
            Borders::TOP
        };
        let block = Block::new().borders(borders).border_style(theme.border());
        let inner = block.inner(detail_area);
        frame.render_widget(block, detail_area);
        // Below the table the row already shows the kind, the ePHI letters and the owner.
        let fields = detail_fields(workspace, asset, ctx.today, layout == DetailLayout::RunOn);
        let title = Line::styled(asset.name.as_str(), theme.heading());
        match layout {
            DetailLayout::Side => {
                let lines: Vec<Line> = std::iter::once(title).chain(field_lines(&fields, theme)).collect();
                frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
            }
            DetailLayout::Grid => {
                let half = fields.len().div_ceil(2);
                let [left, right] =
                    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
                let left_lines: Vec<Line> = std::iter::once(title)
                    .chain(field_lines(&fields[..half.saturating_sub(1)], theme))
                    .collect();
                let right_lines = field_lines(&fields[half.saturating_sub(1)..], theme);
                frame.render_widget(Paragraph::new(left_lines).wrap(Wrap { trim: true }), left);
                frame.render_widget(Paragraph::new(right_lines).wrap(Wrap { trim: true }), right);
            }
            DetailLayout::RunOn => {
                let mut spans = vec![Span::styled(asset.name.as_str(), theme.heading())];
                for (label, value) in &fields {
                    spans.push(Span::styled(format!(" · {label}: "), theme.key()));
                    spans.push(Span::raw(value.clone()));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }), inner);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DetailLayout {
    /// One field a line, beside the table.
    Side,
    /// Two columns of one field a line, below the table.
    Grid,
    /// The fields run on as one wrapped paragraph, below the table.
    RunOn,
}

fn field_lines<'a>(fields: &'a [(&'static str, String)], theme: Theme) -> Vec<Line<'a>> {
    fields
        .iter()
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!("{label}: "), theme.key()),
                Span::raw(value.as_str()),
            ])
        })
        .collect()
}

/// "f only: not reviewed 5 · no owner 0 · no BAA 2", the chosen chip highlighted.
fn chips_line(chosen: Option<Chip>, counts: [usize; 4], theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(key(Action::ShowOnly), theme.key()), Span::raw(" only: ")];
    for (index, (chip, count)) in Chip::ALL.iter().zip(counts).enumerate() {
        // The retired chip only while an asset is retired (a first year has none).
        if *chip == Chip::Retired && count == 0 && chosen != Some(*chip) {
            continue;
        }
        if index > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let style = if chosen == Some(*chip) {
            theme.selected()
        } else if *chip == Chip::Retired {
            // Nothing to do about a retired asset: not a warning.
            theme.dim()
        } else if count > 0 {
            theme.warning()
        } else {
            theme.dim()
        };
        // Brackets mark the chosen chip in text too (monochrome, screen readers).
        let text = if chosen == Some(*chip) {
            format!("[{} {count}]", chip.label())
        } else {
            format!("{} {count}", chip.label())
        };
        spans.push(Span::styled(text, style));
    }
    if chosen.is_none() {
        spans.push(Span::styled("  (showing all)", theme.dim()));
    }
    Line::from(spans)
}

/// The optional columns, most wanted first: each joins while the name keeps `NAME_MIN`.
/// The list's columns after the fixed ones (name, kind, ePHI, owner), as room allows: a
/// field of `AssetField`, its heading and width.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Column {
    field: AssetField,
    title: &'static str,
    width: u16,
}

impl Column {
    const ALL: [Column; 5] = [
        Column::of(AssetField::LastReviewed, "Reviewed", 10),
        Column::of(AssetField::Criticality, "Critical", 8),
        Column::of(AssetField::Encrypted, "Encrypted", 9),
        Column::of(AssetField::BaaStatus, "BAA", 12),
        Column::of(AssetField::Location, "Location", 16),
    ];

    const fn of(field: AssetField, title: &'static str, width: u16) -> Column {
        Column { field, title, width }
    }

    fn title(self) -> &'static str {
        self.title
    }

    fn width(self) -> u16 {
        self.width
    }

    /// The field as the list shows it: "never" for no review, the criticality's short
    /// word, "-" for a blank.
    fn cell(self, asset: &Asset) -> String {
        let text = match self.field {
            AssetField::LastReviewed => asset.last_reviewed.map_or("never".to_string(), |date| date.to_string()),
            AssetField::Criticality => short_criticality(asset.criticality).to_string(),
            field => field.get(asset).shown(field.kind(), &|_| String::new()),
        };
        if text.is_empty() {
            "-".to_string()
        } else {
            clip(&text, usize::from(self.width))
        }
    }
}

/// The columns that fit `width` after the fixed ones (kind, ePHI, owner) and the name.
fn optional_columns(width: u16) -> Vec<Column> {
    let mut used = NAME_MIN + KIND_WIDTH + 1 + EPHI_WIDTH + 1 + OWNER_WIDTH + 1;
    let mut chosen = Vec::new();
    for column in Column::ALL {
        if used + column.width() < width {
            used += column.width() + 1;
            chosen.push(column);
        }
    }
    chosen
}

const KIND_WIDTH: u16 = 15;
const EPHI_WIDTH: u16 = 4;
const OWNER_WIDTH: u16 = 14;

fn draw_table(frame: &mut Frame, area: Rect, ctx: &Ctx, screen: &InventoryScreen) {
    let workspace = ctx.workspace;
    let assets = &workspace.assets;
    let rows = &screen.view.rows;
    let optional = optional_columns(area.width);
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(KIND_WIDTH),
        Constraint::Length(EPHI_WIDTH),
        Constraint::Length(OWNER_WIDTH),
    ];
    widths.extend(optional.iter().map(|column| Constraint::Length(column.width())));
    let mut titles = vec!["Name", "Kind", "ePHI", "Owner"];
    titles.extend(optional.iter().map(|column| column.title()));
    // The name's share of the row, to shorten it with an ellipsis rather than mid-word.
    let name_width = fill_width(area.width, &widths);
    WindowedTable {
        header: Row::new(titles),
        widths: &widths,
        count: rows.len(),
        selected: screen.cursor(),
        theme: ctx.theme,
    }
    .draw(frame, area, |row| {
        let asset = &assets[rows[row]];
        // Retired this year (next year's inventory refresh): kept, out of scope. Said before
        // the name, which is shortened from its end, so the word is never cut by the
        // four-letter ePHI column.
        let retired = workspace.is_retired(asset.id);
        let ephi = if retired {
            "-".to_string()
        } else if asset.in_scope() {
            asset.ephi.letters()
        } else {
            "none".to_string()
        };
        let name = if retired {
            format!("retired: {}", asset.name)
        } else if asset.lacks_baa() {
            format!("! {}", asset.name)
        } else {
            asset.name.clone()
        };
        let mut cells = vec![
            clip(&name, name_width),
            short_kind(asset.kind).to_string(),
            ephi,
            clip(workspace.person_name(asset.owner_id), usize::from(OWNER_WIDTH)),
        ];
        cells.extend(optional.iter().map(|column| column.cell(asset)));
        Row::new(cells)
    });
}

/// Every field of one asset that has a value, labelled; without those the table row
/// already shows when `skip_row_fields`.
fn detail_fields(
    workspace: &Workspace,
    asset: &Asset,
    today: chrono::NaiveDate,
    skip_row_fields: bool,
) -> Vec<(&'static str, String)> {
    // Every field of the asset (`AssetField`) but its name, which heads the pane, and, in
    // a wide window, those its row shows; a few read better in words.
    let row_fields = [AssetField::Name, AssetField::Kind, AssetField::Ephi, AssetField::Owner];
    let person = |id: Option<crate::domain::Id>| workspace.person_name(id).to_string();
    let mut fields: Vec<(&'static str, String)> = AssetField::ALL
        .iter()
        .filter(|field| **field != AssetField::Name && !(skip_row_fields && row_fields.contains(field)))
        .map(|field| {
            let text = match field {
                AssetField::Ephi => ephi_words(asset),
                AssetField::LastReviewed => match asset.last_reviewed {
                    Some(date) if reviewed_within_a_year(asset, today) => date.to_string(),
                    Some(date) => format!("{date} (over 12 months ago)"),
                    None => "never".to_string(),
                },
                AssetField::Notes => asset.notes.replace('\n', " "),
                AssetField::BaaExpiry => vendor_expiry(asset, today),
                AssetField::AssuranceReceived => vendor_assurance(asset, today),
                field => field.get(asset).shown(field.kind(), &person),
            };
            (field.label(), text)
        })
        .collect();
    let scenarios = workspace
        .risks
        .iter()
        .filter(|risk| risk.asset_ids.contains(&asset.id))
        .count();
    fields.push(("Scenarios naming it", scenarios.to_string()));
    fields.retain(|(_, value)| !value.is_empty());
    fields
}

/// A business associate's agreement expiry, marked when within 30 days or past.
fn vendor_expiry(asset: &Asset, today: chrono::NaiveDate) -> String {
    use crate::domain::vendor::{AgreementState, agreement_state};
    match (asset.baa_expiry, agreement_state(asset, today)) {
        (Some(date), AgreementState::Expiring(_)) => format!("{date} (expiring within 30 days)"),
        (Some(date), AgreementState::Expired(_)) => format!("{date} (EXPIRED)"),
        (date, _) => date.map(|date| date.to_string()).unwrap_or_default(),
    }
}

/// The last written assurance with the next one's due date, marked when overdue.
fn vendor_assurance(asset: &Asset, today: chrono::NaiveDate) -> String {
    use crate::domain::vendor::{AssuranceState, assurance_state};
    match (asset.assurance_received, assurance_state(asset, today)) {
        (Some(date), AssuranceState::Overdue(due)) => format!("{date} (next was due {due}: overdue)"),
        (Some(date), AssuranceState::Current(due)) => format!("{date} (next due {due})"),
        _ => String::new(),
    }
}

/// "create, receive, transmit", or "none (out of scope)".
fn ephi_words(asset: &Asset) -> String {
    let ephi = asset.ephi;
    let words: Vec<&str> = [
        (ephi.create, "create"),
        (ephi.receive, "receive"),
        (ephi.maintain, "maintain"),
        (ephi.transmit, "transmit"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, word)| word)
    .collect();
    if words.is_empty() {
        "none (out of scope)".to_string()
    } else {
        words.join(", ")
    }
}

/// A kind in at most `KIND_WIDTH` characters, whole words.
fn short_kind(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::PaperWorkflow => "Paper workflow",
        AssetKind::CommunicationChannel => "Channel",
        other => other.label(),
    }
}

/// The criticality word without its explanation, for a narrow column.
fn short_criticality(criticality: Criticality) -> &'static str {
    match criticality {
        Criticality::Unknown => "Unknown",
        Criticality::Low => "Low",
        Criticality::Medium => "Medium",
        Criticality::High => "High",
        Criticality::Critical => "Critical",
    }
}
