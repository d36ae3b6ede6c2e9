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
    /// The report's "Proposed rule readiness" appendix: `show` or `hide`.
    ProposedRule,
    /// Business days allowed from a termination to the leaver's access revoked: a whole
    /// number, at least one (default 1).
    RevokeLimit,
}

/// `hipaa-ra setting PATH KEY VALUE`: the value is read by its key (a word or a number),
/// and a value the key does not take is refused before the workspace is opened.
pub fn setting(path: &Path, key: SettingKey, value: &str) -> Result<ExitCode> {
    match key {
        SettingKey::ProposedRule => {
            let shown = match value.trim().to_lowercase().as_str() {
                "show" => true,
                "hide" => false,
                _ => {
                    return Err(color_eyre::eyre::eyre!(
                        "proposed-rule takes `show` or `hide`, not `{}`",
                        crate::terminal::escaped(value)
                    ));
                }
            };
            let mut store = crate::store::Store::open(path)?;
            // Nothing is added to a workspace its log does not cover.
            store.refuse_uncovered()?;
            store.set_proposed_rule_shown(shown)?;
            let word = if shown { "include" } else { "leave out" };
            println!(
                "{}: its reports now {word} the proposed rule's readiness appendix (PROPOSED, not in force)",
                path.display()
            );
        }
        SettingKey::RevokeLimit => {
            let days = match value.trim().parse::<u32>() {
                Ok(days) if days >= 1 => days,
                _ => {
                    return Err(color_eyre::eyre::eyre!(
                        "revoke-limit takes a whole number of business days, at least 1, not `{}`",
                        crate::terminal::escaped(value)
                    ));
                }
            };
            let mut store = crate::store::Store::open(path)?;
            store.refuse_uncovered()?;
            store.set_revoke_limit_days(days)?;
            let unit = if days == 1 { "business day" } else { "business days" };
            println!(
                "{}: a leaver's access is now due revoked within {days} {unit} of their termination",
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
