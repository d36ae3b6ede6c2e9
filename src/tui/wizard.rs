//! The first-run wizard of a new workspace: the practice's name and the assessor's name.
//! The full practice profile is edited on the Practice screen.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Theme;
use crate::store::{Result, Store, StoreError};

pub struct Wizard {
    fields: [TextArea<'static>; 2],
    focus: usize,
    error: Option<String>,
}

pub enum WizardOutcome {
    Continue,
    Cancel,
    Finish(WizardAnswers),
}

pub struct WizardAnswers {
    pub practice_name: String,
    pub assessor: String,
}

impl WizardAnswers {
    pub fn save(&self, store: &mut Store) -> Result<()> {
        let mut practice = store.practice()?;
        practice.name = self.practice_name.clone();
        store.set_assessor(&self.assessor)?;
        store.save_practice(&practice)
    }
}

const LABELS: [&str; 2] = ["Practice name", "Your name (the assessor)"];

impl Wizard {
    pub fn new(store: &Store) -> Wizard {
        let mut practice = TextArea::default();
        practice.set_placeholder_text("for example: Riverside Family Medicine");
        let mut assessor = TextArea::new(vec![store.assessor().unwrap_or_default()]);
        assessor.move_cursor(ratatui_textarea::CursorMove::End);
        Wizard {
            fields: [practice, assessor],
            focus: 0,
            error: None,
        }
    }

    fn value(&self, index: usize) -> String {
        self.fields[index].lines().join(" ").trim().to_string()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> WizardOutcome {
        match key.code {
            KeyCode::Esc => WizardOutcome::Cancel,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                self.focus = 1 - self.focus;
                WizardOutcome::Continue
            }
            KeyCode::Enter => {
                if self.focus == 0 {
                    self.focus = 1;
                    return WizardOutcome::Continue;
                }
                match self.answers() {
                    Ok(answers) => WizardOutcome::Finish(answers),
                    Err(error) => {
                        self.error = Some(error.to_string());
                        WizardOutcome::Continue
                    }
                }
            }
            _ => {
                self.fields[self.focus].input(key);
                self.error = None;
                WizardOutcome::Continue
            }
        }
    }

    fn answers(&mut self) -> Result<WizardAnswers> {
        let practice_name = self.value(0);
        let assessor = self.value(1);
        for (index, value) in [&practice_name, &assessor].into_iter().enumerate() {
            if value.is_empty() {
                self.focus = index;
                return Err(StoreError::Invalid(format!("{} cannot be empty", LABELS[index])));
            }
        }
        Ok(WizardAnswers {
            practice_name,
            assessor,
        })
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = super::view::centered(area, 64, 14);
        frame.render_widget(Clear, popup);
        let block = Block::bordered()
            .title(" New workspace ")
            .title_style(theme.title())
            .border_style(theme.border());
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [intro, first, second, error, hint] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new("Two answers to start; the rest of the profile is on the Practice screen.")
                .wrap(Wrap { trim: true }),
            intro,
        );
        for (index, field_area) in [first, second].into_iter().enumerate() {
            let mut field = self.fields[index].clone();
            let style = if index == self.focus {
                theme.title()
            } else {
                theme.border()
            };
            field.set_block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(LABELS[index])
                    .border_style(style),
            );
            field.set_cursor_line_style(ratatui::style::Style::new());
            if index != self.focus {
                field.set_cursor_style(ratatui::style::Style::new());
            }
            frame.render_widget(&field, field_area);
        }
        if let Some(message) = &self.error {
            frame.render_widget(Paragraph::new(message.as_str()).style(theme.error()), error);
        }
        frame.render_widget(
            Line::from("Tab next field   Enter save   Esc skip for now").style(theme.dim()),
            hint,
        );
    }
}
