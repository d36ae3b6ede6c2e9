//! The safeguard review form: status, owner, the measure in place, the addressable
//! decision, and every question of the catalog item with its answer beside it; a "no"
//! answer suggests a status, live in the form's border.

use chrono::NaiveDate;

use crate::domain::*;
use crate::tui::editors::{
    FieldProblem, date_text, labels, limited_text, owner_at, owner_choices, owner_position, parse_date, pick, position,
};
use crate::tui::form::{Field, Form};
use crate::tui::reading::{Part, Reading};

const ANSWER_NONE: &str = "(not answered)";
/// The note fields of the review's questions, one after each question.
const NOTE_KEYS: [&str; 5] = ["q0_note", "q1_note", "q2_note", "q3_note", "q4_note"];
const DECISION_NONE: &str = "(no decision yet)";

/// The review form of one catalog item; questions are answered one field each, with the
/// question's text shown while its field has the focus.
pub fn review_form(item: &crate::catalog::Item, review: &SafeguardReview, people: &[Person]) -> Form {
    let addressable = item.kind == crate::catalog::ItemKind::Addressable;
    let mut fields = vec![
        Field::choice("status", "Status", labels::<ReviewStatus>(), position(review.status))
            .with_help(item.summary.clone()),
        Field::choice(
            "owner",
            "Owner",
            owner_choices(people),
            owner_position(people, review.owner_id),
        ),
        Field::text("reviewed", "Reviewed on", &date_text(review.reviewed_on))
            .with_help("A date like 2026-03-15 or 3/15/2026; empty: today, once a status is chosen.")
            .date(),
        Field::text("measure", "Measure in place", &review.measure).with_help(
            "What is in place, in your words (who, what, how it is checked). \"Implemented\" with no measure \
             and no evidence is a finding.",
        ),
    ];
    if addressable {
        let decisions = std::iter::once(DECISION_NONE.to_string())
            .chain(labels::<AddressableDecision>())
            .collect();
        let selected = review.decision.map_or(0, |decision| position(decision) + 1);
        fields.push(Field::choice("decision", "Decision", decisions, selected).with_help(
            "Addressable is not optional: implement it, or an equivalent alternative (describe it), or \
             not reasonable and appropriate (give the reason).",
        ));
        fields.push(
            Field::text("decision_text", "Measure or reason", &review.decision_text).with_help(
                "For an equivalent alternative: the measure in place. For not reasonable: why, for the auditor.",
            ),
        );
    }
    fields.push(
        Field::text("na_reason", "Why not applicable", &review.na_reason)
            .with_help("Only when the status is Not applicable: say why, for the auditor."),
    );
    fields.push(Field::text("notes", "Notes", &review.notes));
    const QUESTION_KEYS: [&str; 5] = ["q0", "q1", "q2", "q3", "q4"];
    const QUESTION_LABELS: [&str; 5] = ["Question 1", "Question 2", "Question 3", "Question 4", "Question 5"];
    for (index, question) in item.questions.iter().enumerate().take(QUESTION_KEYS.len()) {
        let answers = std::iter::once(ANSWER_NONE.to_string())
            .chain(labels::<Answer>())
            .collect();
        let selected = review
            .answers
            .iter()
            .find(|answer| answer.question == index)
            .map_or(0, |answer| position(answer.answer) + 1);
        let note = review
            .answers
            .iter()
            .find(|answer| answer.question == index)
            .map_or("", |answer| answer.note.as_str());
        fields.push(
            Field::choice(QUESTION_KEYS[index], QUESTION_LABELS[index], answers, selected)
                .with_help(question.clone())
                .with_beside(question.clone()),
        );
        fields.push(Field::text(NOTE_KEYS[index], "  its note", note).with_help(question.clone()));
    }
    let questions = item.questions.len().min(QUESTION_KEYS.len());
    Form::new(format!("{} {}", item.citation, item.name), fields)
        .with_live(Box::new(move |form| answer_suggestion(form, questions)))
        .with_guidance(guidance(item))
}

