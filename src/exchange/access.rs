//! A system's user list as CSV (exported from the EHR, the email service or a directory),
//! read into the accounts of an access review, and the access reviews written back out.
//!
//! Read like the inventory: headings in any case with the usual names systems give them
//! ("Username", "Login", "Full Name", "Status", "Enabled", "Last Logon"), or a first and a
//! last name column; columns we do not keep named in one line and ignored; `Yes`/`No`,
//! `Active`/`Disabled` and the like for the account's state; refused as a whole at the
//! first bad row, with its line and column.

use chrono::NaiveDate;

use super::ImportError;
use super::cells::shown;
use super::limits::{MAX_CELL_CHARS, MAX_CSV_ROWS, from_spreadsheet, spreadsheet_safe};
use super::spreadsheet::normalize;
use crate::domain::access::{AccessAccount, AccessRecords, Change, change_of, flags, match_person};
use crate::domain::{Labeled, Person, STATUS_COLUMN, Status};

/// The columns of a user list, by what they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    User,
    Name,
    FirstName,
    LastName,
    Role,
    Active,
    /// A "Disabled" or "Locked" column: yes means not active.
    Inactive,
    LastLogin,
}

impl Column {
    fn key(self) -> &'static str {
        match self {
            Column::User => "user",
            Column::Name => "name",
            Column::FirstName => "first_name",
            Column::LastName => "last_name",
            Column::Role => "role",
            Column::Active => "active",
            Column::Inactive => "disabled",
            Column::LastLogin => "last_login",
        }
    }
}

/// Normalized headings and the column each means, best first within a column: a file
/// with both "Username" and "Email" takes the user from "Username" and ignores "Email".
#[rustfmt::skip]
const HEADINGS: &[(&str, Column)] = &[
    ("user", Column::User), ("username", Column::User), ("user_name", Column::User), ("login", Column::User),
    ("login_name", Column::User), ("logon", Column::User), ("logon_name", Column::User), ("user_id", Column::User),
    ("userid", Column::User), ("account", Column::User), ("account_name", Column::User),
    ("samaccountname", Column::User), ("user_principal_name", Column::User), ("userprincipalname", Column::User),
    ("email", Column::User), ("email_address", Column::User), ("e_mail", Column::User),
    ("name", Column::Name), ("full_name", Column::Name), ("fullname", Column::Name), ("display_name", Column::Name),
    ("displayname", Column::Name), ("user_full_name", Column::Name), ("employee_name", Column::Name),
    ("staff_name", Column::Name), ("provider_name", Column::Name),
    ("first_name", Column::FirstName), ("first", Column::FirstName), ("given_name", Column::FirstName),
    ("givenname", Column::FirstName),
    ("last_name", Column::LastName), ("last", Column::LastName), ("surname", Column::LastName),
    ("family_name", Column::LastName),
    ("role", Column::Role), ("user_role", Column::Role), ("roles", Column::Role), ("security_role", Column::Role),
    ("security_group", Column::Role), ("access_level", Column::Role), ("user_type", Column::Role),
    ("profile", Column::Role), ("group", Column::Role), ("job_title", Column::Role), ("title", Column::Role),
    ("active", Column::Active), ("status", Column::Active), ("enabled", Column::Active),
    ("account_status", Column::Active), ("user_status", Column::Active), ("is_active", Column::Active),
    ("account_enabled", Column::Active), ("accountenabled", Column::Active), ("state", Column::Active),
    ("disabled", Column::Inactive), ("locked", Column::Inactive), ("is_disabled", Column::Inactive),
    ("last_login", Column::LastLogin), ("last_logon", Column::LastLogin), ("last_login_date", Column::LastLogin),
    ("last_logon_date", Column::LastLogin), ("lastlogon", Column::LastLogin), ("lastlogin", Column::LastLogin),
    ("last_logon_timestamp", Column::LastLogin), ("lastlogontimestamp", Column::LastLogin),
    ("last_sign_in", Column::LastLogin), ("last_signin", Column::LastLogin), ("last_access", Column::LastLogin),
    ("last_activity", Column::LastLogin), ("last_login_time", Column::LastLogin), ("last_seen", Column::LastLogin),
];

/// A parsed user list: its accounts (no review yet) and the headings it ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserList {
    pub accounts: Vec<AccessAccount>,
    pub ignored: Vec<String>,
}

