//! Security incidents (§164.308(a)(6)(ii)) and their breach assessments (§164.402): a
//! program screen. The list, its filter and sort and the selected incident's fields are
//! the generic record screen's (`record_screen`); this screen adds the timeline and the
//! breach's state below them, and its own forms: the incident, the breach assessment, a
//! timeline entry and the closing; and the picker of the assets and scenarios it concerns.

mod forms;
mod links;
mod writes;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::breach::{log_deadline, notices_missing, notification_deadline};
use crate::domain::incident::{Conclusion, Incident, IncidentField, IncidentStatus, SafeHarbor};
use crate::domain::{Id, Labeled, Workspace};
use crate::tui::component::{Component, Ctx, Outcome};
use crate::tui::keys::{Action, KeyHint, action_on_screen, screen_hints};
use crate::tui::overlays::Overlay;
use crate::tui::protocol::{Command, MessageKind, Reply, Write};
use crate::tui::record_screen::{RecordKind, RecordScreen};
use crate::tui::screen::Screen;
use crate::tui::widgets::{clip, wrap};
use writes::IncidentWrite;

/// The kind of record the list shows.
pub struct Incidents;

impl RecordKind for Incidents {
    type Record = Incident;
    const SCREEN: Screen = Screen::Incidents;
    const NOUN: &'static str = "incident";
    const EMPTY: (&'static str, &'static [&'static str]) = (
        "No incidents recorded",
        &[
            "A lost phone, a misdirected fax, a phishing click: what happened, how it was handled and how it ended.",
            "Press a to add one. Counts and categories only: no patient identifiers.",
        ],
    );

    fn columns() -> &'static [(IncidentField, &'static str, u16)] {
        &[
            (IncidentField::Title, "Title", 0),
            (IncidentField::Discovered, "Discovered", 10),
            (IncidentField::Severity, "Severity", 8),
            (IncidentField::Status, "Status", 9),
            (IncidentField::Conclusion, "Breach?", 12),
        ]
    }

    fn form_fields() -> &'static [IncidentField] {
        IncidentField::INCIDENT
    }

    fn records(workspace: &Workspace) -> Vec<&Incident> {
        workspace.incidents.iter().collect()
    }

    fn blank(ctx: &Ctx) -> Incident {
        Incident {
            discovered_on: Some(ctx.today),
            ..Incident::default()
        }
    }

    fn save(incident: Incident) -> Write {
        Write::new(IncidentWrite::Save(Box::new(incident)))
    }
}

/// Which of this screen's forms is open, and for which incident (0: a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Incident(Id),
    Breach(Id),
    Timeline(Id),
    Close(Id),
    /// The picker of its assets and scenarios.
    Links(Id),
}

#[derive(Default)]
pub struct IncidentsScreen {
    list: RecordScreen<Incidents>,
    open: Option<Open>,
}

impl IncidentsScreen {
    fn selected<'a>(&self, workspace: &'a Workspace) -> Option<&'a Incident> {
        self.list.rows(workspace).get(self.list.cursor()).copied()
    }

    fn incident(workspace: &Workspace, id: Id) -> Option<&Incident> {
        workspace.incidents.iter().find(|incident| incident.id == id)
    }

    fn open_form(&mut self, open: Open, form: crate::tui::form::Form) -> Outcome {
        self.open = Some(open);
        Outcome::Send(Command::Open(Overlay::form(form)))
    }

    /// An action on the selected incident, or a word that there is none.
    fn on_selected(&mut self, ctx: &Ctx, then: impl FnOnce(&mut Self, &Incident) -> Outcome) -> Outcome {
        match self.selected(ctx.workspace) {
            Some(incident) => then(self, incident),
            None => Outcome::Send(Command::Say(MessageKind::Info, "No incident selected".to_string())),
        }
    }

    fn submitted(&mut self, open: Open, form: crate::tui::form::Form, ctx: &Ctx) -> Outcome {
        let base = |id: Id| -> Option<Incident> {
            if id == 0 {
                Some(Incidents::blank(ctx))
            } else {
                Self::incident(ctx.workspace, id).cloned()
            }
        };
        let gone = |form| Outcome::refuse(form, ("", "the incident is gone".to_string()));
        match open {
            Open::Incident(id) | Open::Breach(id) => {
                let Some(base) = base(id) else { return gone(form) };
                let fields = if matches!(open, Open::Breach(_)) {
                    IncidentField::BREACH
                } else {
                    IncidentField::INCIDENT
                };
                let incident = forms::incident_from_form(&form, &base, fields);
                Outcome::save(
                    form,
                    incident.map(|incident| Write::new(IncidentWrite::Save(Box::new(incident)))),
                )
            }
            Open::Timeline(incident_id) => {
                let entry = forms::entry_from_form(&form);
                Outcome::save(
                    form,
                    entry.map(|entry| Write::new(IncidentWrite::AddEntry { incident_id, entry })),
                )
            }
            // Only a picker answers with `Chosen`; a form never submits for it.
            Open::Links(_) => Outcome::Ignored,
            Open::Close(incident_id) => {
                let closing = forms::close_from_form(&form);
                Outcome::save(
                    form,
                    closing.map(|(on, outcome)| {
                        Write::new(IncidentWrite::Close {
                            incident_id,
                            on,
                            outcome,
                        })
                    }),
                )
            }
        }
    }
}