/// A catalog item's guidance in full, to read in a window (the screen's `i`, the review
/// form's Ctrl-G): what it means for a small office, the questions the review asks, and
/// the evidence that shows it.
pub fn guidance(item: &crate::catalog::Item) -> Reading {
    let kind = match item.kind {
        crate::catalog::ItemKind::Standard => "Standard (reviewed as required)",
        crate::catalog::ItemKind::Required => "Required",
        crate::catalog::ItemKind::Addressable => {
            "Addressable: implement it, an equivalent alternative, or record why it is not reasonable"
        }
    };
    let mut parts = vec![Part {
        heading: "What this means for a small office".to_string(),
        paragraphs: vec![item.summary.clone(), format!("Obligation: {kind}.")],
        bullets: false,
    }];
    if !item.questions.is_empty() {
        parts.push(Part {
            heading: "What the review asks".to_string(),
            paragraphs: item.questions.clone(),
            bullets: true,
        });
    }
    if !item.evidence.is_empty() {
        parts.push(Part {
            heading: "Evidence that shows it".to_string(),
            paragraphs: item.evidence.clone(),
            bullets: true,
        });
    }
    Reading::new(format!("{} {}", item.citation, item.name), parts)
}

/// What a "no" answer suggests, live in the form's border: a status that fits, and the
/// scenarios the Risks screen offers for the gap.
fn answer_suggestion(form: &Form, questions: usize) -> String {
    let no = position(Answer::No) + 1;
    let said_no = (0..questions).any(|index| form.choice(["q0", "q1", "q2", "q3", "q4"][index]) == no);
    let status: ReviewStatus = pick(form.choice("status"));
    if said_no && matches!(status, ReviewStatus::NotReviewed | ReviewStatus::Implemented) {
        // The key from the key table, as the Risks screen has it.
        let suggest = crate::tui::keys::keys_for(
            crate::tui::keys::Scope::Screen(crate::tui::screen::Screen::Risks),
            crate::tui::keys::Action::Suggest,
        );
        format!("A \"No\" suggests Partially or Not implemented; Risks {suggest} offers its scenarios")
    } else {
        String::new()
    }
}

pub fn review_from_form(
    form: &Form,
    item: &crate::catalog::Item,
    base: &SafeguardReview,
    people: &[Person],
    today: NaiveDate,
) -> Result<SafeguardReview, FieldProblem> {
    use crate::domain::review_rules::{Obligation, review_problem};
    let addressable = item.kind == crate::catalog::ItemKind::Addressable;
    let status: ReviewStatus = pick(form.choice("status"));
    let decision_choice = form.choice("decision");
    let answers = (0..item.questions.len().min(5))
        .filter_map(|index| {
            let selected = form.choice(["q0", "q1", "q2", "q3", "q4"][index]);
            let note = form.text(NOTE_KEYS[index]);
            // An answer is kept when it is chosen or has a note ("don't know yet, ask Sam").
            (selected > 0 || !note.is_empty()).then(|| QuestionAnswer {
                question: index,
                // A note without an answer counts as "don't know" until someone chooses.
                answer: selected.checked_sub(1).map_or(Answer::DontKnow, pick),
                note,
            })
        })
        .collect();
    let reviewed_on = parse_date(form, "reviewed", "Reviewed on")?;
    let review = SafeguardReview {
        status,
        owner_id: owner_at(people, form.choice("owner")),
        // Marking an item reviewed dates it today unless a date was given.
        reviewed_on: if status == ReviewStatus::NotReviewed {
            reviewed_on
        } else {
            reviewed_on.or(Some(today))
        },
        notes: form.text("notes"),
        measure: limited_text(form, "measure", "Measure in place")?,
        na_reason: form.text("na_reason"),
        decision: if addressable && decision_choice > 0 {
            Some(pick(decision_choice - 1))
        } else {
            base.decision
        },
        decision_text: if addressable {
            form.text("decision_text")
        } else {
            base.decision_text.clone()
        },
        answers,
        ..base.clone()
    };
    let obligation = if addressable {
        Obligation::Addressable
    } else {
        Obligation::Required
    };
    if let Some(problem) = review_problem(obligation, &review) {
        return Err(problem);
    }
    Ok(review)
}
