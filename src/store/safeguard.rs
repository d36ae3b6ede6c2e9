//! Safeguard reviews: one per catalog item and assessment, with answers to its questions.

use std::collections::HashMap;

use super::records;
use super::sql::{key, whole};
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
        let sql = format!(
            "{} WHERE assessment_id = ?1 ORDER BY id",
            records::select::<SafeguardReview>(&["assessment_id"])
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([assessment_id], |row| {
            let mut review: SafeguardReview = records::read(row)?;
            review.assessment_id = row.get("assessment_id")?;
            Ok(review)
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
    use rusqlite::OptionalExtension;
    let existing: Option<Id> = conn
        .query_row(
            "SELECT id FROM safeguard_reviews WHERE assessment_id = ?1 AND citation = ?2",
            (review.assessment_id, &review.citation),
            |row| row.get(0),
        )
        .optional()?;
    let frame = [("assessment_id", review.assessment_id.into())];
    let id = match existing {
        Some(id) => {
            records::update(conn, &SafeguardReview { id, ..review.clone() }, &frame)?;
            id
        }
        None => records::insert(conn, review, &frame)?,
    };
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
