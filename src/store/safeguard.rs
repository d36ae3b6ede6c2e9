//! Safeguard reviews: one per catalog item and assessment, with answers to its questions.

use std::collections::HashMap;

use super::sql::{date_text, key, optional_date, optional_key, whole};
use super::{Result, Store, StoreError};
use crate::domain::{Id, Labeled, QuestionAnswer, SafeguardReview};

impl Store {
    /// The saved reviews of an assessment (items never touched have none).
    pub fn safeguard_reviews(&self, assessment_id: Id) -> Result<Vec<SafeguardReview>> {
        let mut answers: HashMap<Id, Vec<QuestionAnswer>> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT a.review_id, a.question, a.answer, a.note FROM question_answers a
             JOIN safeguard_reviews r ON r.id = a.review_id
             WHERE r.assessment_id = ?1 ORDER BY a.review_id, a.question",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            let question: i64 = row.get(1)?;
            Ok((
                row.get::<_, Id>(0)?,
                QuestionAnswer {
                    question: usize::try_from(question).unwrap_or(0),
                    answer: key(row, 2)?,
                    note: row.get(3)?,
                },
            ))
        })?;
        for row in rows {
            let (review_id, answer) = row?;
            answers.entry(review_id).or_default().push(answer);
        }
        let mut statement = self.conn.prepare(
            "SELECT id, assessment_id, citation, status, owner_id, reviewed_on, notes, na_reason, decision,
                 decision_text, measure
             FROM safeguard_reviews WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([assessment_id], |row| {
            let id: Id = row.get(0)?;
            Ok(SafeguardReview {
                id,
                assessment_id: row.get(1)?,
                citation: row.get(2)?,
                status: key(row, 3)?,
                owner_id: row.get(4)?,
                reviewed_on: optional_date(row, 5)?,
                notes: row.get(6)?,
                na_reason: row.get(7)?,
                decision: optional_key(row, 8)?,
                decision_text: row.get(9)?,
                answers: Vec::new(),
                measure: row.get(10)?,
            })
        })?;
        let mut reviews = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for review in &mut reviews {
            review.answers = answers.remove(&review.id).unwrap_or_default();
        }
        Ok(reviews)
    }

    /// Saves the review of one item, replacing its answers; returns its id.
    /// Refuses a review the rule does not allow (see `domain::review_rules`): an unknown
    /// citation, an addressable item reviewed without a decision or with a decision that
    /// does not fit its status, not applicable without a reason. The refusal
    /// (`StoreError::Refused`) names the citation and the field; nothing is written.
    pub fn save_review(&mut self, review: &SafeguardReview) -> Result<Id> {
        use crate::catalog::ItemKind;
        use crate::domain::review_rules::{Obligation, review_problem};
        let item = crate::catalog::Catalog::embedded()
            .item(&review.citation)
            .ok_or_else(|| StoreError::Invalid(format!("{} is not in the Security Rule catalog", review.citation)))?;
        let obligation = if item.kind == ItemKind::Addressable {
            Obligation::Addressable
        } else {
            Obligation::Required
        };
        if let Some((field, message)) = review_problem(obligation, review) {
            return Err(StoreError::Refused { field, message });
        }
        self.write(|tx| {
            // Saving finds the row by citation; an id from the caller is not used.
            write_review(
                tx.conn(),
                &SafeguardReview {
                    id: 0,
                    ..review.clone()
                },
            )
        })
    }
}

/// Writes a review and its answers: a new row (keeping the review's id unless it is 0),
/// or, for a citation the assessment already has, that row updated. Returns the row's id.
/// Used by saving and by the restore of an export.
pub(super) fn write_review(conn: &rusqlite::Connection, review: &SafeguardReview) -> Result<Id> {
    conn.execute(
        "INSERT INTO safeguard_reviews (id, assessment_id, citation, status, owner_id, reviewed_on, notes,
             na_reason, decision, decision_text, measure)
         VALUES (NULLIF(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (assessment_id, citation) DO UPDATE SET status = ?4, owner_id = ?5,
             reviewed_on = ?6, notes = ?7, na_reason = ?8, decision = ?9, decision_text = ?10, measure = ?11",
        rusqlite::params![
            review.id,
            review.assessment_id,
            review.citation,
            review.status.key(),
            review.owner_id,
            date_text(review.reviewed_on),
            review.notes,
            review.na_reason,
            review.decision.map(|decision| decision.key()),
            review.decision_text,
            review.measure,
        ],
    )?;
    let id: Id = conn.query_row(
        "SELECT id FROM safeguard_reviews WHERE assessment_id = ?1 AND citation = ?2",
        (review.assessment_id, &review.citation),
        |row| row.get(0),
    )?;
    conn.execute("DELETE FROM question_answers WHERE review_id = ?1", [id])?;
    insert_answers(conn, id, &review.answers)?;
    Ok(id)
}

/// Inserts the answers of a review.
pub(super) fn insert_answers(conn: &rusqlite::Connection, review_id: Id, answers: &[QuestionAnswer]) -> Result<()> {
    for answer in answers {
        conn.execute(
            "INSERT INTO question_answers (review_id, question, answer, note) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                review_id,
                whole(Some(answer.question as u64), "question")?,
                answer.answer.key(),
                answer.note
            ],
        )?;
    }
    Ok(())
}
