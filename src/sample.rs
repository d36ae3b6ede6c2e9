//! A large synthetic practice, for benches and tests; not a user command. `populate`
//! fills a fresh workspace with as many assets, risk scenarios, actions and evidence
//! records as asked, plus people, roles, the checklist answers and a review of every
//! catalog item, all valid under the store's rules (addressable items carry a decision;
//! mitigated risks have actions; acceptances are by the security official).
//!
//! It is deterministic: the same size and date give the same records (a tiny seeded
//! generator, no `rand`). Rows go in through the bulk calls (`add_assets`, `add_risks`),
//! one transaction for all of them, so 10,000 assets and 20,000 scenarios take seconds.
//! `examples/generate.rs` writes such a workspace to a file.

use std::path::Path;

use chrono::{Days, NaiveDate};

use crate::catalog::{Catalog, ItemKind};
use crate::domain::*;
use crate::store::{Result, Store, StoreError};

/// How many records of each kind to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSize {
    pub assets: usize,
    pub risks: usize,
    pub actions: usize,
    pub evidence: usize,
}

impl SampleSize {
    /// A busy small practice: 200 assets, 150 scenarios.
    pub const SMALL: SampleSize = SampleSize {
        assets: 200,
        risks: 150,
        actions: 120,
        evidence: 60,
    };
    /// A large group or a consultant's worst case: 10,000 assets, 20,000 scenarios.
    pub const LARGE: SampleSize = SampleSize {
        assets: 10_000,
        risks: 20_000,
        actions: 2_000,
        evidence: 300,
    };
}

pub const PRACTICE_NAME: &str = "Lakeshore Regional Health Partners";
pub const ASSESSOR: &str = "Jordan Ellison";

/// Creates a sample workspace at `path` (which must not exist).
pub fn create(path: &Path, size: &SampleSize, today: NaiveDate) -> Result<Store> {
    let mut store = Store::create(path, PRACTICE_NAME, ASSESSOR, today)?;
    populate(&mut store, size, today)?;
    Ok(store)
}

/// Fills a fresh workspace (its current assessment) with a sample practice of `size`.
pub fn populate(store: &mut Store, size: &SampleSize, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0x4849_5241 ^ ((size.assets as u64) << 20) ^ (size.risks as u64));
    let catalog = Catalog::embedded();
    let assessment_id = store.current_assessment_id()?;
    store.set_assessor(ASSESSOR)?;
    store.save_practice(&Practice {
        name: PRACTICE_NAME.to_string(),
        entity_type: EntityType::Provider,
        locations: "1200 Harbor Drive, Lakeshore\nNorth clinic, 44 Elm Street\nWest clinic, 9 Quarry Road".to_string(),
        workforce_size: Some(340),
        notes: "Sample practice generated for benches and tests.".to_string(),
    })?;
    let people = add_people(store, &mut rng)?;
    let official = people[0];
    let asset_ids = add_assets(store, &mut rng, assessment_id, &people, size.assets, today)?;
    add_reviews(store, &mut rng, catalog, assessment_id, &people, today)?;
    let risk_ids = add_risks(
        store,
        &mut rng,
        catalog,
        assessment_id,
        &people,
        official,
        &asset_ids,
        size,
        today,
    )?;
    add_actions(store, &mut rng, &people, &risk_ids, size.actions, today)?;
    add_evidence(store, &mut rng, catalog, &people, &risk_ids, size.evidence, today)?;
    for prompt in InventoryPrompt::ALL {
        store.answer_prompt(
            assessment_id,
            &PromptRecord {
                prompt: *prompt,
                answer: PromptAnswer::AssetsAdded,
                note: "Recorded in the inventory".to_string(),
                asset_id: None,
            },
        )?;
    }
    Ok(())
}

