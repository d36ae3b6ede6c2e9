//! The demo shows every cross-record consistency rule in this year's draft, and last
//! year's finished analysis resolves them: the records agree with each other in a final
//! year.

use hipaa_ra::domain::*;

#[path = "support/clock.rs"]
mod clock;
use clock::today;

fn open_of(found: &[Finding], rule: Rule) -> Vec<&Finding> {
    found
        .iter()
        .filter(|finding| finding.rule == rule && finding.is_open())
        .collect()
}

#[test]
fn this_years_demo_shows_each_consistency_rule_and_last_year_resolves_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = hipaa_ra::demo_history::create(&dir.path().join("demo.hra"), today()).unwrap();
    let catalog = hipaa_ra::catalog::Catalog::embedded();
    let this_year = store.snapshot().unwrap();
    let found = findings(&this_year, catalog, today());

    // Staff snooping, carried forward to mitigate with no action, cites audit controls
    // while the review marks them implemented.
    let snooping = this_year
        .risks
        .iter()
        .find(|risk| risk.threat_key.as_deref() == Some("staff_snooping"))
        .unwrap();
    let scenario = format!("scenario #{} \"{}\"", snooping.id, snooping.threat);
    let contradiction = open_of(&found, Rule::CitedAsMissing)
        .into_iter()
        .find(|finding| {
            finding.key
                == format!(
                    "contradiction.cited_as_missing:safeguard:164.312(b):scenario:{}",
                    snooping.id
                )
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_eq!(
        contradiction.message,
        format!(
            "§164.312(b) Audit controls is marked implemented, but {scenario}, still open (mitigate, with no \
             action), cites it as a weakness: the review and the risk analysis contradict each other \
             (§164.308(a)(1)(ii)(A))"
        )
    );
    assert!(contradiction.blocks());
    let without_action = open_of(&found, Rule::TreatmentWithoutAction);
    assert!(
        without_action.iter().any(
            |finding| finding.message.starts_with(&format!("Scenario #{}", snooping.id))
                && finding.message.contains("is to mitigate but has no action")
        ),
        "{without_action:#?}"
    );
    // A gap found this year, with no plan and no owner.
    let gap = "§164.308(a)(3)(i) Workforce security is partly implemented";
    let plan = open_of(&found, Rule::GapWithoutPlan);
    assert!(
        plan.iter().any(|finding| finding.message.starts_with(gap)
            && finding
                .message
                .contains("no scenario citing it has an action or an accepted risk")),
        "{plan:#?}"
    );
    let owner = open_of(&found, Rule::GapWithoutOwner);
    assert!(
        owner
            .iter()
            .any(|finding| finding.message.starts_with(&format!("{gap} and has no owner"))),
        "{owner:#?}"
    );
    // The participants cleared for this year's interviews.
    let methodology = open_of(&found, Rule::MethodologyIncomplete);
    assert_eq!(methodology.len(), 1);
    assert!(
        methodology[0]
            .message
            .starts_with("The methodology does not say its participants:"),
        "{}",
        methodology[0].message
    );
    // One sentence for a vendor and the phones, naming the ransomware scenario.
    let reused = open_of(&found, Rule::CoverageNoteReused);
    assert!(
        reused.iter().any(|finding| finding
            .message
            .contains("vendor \"SafeVault cloud backup\" (vendor) and \"Staff personal phones\" (mobile device)")),
        "{reused:#?}"
    );
    let misfit = open_of(&found, Rule::CoverageNoteMisfit);
    assert!(
        misfit.iter().any(|finding| finding
            .message
            .starts_with("\"Staff personal phones\"'s coverage note names scenario #")
            && finding
                .message
                .contains("\"Ransomware encrypts practice systems\" applies to")),
        "{misfit:#?}"
    );

    // Last year, finished and signed: none of the blocking ones left open.
    let assessments = store.assessments().unwrap();
    let last_year = store.snapshot_of(assessments[0].id).unwrap();
    let last = findings(&last_year, catalog, today());
    for rule in [
        Rule::CitedAsMissing,
        Rule::GapWithoutPlan,
        Rule::GapWithoutOwner,
        Rule::TreatmentWithoutAction,
        Rule::MethodologyIncomplete,
    ] {
        assert!(open_of(&last, rule).is_empty(), "{rule:?}: {:#?}", open_of(&last, rule));
    }
    assert_eq!(FindingCounts::of(&last).blocking, 0);
}
