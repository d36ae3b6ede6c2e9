//! Nothing changes a signed year (issue 21): on the two-year demo (last year final and
//! signed, this year carried forward from it), an evidence link to a signed year's
//! scenario is refused, an evidence record a signed year cites cannot be deleted, and a
//! person leaving is removed from the current year while the signed year keeps naming them.

use chrono::{NaiveDate, TimeZone, Utc};
use hipaa_ra::domain::{EvidenceLink, Id, LinkTarget, Person, SignOffRecord, Workspace};
use hipaa_ra::store::{Clock, DataStatus, FINAL_MESSAGE, NextOptions, Store, StoreError};

#[path = "support/clock.rs"]
mod clock;
use clock::today;

/// The two-year demo: (store, last year's id, this year's id).
fn two_years(dir: &std::path::Path) -> (Store, Id, Id) {
    let mut store = hipaa_ra::demo_history::create(&dir.join("demo.hra"), today()).unwrap();
    store.set_clock(Clock::Fixed(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()));
    let current = store.current_assessment_id().unwrap();
    let signed = store.signatures().unwrap()[0].assessment_id;
    assert_ne!(signed, current);
    (store, signed, current)
}

/// The one-year demo with its first evidence record supporting a scenario and an action,
/// signed, then next year started from it: (store, the signed year's id).
fn linked_then_signed(dir: &std::path::Path) -> (Store, Id) {
    let mut store = hipaa_ra::demo::create(&dir.join("demo.hra"), today()).unwrap();
    let workspace = store.snapshot().unwrap();
    let record = &workspace.evidence[0];
    let mut links = record.links.clone();
    links.push(risk_link(workspace.risks[0].id));
    links.push(EvidenceLink {
        target: LinkTarget::Action,
        target_ref: workspace.actions[0].id.to_string(),
    });
    store.set_evidence_links(record.id, &links).unwrap();
    store
        .record_sign_off(&SignOffRecord {
            id: 0,
            assessment_id: workspace.assessment_id,
            report_date: today(),
            signed_at: "2026-11-23T10:00:00Z".to_string(),
            signer: "Dana Whitfield".to_string(),
            key_id: "ABCDEF0123456789".to_string(),
            report_sha256: "0".repeat(64),
            log_head: 0,
            current: true,
        })
        .unwrap();
    store.next_assessment(&NextOptions::default(), today()).unwrap();
    (store, workspace.assessment_id)
}

fn assert_consistent(store: &Store) {
    let status = store.verify_history().unwrap();
    assert!(matches!(status, DataStatus::Consistent { .. }), "{status:?}");
}

/// Everything of a year's record that names people.
fn named(workspace: &Workspace) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        workspace.assets, workspace.reviews, workspace.risks, workspace.actions, workspace.acknowledgments
    )
}

fn risk_link(id: Id) -> EvidenceLink {
    EvidenceLink {
        target: LinkTarget::Risk,
        target_ref: id.to_string(),
    }
}

#[test]
fn a_link_to_a_signed_years_scenario_is_refused_and_this_years_links_keep_last_years() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, signed) = linked_then_signed(dir.path());
    let last_year = store.snapshot_of(signed).unwrap();
    let this_year = store.snapshot().unwrap();
    // A record with no link to last year's scenarios.
    let record = this_year
        .evidence
        .iter()
        .find(|record| {
            !record
                .links
                .iter()
                .any(|link| last_year.risks.iter().any(|risk| link == &risk_link(risk.id)))
        })
        .unwrap()
        .clone();
    let mut links = record.links.clone();
    links.push(risk_link(last_year.risks[0].id));
    let refusal = store.set_evidence_links(record.id, &links).unwrap_err();
    assert!(matches!(refusal, StoreError::Refused { .. }), "{refusal:?}");
    assert_eq!(refusal.to_string(), FINAL_MESSAGE);
    let action = &last_year.actions[0];
    let mut links = record.links.clone();
    links.push(EvidenceLink {
        target: LinkTarget::Action,
        target_ref: action.id.to_string(),
    });
    assert!(
        store.set_evidence_links(record.id, &links).is_err(),
        "an action of the signed year"
    );
    assert_eq!(store.evidence_record(record.id).unwrap().links, record.links);

    // A record that supports last year's scenarios (the links were carried forward):
    // this year's picker lists this year's scenarios only, and saving it keeps last year's.
    let cited = this_year
        .evidence
        .iter()
        .find(|record| {
            record
                .links
                .iter()
                .any(|link| last_year.risks.iter().any(|risk| link == &risk_link(risk.id)))
        })
        .expect("a record supports a scenario of last year")
        .clone();
    let theirs: Vec<EvidenceLink> = cited
        .links
        .iter()
        .filter(|link| last_year.risks.iter().any(|risk| *link == &risk_link(risk.id)))
        .cloned()
        .collect();
    let ours = vec![risk_link(this_year.risks[0].id)];
    store.set_evidence_links(cited.id, &ours).unwrap();
    let saved = store.evidence_record(cited.id).unwrap().links;
    for link in theirs.iter().chain(&ours) {
        assert!(saved.contains(link), "{link:?} in {saved:?}");
    }
    // An edit of the record itself leaves the links alone.
    store
        .update_evidence(
            &hipaa_ra::domain::Evidence {
                title: "Renamed".to_string(),
                ..store.evidence_record(cited.id).unwrap()
            },
            None,
        )
        .unwrap();
    assert_eq!(store.evidence_record(cited.id).unwrap().links, saved);
    assert_eq!(record_of(&store, signed), named(&last_year));
    assert_consistent(&store);
}

fn record_of(store: &Store, assessment_id: Id) -> String {
    named(&store.snapshot_of(assessment_id).unwrap())
}