/// SplitMix64: small, fast, and good enough to spread sample values.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True about `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub(crate) fn days_ago(&mut self, today: NaiveDate, max: usize) -> NaiveDate {
        today
            .checked_sub_days(Days::new(self.below(max) as u64))
            .unwrap_or(today)
    }

    /// `count` phrases from `words` joined into a sentence of up to `max` characters.
    pub(crate) fn sentence(&mut self, words: &[&str], count: usize, max: usize) -> String {
        let mut text = String::new();
        for _ in 0..count {
            let phrase = self.pick(words);
            if text.len() + phrase.len() + 2 > max {
                break;
            }
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(phrase);
        }
        text
    }
}

const FIRST: [&str; 20] = [
    "Avery", "Blake", "Camila", "Dmitri", "Elena", "Farah", "Gabriel", "Hana", "Isaac", "Jun", "Keisha", "Luca",
    "Mina", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Søren", "Tariq",
];
const LAST: [&str; 16] = [
    "Abernathy",
    "Banerjee",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fitzgerald",
    "González",
    "Hoffmann",
    "Ivanova",
    "Jablonski",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Connell",
    "Petrov",
];
const TITLES: [&str; 8] = [
    "Practice manager",
    "IT coordinator",
    "Physician",
    "Nurse practitioner",
    "Billing specialist",
    "Front desk lead",
    "Medical assistant",
    "Compliance analyst",
];

/// Forty people; the first is the security official and the assessor's colleague.
fn add_people(store: &mut Store, rng: &mut Rng) -> Result<Vec<Id>> {
    let mut ids = Vec::new();
    for index in 0..40 {
        let name = format!(
            "{} {}",
            FIRST[index % FIRST.len()],
            LAST[(index * 7 + index / 16) % LAST.len()]
        );
        let id = store.add_person(&Person {
            name,
            title: rng.pick(&TITLES).to_string(),
            contact: format!("ext. {}", 200 + index),
            ..Default::default()
        })?;
        ids.push(id);
    }
    let roles = [
        (0, Role::SecurityOfficial, ""),
        (0, Role::IncidentContact, ""),
        (1, Role::PrivacyOfficial, ""),
        (2, Role::AccessApprover, ""),
        (3, Role::TrainingOwner, ""),
        (2, Role::IncidentContact, ""),
        (4, Role::Custom, "Vendor contracts"),
    ];
    for (person, role, label) in roles {
        store.assign_role(ids[person], role, label)?;
    }
    Ok(ids)
}

pub(crate) const PLACES: [&str; 12] = [
    "Main campus",
    "North clinic",
    "West clinic",
    "Server room B2",
    "Reception",
    "Exam wing 3",
    "Billing office",
    "Home offices",
    "Vendor data center (US)",
    "Imaging suite",
    "Records storage",
    "Pharmacy counter",
];
pub(crate) const QUALIFIERS: [&str; 10] = [
    "Front desk",
    "Pediatrics",
    "Cardiology",
    "Billing",
    "Radiology",
    "Lab",
    "Pharmacy",
    "Admin",
    "Triage",
    "Oncology",
];
pub(crate) const DESCRIPTION_WORDS: [&str; 12] = [
    "charting during visits",
    "scheduling and check-in",
    "scans insurance cards",
    "exports reports as spreadsheets",
    "receives referrals by fax",
    "stores images until uploaded",
    "used after hours from home",
    "shared login at the counter",
    "managed by the IT vendor",
    "patches applied monthly",
    "holds claim files",
    "synchronises with the EHR",
];
pub(crate) const NOTE_WORDS: [&str; 10] = [
    "Reviewed with the IT vendor at the quarterly meeting",
    "Replacement budgeted for next fiscal year",
    "Screen faces the waiting area; privacy filter ordered",
    "Local admin rights removed in spring",
    "Vendor confirmed encryption in writing",
    "Disk wipe certificate requested on disposal",
    "Two staff still share the same account",
    "Backups verified by a test restore",
    "Access list reviewed by the department lead",
    "Firmware two versions behind",
];

