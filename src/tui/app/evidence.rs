//! The Evidence screen's keys: add and edit records, attach a file from a typed or pasted
//! path, link a record to safeguard items, risks and actions, save a stored file back
//! out unchanged, and delete.

use std::path::Path;

use super::{App, FormTarget, Overlay, PickPurpose};
use crate::domain::{Evidence, EvidenceKind, EvidenceLink, Id, Labeled, LinkTarget};
use crate::tui::editors::{self, FieldProblem};
use crate::tui::keys::Action;
use crate::tui::picker::{PickRow, Picker};
use crate::tui::screen::Screen;

/// Files larger than this are better kept outside and referenced by location.
const LARGEST_STORED_FILE: u64 = 100 * 1024 * 1024;

impl App {
    pub fn selected_evidence(&self) -> Option<&Evidence> {
        self.workspace.evidence.get(self.cursor(Screen::Evidence))
    }

    pub(super) fn update_evidence(&mut self, action: Action) -> bool {
        let selected = self.selected_evidence().cloned();
        match (action, selected) {
            (Action::Add, _) => {
                let blank = Evidence {
                    id: 0,
                    title: String::new(),
                    kind: EvidenceKind::Policy,
                    dated: Some(self.today),
                    owner_id: None,
                    review_cycle_months: Some(12),
                    location: String::new(),
                    file: None,
                    links: Vec::new(),
                };
                let form = editors::evidence_form("Add an evidence record", &blank, &self.workspace.people);
                self.open_form(form, FormTarget::NewEvidence);
            }
            (Action::Edit, Some(evidence)) => {
                let form = editors::evidence_form("Edit evidence", &evidence, &self.workspace.people);
                self.open_form(form, FormTarget::EditEvidence(evidence.id));
            }
            (Action::Link, Some(evidence)) => self.open_link_picker(&evidence),
            (Action::SaveOut, Some(evidence)) => match &evidence.file {
                Some(file) => {
                    let dir = self.store.path().parent().unwrap_or(Path::new("."));
                    // Only the name's last part: a stored name with folders in it (from an
                    // old import) must not lead the default outside the folder.
                    let name = Path::new(&file.file_name)
                        .file_name()
                        .map_or_else(|| "evidence".into(), |name| name.to_string_lossy().into_owned());
                    let default = dir.join(name).display().to_string();
                    let form = editors::save_file_form(&evidence, &default);
                    self.open_form(form, FormTarget::SaveEvidenceFile(evidence.id));
                }
                None => self.info(format!(
                    "{} has no stored file; press {} to attach one",
                    evidence.title,
                    crate::tui::keys::keys_for(crate::tui::keys::Scope::Screen(Screen::Evidence), Action::Edit)
                )),
            },
            (Action::Delete, Some(evidence)) => self.ask_delete_evidence(&evidence),
            (Action::Edit | Action::Link | Action::SaveOut | Action::Delete, None) => {}
            _ => return false,
        }
        true
    }

    fn open_link_picker(&mut self, evidence: &Evidence) {
        let linked = |target: LinkTarget, reference: &str| {
            evidence
                .links
                .iter()
                .any(|link| link.target == target && link.target_ref == reference)
        };
        let mut rows: Vec<PickRow> = self
            .catalog
            .items
            .iter()
            .map(|item| {
                PickRow::new(
                    link_key(LinkTarget::Safeguard, &item.citation),
                    &item.name,
                    &item.citation,
                )
                .checked(linked(LinkTarget::Safeguard, &item.citation))
            })
            .collect();
        rows.extend(self.workspace.risks.iter().map(|risk| {
            let reference = risk.id.to_string();
            PickRow::new(
                link_key(LinkTarget::Risk, &reference),
                &risk.threat,
                format!("risk {reference}"),
            )
            .checked(linked(LinkTarget::Risk, &reference))
        }));
        rows.extend(self.workspace.actions.iter().map(|action| {
            let reference = action.id.to_string();
            PickRow::new(
                link_key(LinkTarget::Action, &reference),
                &action.title,
                format!("action {reference}"),
            )
            .checked(linked(LinkTarget::Action, &reference))
        }));
        let picker = Picker::new(
            format!("Link: {}", evidence.title),
            "Tick the safeguard items, risks and actions this record supports.",
            rows,
            true,
        );
        self.open(Overlay::Picker {
            picker,
            purpose: Some(PickPurpose::EvidenceLinks(evidence.id)),
        });
    }

