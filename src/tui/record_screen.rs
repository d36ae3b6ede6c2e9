//! One screen for any kind of record described by its fields (`domain::record`): a list
//! with a filter and a sort, the selected record's every field below it, and a form to add
//! or edit one. A kind of record brings only what is its own (`RecordKind`): where its
//! records are in the snapshot, the columns its list shows, the fields its form edits, a
//! blank record and the write that saves one. Keys are the `Records` scope's, shared by
//! every such screen.

use std::marker::PhantomData;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row};

use super::component::{Component, Ctx, Outcome};
use super::editors::FieldProblem;
use super::keys::{Action, KeyHint, action_on_screen, screen_hints};
use super::list_cursor::ListCursor;
use super::overlays::Overlay;
use chrono::NaiveDate;

use super::protocol::{Command, FilterEdit, MessageKind, Reply, StoreWrite, Write, Written};
use super::record_form::{record_form, record_from_form};
use super::screen::Screen;
use super::widgets::{WindowedTable, clip, empty_state, wrap};
use crate::domain::record::{Field, Record};
use crate::domain::{Id, Person, Workspace};
use crate::store::Store;
use crate::store::records::Stored;

/// The field type of a kind's record.
pub type FieldOf<K> = <<K as RecordKind>::Record as Record>::Field;

/// What a kind of record brings to its screen.
pub trait RecordKind: 'static {
    type Record: Record;
    const SCREEN: Screen;
    /// What one record is called on the screen ("person").
    const NOUN: &'static str;
    /// What the screen says when the list is empty: a heading, then what it is for.
    const EMPTY: (&'static str, &'static [&'static str]);
    /// The list's columns: a field, its heading and its width (0: the rest of the row).
    fn columns() -> &'static [(FieldOf<Self>, &'static str, u16)];
    /// The fields the form edits, in order.
    fn form_fields() -> &'static [FieldOf<Self>];
    /// The records the screen lists, from the snapshot.
    fn records(workspace: &Workspace) -> Vec<&Self::Record>;
    /// A new record, before the form fills it.
    fn blank(ctx: &Ctx) -> Self::Record;
    /// The write that saves a record (a new one has id 0).
    fn save(record: Self::Record) -> Write;
    /// The people a person field chooses from: the snapshot's, which keeps someone who
    /// has left while a record still names them (so a save never drops them unasked).
    fn people(ctx: &Ctx) -> Vec<Person> {
        ctx.workspace.people.clone()
    }
    /// A problem with a record as a whole, named by field, for the form to show; checked
    /// before it is saved.
    fn check(_record: &Self::Record) -> Result<(), FieldProblem> {
        Ok(())
    }
}

/// The screen of one kind of record.
pub struct RecordScreen<K: RecordKind> {
    cursor: ListCursor,
    filter: String,
    filtering: bool,
    /// The column sorted by (an index into `columns`), None for the stored order.
    sort: Option<usize>,
    /// The form open: for a new record (0) or this one.
    editing: Option<Id>,
    /// The list as shown: indexes into `K::records`, filtered and sorted. Worked out again
    /// when the snapshot, the filter or the sort changes, not at every key and redraw.
    listed: Vec<usize>,
    kind: PhantomData<K>,
}

impl<K: RecordKind> Default for RecordScreen<K> {
    fn default() -> Self {
        RecordScreen {
            cursor: ListCursor::default(),
            filter: String::new(),
            filtering: false,
            sort: None,
            editing: None,
            listed: Vec::new(),
            kind: PhantomData,
        }
    }
}

/// The text a field shows in the list and the detail: its value as people read it, a
/// person by name.
fn shown<R: Record>(field: R::Field, record: &R, workspace: &Workspace) -> String {
    let person = |id: Option<Id>| workspace.person_name(id).to_string();
    field.get(record).shown(field.kind(), &person)
}

impl<K: RecordKind> RecordScreen<K> {
    /// The records the list shows, in display order.
    pub fn rows<'a>(&self, workspace: &'a Workspace) -> Vec<&'a K::Record> {
        let records = K::records(workspace);
        self.listed
            .iter()
            .filter_map(|index| records.get(*index).copied())
            .collect()
    }

    /// Works out the list: the records with a field containing the filter (ignoring
    /// case), sorted by the chosen column (ignoring case); the cursor kept in range.
    fn order(&mut self, workspace: &Workspace) {
        let wanted = self.filter.to_lowercase();
        let records = K::records(workspace);
        let mut listed: Vec<usize> = (0..records.len())
            .filter(|index| {
                wanted.is_empty()
                    || FieldOf::<K>::ALL.iter().any(|field| {
                        shown(*field, records[*index], workspace)
                            .to_lowercase()
                            .contains(&wanted)
                    })
            })
            .collect();
        if let Some((field, ..)) = self.sort.and_then(|index| K::columns().get(index)) {
            listed
                .sort_by_cached_key(|index| crate::domain::order::name_key(&shown(*field, records[*index], workspace)));
        }
        self.listed = listed;
        self.cursor.clamp(self.listed.len());
    }

    fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a K::Record> {
        self.rows(workspace).get(self.cursor.row()).copied()
    }

    fn open_form(&mut self, record: K::Record, ctx: &Ctx) -> Outcome {
        let title = if record.id() == 0 {
            format!("Add a {}", K::NOUN)
        } else {
            format!("Edit {}", K::NOUN)
        };
        self.editing = Some(record.id());
        let form = record_form(&title, &record, K::form_fields(), &K::people(ctx));
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    fn next_sort(&mut self, workspace: &Workspace) -> Outcome {
        let count = K::columns().len();
        self.sort = match self.sort {
            None => Some(0),
            Some(index) if index + 1 < count => Some(index + 1),
            Some(_) => None,
        };
        self.cursor = ListCursor::default();
        self.order(workspace);
        let by = self
            .sort
            .and_then(|index| K::columns().get(index))
            .map_or("the order they were added", |(_, heading, _)| heading);
        Outcome::Send(Command::Say(MessageKind::Info, format!("Sorted by {by}")))
    }
}

