//! One module per screen. Each screen is a component (see `component`): it owns its
//! state, keys, drawing and hints, and what it asked of the windows it opened. `Screens`
//! holds one of each.

pub mod access;
pub mod dashboard;
pub mod evidence;
mod field_pickers;
pub mod incidents;
pub mod inventory;
pub mod people;
pub mod policies;
pub mod practice;
pub mod program;
pub mod remediation;
pub mod report;
pub mod risks;
pub mod safeguards;
pub mod tests;
pub mod training;
pub mod workforce;

pub use access::AccessScreen;
pub use dashboard::{DashboardItem, DashboardScreen};
pub use evidence::EvidenceScreen;
pub use field_pickers::field_picker;
pub use incidents::IncidentsScreen;
pub use inventory::{InventoryScreen, blank_asset};
pub use people::PeopleScreen;
pub use policies::PoliciesScreen;
pub use practice::PracticeScreen;
pub use program::ProgramScreen;
pub use remediation::RemediationScreen;
pub use report::ReportScreen;
pub use risks::RisksScreen;
pub use safeguards::SafeguardsScreen;
pub use tests::TestsScreen;
pub use training::TrainingScreen;
pub use workforce::WorkforceScreen;

use super::component::Component;
use super::screen::Screen;

/// Every screen, one component each.
#[derive(Default)]
pub struct Screens {
    pub dashboard: DashboardScreen,
    pub practice: PracticeScreen,
    pub people: PeopleScreen,
    pub inventory: InventoryScreen,
    pub safeguards: SafeguardsScreen,
    pub risks: RisksScreen,
    pub remediation: RemediationScreen,
    pub evidence: EvidenceScreen,
    pub report: ReportScreen,
    pub program: ProgramScreen,
    pub workforce: WorkforceScreen,
    pub access: AccessScreen,
    pub policies: PoliciesScreen,
    pub tests: TestsScreen,
    pub incidents: IncidentsScreen,
    pub training: TrainingScreen,
}

impl Screens {
    /// The component of a screen.
    pub fn get(&self, screen: Screen) -> &dyn Component {
        match screen {
            Screen::Dashboard => &self.dashboard,
            Screen::Practice => &self.practice,
            Screen::People => &self.people,
            Screen::Inventory => &self.inventory,
            Screen::Safeguards => &self.safeguards,
            Screen::Risks => &self.risks,
            Screen::Remediation => &self.remediation,
            Screen::Evidence => &self.evidence,
            Screen::Report => &self.report,
            Screen::Program => &self.program,
            Screen::Workforce => &self.workforce,
            Screen::Access => &self.access,
            Screen::Policies => &self.policies,
            Screen::Tests => &self.tests,
            Screen::Incidents => &self.incidents,
            Screen::Training => &self.training,
        }
    }

    pub fn get_mut(&mut self, screen: Screen) -> &mut dyn Component {
        match screen {
            Screen::Dashboard => &mut self.dashboard,
            Screen::Practice => &mut self.practice,
            Screen::People => &mut self.people,
            Screen::Inventory => &mut self.inventory,
            Screen::Safeguards => &mut self.safeguards,
            Screen::Risks => &mut self.risks,
            Screen::Remediation => &mut self.remediation,
            Screen::Evidence => &mut self.evidence,
            Screen::Report => &mut self.report,
            Screen::Program => &mut self.program,
            Screen::Workforce => &mut self.workforce,
            Screen::Access => &mut self.access,
            Screen::Policies => &mut self.policies,
            Screen::Tests => &mut self.tests,
            Screen::Incidents => &mut self.incidents,
            Screen::Training => &mut self.training,
        }
    }

    /// Every screen, to refresh after a write.
    pub fn all_mut(&mut self) -> [&mut dyn Component; Screen::ALL.len()] {
        [
            &mut self.dashboard,
            &mut self.practice,
            &mut self.people,
            &mut self.inventory,
            &mut self.safeguards,
            &mut self.risks,
            &mut self.remediation,
            &mut self.evidence,
            &mut self.report,
            &mut self.program,
            &mut self.workforce,
            &mut self.training,
            &mut self.access,
            &mut self.incidents,
            &mut self.policies,
            &mut self.tests,
        ]
    }
}

/// A level's label and style on the assessment's matrix; "unscored" when not scored.
fn level_span<'a>(ctx: &super::component::Ctx, risk: &crate::domain::Risk) -> ratatui::text::Span<'a> {
    match ctx
        .workspace
        .matrix()
        .and_then(|matrix| Some((matrix, risk.level(matrix)?)))
    {
        Some((matrix, level)) => ratatui::text::Span::styled(
            matrix.results.label(level).unwrap_or("?").to_string(),
            ctx.theme.severity(matrix.severity(level)),
        ),
        None => ratatui::text::Span::styled("Unscored", ctx.theme.dim()),
    }
}
