//! The one setting of the proposed-rule overlay: whether reports of this workspace carry
//! the "Proposed rule readiness" appendix (`proposed_rule` in the settings table;
//! `hide` hides it, anything else or nothing shows it). Like the assessor's name it is
//! written through the store's writer, so the change is an entry in the change log.

use super::{Result, Store};

const PROPOSED_RULE: &str = "proposed_rule";

impl Store {
    /// Whether reports show the proposed rule's appendix (the default).
    pub fn proposed_rule_shown(&self) -> Result<bool> {
        Ok(self.setting(PROPOSED_RULE)?.as_deref() != Some("hide"))
    }

    pub fn set_proposed_rule_shown(&mut self, shown: bool) -> Result<()> {
        let value = if shown { "show" } else { "hide" };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (PROPOSED_RULE, value),
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_is_shown_until_hidden_and_the_setting_persists() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("clinic.hra");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let mut store = Store::create(&path, "Harbor Dental", "Sam Lee", today).expect("create");
        assert!(store.proposed_rule_shown().expect("read"));
        store.set_proposed_rule_shown(false).expect("hide");
        drop(store);
        let reader = Store::open_for_reading(&path).expect("open");
        assert!(!reader.proposed_rule_shown().expect("read"));
        drop(reader);
        let mut store = Store::open(&path).expect("open");
        store.set_proposed_rule_shown(true).expect("show");
        assert!(store.proposed_rule_shown().expect("read"));
    }
}
