//! The actions rule: a done action whose asset still shows something other than what the
//! action was to set blocks, cannot be acknowledged, and goes away when the asset or the
//! action is corrected.

use super::*;
use crate::domain::Acknowledgment;
use crate::domain::carry::RetiredAsset;

/// The clean workspace with a laptop still unencrypted and a done action to encrypt it.
fn laptop_claimed_encrypted() -> Workspace {
    let mut workspace = clean();
    workspace.assets.push(Asset {
        encrypted_at_rest: Encryption::No,
        ..asset(11, "Front desk laptop", AssetKind::Laptop)
    });
    workspace.risks[0].asset_ids.push(11);
    workspace.actions.push(Action {
        id: 5,
        risk_id: Some(1),
        title: "Encrypt the laptop".into(),
        status: ActionStatus::Done,
        asset_id: Some(11),
        asset_field: "encrypted".into(),
        asset_value: "yes".into(),
        ..Action::default()
    });
    workspace
}

#[test]
fn a_done_action_the_asset_contradicts_blocks() {
    let workspace = laptop_claimed_encrypted();
    let found = of(&workspace, Rule::DoneActionContradicted);
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = &found[0];
    assert_eq!(finding.key, "action.done_contradicted:action:5:asset:11");
    assert_eq!(
        finding.message,
        "Action \"Encrypt the laptop\" is done, but \"Front desk laptop\" still shows Encrypted at rest: No \
         (the action was to make it Yes) (§164.308(a)(1)(ii)(B))"
    );
    assert!(finding.blocks());
    assert!(!FindingCounts::of(&all(&workspace)).can_finalize());
}

#[test]
fn the_finding_goes_when_the_asset_or_the_action_is_corrected() {
    let mut encrypted = laptop_claimed_encrypted();
    encrypted.assets[1].encrypted_at_rest = Encryption::Yes;
    assert!(of(&encrypted, Rule::DoneActionContradicted).is_empty());

    let mut reopened = laptop_claimed_encrypted();
    reopened.actions[0].status = ActionStatus::InProgress;
    assert!(of(&reopened, Rule::DoneActionContradicted).is_empty());

    // Verified claims even more than done.
    let mut verified = laptop_claimed_encrypted();
    verified.actions[0].status = ActionStatus::Verified;
    assert!(
        of(&verified, Rule::DoneActionContradicted)[0]
            .message
            .contains("is verified, but")
    );

    // An action naming no change says nothing the inventory can deny.
    let mut unlinked = laptop_claimed_encrypted();
    unlinked.actions[0].asset_id = None;
    assert!(of(&unlinked, Rule::DoneActionContradicted).is_empty());
}

#[test]
fn the_finding_cannot_be_acknowledged() {
    assert!(Rule::DoneActionContradicted.is_blocking());
    assert!(!Rule::DoneActionContradicted.acknowledgeable());
    let mut workspace = laptop_claimed_encrypted();
    let key = of(&workspace, Rule::DoneActionContradicted)[0].key.clone();
    let acknowledgment = Acknowledgment {
        id: 1,
        assessment_id: 1,
        finding: key,
        person_id: 1,
        acknowledged_on: today(),
        reason: "We will get to it".into(),
    };
    assert!(acknowledgment_problem(&acknowledgment).is_some());
    workspace.acknowledgments.push(acknowledgment);
    assert!(of(&workspace, Rule::DoneActionContradicted)[0].blocks());
}

#[test]
fn a_retired_asset_raises_nothing() {
    let mut workspace = laptop_claimed_encrypted();
    workspace.retired.push(RetiredAsset {
        asset_id: 11,
        retired_on: today(),
    });
    assert!(of(&workspace, Rule::DoneActionContradicted).is_empty());
}

#[test]
fn other_fields_compare_by_their_kind() {
    let mut workspace = laptop_claimed_encrypted();
    workspace.actions[0].asset_field = "Location".into();
    workspace.actions[0].asset_value = "locked cabinet".into();
    workspace.assets[1].location = "Locked Cabinet ".into();
    assert!(of(&workspace, Rule::DoneActionContradicted).is_empty());
    workspace.assets[1].location = "Front office".into();
    let found = of(&workspace, Rule::DoneActionContradicted);
    assert!(
        found[0]
            .message
            .contains("still shows Location: Front office (the action was to make it locked cabinet)")
    );
}