/// The breach assessment in one line: not done, its conclusion, and for a breach its
/// deadline and the notices sent or missing.
pub fn breach_line(incident: &Incident) -> String {
    let Some(conclusion) = incident.conclusion else {
        return "Breach assessment: not done".to_string();
    };
    match conclusion {
        Conclusion::NotBreach => {
            let why = if incident.safe_harbor == Some(SafeHarbor::Yes) {
                " (encrypted: safe harbor)"
            } else if let Some(exception) = incident.exception {
                return format!("Not a breach: {}", exception.label().to_lowercase());
            } else {
                " (low probability of compromise)"
            };
            format!("Not a breach{why}")
        }
        Conclusion::Undetermined => "Breach assessment undetermined: a breach is presumed".to_string(),
        Conclusion::Breach => {
            let affected = incident.individuals_affected.map_or_else(
                || "count not recorded".to_string(),
                |count| format!("{count} individuals"),
            );
            let deadline = notification_deadline(incident)
                .map_or_else(|| "no discovery date".to_string(), |on| format!("notify by {on}"));
            let missing = notices_missing(incident);
            let notices = if missing.is_empty() {
                let notified = incident
                    .individuals_notified_on
                    .map_or_else(String::new, |on| format!("notified {on}"));
                let log = match (incident.individuals_affected, incident.discovered_on) {
                    (Some(count), Some(on)) if count < 500 => {
                        use chrono::Datelike;
                        log_deadline(on.year())
                            .map_or_else(String::new, |due| format!("; HHS: {} log, due {due}", on.year()))
                    }
                    _ => String::new(),
                };
                format!("{notified}{log}")
            } else {
                format!("not yet notified: {}", missing.join(", "))
            };
            format!("Breach, {affected}: {deadline}; {notices}")
        }
    }
}

impl Component for IncidentsScreen {
    fn keys(&self) -> Vec<KeyHint> {
        screen_hints(Screen::Incidents)
    }

    fn handle(&mut self, key: KeyEvent, ctx: &Ctx) -> Outcome {
        action_on_screen(Screen::Incidents, key).map_or(Outcome::Ignored, |action| self.act(action, ctx))
    }

    fn act(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Add => {
                let blank = Incidents::blank(ctx);
                self.open_form(Open::Incident(0), forms::incident_form(&blank))
            }
            Action::Edit => self.on_selected(ctx, |screen, incident| {
                screen.open_form(Open::Incident(incident.id), forms::incident_form(incident))
            }),
            Action::BreachAssessment => self.on_selected(ctx, |screen, incident| {
                screen.open_form(Open::Breach(incident.id), forms::breach_form(incident))
            }),
            Action::Timeline => self.on_selected(ctx, |screen, incident| {
                screen.open_form(Open::Timeline(incident.id), forms::timeline_form(incident, ctx.today))
            }),
            Action::CloseRecord => self.on_selected(ctx, |screen, incident| {
                if incident.status == IncidentStatus::Closed {
                    return Outcome::Send(Command::Say(
                        MessageKind::Info,
                        format!("\"{}\" is already closed", incident.title),
                    ));
                }
                screen.open_form(Open::Close(incident.id), forms::close_form(incident, ctx.today))
            }),
            Action::Link => self.on_selected(ctx, |screen, incident| {
                screen.open = Some(Open::Links(incident.id));
                Outcome::Send(Command::Open(Overlay::picker(links::link_picker(
                    incident,
                    ctx.workspace,
                ))))
            }),
            other => self.list.act(other, ctx),
        }
    }

    fn receive(&mut self, reply: Reply, ctx: &Ctx) -> Outcome {
        match (reply, self.open) {
            (Reply::Submitted(form), Some(open)) => self.submitted(open, form, ctx),
            (Reply::Chosen(keys), Some(Open::Links(incident_id))) => {
                self.open = None;
                let Some(incident) = Self::incident(ctx.workspace, incident_id) else {
                    return Outcome::Send(Command::Say(MessageKind::Error, "The incident is gone".to_string()));
                };
                let (asset_ids, risk_ids) = links::chosen_links(incident, ctx.workspace, &keys);
                Outcome::Send(Command::Write {
                    write: Write::new(IncidentWrite::Link {
                        incident_id,
                        asset_ids,
                        risk_ids,
                    }),
                    form: None,
                })
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
        let Some(incident) = self.selected(ctx.workspace) else {
            self.list.draw(frame, area, ctx);
            return;
        };
        let width = usize::from(area.width);
        // The breach's state whole (its deadline and notices are the point), wrapped.
        let mut lines: Vec<Line> = wrap(&breach_line(incident), width)
            .into_iter()
            .map(|text| Line::styled(text, ctx.theme.dim()))
            .collect();
        lines.extend(
            wrap(&links::links_line(incident, ctx.workspace), width)
                .into_iter()
                .map(|text| Line::styled(text, ctx.theme.dim())),
        );
        let heading = lines.len();
        if incident.timeline.is_empty() {
            lines.push(Line::styled("Timeline: no entry yet", ctx.theme.dim()));
        }
        for entry in &incident.timeline {
            let text = format!("{}  {:<13} {}", entry.on, entry.kind.label(), entry.note);
            lines.push(Line::raw(clip(&text, width)));
        }
        // The list keeps at least half the screen; the timeline's latest entries show.
        let room = (area.height / 2).max(heading as u16 + 1);
        let height = (lines.len() as u16).min(room);
        if lines.len() > usize::from(height) {
            let keep = usize::from(height).saturating_sub(heading);
            let first = lines.len() - keep;
            let latest: Vec<Line> = lines.drain(first..).collect();
            lines.truncate(heading);
            lines.extend(latest);
        }
        let [list_area, panel_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        self.list.draw(frame, list_area, ctx);
        frame.render_widget(Paragraph::new(lines), panel_area);
    }
}