impl<K: RecordKind> Component for RecordScreen<K> {
    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(K::SCREEN)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(K::SCREEN, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if self.cursor.act(action, self.listed.len()) {
            return Outcome::Handled;
        }
        match action {
            Action::Add => self.open_form(K::blank(ctx), ctx),
            Action::Edit => match self.selected(ctx.workspace) {
                Some(record) => self.open_form(record.clone(), ctx),
                None => Outcome::Handled,
            },
            Action::Filter => {
                self.filtering = true;
                Outcome::Send(Command::Open(Overlay::Filter))
            }
            Action::Sort => self.next_sort(ctx.workspace),
            _ => Outcome::Ignored,
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.editing) {
            (Reply::Filter(edit), _) => {
                if edit.closes() {
                    self.filtering = false;
                }
                if !matches!(edit, FilterEdit::Keep) {
                    edit.apply_to(&mut self.filter);
                    self.cursor = ListCursor::default();
                    self.order(ctx.workspace);
                }
                Outcome::Handled
            }
            (Reply::Submitted(form), Some(id)) => {
                let base = if id == 0 {
                    Some(K::blank(ctx))
                } else {
                    K::records(ctx.workspace)
                        .into_iter()
                        .find(|record| record.id() == id)
                        .cloned()
                };
                let Some(base) = base else {
                    return Outcome::refuse(form, ("", format!("the {} is gone", K::NOUN)));
                };
                let record = record_from_form(&form, &base, K::form_fields(), &K::people(ctx))
                    .and_then(|record| K::check(&record).map(|()| record));
                Outcome::save(form, record.map(K::save))
            }
            (Reply::Saved { id: Some(id) }, _) => {
                let rows = self.rows(ctx.workspace);
                if let Some(row) = rows.iter().position(|record| record.id() == id) {
                    self.cursor.select(row, rows.len());
                }
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn cursor(&self) -> usize {
        self.cursor.row()
    }

    fn row_count(&self, _ctx: &Ctx) -> usize {
        self.listed.len()
    }

    fn refresh(&mut self, ctx: &Ctx) {
        self.order(ctx.workspace);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = ctx.theme;
        let workspace = ctx.workspace;
        if K::records(workspace).is_empty() {
            let (heading, lines) = K::EMPTY;
            empty_state(frame, area, theme, heading, lines);
            return;
        }
        let rows = self.rows(workspace);
        // The selected record whole below the list: every field, "label: value".
        let detail: Vec<String> = rows
            .get(self.cursor.row())
            .map(|record| {
                let parts: Vec<String> = FieldOf::<K>::ALL
                    .iter()
                    .map(|field| (field.label(), shown(*field, *record, workspace)))
                    .filter(|(_, text)| !text.is_empty())
                    .map(|(label, text)| format!("{label}: {text}"))
                    .collect();
                wrap(&parts.join(" · "), usize::from(area.width))
            })
            .unwrap_or_default();
        let detail_height = (detail.len() as u16).min(area.height / 3);
        let filter_height = u16::from(self.filtering || !self.filter.is_empty());
        let [filter_area, table_area, detail_area] = Layout::vertical([
            Constraint::Length(filter_height),
            Constraint::Min(2),
            Constraint::Length(detail_height),
        ])
        .areas(area);
        if filter_height > 0 {
            let cursor = if self.filtering { "▏" } else { "" };
            let line = format!(
                "Filter: {}{cursor}  ({} of {})",
                self.filter,
                rows.len(),
                K::records(workspace).len()
            );
            frame.render_widget(Paragraph::new(Line::styled(line, theme.dim())), filter_area);
        }
        let lines: Vec<Line> = detail.into_iter().map(|line| Line::styled(line, theme.dim())).collect();
        frame.render_widget(Paragraph::new(lines), detail_area);
        let widths: Vec<Constraint> = K::columns()
            .iter()
            .map(|(_, _, width)| {
                if *width == 0 {
                    Constraint::Fill(1)
                } else {
                    Constraint::Length(*width)
                }
            })
            .collect();
        let fill = super::widgets::fill_width(table_area.width, &widths);
        let header = Row::new(K::columns().iter().enumerate().map(|(index, (_, heading, _))| {
            if self.sort == Some(index) {
                format!("{heading} ↑")
            } else {
                heading.to_string()
            }
        }));
        WindowedTable {
            header,
            widths: &widths,
            count: rows.len(),
            selected: self.cursor.row(),
            theme,
        }
        .draw(frame, table_area, |index| {
            let record = rows[index];
            Row::new(K::columns().iter().map(|(field, _, width)| {
                let width = if *width == 0 { fill } else { usize::from(*width) };
                clip(&shown(*field, record, workspace), width)
            }))
        });
    }
}

/// The write of a record screen's form: the record added (id 0) or saved whole, in one
/// transaction (`Store::save_record`).
pub struct SaveRecord<R>(pub R);

impl<R: Stored + 'static> StoreWrite for SaveRecord<R> {
    fn apply(self: Box<Self>, store: &mut Store, _today: NaiveDate) -> crate::store::Result<Written> {
        let record = self.0;
        let id = store.save_record(&record)?;
        // The first field names the record (a person's name, an asset's).
        let name = <R::Field as Field>::ALL
            .first()
            .map(|field| field.get(&record).canonical(&|_| String::new()))
            .unwrap_or_default();
        Ok(Written::saved(id, format!("Saved {name}")))
    }
}