impl UserList {
    /// "ignored 2 columns hipaa-ra does not keep: `Department`, `MFA`", or None.
    pub fn ignored_line(&self) -> Option<String> {
        let names: Vec<String> = self.ignored.iter().map(|title| format!("`{}`", shown(title))).collect();
        match names.len() {
            0 => None,
            1 => Some(format!("ignored 1 column hipaa-ra does not keep: {}", names[0])),
            n => Some(format!(
                "ignored {n} columns hipaa-ra does not keep: {}",
                names.join(", ")
            )),
        }
    }
}

fn error(line: u64, column: Option<&str>, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        column: column.map(str::to_string),
        message: message.into(),
    }
}

/// An account's state as systems write it; None when the word means neither.
pub fn parse_active(text: &str) -> Option<bool> {
    match normalize(text).as_str() {
        "yes" | "y" | "true" | "t" | "1" | "active" | "enabled" | "enable" | "on" | "open" | "current" => Some(true),
        "no" | "n" | "false" | "f" | "0" | "inactive" | "disabled" | "disable" | "off" | "locked" | "suspended"
        | "terminated" | "deleted" | "closed" | "deactivated" | "expired" => Some(false),
        _ => None,
    }
}

/// A last-login cell: a date, with or without a time after it ("2026-06-30 14:22",
/// "6/30/2026 2:22 PM"); blank or "Never" is none.
fn parse_last_login(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.is_empty() || normalize(text) == "never" {
        return Ok(None);
    }
    let day = text.split(['T', ' ']).next().unwrap_or_default();
    crate::domain::parse::parse_date(day).map(Some).map_err(|_| {
        format!(
            "bad date `{}` (expected YYYY-MM-DD or M/D/YYYY, a time after it is fine)",
            shown(text)
        )
    })
}

/// Each header cell's column (None: ignored), refusing a list without a user column or
/// one naming a column twice at the same rank.
fn header_columns(header: &csv::StringRecord) -> Result<(Vec<Option<Column>>, Vec<String>), ImportError> {
    let ranked: Vec<Option<(Column, usize)>> = header
        .iter()
        .map(|title| {
            let normalized = normalize(title);
            HEADINGS
                .iter()
                .position(|(heading, _)| *heading == normalized)
                .map(|rank| (HEADINGS[rank].1, rank))
        })
        .collect();
    let mut columns = Vec::with_capacity(ranked.len());
    let mut ignored = Vec::new();
    for (position, (title, found)) in header.iter().zip(&ranked).enumerate() {
        let chosen = found.filter(|(column, rank)| {
            // The best-ranked heading of its column wins; the others are ignored.
            !ranked
                .iter()
                .flatten()
                .any(|(other, other_rank)| other == column && other_rank < rank)
        });
        if let Some((column, rank)) = chosen {
            let twice = ranked[..position]
                .iter()
                .flatten()
                .any(|(other, other_rank)| *other == column && *other_rank == rank);
            if twice {
                return Err(error(
                    1,
                    None,
                    format!("column `{}` appears twice", shown(title.trim())),
                ));
            }
        } else if !normalize(title).is_empty() && normalize(title) != STATUS_COLUMN {
            ignored.push(title.trim().to_string());
        }
        columns.push(chosen.map(|(column, _)| column));
    }
    if !columns.contains(&Some(Column::User)) {
        return Err(error(
            1,
            None,
            "missing the user column (a heading such as `User`, `Username`, `Login` or `Email`)",
        ));
    }
    Ok((columns, ignored))
}

/// Parses a user list, refusing the whole file at the first bad row.
pub fn parse_user_list(input: &[u8]) -> Result<UserList, ImportError> {
    let input = super::assets::csv_input(input)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let csv_error = |error: csv::Error| {
        let line = error.position().map_or(1, csv::Position::line);
        match error.kind() {
            csv::ErrorKind::Utf8 { .. } => error_utf8(line),
            _ => self::error(line, None, error.to_string()),
        }
    };
    let mut records = reader.records();
    let Some(header) = records.next() else {
        return Err(error(
            1,
            None,
            "the file is empty (expected a header row naming the columns)",
        ));
    };
    let header = header.map_err(csv_error)?;
    let (columns, ignored) = header_columns(&header)?;
    let mut accounts: Vec<AccessAccount> = Vec::new();
    let mut lines: Vec<u64> = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if accounts.len() == MAX_CSV_ROWS {
            return Err(error(
                line,
                None,
                format!("more than the limit of {MAX_CSV_ROWS} rows in one import; split the file"),
            ));
        }
        let account = parse_row(&record, &columns, line)?;
        if let Some(index) = accounts
            .iter()
            .position(|other| other.user.to_lowercase() == account.user.to_lowercase())
        {
            let message = format!(
                "user `{}` is listed twice (first on line {})",
                shown(&account.user),
                lines[index]
            );
            return Err(error(line, Some("user"), message));
        }
        accounts.push(account);
        lines.push(line);
    }
    Ok(UserList { accounts, ignored })
}

