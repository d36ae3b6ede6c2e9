//! Cross-record consistency: the records agreeing with each other the way an investigator
//! reads them side by side. An item the review says is in place while an open scenario
//! says it is the weakness; a gap in the review with no plan, no accepted risk or no
//! owner; a decision to mitigate or transfer with nothing planned; a methodology left
//! blank; and coverage notes used as a rubber stamp (advisory).
//!
//! # Open scenario
//! A scenario is *open* while its weakness still stands:
//! - undecided (no treatment yet);
//! - accepted: the practice decided to live with the weakness, so it is still there;
//! - to mitigate or transfer, unless it has at least one action and every one of them is
//!   done (or verified): with no action nothing has changed, and an open action is work
//!   still to do.
//!
//! An avoided scenario (the activity stopped) and a mitigated or transferred one whose
//! actions are all done are closed.

use super::*;

/// Whether a scenario's weakness still stands (see the module documentation).
pub(super) fn is_open(risk: &Risk, actions: &[&Action]) -> bool {
    match risk.treatment {
        Treatment::Avoid => false,
        Treatment::Mitigate | Treatment::Transfer => {
            actions.is_empty() || actions.iter().any(|action| action.status.is_open())
        }
        Treatment::Undecided | Treatment::Accept => true,
    }
}

/// Every action of the workspace by its scenario.
fn actions_by_risk<'a>(cx: &Context<'a>) -> HashMap<Id, Vec<&'a Action>> {
    let mut by_risk: HashMap<Id, Vec<&Action>> = HashMap::new();
    // Standalone actions (program work) belong to no scenario.
    for action in &cx.workspace.actions {
        if let Some(risk_id) = action.risk_id {
            by_risk.entry(risk_id).or_default().push(action);
        }
    }
    by_risk
}

/// What the review asserts is in place (`SafeguardReview::in_place_claim`).
fn asserted(review: &SafeguardReview) -> Option<&'static str> {
    review.in_place_claim()
}

/// How an open scenario's state reads in a message: ", still undecided,".
fn open_state(risk: &Risk, actions: &[&Action]) -> String {
    let treatment = risk.treatment.label().to_lowercase();
    match risk.treatment {
        Treatment::Undecided => "still undecided".to_string(),
        Treatment::Accept => "accepted as a standing risk".to_string(),
        _ if actions.is_empty() => format!("still open ({treatment}, with no action)"),
        _ => format!("still open ({treatment}, with actions not done)"),
    }
}

/// An item the review asserts is in place while an open scenario cites it as a weakness,
/// or was suggested by the threat library because of one of the item's "no" answers.
/// The key keeps the shape it had when only undecided scenarios counted, so earlier
/// acknowledgments still match.
pub(super) fn cited_as_missing(cx: &Context<'_>) -> Vec<Finding> {
    let by_risk = actions_by_risk(cx);
    let none: Vec<&Action> = Vec::new();
    let open: Vec<(&Risk, &Vec<&Action>)> = cx
        .risks
        .iter()
        .copied()
        .map(|risk| (risk, by_risk.get(&risk.id).unwrap_or(&none)))
        .filter(|(risk, actions)| is_open(risk, actions))
        .collect();
    let mut found = Vec::new();
    for item in &cx.catalog.items {
        let Some(review) = cx.reviews.get(item.citation.as_str()).copied() else {
            continue;
        };
        let Some(claim) = asserted(review) else {
            continue;
        };
        let answered_no = review.answers.iter().any(|answer| answer.answer == Answer::No);
        for (risk, actions) in &open {
            let cites = risk.citations.contains(&review.citation);
            // The library suggests a threat for an item with a "no" answer: a scenario
            // started from such a threat stands on that "no", whatever it cites now.
            let suggested = !cites
                && answered_no
                && risk
                    .threat_key
                    .as_deref()
                    .and_then(|key| cx.catalog.threat(key))
                    .is_some_and(|threat| threat.citations.contains(&review.citation));
            if !cites && !suggested {
                continue;
            }
            let citation = cx.citation(&review.citation);
            let scenario = scenario_ref(risk);
            let how = if cites {
                "cites it as a weakness".to_string()
            } else {
                "stands on its \"no\" answer (the threat library suggested it for this item)".to_string()
            };
            found.push(Finding::new(
                Rule::CitedAsMissing,
                format!("safeguard:{}:scenario:{}", review.citation, risk.id),
                vec![citation.clone(), scenario.clone()],
                format!(
                    "{} is {claim}, but {}, {}, {how}: the review and the risk analysis contradict each other \
                     ({RISK_ANALYSIS})",
                    citation.display(),
                    scenario.display(),
                    open_state(risk, actions),
                ),
                "correct the review (partial, with the gap the scenario describes), or remove the citation from \
                 the scenario, or close the scenario (its actions done), or acknowledge why both hold",
            ));
        }
    }
    found
}