    pub(super) fn save_evidence_links(&mut self, evidence_id: Id, chosen: &[String]) {
        let links: Vec<EvidenceLink> = chosen.iter().filter_map(|key| parse_link_key(key)).collect();
        let count = links.len();
        let outcome = self.store.set_evidence_links(evidence_id, &links);
        let records = if count == 1 { "record" } else { "records" };
        self.after_write(outcome.map(|()| format!("Linked to {count} {records}")));
    }

    pub(super) fn save_evidence_form(
        &mut self,
        form: &crate::tui::form::Form,
        target: FormTarget,
    ) -> Result<String, FieldProblem> {
        let store_problem = |error: crate::store::StoreError| ("", error.to_string());
        match target {
            FormTarget::NewEvidence | FormTarget::EditEvidence(_) => {
                let base = match target {
                    FormTarget::EditEvidence(id) => self
                        .workspace
                        .evidence
                        .iter()
                        .find(|record| record.id == id)
                        .cloned()
                        .ok_or(("", "the record is gone".to_string()))?,
                    _ => Evidence {
                        id: 0,
                        title: String::new(),
                        kind: EvidenceKind::Other,
                        dated: None,
                        owner_id: None,
                        review_cycle_months: None,
                        location: String::new(),
                        file: None,
                        links: Vec::new(),
                    },
                };
                let edit = editors::evidence_from_form(form, &base, &self.workspace.people)?;
                let file = match edit.attach.as_deref() {
                    None => None,
                    Some(path) => match self.read_input.take() {
                        // Read on the worker for this save.
                        Some(super::ReadInput::Attachment { path: read, bytes }) if read == path => {
                            Some((attachment_name(path), bytes))
                        }
                        _ if crate::tui::worker::is_large(path) => {
                            let job = crate::tui::worker::Job::ReadAttachment {
                                path: path.to_path_buf(),
                                limit: LARGEST_STORED_FILE,
                            };
                            let problem = if self.start_job(job) {
                                format!("Reading {} in the background: saved once read", path.display())
                            } else {
                                "other work is running; press Enter again once it is done".to_string()
                            };
                            return Err(("attach", problem));
                        }
                        _ => Some(read_attachment(path)?),
                    },
                };
                let file_ref = file.as_ref().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
                let title = edit.evidence.title.clone();
                let id = if edit.evidence.id == 0 {
                    self.store
                        .add_evidence(&edit.evidence, file_ref)
                        .map_err(store_problem)?
                } else {
                    self.store
                        .update_evidence(&edit.evidence, file_ref)
                        .map_err(store_problem)?;
                    edit.evidence.id
                };
                self.pending_evidence = Some(id);
                Ok(match file {
                    Some((name, bytes)) => format!("Saved {title} with {name} ({} bytes) stored", bytes.len()),
                    None => format!("Saved {title}"),
                })
            }
            FormTarget::SaveEvidenceFile(id) => {
                let path = editors::save_path(form)?;
                let bytes = self.store.evidence_file(id).map_err(store_problem)?;
                write_new_file(&path, &bytes).map_err(|problem| ("path", problem))?;
                Ok(format!("Saved {} ({} bytes) unchanged", path.display(), bytes.len()))
            }
            _ => Err(("", "not an evidence form".to_string())),
        }
    }
}

fn link_key(target: LinkTarget, reference: &str) -> String {
    format!("{}:{reference}", target.key())
}

fn parse_link_key(key: &str) -> Option<EvidenceLink> {
    let (target, reference) = key.split_once(':')?;
    Some(EvidenceLink {
        target: LinkTarget::from_key(target)?,
        target_ref: reference.to_string(),
    })
}

/// Reads a file to attach: its name (without folders) and bytes, or a problem for the
/// form's attach field. Only a regular file: a pipe or a device would hang the TUI.
fn read_attachment(path: &Path) -> Result<(String, Vec<u8>), FieldProblem> {
    let bytes = crate::input::read_regular_file(path, LARGEST_STORED_FILE, "; note where it is kept instead")
        .map_err(|problem| ("attach", problem))?;
    Ok((attachment_name(path), bytes))
}

/// The name an attachment is stored under: the file's name without its folders.
fn attachment_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "attachment".to_string(), |name| name.to_string_lossy().into_owned())
}

/// Writes a new file, never replacing one that is there, through the same writer as
/// every other output.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::output::write(path, bytes, crate::output::Rules::new_only()).map_err(|error| error.to_string())
}
