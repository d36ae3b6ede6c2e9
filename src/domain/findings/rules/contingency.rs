//! Contingency plan tests (§164.308(a)(7)(ii)(D)): a failed test with no follow-up
//! (blocking), a test that missed a system's target recovery time or acceptable data loss
//! (advisory), and a critical asset with no restore or failover test in the last 12 months
//! (advisory). Only the tests of the last 12 months count: an older failure has been
//! superseded by the yearly cycle. The comparisons are the domain's
//! (`domain::contingency`).
//!
//! Why these weights:
//! - A failed test with nothing recorded to fix it is a known gap in the contingency plan
//!   left open: blocking, like a gap with no plan (`safeguard.gap_without_plan`).
//! - A missed target is advisory: a failed one has the blocking rule above until a
//!   follow-up is recorded, and one followed up is being managed; a missed target on a
//!   test marked "pass" means the success criteria and the targets disagree, which the
//!   practice settles, not a gap an investigator would hold the analysis back for.
//! - A critical asset untested is advisory, overdue or not: testing and revision is an
//!   addressable specification, and the analysis stays truthful while the test is
//!   planned; the calendar shows it due (then overdue) every day until it is held.

use super::*;
use crate::domain::contingency::{ContingencyTest, is_critical, last_recovery_test, target_checks};

fn test_ref(test: &ContingencyTest) -> RecordRef {
    RecordRef::ContingencyTest {
        id: test.id,
        title: test.title(),
    }
}

/// The tests of the last 12 months, by id.
fn recent<'a>(cx: &Context<'a>) -> Vec<&'a ContingencyTest> {
    let mut tests: Vec<&ContingencyTest> = cx
        .workspace
        .contingency_tests
        .iter()
        .filter(|test| {
            // An undated test counts: a failed one without a follow-up must not hide.
            test.tested_on.is_none_or(|date| date > cx.year_ago && date <= cx.today)
        })
        .collect();
    tests.sort_by_key(|test| test.id);
    tests
}

pub(super) fn test_failed_without_follow_up(cx: &Context<'_>) -> Vec<Finding> {
    recent(cx)
        .into_iter()
        .filter(|test| test.failed() && !test.has_follow_up())
        .map(|test| {
            let record = test_ref(test);
            Finding::new(
                Rule::ContingencyTestFailedNoFollowUp,
                format!("contingency_test:{}", test.id),
                vec![record.clone()],
                format!(
                    "The {} failed and no follow-up is recorded: the contingency plan must be revised after \
                     testing (§164.308(a)(7)(ii)(D))",
                    record.display()
                ),
                "record the follow-up actions on the Tests screen, or link a standalone action of the plan",
            )
        })
        .collect()
}

pub(super) fn test_missed_target(cx: &Context<'_>) -> Vec<Finding> {
    recent(cx)
        .into_iter()
        .filter_map(|test| {
            let missed: Vec<String> = target_checks(test, &cx.assets)
                .into_iter()
                .filter(|check| check.missed())
                .map(|check| check.sentence())
                .collect();
            (!missed.is_empty()).then_some((test, missed))
        })
        .map(|(test, missed)| {
            let record = test_ref(test);
            Finding::new(
                Rule::ContingencyTargetMissed,
                format!("contingency_test:{}", test.id),
                vec![record.clone()],
                format!(
                    "The {} missed its targets ({}) (§164.308(a)(7)(ii)(B), (D))",
                    record.display(),
                    missed.join("; ")
                ),
                "record what will bring the restore within the target, or revise the target",
            )
        })
        .collect()
}

pub(super) fn critical_asset_untested(cx: &Context<'_>) -> Vec<Finding> {
    cx.assets
        .iter()
        .copied()
        .filter(|asset| is_critical(asset))
        .filter_map(|asset| {
            let last = last_recovery_test(asset, &cx.workspace.contingency_tests, cx.today);
            // Overdue as the calendar counts it: past one cycle after the last test (on
            // the anniversary itself it is due, not overdue).
            match last {
                Some(date) if date >= cx.year_ago => None,
                _ => Some((asset, last)),
            }
        })
        .map(|(asset, last)| {
            let record = asset_ref(asset);
            let since = last.map_or_else(
                || "has never had a restore or failover test".to_string(),
                |date| format!("was last tested on {date}, more than 12 months ago"),
            );
            Finding::new(
                Rule::CriticalAssetUntested,
                format!("asset:{}", asset.id),
                vec![record.clone()],
                format!(
                    "{} is critical and {since} (§164.308(a)(7)(ii)(D))",
                    capitalised(&record.display())
                ),
                "hold a restore or failover test and record it on the Tests screen",
            )
        })
        .collect()
}
