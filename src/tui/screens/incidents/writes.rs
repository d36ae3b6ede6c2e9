//! The Incidents screen's writes: one store call, one transaction each.

use chrono::NaiveDate;

use crate::domain::Id;
use crate::domain::incident::{Incident, TimelineEntry};
use crate::store::{Result, Store};
use crate::tui::protocol::{StoreWrite, Written};

pub enum IncidentWrite {
    /// An incident's fields or its breach assessment, added (id 0) or saved.
    Save(Box<Incident>),
    AddEntry {
        incident_id: Id,
        entry: TimelineEntry,
    },
    Close {
        incident_id: Id,
        on: NaiveDate,
        outcome: String,
    },
    /// The assets and scenarios it concerns, replacing the ones it had.
    Link {
        incident_id: Id,
        asset_ids: Vec<Id>,
        risk_ids: Vec<Id>,
    },
}

impl StoreWrite for IncidentWrite {
    fn apply(self: Box<Self>, store: &mut Store, _today: NaiveDate) -> Result<Written> {
        match *self {
            IncidentWrite::Save(incident) => {
                let id = store.save_incident(&incident)?;
                Ok(Written::saved(id, format!("Saved {}", incident.title)))
            }
            IncidentWrite::AddEntry { incident_id, entry } => {
                store.add_timeline_entry(incident_id, &entry)?;
                Ok(Written::saved(
                    incident_id,
                    format!("Added {} of {}", entry.kind, entry.on),
                ))
            }
            IncidentWrite::Close {
                incident_id,
                on,
                outcome,
            } => {
                store.close_incident(incident_id, on, &outcome)?;
                Ok(Written::saved(incident_id, format!("Closed on {on}")))
            }
            IncidentWrite::Link {
                incident_id,
                asset_ids,
                risk_ids,
            } => {
                store.link_incident(incident_id, &asset_ids, &risk_ids)?;
                Ok(Written::saved(
                    incident_id,
                    format!(
                        "Linked {} and {}",
                        count(asset_ids.len(), "asset"),
                        count(risk_ids.len(), "scenario")
                    ),
                ))
            }
        }
    }
}

/// "1 asset", "2 assets", "no asset".
fn count(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}"),
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
