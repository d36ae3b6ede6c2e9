//! Prints the README's table of what users wait for from the last bench run's medians:
//! each step at each size beside its SQLite yardstick, their ratio, and the five-year
//! figure against the one-year one.
//!
//! ```text
//! cargo bench --bench workbench -- 'first_frame|check_done'
//! cargo bench --bench commands
//! cargo run --example bench_table [-- CRITERION_DIR]   (default: target/criterion)
//! ```
//!
//! A figure not measured in the last run shows as "–".

use std::path::{Path, PathBuf};

const STEPS: [&str; 7] = [
    "first_frame",
    "check_done",
    "risks_export",
    "report",
    "import",
    "log_verify",
    "assessment_next",
];
const SIZES: [&str; 3] = ["small", "large", "large_5y"];

/// The median of one bench, in seconds, from criterion's `estimates.json`.
fn median(dir: &Path, group: &str, bench: &str) -> Option<f64> {
    let text = std::fs::read_to_string(dir.join(group).join(bench).join("new").join("estimates.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"].as_f64().map(|nanos| nanos / 1e9)
}

fn seconds(value: Option<f64>) -> String {
    match value {
        Some(seconds) if seconds < 1.0 => format!("{:.0} ms", seconds * 1000.0),
        Some(seconds) => format!("{seconds:.2} s"),
        None => "–".to_string(),
    }
}

fn ratio(numerator: Option<f64>, denominator: Option<f64>) -> String {
    match (numerator, denominator) {
        (Some(numerator), Some(denominator)) if denominator > 0.0 => format!("{:.1}x", numerator / denominator),
        _ => "–".to_string(),
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/criterion"), PathBuf::from);
    let mut header = "| step |".to_string();
    let mut rule = "|---|".to_string();
    for size in SIZES {
        header.push_str(&format!(" {size} | SQLite | ratio |"));
        rule.push_str("---|---|---|");
    }
    header.push_str(" 5 years / 1 year |");
    rule.push_str("---|");
    println!("{header}\n{rule}");
    for step in STEPS {
        let mut line = format!("| {step} |");
        for size in SIZES {
            let figure = median(&dir, step, size);
            let yardstick = median(&dir, &format!("yardstick_{step}"), size);
            line.push_str(&format!(
                " {} | {} | {} |",
                seconds(figure),
                seconds(yardstick),
                ratio(figure, yardstick)
            ));
        }
        line.push_str(&format!(
            " {} |",
            ratio(median(&dir, step, "large_5y"), median(&dir, step, "large"))
        ));
        println!("{line}");
    }
    if let (Some(import), Some(yardstick)) = (median(&dir, "import", "new"), median(&dir, "yardstick_import", "new")) {
        println!(
            "\n`assets import` of 10,000 rows into a new workspace: {} (SQLite {}, {})",
            seconds(Some(import)),
            seconds(Some(yardstick)),
            ratio(Some(import), Some(yardstick))
        );
    }
}