fn error_utf8(line: u64) -> ImportError {
    error(line, None, "not valid UTF-8 text (save the file as CSV UTF-8)")
}

fn parse_row(record: &csv::StringRecord, columns: &[Option<Column>], line: u64) -> Result<AccessAccount, ImportError> {
    let mut account = AccessAccount {
        active: true,
        ..Default::default()
    };
    let (mut first, mut last) = (String::new(), String::new());
    for (position, value) in record.iter().enumerate() {
        let Some(column) = columns.get(position).copied().flatten() else {
            continue;
        };
        if value.chars().count() > MAX_CELL_CHARS {
            let message = format!("longer than the limit of {MAX_CELL_CHARS} characters for a cell");
            return Err(error(line, Some(column.key()), message));
        }
        let text = from_spreadsheet(value.trim()).trim().to_string();
        match column {
            Column::User => account.user = text,
            Column::Name => account.name = text,
            Column::FirstName => first = text,
            Column::LastName => last = text,
            Column::Role => account.role = text,
            Column::Active | Column::Inactive => {
                let state = parse_active(&text).ok_or_else(|| {
                    let message = format!(
                        "`{}` is not an account state (expected Yes/No, Active/Disabled, Enabled/Locked, True/False)",
                        shown(&text)
                    );
                    error(line, Some(column.key()), message)
                })?;
                account.active = if column == Column::Active { state } else { !state };
            }
            Column::LastLogin => {
                account.last_login =
                    parse_last_login(&text).map_err(|message| error(line, Some(column.key()), message))?
            }
        }
    }
    if account.name.is_empty() {
        account.name = [first, last]
            .iter()
            .filter(|part| !part.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
    }
    if account.user.is_empty() {
        return Err(error(
            line,
            Some("user"),
            "blank (every account needs its user or login)",
        ));
    }
    Ok(account)
}

/// The access reviews as CSV, one row per account: the system, the review's dates, the
/// account, its change since the previous review, its flags and its decision. Text cells
/// are spreadsheet-safe.
pub fn write_access_csv(
    out: impl std::io::Write,
    records: &AccessRecords,
    people: &[Person],
    status: Status,
) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        STATUS_COLUMN,
        "system",
        "review_started",
        "review_completed",
        "user",
        "name",
        "role",
        "active",
        "last_login",
        "change",
        "person",
        "flags",
        "decision",
        "decided_by",
        "decided_on",
    ])?;
    let date = |day: Option<NaiveDate>| day.map(|day| day.to_string()).unwrap_or_default();
    for review in &records.reviews {
        for account in records.accounts_of(review.id) {
            let flags: Vec<&str> = flags(account, review, people).iter().map(|flag| flag.label()).collect();
            let change: Change = change_of(records, review, account);
            let person = match_person(account, people)
                .map(|person| person.name.clone())
                .unwrap_or_default();
            let row = [
                status.word().to_string(),
                spreadsheet_safe(&review.system).into_owned(),
                review.started.to_string(),
                date(review.completed),
                spreadsheet_safe(&account.user).into_owned(),
                spreadsheet_safe(&account.name).into_owned(),
                spreadsheet_safe(&account.role).into_owned(),
                if account.active { "yes" } else { "no" }.to_string(),
                date(account.last_login),
                change.label().to_string(),
                spreadsheet_safe(&person).into_owned(),
                flags.join("; "),
                account.decision.map(Labeled::key).unwrap_or_default().to_string(),
                spreadsheet_safe(&account.decided_by).into_owned(),
                date(account.decided_on),
            ];
            writer.write_record(row)?;
        }
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
