//! `hipaa-ra catalog --proposed`: the requirements of the January 2025 proposed rule, each
//! line saying PROPOSED, so a list copied out of context is never mistaken for the rule
//! in force. And `hipaa-ra setting FILE proposed-rule show|hide`, the workspace's switch
//! for the report's "Proposed rule readiness" appendix.

use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::Result;

use super::CatalogFormat;
use crate::catalog::proposed::{PROPOSED, ProposedRule};

pub fn print(format: CatalogFormat) -> Result<ExitCode> {
    let rule = ProposedRule::embedded();
    let stdout = std::io::stdout();
    match format {
        CatalogFormat::Json => {
            serde_json::to_writer_pretty(
                stdout.lock(),
                &serde_json::json!({
                    "status": PROPOSED,
                    "source": rule.source,
                    "requirements": rule.requirements.iter().map(|requirement| serde_json::json!({
                        "status": PROPOSED,
                        "key": requirement.key,
                        "requirement": requirement.requirement,
                        "citation": requirement.citation,
                        "confidence": requirement.confidence.label(),
                    })).collect::<Vec<_>>(),
                }),
            )?;
            println!();
        }
        CatalogFormat::Csv => {
            let mut writer = csv::Writer::from_writer(stdout.lock());
            writer.write_record(["status", "citation", "requirement", "confidence", "source"])?;
            for requirement in &rule.requirements {
                writer.write_record([
                    PROPOSED,
                    &requirement.citation,
                    &requirement.requirement,
                    requirement.confidence.label(),
                    &rule.source.citation,
                ])?;
            }
            writer.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SettingKey {
    /// The report's "Proposed rule readiness" appendix.
    ProposedRule,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Visibility {
    Show,
    Hide,
}

pub fn setting(path: &Path, key: SettingKey, value: Visibility) -> Result<ExitCode> {
    let mut store = crate::store::Store::open(path)?;
    // Nothing is added to a workspace its log does not cover.
    store.refuse_uncovered()?;
    match key {
        SettingKey::ProposedRule => store.set_proposed_rule_shown(matches!(value, Visibility::Show))?,
    }
    let word = match value {
        Visibility::Show => "include",
        Visibility::Hide => "leave out",
    };
    println!(
        "{}: its reports now {word} the proposed rule's readiness appendix (PROPOSED, not in force)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
