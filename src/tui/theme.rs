//! Meaning-based styles. Widgets ask for `theme.selected()` or `theme.severity(..)`, never
//! a raw colour, so the monochrome theme (NO_COLOR) is one switch: it keeps emphasis with
//! bold, reverse and underline, and screens always print words next to colours.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::Severity;
use crate::domain::readiness::SignalLevel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub const COLOR: Theme = Theme { color: true };
    pub const MONOCHROME: Theme = Theme { color: false };

    /// Monochrome when `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(value) if !value.is_empty() => Theme::MONOCHROME,
            _ => Theme::COLOR,
        }
    }

    fn pick(self, color: Style, mono: Style) -> Style {
        if self.color { color } else { mono }
    }

    pub fn title(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn heading(self) -> Style {
        self.pick(
            Style::new().fg(Color::LightBlue).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn selected(self) -> Style {
        self.pick(
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    /// A text field being typed in.
    pub fn input(self) -> Style {
        self.pick(
            Style::new().bg(Color::Indexed(237)).fg(Color::White),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
    }

    /// The text selected in a text field (all of it, on moving in: typing replaces it).
    pub fn selection(self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The typing cursor in a text field: visible on `input` in both themes.
    pub fn cursor(self) -> Style {
        self.pick(
            Style::new().bg(Color::Yellow).fg(Color::Black),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn dim(self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    pub fn key(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn border(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn status_bar(self) -> Style {
        self.pick(
            Style::new().bg(Color::Indexed(236)).fg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn warning(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn signal(self, level: SignalLevel) -> Style {
        match level {
            SignalLevel::Green => self.pick(Style::new().fg(Color::Green), Style::new()),
            SignalLevel::Amber => self.warning(),
            SignalLevel::Red => self.error(),
        }
    }

    pub fn severity(self, severity: Severity) -> Style {
        match severity {
            Severity::Lowest => self.pick(Style::new().fg(Color::Green), Style::new().add_modifier(Modifier::DIM)),
            Severity::Low => self.pick(Style::new().fg(Color::LightGreen), Style::new()),
            Severity::Middle => self.pick(
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Severity::High => self.pick(
                Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ),
            Severity::Highest => self.pick(
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
        }
    }

    /// A heat-map cell: filled with the level's colour; monochrome cells rely on the
    /// level's initials printed in them.
    pub fn heat_cell(self, severity: Severity) -> Style {
        let background = match severity {
            Severity::Lowest => Color::Green,
            Severity::Low => Color::LightGreen,
            Severity::Middle => Color::Yellow,
            Severity::High => Color::LightRed,
            Severity::Highest => Color::Red,
        };
        self.pick(Style::new().bg(background).fg(Color::Black), Style::new())
    }
}
