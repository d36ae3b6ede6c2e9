//! The screens, in sidebar order, with the key that reaches each.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Dashboard,
    Practice,
    People,
    Inventory,
    Safeguards,
    Risks,
    Remediation,
    Evidence,
    Report,
    /// The program between analyses: what is overdue and due soon, first.
    Program,
    Workforce,
    Access,
    Policies,
    /// Security incidents and their breach assessments.
    Incidents,
    Training,
    /// Contingency plan tests.
    Tests,
}

impl Screen {
    pub const ALL: &'static [Screen] = &[
        Screen::Dashboard,
        Screen::Practice,
        Screen::People,
        Screen::Inventory,
        Screen::Safeguards,
        Screen::Risks,
        Screen::Remediation,
        Screen::Evidence,
        Screen::Report,
        Screen::Program,
        Screen::Workforce,
        Screen::Training,
        Screen::Access,
        Screen::Incidents,
        Screen::Policies,
        Screen::Tests,
    ];

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|screen| *screen == self).unwrap_or(0)
    }

    /// The first screen of the program between analyses: the screens from it on are the
    /// sidebar's "Program" part, all reached by its digit (`9`, again for the next one),
    /// because the digits run out before the program's screens do.
    pub const FIRST_PROGRAM: Screen = Screen::Program;

    /// A screen of the program between analyses (the sidebar's "Program" part).
    pub fn is_program(self) -> bool {
        self.index() >= Screen::FIRST_PROGRAM.index()
    }

    /// The program's screens, in sidebar order.
    pub fn program() -> &'static [Screen] {
        &Screen::ALL[Screen::FIRST_PROGRAM.index()..]
    }

    /// Where a screen key leads from this screen: the program's key, pressed on one of
    /// its screens, goes to the next one (wrapping); every other key to its screen.
    pub fn go_to(self, target: Screen) -> Screen {
        if target == Screen::FIRST_PROGRAM && self.is_program() {
            let program = Screen::program();
            let here = self.index() - Screen::FIRST_PROGRAM.index();
            program[(here + 1) % program.len()]
        } else {
            target
        }
    }

    /// The digit that opens the screen, as shown in the sidebar; the program's screens
    /// share the program's digit.
    pub fn hotkey(self) -> char {
        let index = self.index().min(Screen::FIRST_PROGRAM.index());
        char::from_digit(index as u32, 10).unwrap_or('?')
    }

    pub fn name(self) -> &'static str {
        match self {
            Screen::Dashboard => "Dashboard",
            Screen::Practice => "Practice",
            Screen::People => "People",
            Screen::Inventory => "Inventory",
            Screen::Safeguards => "Safeguards",
            Screen::Risks => "Risks",
            Screen::Remediation => "Remediation",
            Screen::Evidence => "Evidence",
            Screen::Report => "Report",
            Screen::Program => "Program",
            Screen::Workforce => "Workforce",
            Screen::Access => "Access",
            Screen::Policies => "Policies",
            Screen::Incidents => "Incidents",
            Screen::Training => "Training",
            Screen::Tests => "Tests",
        }
    }

    /// The name in at most six letters, for the narrow sidebar (below `WIDE` columns):
    /// a whole short name, or an abbreviation marked with a full stop.
    pub fn short_name(self) -> &'static str {
        match self {
            Screen::Dashboard => "Dash.",
            Screen::Practice => "Pract.",
            Screen::People => "People",
            Screen::Inventory => "Inv.",
            Screen::Safeguards => "Safeg.",
            Screen::Risks => "Risks",
            Screen::Remediation => "Remed.",
            Screen::Evidence => "Evid.",
            Screen::Report => "Report",
            Screen::Program => "Due",
            Screen::Workforce => "Workf.",
            Screen::Access => "Access",
            Screen::Policies => "Polic.",
            Screen::Incidents => "Incid.",
            Screen::Training => "Train.",
            Screen::Tests => "Tests",
        }
    }

    /// A screen of records of one kind (`record_screen`), whose keys are the `Records`
    /// scope's.
    pub fn is_records(self) -> bool {
        matches!(self, Screen::Workforce | Screen::Policies | Screen::Tests)
    }

    pub fn next(self) -> Screen {
        Screen::ALL[(self.index() + 1) % Screen::ALL.len()]
    }

    pub fn previous(self) -> Screen {
        Screen::ALL[(self.index() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }
}