/// A noun for each kind, for asset names.
pub(crate) fn kind_noun(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::System => "server",
        AssetKind::Application => "application",
        AssetKind::Workstation => "workstation",
        AssetKind::Laptop => "laptop",
        AssetKind::MobileDevice => "tablet",
        AssetKind::MedicalDevice => "infusion pump",
        AssetKind::RemovableMedia => "USB drive",
        AssetKind::NetworkDevice => "switch",
        AssetKind::CloudService => "cloud service",
        AssetKind::Vendor => "Services LLC",
        AssetKind::Facility => "facility",
        AssetKind::PaperWorkflow => "fax workflow",
        AssetKind::CommunicationChannel => "secure messaging",
        AssetKind::RemoteAccess => "VPN",
        AssetKind::Workflow => "intake workflow",
    }
}

fn add_assets(
    store: &mut Store,
    rng: &mut Rng,
    assessment_id: Id,
    people: &[Id],
    count: usize,
    today: NaiveDate,
) -> Result<Vec<(AssetKind, Id)>> {
    // The kinds the sample had before `workflow` was added: the generated practice (and
    // every test and bench figure taken from it) stays the same.
    let kinds = &AssetKind::ALL[..14];
    let assets: Vec<Asset> = (0..count)
        .map(|index| {
            let kind = *rng.pick(kinds);
            // 10 to 40 characters: "Cardiology workstation 04217".
            let name = format!("{} {} {:05}", rng.pick(&QUALIFIERS), kind_noun(kind), index + 1);
            let ephi = EphiActions {
                create: rng.chance(50),
                receive: rng.chance(70),
                maintain: rng.chance(60),
                transmit: rng.chance(50),
            };
            let words = 1 + rng.below(3);
            let notes = if rng.chance(30) {
                let count = 1 + rng.below(6);
                rng.sentence(&NOTE_WORDS, count, 300)
            } else {
                String::new()
            };
            let vendor = (kind == AssetKind::Vendor).then(|| {
                let baa_status = *rng.pick(&[
                    BaaStatus::Signed,
                    BaaStatus::Signed,
                    BaaStatus::Pending,
                    BaaStatus::None,
                ]);
                VendorInfo {
                    services: rng.sentence(&DESCRIPTION_WORDS, 2, 80),
                    baa_status,
                    baa_date: (baa_status == BaaStatus::Signed).then(|| rng.days_ago(today, 1500)),
                }
            });
            let mut asset = Asset {
                id: 0,
                assessment_id,
                name,
                kind,
                description: rng.sentence(&DESCRIPTION_WORDS, words, 120),
                location: rng.pick(&PLACES).to_string(),
                owner_id: rng.chance(90).then(|| *rng.pick(people)),
                ephi,
                record_count: rng.chance(40).then(|| rng.below(50_000) as u64),
                criticality: *rng.pick(Criticality::ALL),
                encrypted_at_rest: *rng.pick(Encryption::ALL),
                last_reviewed: rng.chance(85).then(|| rng.days_ago(today, 500)),
                notes,
                ..Asset::default()
            };
            asset.set_vendor(vendor);
            // A practice of this size collects its business associates' written assurances
            // each year: this year's, two months back (no random draw, so the rest of the
            // sample is the same as before vendors had them).
            if asset.baa_date.is_some() {
                asset.assurance_received = today.checked_sub_days(Days::new(60));
            }
            asset
        })
        .collect();
    let ids = store.add_assets(&assets)?;
    Ok(assets.iter().map(|asset| asset.kind).zip(ids).collect())
}

