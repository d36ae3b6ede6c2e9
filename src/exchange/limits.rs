//! What hipaa-ra takes in, and how much: the stated limits on imported files, and the
//! spreadsheet-safe form of CSV cells.
//!
//! Limits keep one careless or hostile file from making a workspace the report cannot
//! print (a million-row CSV once imported and the report then aborted at 3 GB). Each is
//! refused with one line naming the limit; the README lists them.
//!
//! Spreadsheet safety follows OWASP's rule for CSV injection: a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return is written with a leading apostrophe, so a
//! spreadsheet shows it as text instead of running it as a formula. The importer removes
//! exactly that apostrophe again. A cell that itself starts with an apostrophe gets a second
//! one on export, so removing one on import gives back every value byte for byte.

use std::borrow::Cow;
use std::path::Path;

/// The largest CSV file `assets import` reads.
pub const MAX_CSV_BYTES: u64 = 20 * 1024 * 1024;
/// The most data rows one CSV import takes (the product is measured at 10,000 assets).
pub const MAX_CSV_ROWS: usize = 20_000;
/// The longest CSV cell, in characters (a long note fits; a pasted document does not).
pub const MAX_CELL_CHARS: usize = 10_000;
/// The largest workspace export `new --from` reads (stored evidence files included).
pub const MAX_JSON_BYTES: u64 = 512 * 1024 * 1024;
/// The largest evidence file stored inside a workspace.
pub const MAX_EVIDENCE_BYTES: u64 = 100 * 1024 * 1024;
/// The largest signed report `verify` reads (a PDF, JSON, CSV or workbook).
pub const MAX_SIGNED_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// The largest key or signature file read (`--key`, `--pubkey`, `.minisig`): a few
/// hundred bytes in practice.
pub const MAX_KEY_BYTES: u64 = 64 * 1024;
/// The longest text value in a workspace export, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// "20 MB" for a limit given in bytes.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

/// Reads a whole input file, refusing it once it passes `limit` bytes. The read itself
/// stops there, so a growing file or an endless pipe cannot fill the memory.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    // A regular file only, opened without waiting: a pipe or device named here would hang.
    crate::input::read_regular_file(path, limit, &format!(" for {what}"))
}

/// A cell's text as a spreadsheet must see it: with a leading apostrophe when it would
/// otherwise start a formula (or already starts with an apostrophe).
pub fn spreadsheet_safe(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// The reverse of `spreadsheet_safe`: one leading apostrophe removed when what follows is
/// a character it protects. Any other apostrophe is the user's and stays.
pub fn from_spreadsheet(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if matches!(rest.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe_that_the_importer_removes() {
        for (value, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'quoted", "''quoted"),
            ("''", "'''"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(value), written, "{value:?}");
            assert_eq!(from_spreadsheet(written), value, "{written:?}");
        }
        // An apostrophe a user typed before ordinary text is theirs.
        assert_eq!(from_spreadsheet("'tis"), "'tis");
        assert_eq!(from_spreadsheet("'"), "'");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_naming_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'x'; 2 * 1024 * 1024 + 1]).unwrap();
        let error = read_limited(&path, 2 * 1024 * 1024, "a CSV import").unwrap_err();
        assert!(
            error.contains("big.csv is 2.0 MB, more than the limit of 2.0 MB for a CSV import"),
            "{error}"
        );
        assert_eq!(
            read_limited(&path, 3 * 1024 * 1024, "x").unwrap().len(),
            2 * 1024 * 1024 + 1
        );
    }
}
