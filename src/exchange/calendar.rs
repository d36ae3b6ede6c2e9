//! The program calendar as files: an iCalendar file (RFC 5545) that calendar apps import,
//! and the JSON `due --format json` prints.
//!
//! The iCalendar file is written here by hand rather than with a crate: it is one
//! VCALENDAR of all-day VEVENTs with seven properties each, and everything a crate would
//! add we must control anyway to get the same bytes for the same workspace and date (a
//! stable UID from the source record instead of a random one, DTSTAMP from the fixed
//! "today" instead of the clock). The rules kept here: CRLF line ends, lines folded at 75
//! octets on character boundaries (§3.1), TEXT values escaped (§3.3.11). All-day events
//! rather than VTODOs, because the common calendar apps import events and skip to-dos.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::RecordRef;
use crate::domain::calendar::{Occurrence, Standing, distance_in_words};

/// The longest a content line may be, in octets, without its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The iCalendar file of `occurrences` as of `today`: one all-day event on each due date.
pub fn ics(occurrences: &[Occurrence], today: NaiveDate, practice: &str) -> String {
    let mut out = String::new();
    let name = if practice.trim().is_empty() {
        "HIPAA program calendar".to_string()
    } else {
        format!("{} HIPAA program calendar", practice.trim())
    };
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//hipaa-ra//Program calendar//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape_text(&name)),
    ] {
        push_line(&mut out, &line);
    }
    let stamp = format!("{}T000000Z", today.format("%Y%m%d"));
    for occurrence in occurrences {
        let end = occurrence.due.checked_add_days(Days::new(1)).unwrap_or(occurrence.due);
        let summary = format!("{}: {}", occurrence.kind.label(), occurrence.what);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", uid(occurrence)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", occurrence.due.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            format!("SUMMARY:{}", escape_text(&summary)),
            format!("DESCRIPTION:{}", escape_text(&description(occurrence, today))),
            format!("CATEGORIES:{}", escape_text(occurrence.kind.label())),
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ] {
            push_line(&mut out, &line);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// A stable identifier made of ids only: the kind, the source record's kind and id, and
/// the occurrence's key (the course of a person's training). The same obligation keeps its
/// UID from one export to the next, through a renamed title or a renewed agreement, so a
/// calendar app updates the event instead of adding one.
pub fn uid(occurrence: &Occurrence) -> String {
    let kind = serde_json::to_value(occurrence.kind)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default();
    let key = match occurrence.key.as_str() {
        "" => String::new(),
        key => format!("-{}", safe_key(key)),
    };
    format!("{kind}-{}{key}@hipaa-ra", source_key(&occurrence.source))
}

/// The source record as a key made of letters, digits and dashes.
/// A key made of letters, digits and dashes.
fn safe_key(key: &str) -> String {
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn source_key(source: &RecordRef) -> String {
    let key = match source {
        RecordRef::Asset { id, .. } => format!("asset-{id}"),
        RecordRef::Vendor { id, .. } => format!("vendor-{id}"),
        RecordRef::Citation { citation, .. } => format!("safeguard-{citation}"),
        RecordRef::Scenario { id, .. } => format!("scenario-{id}"),
        RecordRef::Evidence { id, .. } => format!("evidence-{id}"),
        RecordRef::Action { id, .. } => format!("action-{id}"),
        RecordRef::Policy { id, .. } => format!("policy-{id}"),
        RecordRef::Incident { id, .. } => format!("incident-{id}"),
        RecordRef::Person { id, .. } => format!("person-{id}"),
        RecordRef::ContingencyTest { id, .. } => format!("test-{id}"),
    };
    safe_key(&key)
}

/// The event's description: where it stands, who owns it and what it counts from.
fn description(occurrence: &Occurrence, today: NaiveDate) -> String {
    let mut parts = vec![format!("{} (as of {today})", distance_in_words(occurrence.due, today))];
    if let Some(owner) = &occurrence.owner {
        parts.push(format!("Owner: {owner}"));
    }
    match occurrence.last_done {
        Some(done) => parts.push(format!("Last done: {done}")),
        None => parts.push("Never done".to_string()),
    }
    parts.push(format!("Record: {}", occurrence.source.display()));
    parts.join("\n")
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a line break
/// as `\n`, other control characters dropped (they are not allowed in a content line).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line exceeds 75 octets (a continuation starts
/// with one space, which counts), never inside a character, ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// One occurrence as `due --format json` prints it.
#[derive(Debug, Serialize)]
pub struct DueItem<'a> {
    #[serde(flatten)]
    pub occurrence: &'a Occurrence,
    pub standing: Standing,
    /// Days past due on the date: negative while it is still ahead, 0 on the day.
    pub days_overdue: i64,
    pub uid: String,
}

/// What `due --format json` prints.
#[derive(Debug, Serialize)]
pub struct DueList<'a> {
    pub date: NaiveDate,
    pub within_days: u32,
    pub overdue: usize,
    pub items: Vec<DueItem<'a>>,
}

pub fn due_json(occurrences: &[Occurrence], today: NaiveDate, within_days: u32) -> serde_json::Result<String> {
    let items: Vec<DueItem<'_>> = occurrences
        .iter()
        .map(|occurrence| DueItem {
            occurrence,
            standing: occurrence.standing(today, within_days),
            days_overdue: (today - occurrence.due).num_days(),
            uid: uid(occurrence),
        })
        .collect();
    let list = DueList {
        date: today,
        within_days,
        overdue: items.iter().filter(|item| item.standing == Standing::Overdue).count(),
        items,
    };
    let mut text = serde_json::to_string_pretty(&list)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ObligationKind;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn occurrence(what: &str) -> Occurrence {
        Occurrence {
            kind: ObligationKind::PolicyReview,
            what: what.to_string(),
            owner: Some("Maria Lopez".into()),
            due: day("2026-11-30"),
            last_done: None,
            source: RecordRef::Policy {
                id: 4,
                title: what.to_string(),
            },
            key: String::new(),
        }
    }

    #[test]
    fn lines_are_folded_at_75_octets_on_character_boundaries_and_end_in_crlf() {
        let long = "Sécurité; access, review ".repeat(12);
        let text = ics(&[occurrence(&long)], day("2026-11-20"), "Clinic");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= MAX_LINE_OCTETS, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        // Unfolded, the summary is the escaped text whole.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:Policy review: {}", escape_text(&long))));
        assert!(text.matches("\r\n ").count() > 3, "the long summary was folded");
    }

    #[test]
    fn the_same_calendar_and_date_give_the_same_bytes_and_uids_follow_the_record() {
        let today = day("2026-11-20");
        let first = ics(&[occurrence("Access control policy")], today, "Clinic");
        assert_eq!(first, ics(&[occurrence("Access control policy")], today, "Clinic"));
        assert!(first.contains("DTSTAMP:20261120T000000Z\r\n"));
        assert!(first.contains("DTSTART;VALUE=DATE:20261130\r\nDTEND;VALUE=DATE:20261201\r\n"));
        // Ids only: a renamed policy keeps its UID; a key (a person's course) tells apart
        // two obligations of one record.
        let uid_of = |what: &str, key: &str| {
            uid(&Occurrence {
                key: key.to_string(),
                ..occurrence(what)
            })
        };
        assert_eq!(uid_of("Access control policy", ""), "policy_review-policy-4@hipaa-ra");
        assert_eq!(
            uid_of("Access control policy", ""),
            uid_of("Access policy (renamed)", "")
        );
        assert_eq!(
            uid_of("HIPAA basics", "course-2"),
            "policy_review-policy-4-course-2@hipaa-ra"
        );
        assert_ne!(uid_of("HIPAA basics", "course-2"), uid_of("HIPAA basics", "course-3"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\u{7}f"),
            "a\\,b\\;c\\\\d\\ne f".replace(' ', "")
        );
    }
}
