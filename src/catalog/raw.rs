//! The on-disk shape of the catalog files and its conversion into catalog types. Kept
//! apart so the public types can be shaped for use rather than for TOML.

use serde::Deserialize;

use super::{Item, ItemKind, Section, SectionKey, Threat};
use crate::domain::{AssetKind, RiskMatrix, Scale, ThreatSource};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    section: SectionKey,
    cfr_section: String,
    title: String,
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    citation: String,
    name: String,
    kind: ItemKind,
    standard: Option<String>,
    summary: String,
    questions: Vec<String>,
    evidence: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThreatFile {
    threat: Vec<RawThreat>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThreat {
    key: String,
    name: String,
    source: ThreatSource,
    description: String,
    vulnerabilities: Vec<String>,
    asset_kinds: Vec<AssetKind>,
    citations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScalesFile {
    scale: Vec<Scale>,
    matrix: Vec<RawMatrix>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    key: String,
    name: String,
    row_scale: String,
    column_scale: String,
    result_scale: String,
    row_label: String,
    column_label: String,
    editable: bool,
    /// Highest row first, as the tables are printed.
    rows: Vec<RawRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    level: String,
    cells: Vec<String>,
}

pub(super) fn parse_rule_file(file: &str, text: &str) -> Result<(Section, Vec<Item>), String> {
    let parsed: RuleFile = toml::from_str(text).map_err(|error| format!("{file}: {error}"))?;
    let section = Section {
        key: parsed.section,
        cfr_section: parsed.cfr_section,
        title: parsed.title,
    };
    let items = parsed
        .item
        .into_iter()
        .map(|raw| Item {
            citation: raw.citation,
            name: raw.name,
            kind: raw.kind,
            section: parsed.section,
            standard: raw.standard,
            // Summaries are wrapped in the file for reading; screens and reports rewrap them.
            summary: raw.summary.split_whitespace().collect::<Vec<_>>().join(" "),
            questions: raw.questions,
            evidence: raw.evidence,
        })
        .collect();
    Ok((section, items))
}

pub(super) fn parse_threats(file: &str, text: &str) -> Result<Vec<Threat>, String> {
    let parsed: ThreatFile = toml::from_str(text).map_err(|error| format!("{file}: {error}"))?;
    Ok(parsed
        .threat
        .into_iter()
        .map(|raw| Threat {
            key: raw.key,
            name: raw.name,
            source: raw.source,
            description: raw.description,
            vulnerabilities: raw.vulnerabilities,
            asset_kinds: raw.asset_kinds,
            citations: raw.citations,
        })
        .collect())
}

pub(super) fn parse_scales(file: &str, text: &str) -> Result<(Vec<Scale>, Vec<RiskMatrix>), String> {
    let parsed: ScalesFile = toml::from_str(text).map_err(|error| format!("{file}: {error}"))?;
    let find = |key: &str| {
        parsed
            .scale
            .iter()
            .find(|scale| scale.key == key)
            .cloned()
            .ok_or_else(|| format!("{file}: no scale `{key}`"))
    };
    let mut matrices = Vec::new();
    for raw in &parsed.matrix {
        let rows = find(&raw.row_scale)?;
        let columns = find(&raw.column_scale)?;
        let results = find(&raw.result_scale)?;
        let mut cells = vec![Vec::new(); rows.levels.len()];
        for row in &raw.rows {
            let index = rows
                .index_of(&row.level)
                .ok_or_else(|| format!("{file}: matrix `{}`: unknown row level `{}`", raw.key, row.level))?;
            cells[index] = row
                .cells
                .iter()
                .map(|cell| {
                    results
                        .index_of(cell)
                        .ok_or_else(|| format!("{file}: matrix `{}`: unknown result `{cell}`", raw.key))
                })
                .collect::<Result<_, _>>()?;
        }
        matrices.push(RiskMatrix {
            key: raw.key.clone(),
            name: raw.name.clone(),
            row_label: raw.row_label.clone(),
            column_label: raw.column_label.clone(),
            editable: raw.editable,
            rows,
            columns,
            results,
            cells,
        });
    }
    Ok((parsed.scale, matrices))
}
