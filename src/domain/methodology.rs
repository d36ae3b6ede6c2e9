//! How an assessment was carried out: the methodology fields the report prints and an
//! investigator asks about (NIST SP 800-30 section 3.1: assumptions and constraints,
//! information sources, participants, how data was collected, and whether likelihood is
//! judged with the existing controls in place). Plain text, edited on the practice form.

use serde::{Deserialize, Serialize};

use crate::labeled_enum;

labeled_enum! {
    /// Whether likelihood is judged with the practice's existing controls in place
    /// (the current risk, what NIST SP 800-30 and the HHS SRA Tool do) or without them.
    #[derive(Default)]
    pub enum LikelihoodBasis {
        #[default]
        WithControls => ("with_controls", "Counts existing controls (current risk)"),
        WithoutControls => ("without_controls", "Ignores existing controls (inherent risk)"),
    }
}

/// The methodology of one assessment. Every text field may hold several lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Methodology {
    /// What the analysis took for granted and what limited it (time, access, sites).
    pub assumptions: String,
    /// Where the facts came from: interviews, system reports, vendor statements...
    pub information_sources: String,
    /// Who took part, with their roles.
    pub participants: String,
    /// How data was collected: interviews, walk-throughs, questionnaires, scans.
    pub data_collection: String,
    pub likelihood_basis: LikelihoodBasis,
}

impl Methodology {
    /// The text fields a defensible report needs, each with its label, for forms and
    /// reports that list them in the same order.
    pub fn fields(&self) -> [(&'static str, &str); 4] {
        [
            ("Assumptions and constraints", &self.assumptions),
            ("Information sources", &self.information_sources),
            ("Participants", &self.participants),
            ("Data-collection methods", &self.data_collection),
        ]
    }
}