#[test]
fn evidence_a_signed_year_cites_cannot_be_deleted_and_the_refusal_names_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, signed) = linked_then_signed(dir.path());
    let last_year = store.snapshot_of(signed).unwrap();
    let cited = last_year
        .evidence
        .iter()
        .find(|record| {
            record
                .links
                .iter()
                .any(|link| last_year.risks.iter().any(|risk| link == &risk_link(risk.id)))
        })
        .unwrap()
        .clone();
    let refusal = store.delete_evidence(cited.id).unwrap_err().to_string();
    assert!(refusal.contains(&cited.title), "{refusal}");
    assert!(refusal.contains("2026 is final and signed"), "{refusal}");
    assert!(refusal.contains("cannot be deleted"), "{refusal}");
    assert!(!refusal.contains('\n'), "{refusal}");
    assert_ne!(refusal, FINAL_MESSAGE);
    assert_eq!(store.evidence_record(cited.id).unwrap(), cited);

    // One only this year cites goes.
    let this_year = store.snapshot().unwrap();
    let id = store
        .add_evidence(
            &hipaa_ra::domain::Evidence {
                id: 0,
                title: "This year's only".to_string(),
                links: vec![risk_link(this_year.risks[0].id)],
                ..cited.clone()
            },
            None,
        )
        .unwrap();
    store.delete_evidence(id).unwrap();
    assert!(store.evidence_record(id).is_err());
    assert_consistent(&store);
}

#[test]
fn a_person_leaving_is_removed_from_this_year_and_the_signed_year_keeps_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, signed, current) = two_years(dir.path());
    let last_year = store.snapshot_of(signed).unwrap();
    let this_year = store.snapshot().unwrap();
    let owns = |workspace: &Workspace, id: Id| workspace.assets.iter().any(|asset| asset.owner_id == Some(id));
    let leaving = this_year
        .people
        .iter()
        .find(|person| owns(&last_year, person.id) && owns(&this_year, person.id))
        .expect("someone owns assets in both years")
        .clone();
    let successor = this_year
        .people
        .iter()
        .find(|person| person.id != leaving.id)
        .unwrap()
        .clone();
    assert!(!store.ownership_of(leaving.id).unwrap().is_empty());
    let before = named(&last_year);

    let kept = store.reassign_and_delete_person(leaving.id, successor.id).unwrap();
    assert_eq!(kept, NaiveDate::from_ymd_opt(2026, 11, 24));

    // This year: handed over, and gone from its lists and roles.
    let this_year = store.snapshot().unwrap();
    assert_eq!(this_year.assessment_id, current);
    assert!(!owns(&this_year, leaving.id));
    assert!(this_year.person(leaving.id).is_none());
    assert!(this_year.roles.iter().all(|role| role.person_id != leaving.id));
    assert!(
        store
            .role_assignments()
            .unwrap()
            .iter()
            .all(|role| role.person_id != leaving.id)
    );
    assert!(store.ownership_of(leaving.id).unwrap().is_empty());
    // The signed year: unchanged, still naming them.
    let last_year = store.snapshot_of(signed).unwrap();
    assert_eq!(named(&last_year), before);
    assert_eq!(
        last_year.person(leaving.id).map(|person| person.removed_on),
        Some(NaiveDate::from_ymd_opt(2026, 11, 24))
    );
    let row = store.person(leaving.id).unwrap();
    assert_eq!(row.removed_on, NaiveDate::from_ymd_opt(2026, 11, 24));

    // The same name again is a new person, in this year's lists.
    let again = store
        .add_person(&Person {
            id: 0,
            removed_on: None,
            ..leaving.clone()
        })
        .unwrap();
    assert_ne!(again, leaving.id);
    let this_year = store.snapshot().unwrap();
    assert_eq!(
        this_year
            .people
            .iter()
            .filter(|person| person.name == leaving.name)
            .map(|person| person.id)
            .collect::<Vec<_>>(),
        vec![again]
    );
    // Nobody takes over from someone who has left.
    let refusal = store.reassign_and_delete_person(again, leaving.id).unwrap_err();
    assert!(refusal.to_string().contains("has left"), "{refusal}");

    // The export keeps the date; a workspace with nobody removed exports without the key.
    let export = serde_json::to_string(&hipaa_ra::store::export_workspace(&store).unwrap()).unwrap();
    assert!(export.contains("\"removed_on\":\"2026-11-24\""), "removed_on exported");
    assert_consistent(&store);
}

#[test]
fn a_person_no_signed_year_names_is_deleted_outright() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = two_years(dir.path());
    let newcomer = |name: &str| Person {
        name: name.to_string(),
        title: "Front desk".to_string(),
        ..Default::default()
    };
    let plain = store.add_person(&newcomer("Jo Plain")).unwrap();
    assert_eq!(store.delete_person(plain).unwrap(), None);
    assert!(store.person(plain).is_err());

    // One who owns a record of this year only: handed over, then deleted.
    let owner = store.add_person(&newcomer("Ola Owner")).unwrap();
    let this_year = store.snapshot().unwrap();
    let other = this_year.people.iter().find(|person| person.id != owner).unwrap().id;
    let asset = this_year.assets[0].clone();
    store
        .update_asset(&hipaa_ra::domain::Asset {
            owner_id: Some(owner),
            ..asset.clone()
        })
        .unwrap();
    assert_eq!(store.reassign_and_delete_person(owner, other).unwrap(), None);
    assert!(store.person(owner).is_err());
    let this_year = store.snapshot().unwrap();
    assert_eq!(this_year.asset(asset.id).unwrap().owner_id, Some(other));
    assert_consistent(&store);
}