/// Every catalog item reviewed, each addressable one with a decision.
fn add_reviews(
    store: &mut Store,
    rng: &mut Rng,
    catalog: &Catalog,
    assessment_id: Id,
    people: &[Id],
    today: NaiveDate,
) -> Result<()> {
    use AddressableDecision as D;
    use ReviewStatus as S;
    for item in &catalog.items {
        let status = match rng.below(20) {
            0 => S::NotApplicable,
            1..=3 => S::Partial,
            4 => S::NotImplemented,
            _ => S::Implemented,
        };
        // Decisions that fit their status (the addressable rule as pairs, §164.306(d)(3)).
        let alternative = "A documented manual procedure, checked monthly by the security official, gives \
                           equivalent protection at a fraction of the cost.";
        let not_reasonable = "No ePHI is stored where this applies; the cost would not lower any risk.";
        let (decision, decision_text) = match (item.kind, status) {
            (ItemKind::Addressable, S::NotApplicable) => (Some(D::NotReasonable), not_reasonable.to_string()),
            (ItemKind::Addressable, _) => match (rng.below(6), status) {
                (_, S::NotImplemented) => (Some(D::NotReasonable), not_reasonable.to_string()),
                (_, S::Partial) | (0, _) => (Some(D::Alternative), alternative.to_string()),
                _ => (Some(D::AsSpecified), String::new()),
            },
            _ => (None, String::new()),
        };
        let na_reason = if status == S::NotApplicable {
            "The practice does not perform this function.".to_string()
        } else {
            String::new()
        };
        store.save_review(&SafeguardReview {
            id: 0,
            assessment_id,
            citation: item.citation.clone(),
            status,
            owner_id: Some(*rng.pick(people)),
            reviewed_on: Some(rng.days_ago(today, 60)),
            notes: if status == S::NotApplicable {
                String::new()
            } else {
                let count = 1 + rng.below(3);
                rng.sentence(&NOTE_WORDS, count, 200)
            },
            na_reason,
            decision,
            decision_text,
            measure: if status == S::Implemented && rng.chance(80) {
                "In place and checked at the last review.".to_string()
            } else {
                String::new()
            },
            ..SafeguardReview::default()
        })?;
    }
    Ok(())
}

const CONTROLS: [&str; 8] = [
    "Antivirus on all workstations",
    "Annual training",
    "Nightly backup",
    "Badge access to the building",
    "Passwords of 12 characters",
    "Vendor states it encrypts data",
    "Screen lock after 10 minutes",
    "Firewall managed by the IT vendor",
];