/// A gap in the review: partly or not implemented, or an equivalent alternative not yet
/// fully in place. A documented decision that the specification is not reasonable and
/// appropriate is a decision, not a gap (`decision_mismatch` checks its reason); an
/// alternative marked implemented is the measure in place.
fn is_gap(review: &SafeguardReview) -> bool {
    let alternative_pending =
        review.decision == Some(AddressableDecision::Alternative) && review.status != ReviewStatus::Implemented;
    let not_reasonable = review.decision == Some(AddressableDecision::NotReasonable);
    alternative_pending
        || matches!(review.status, ReviewStatus::Partial)
        || (review.status == ReviewStatus::NotImplemented && !not_reasonable)
}

/// How a gap reads in a message.
fn gap_words(review: &SafeguardReview) -> &'static str {
    match review.status {
        ReviewStatus::NotImplemented => "not implemented",
        ReviewStatus::Partial => "partly implemented",
        _ => "an equivalent alternative not yet fully in place",
    }
}

/// A gap with neither an action planned against it (an open or done action of a scenario
/// citing it) nor an accepted scenario citing it: the analysis found the gap and decided
/// nothing about it.
pub(super) fn gap_without_plan(cx: &Context<'_>) -> Vec<Finding> {
    let by_risk = actions_by_risk(cx);
    let mut planned: HashSet<&str> = HashSet::new();
    for risk in cx.risks.iter().copied() {
        let answered = risk.treatment == Treatment::Accept || by_risk.get(&risk.id).is_some_and(|a| !a.is_empty());
        if answered {
            planned.extend(risk.citations.iter().map(String::as_str));
        }
    }
    catalog_reviews(cx)
        .filter(|review| is_gap(review))
        .filter(|review| !planned.contains(review.citation.as_str()))
        .map(|review| {
            let record = cx.citation(&review.citation);
            Finding::new(
                Rule::GapWithoutPlan,
                format!("safeguard:{}", review.citation),
                vec![record.clone()],
                format!(
                    "{} is {}, and no scenario citing it has an action or an accepted risk: a known gap \
                     needs a plan or a decision (§164.308(a)(1)(ii)(B))",
                    record.display(),
                    gap_words(review)
                ),
                "add an action to a scenario that cites it (or a scenario for it, with an action), or accept the \
                 risk of a scenario citing it (who, when, why)",
            )
        })
        .collect()
}

/// A gap nobody answers for: the review names no owner.
pub(super) fn gap_without_owner(cx: &Context<'_>) -> Vec<Finding> {
    catalog_reviews(cx)
        .filter(|review| is_gap(review) && review.owner_id.is_none())
        .map(|review| {
            let record = cx.citation(&review.citation);
            Finding::new(
                Rule::GapWithoutOwner,
                format!("safeguard:{}", review.citation),
                vec![record.clone()],
                format!(
                    "{} is {} and has no owner: someone must answer for closing it (§164.308(a)(2))",
                    record.display(),
                    gap_words(review)
                ),
                "name the review's owner from the practice's people",
            )
        })
        .collect()
}

/// A scenario to mitigate or transfer with no action at all: the decision has nothing
/// behind it (a carried-forward scenario whose done actions stayed with last year, or a
/// treatment set by an import).
pub(super) fn treatment_without_action(cx: &Context<'_>) -> Vec<Finding> {
    let with_actions: HashSet<Id> = cx
        .workspace
        .actions
        .iter()
        .filter_map(|action| action.risk_id)
        .collect();
    cx.risks
        .iter()
        .copied()
        .filter(|risk| matches!(risk.treatment, Treatment::Mitigate | Treatment::Transfer))
        .filter(|risk| !with_actions.contains(&risk.id))
        .map(|risk| {
            let record = scenario_ref(risk);
            Finding::new(
                Rule::TreatmentWithoutAction,
                format!("scenario:{}", risk.id),
                vec![record.clone()],
                format!(
                    "{} is to {} but has no action: the decision needs the measures that carry it out \
                     (§164.308(a)(1)(ii)(B))",
                    capitalised(&record.display()),
                    risk.treatment.label().to_lowercase()
                ),
                "add the action that carries out the treatment, or choose another treatment",
            )
        })
        .collect()
}

/// The methodology's information sources, participants or data-collection methods left
/// blank: the report could not say how the facts were gathered.
pub(super) fn methodology_incomplete(cx: &Context<'_>) -> Vec<Finding> {
    let Some(assessment) = cx.workspace.assessment() else {
        return Vec::new();
    };
    let methodology = &assessment.methodology;
    let blank: Vec<String> = [
        ("information sources", &methodology.information_sources),
        ("participants", &methodology.participants),
        ("data-collection methods", &methodology.data_collection),
    ]
    .into_iter()
    .filter(|(_, text)| text.trim().is_empty())
    .map(|(label, _)| label.to_string())
    .collect();
    if blank.is_empty() {
        return Vec::new();
    }
    let listed = join(&blank);
    vec![Finding::new(
        Rule::MethodologyIncomplete,
        format!("assessment:{}", assessment.id),
        Vec::new(),
        format!(
            "The methodology does not say its {listed}: the analysis must show how its data was gathered \
             ({RISK_ANALYSIS}, §164.316(b)(1))"
        ),
        "write the methodology's information sources, participants and data-collection methods (the practice \
         profile's methodology fields)",
    )]
}

