//! The PDF's "Changes since the last assessment" section: why and when this assessment
//! was started, then what changed since the one it was carried forward from, in the same
//! lines as `hipaa-ra assessment diff` (`domain::changes`).

use super::layout::{BODY, Layout};
use super::model::ReportModel;

pub fn section(layout: &mut Layout, model: &ReportModel) {
    let started = &model.started;
    layout.paragraph(
        &match started.on {
            Some(day) => format!("This assessment was started on {day}. Reason: {}.", started.reason),
            None => format!("Reason for this assessment: {}.", started.reason),
        },
        BODY,
        false,
    );
    let Some(changes) = &model.changes else {
        layout.paragraph(
            "This is the first assessment in the workspace: there is no earlier one to compare with.",
            BODY,
            false,
        );
        return;
    };
    let lines = changes.lines();
    let mut lines = lines.iter();
    if let Some(first) = lines.next() {
        layout.paragraph(first, BODY, true);
    }
    for line in lines {
        match line.strip_prefix("  - ") {
            Some(item) => layout.bullet(item),
            None => layout.paragraph(line, BODY, false),
        }
    }
}
