//! The shape of the catalog: the Security Rule's sections and items, the threat library,
//! and the scales and matrices, with the lookups the rules use. Plain data: the catalog
//! compiled into the program, and the checks of it, are `crate::catalog`'s, which hands it
//! to the rules here (`findings`) as an argument.

use serde::Serialize;

use super::{AssetKind, RiskMatrix, Scale, ThreatSource};

crate::labeled_enum! {
    /// The five parts of the rule the catalog covers, in the rule's order.
    pub enum SectionKey {
        Administrative => ("administrative", "Administrative safeguards"),
        Physical => ("physical", "Physical safeguards"),
        Technical => ("technical", "Technical safeguards"),
        Organizational => ("organizational", "Organizational requirements"),
        Documentation => ("documentation", "Policies, procedures and documentation"),
    }
}

crate::labeled_enum! {
    pub enum ItemKind {
        Standard => ("standard", "Standard"),
        Required => ("required", "Required"),
        Addressable => ("addressable", "Addressable"),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub key: SectionKey,
    /// The CFR section, for example `164.308`.
    pub cfr_section: String,
    pub title: String,
}

/// A standard or implementation specification.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub citation: String,
    pub name: String,
    pub kind: ItemKind,
    pub section: SectionKey,
    /// For an implementation specification, the citation of its standard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    pub summary: String,
    pub questions: Vec<String>,
    pub evidence: Vec<String>,
}

impl Item {
    pub fn is_standard(&self) -> bool {
        self.kind == ItemKind::Standard
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Threat {
    pub key: String,
    pub name: String,
    pub source: ThreatSource,
    pub description: String,
    pub vulnerabilities: Vec<String>,
    pub asset_kinds: Vec<AssetKind>,
    pub citations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub threats: Vec<Threat>,
    pub scales: Vec<Scale>,
    pub matrices: Vec<RiskMatrix>,
}

impl Catalog {
    pub fn item(&self, citation: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.citation == citation)
    }

    pub fn matrix(&self, key: &str) -> Option<&RiskMatrix> {
        self.matrices.iter().find(|matrix| matrix.key == key)
    }

    pub fn threat(&self, key: &str) -> Option<&Threat> {
        self.threats.iter().find(|threat| threat.key == key)
    }

    /// Items of one section, in the rule's order.
    pub fn section_items(&self, section: SectionKey) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |item| item.section == section)
    }
}