/// Scenarios from the threat library on assets of the kinds each threat concerns. The
/// first risks, as many as get actions, are mitigated; the rest are undecided, avoided,
/// or accepted by the security official, so every treatment stays valid.
#[allow(clippy::too_many_arguments)]
fn add_risks(
    store: &mut Store,
    rng: &mut Rng,
    catalog: &Catalog,
    assessment_id: Id,
    people: &[Id],
    official: Id,
    assets: &[(AssetKind, Id)],
    size: &SampleSize,
    today: NaiveDate,
) -> Result<Vec<Id>> {
    if catalog.threats.is_empty() {
        return Err(StoreError::Invalid("sample: the catalog has no threats".to_string()));
    }
    let matrix = store.assessment(assessment_id)?.matrix;
    let (rows, columns) = (matrix.rows.levels.len(), matrix.columns.levels.len());
    let mitigated = size.risks.min(size.actions.div_ceil(2));
    let risks: Vec<Risk> = (0..size.risks)
        .map(|index| {
            let threat = rng.pick(&catalog.threats);
            let candidates: Vec<Id> = assets
                .iter()
                .filter(|(kind, _)| threat.asset_kinds.is_empty() || threat.asset_kinds.contains(kind))
                .map(|(_, id)| *id)
                .collect();
            let pool = if candidates.is_empty() {
                assets.iter().map(|(_, id)| *id).collect()
            } else {
                candidates
            };
            let asset_ids: Vec<Id> = if pool.is_empty() || rng.chance(5) {
                Vec::new() // practice-wide
            } else {
                let count = 1 + rng.below(3);
                let mut ids: Vec<Id> = (0..count).map(|_| *rng.pick(&pool)).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            let treatment = if index < mitigated {
                Treatment::Mitigate
            } else {
                *rng.pick(&[
                    Treatment::Undecided,
                    Treatment::Undecided,
                    Treatment::Avoid,
                    Treatment::Accept,
                ])
            };
            let scored = treatment != Treatment::Undecided || rng.chance(85);
            let (likelihood, impact) = if scored {
                (Some(rng.below(rows)), Some(rng.below(columns)))
            } else {
                (None, None)
            };
            let vulnerability = if threat.vulnerabilities.is_empty() {
                "Weakness not yet described".to_string()
            } else {
                rng.pick(&threat.vulnerabilities).clone()
            };
            let controls = 1 + rng.below(3);
            let existing_controls = rng.sentence(&CONTROLS, controls, 160);
            Risk {
                id: 0,
                assessment_id,
                threat_key: Some(threat.key.clone()),
                threat: threat.name.clone(),
                source: threat.source,
                vulnerability,
                existing_controls,
                citations: threat.citations.clone(),
                asset_ids,
                likelihood,
                impact,
                treatment,
                residual_likelihood: (treatment == Treatment::Mitigate).then_some(0),
                residual_impact: (treatment == Treatment::Mitigate).then_some(impact.unwrap_or(0)),
                owner_id: Some(*rng.pick(people)),
                acceptance: (treatment == Treatment::Accept).then(|| Acceptance {
                    person_id: official,
                    accepted_on: rng.days_ago(today, 90),
                    reason: "The cost of further controls outweighs the expected harm; reviewed yearly.".to_string(),
                }),
                notes: if rng.chance(20) {
                    let count = 1 + rng.below(4);
                    rng.sentence(&NOTE_WORDS, count, 250)
                } else {
                    String::new()
                },
                likelihood_rationale: if likelihood.is_some() {
                    "Seen at similar practices; existing controls partly reduce it.".to_string()
                } else {
                    String::new()
                },
                impact_rationale: if impact.is_some() {
                    "Depends on the records the assets hold and how long work would stop.".to_string()
                } else {
                    String::new()
                },
                treatment_reason: String::new(),
            }
        })
        .collect();
    // The store refuses a risk to mitigate without an action, so these go in undecided
    // and are set to mitigate once `add_actions` has given them their actions.
    let undecided: Vec<Risk> = risks
        .into_iter()
        .map(|risk| match risk.treatment {
            Treatment::Mitigate => Risk {
                treatment: Treatment::Undecided,
                ..risk
            },
            _ => risk,
        })
        .collect();
    store.add_risks(&undecided)
}

const ACTION_TITLES: [&str; 10] = [
    "Turn on multi-factor login",
    "Encrypt the disk with BitLocker",
    "Get the business-associate agreement signed",
    "Test a restore from backup",
    "Write the downtime procedure",
    "Review access reports monthly",
    "Remove shared logins",
    "Patch the firmware",
    "Move the screen away from the waiting room",
    "Wipe and dispose of old drives",
];

/// Two actions for each mitigated risk (the first `count / 2`), due around today.
fn add_actions(
    store: &mut Store,
    rng: &mut Rng,
    people: &[Id],
    risk_ids: &[Id],
    count: usize,
    today: NaiveDate,
) -> Result<()> {
    let mitigated = risk_ids.len().min(count.div_ceil(2));
    for index in 0..count.min(mitigated * 2) {
        let due = if rng.chance(30) {
            rng.days_ago(today, 120)
        } else {
            today
                .checked_add_days(Days::new(rng.below(365) as u64))
                .unwrap_or(today)
        };
        let risk_id = risk_ids[index % mitigated];
        store.add_action(&Action {
            id: 0,
            risk_id: Some(risk_id),
            title: rng.pick(&ACTION_TITLES).to_string(),
            owner_id: Some(*rng.pick(people)),
            due_on: Some(due),
            status: *rng.pick(ActionStatus::ALL),
            effort: *rng.pick(Effort::ALL),
            cost_estimate: rng.chance(40).then(|| 100 * (1 + rng.below(50)) as u64),
            ..Action::default()
        })?;
        if index < mitigated {
            let risk = store.risk(risk_id)?;
            store.update_risk(&Risk {
                treatment: Treatment::Mitigate,
                ..risk
            })?;
        }
    }
    Ok(())
}

const EVIDENCE_TITLES: [&str; 8] = [
    "Information security policy",
    "Training sign-in sheet",
    "Quarterly access review",
    "Incident report",
    "Business-associate agreement",
    "Backup restore test",
    "Workstation use acknowledgements",
    "Risk analysis record",
];

fn add_evidence(
    store: &mut Store,
    rng: &mut Rng,
    catalog: &Catalog,
    people: &[Id],
    risk_ids: &[Id],
    count: usize,
    today: NaiveDate,
) -> Result<()> {
    for index in 0..count {
        let kind = *rng.pick(EvidenceKind::ALL);
        let mut links = vec![EvidenceLink {
            target: LinkTarget::Safeguard,
            target_ref: rng.pick(&catalog.items).citation.clone(),
        }];
        if !risk_ids.is_empty() && rng.chance(30) {
            links.push(EvidenceLink {
                target: LinkTarget::Risk,
                target_ref: rng.pick(risk_ids).to_string(),
            });
        }
        let evidence = Evidence {
            title: format!("{} #{}", rng.pick(&EVIDENCE_TITLES), index + 1),
            kind,
            dated: Some(rng.days_ago(today, 700)),
            owner_id: Some(*rng.pick(people)),
            review_cycle_months: rng.chance(70).then(|| *rng.pick(&[3, 6, 12, 24])),
            location: rng.pick(&PLACES).to_string(),
            links,
            ..Default::default()
        };
        let content = format!("{}\nSample evidence file.\n", evidence.title);
        let file = (index % 10 == 0).then_some(("evidence.txt", content.as_bytes()));
        store.add_evidence(&evidence, file)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
    }

    #[test]
    fn a_small_sample_has_the_asked_counts_and_a_full_review() {
        let size = SampleSize {
            assets: 50,
            risks: 40,
            actions: 20,
            evidence: 5,
        };
        let mut store = Store::in_memory("x", "y", today()).expect("store");
        populate(&mut store, &size, today()).expect("populate");
        let workspace = store.snapshot().expect("snapshot");
        assert_eq!(workspace.assets.len(), 50);
        assert_eq!(workspace.risks.len(), 40);
        assert_eq!(workspace.actions.len(), 20);
        assert_eq!(workspace.evidence.len(), 5);
        assert_eq!(workspace.reviews.len(), Catalog::embedded().items.len());
        for asset in &workspace.assets {
            assert!((10..=40).contains(&asset.name.chars().count()), "{}", asset.name);
        }
        for risk in &workspace.risks {
            let has_action = workspace.actions.iter().any(|action| action.risk_id == Some(risk.id));
            match risk.treatment {
                Treatment::Mitigate | Treatment::Transfer => assert!(has_action, "risk {} has no action", risk.id),
                Treatment::Accept => {
                    let official = workspace.holders(Role::SecurityOfficial).next().map(|person| person.id);
                    assert_eq!(
                        risk.acceptance.as_ref().map(|acceptance| acceptance.person_id),
                        official
                    );
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_same_size_gives_the_same_records() {
        let size = SampleSize {
            assets: 20,
            risks: 10,
            actions: 4,
            evidence: 2,
        };
        let make = || {
            let mut store = Store::in_memory("x", "y", today()).expect("store");
            populate(&mut store, &size, today()).expect("populate");
            let workspace = store.snapshot().expect("snapshot");
            (workspace.assets, workspace.risks, workspace.actions)
        };
        assert_eq!(make(), make());
    }
}
