//! Dates and sums of money as people type them, read the same way everywhere (forms, CSV
//! import): a date as `YYYY-MM-DD` or the US `M/D/YYYY` spreadsheets save, money in whole
//! dollars with an optional `$` and thousands commas (`$1,250`). Pure text in, a value or a
//! one-line message naming the text out; showing a value back is ISO (`date.to_string()`)
//! so every screen and file agrees whatever was typed.

use chrono::NaiveDate;

/// What a date field accepts, for messages.
pub const DATE_FORMATS: &str = "YYYY-MM-DD or M/D/YYYY";

/// A date typed as `2024-03-15` or `3/15/2024` (a four-digit year only: `3/15/24` is
/// ambiguous about its century). The error quotes the text and names both formats.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let date = date_parts(text)
        .ok_or_else(|| format!("`{text}` is not a date ({DATE_FORMATS}, like 2024-03-15 or 3/15/2024)"))?;
    in_range(date).map_err(|problem| format!("`{text}` {problem}"))
}

/// The first and last years a date may fall in: a year outside them is a typo (9999-12-31
/// as "no end", 0202 for 2022), and a period or review date that far out would break the
/// yearly arithmetic built on it.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// The date, or why it is outside the years a date may fall in.
pub fn in_range(date: NaiveDate) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "is outside the years {FIRST_YEAR} to {LAST_YEAR}; check the year"
        ))
    }
}

fn date_parts(text: &str) -> Option<NaiveDate> {
    // Each part: digits only, within its width (so "2024-3-5" reads but "20240-1-1" does not).
    let numbers = |separator: char, widths: [(usize, usize); 3]| -> Option<[u32; 3]> {
        let parts: Vec<&str> = text.split(separator).collect();
        let [a, b, c] = parts.as_slice() else { return None };
        let mut values = [0; 3];
        for (slot, (part, (min, max))) in values.iter_mut().zip([a, b, c].into_iter().zip(widths)) {
            if part.len() < min || part.len() > max || !part.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        Some(values)
    };
    if let Some([year, month, day]) = numbers('-', [(4, 4), (1, 2), (1, 2)]) {
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    let [month, day, year] = numbers('/', [(1, 2), (1, 2), (4, 4)])?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A sum in whole dollars: `1250`, `$1,250`, `$ 1,250.00`, `1250 USD`. Commas must group
/// thousands (`1,25` is refused: a typo, not a number); cents other than `.00` are refused
/// rather than rounded, because the plan records whole dollars and a silent change of what
/// was typed is worse than a question.
pub fn parse_money(text: &str) -> Result<u64, String> {
    let original = text.trim();
    let fail = |why: &str| format!("`{original}` is not an amount in dollars ({why}; like $1,250)");
    let mut body = original.trim_start_matches('$').trim();
    for suffix in ["USD", "usd", "dollars"] {
        body = body.trim_end_matches(suffix).trim_end();
    }
    let body = body.trim_start_matches('$').trim();
    let whole = match body.split_once('.') {
        Some((whole, cents)) if !cents.is_empty() && cents.chars().all(|c| c == '0') => whole,
        Some((_, cents)) if cents.chars().all(|c| c.is_ascii_digit()) && !cents.is_empty() => {
            return Err(fail("whole dollars, no cents"));
        }
        Some(_) => return Err(fail("digits only")),
        None => body,
    };
    if whole.is_empty() {
        return Err(fail("no digits"));
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped =
        groups.len() == 1 || (matches!(groups[0].len(), 1..=3) && groups[1..].iter().all(|group| group.len() == 3));
    if !grouped {
        return Err(fail("commas separate thousands"));
    }
    let digits: String = groups.concat();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(fail("digits only"));
    }
    digits.parse().map_err(|_| fail("too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
    }

    #[test]
    fn dates_read_iso_and_us_forms_alike() {
        for (text, expected) in [
            ("2024-03-15", date(2024, 3, 15)),
            ("3/15/2024", date(2024, 3, 15)),
            ("03/15/2024", date(2024, 3, 15)),
            (" 2024-3-5 ", date(2024, 3, 5)),
            ("12/31/2025", date(2025, 12, 31)),
            ("2/29/2024", date(2024, 2, 29)),
        ] {
            assert_eq!(parse_date(text), Ok(expected), "{text:?}");
        }
        // Shown back as ISO, whatever was typed: one format on every screen.
        assert_eq!(parse_date("3/15/2024").unwrap().to_string(), "2024-03-15");
    }

    #[test]
    fn a_bad_date_is_named_with_both_accepted_forms() {
        for bad in [
            "15/3/2024",
            "2/30/2024",
            "2023-02-29",
            "3/15/24",
            "2024/03/15",
            "03-15-2024",
            "March 15",
            "",
            "2024-03-15T10:00",
            "１/2/2024",
        ] {
            let error = parse_date(bad).unwrap_err();
            assert_eq!(
                error,
                format!(
                    "`{}` is not a date (YYYY-MM-DD or M/D/YYYY, like 2024-03-15 or 3/15/2024)",
                    bad.trim()
                ),
            );
        }
    }

    #[test]
    fn a_date_outside_1900_to_2200_is_refused() {
        for bad in ["9999-12-31", "12/31/9999", "1899-12-31", "2201-01-01", "0202-01-01"] {
            let error = parse_date(bad).unwrap_err();
            assert_eq!(
                error,
                format!("`{bad}` is outside the years 1900 to 2200; check the year")
            );
        }
        assert_eq!(parse_date("1900-01-01"), Ok(date(1900, 1, 1)));
        assert_eq!(parse_date("2200-12-31"), Ok(date(2200, 12, 31)));
    }

    #[test]
    fn money_reads_dollars_with_sign_commas_and_zero_cents() {
        for (text, expected) in [
            ("1250", 1250),
            ("$1,250", 1250),
            ("$ 1,250.00", 1250),
            ("1,250 USD", 1250),
            ("$0", 0),
            ("$12,345,678", 12_345_678),
            ("250 dollars", 250),
        ] {
            assert_eq!(parse_money(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn bad_money_is_named_with_the_reason() {
        for (bad, why) in [
            ("$99.99", "whole dollars, no cents"),
            ("1,25", "commas separate thousands"),
            ("12,3456", "commas separate thousands"),
            ("$", "no digits"),
            ("-5", "digits only"),
            ("about 200", "digits only"),
            ("1.2.3", "digits only"),
            ("99999999999999999999999", "too large"),
        ] {
            assert_eq!(
                parse_money(bad),
                Err(format!("`{bad}` is not an amount in dollars ({why}; like $1,250)")),
                "{bad:?}"
            );
        }
    }
}