/// The same coverage-note reason given for assets of different kinds: one sentence cannot
/// explain why the same scenarios cover a vendor, a USB drive and a phone.
pub(super) fn coverage_note_reused(cx: &Context<'_>) -> Vec<Finding> {
    let assets: HashMap<Id, &Asset> = cx.assets.iter().map(|asset| (asset.id, *asset)).collect();
    // Reason (normalised: case and spacing) to the assets whose note gives it.
    let mut by_reason: HashMap<String, Vec<&Asset>> = HashMap::new();
    for note in &cx.workspace.coverage_notes {
        let reason = note
            .reason
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if reason.is_empty() {
            continue;
        }
        if let Some(asset) = assets.get(&note.asset_id) {
            by_reason.entry(reason).or_default().push(asset);
        }
    }
    let mut found: Vec<(Id, Finding)> = by_reason
        .into_values()
        .filter_map(|mut group| {
            group.sort_by_key(|asset| asset.id);
            let kinds: HashSet<AssetKind> = group.iter().map(|asset| asset.kind).collect();
            if kinds.len() < 2 {
                return None;
            }
            let records: Vec<RecordRef> = group.iter().map(|asset| asset_ref(asset)).collect();
            let described: Vec<String> = group
                .iter()
                .zip(&records)
                .map(|(asset, record)| format!("{} ({})", record.display(), asset.kind.label().to_lowercase()))
                .collect();
            let finding = Finding::new(
                Rule::CoverageNoteReused,
                format!("assets:{}", ids(group.iter().map(|asset| asset.id))),
                records,
                format!(
                    "One coverage-note reason is given for {} assets of {} different kinds: {}: a reason should \
                     say why the scenarios cover each asset ({RISK_ANALYSIS})",
                    group.len(),
                    kinds.len(),
                    join(&described)
                ),
                "write each asset's own reason, or add a scenario that names the assets it does not fit",
            );
            Some((group[0].id, finding))
        })
        .collect();
    found.sort_by_key(|(first, _)| *first);
    found.into_iter().map(|(_, finding)| finding).collect()
}

/// A coverage note naming a scenario whose library threat does not apply to the asset's
/// kind (the threat's `asset_kinds`). A scenario the user wrote (no library threat) is not
/// judged.
pub(super) fn coverage_note_misfit(cx: &Context<'_>) -> Vec<Finding> {
    let assets: HashMap<Id, &Asset> = cx.assets.iter().map(|asset| (asset.id, *asset)).collect();
    let risks: HashMap<Id, &Risk> = cx.risks.iter().map(|risk| (risk.id, *risk)).collect();
    let mut notes: Vec<&crate::domain::CoverageNote> = cx.workspace.coverage_notes.iter().collect();
    notes.sort_by_key(|note| note.asset_id);
    let mut found = Vec::new();
    for note in notes {
        let Some(asset) = assets.get(&note.asset_id) else {
            continue;
        };
        let mut named: Vec<Id> = note.risk_ids.clone();
        named.sort_unstable();
        named.dedup();
        for risk in named.iter().filter_map(|id| risks.get(id)) {
            let Some(threat) = risk.threat_key.as_deref().and_then(|key| cx.catalog.threat(key)) else {
                continue;
            };
            if threat.asset_kinds.contains(&asset.kind) {
                continue;
            }
            let record = asset_ref(asset);
            let scenario = scenario_ref(risk);
            let fits: Vec<String> = threat
                .asset_kinds
                .iter()
                .map(|kind| kind.label().to_lowercase())
                .collect();
            found.push(Finding::new(
                Rule::CoverageNoteMisfit,
                format!("asset:{}:scenario:{}", asset.id, risk.id),
                vec![record.clone(), scenario.clone()],
                format!(
                    "{}'s coverage note names {}, but the threat library's \"{}\" applies to {}, not to a {}: \
                     the note does not show the asset's own risks are analysed ({RISK_ANALYSIS})",
                    capitalised(&record.display()),
                    scenario.display(),
                    threat.name,
                    join(&fits),
                    asset.kind.label().to_lowercase()
                ),
                "name the scenarios whose threats fit this kind of asset, or add one that names it",
            ));
        }
    }
    found
}

/// Texts joined for a message: `a, b and c`.
fn join(texts: &[String]) -> String {
    match texts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
