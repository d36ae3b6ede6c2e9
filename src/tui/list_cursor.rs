//! The selected row of a list, moved by the list keys (Up, Down, Page Up/Down, Home,
//! End) and kept in range when the list shrinks. One for every list on a screen, the
//! report preview's scroll and the checklist, so they all move the same way.

use super::keys::Action;

/// Rows moved by Page Up and Page Down.
pub const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    row: usize,
}

impl ListCursor {
    pub fn row(self) -> usize {
        self.row
    }

    /// Moves for a list key over `count` rows; false when the action is not a list key
    /// (then it is someone else's).
    pub fn act(&mut self, action: Action, count: usize) -> bool {
        let last = count.saturating_sub(1);
        self.row = match action {
            Action::Up => self.row.saturating_sub(1),
            Action::Down => (self.row + 1).min(last),
            Action::PageUp => self.row.saturating_sub(PAGE),
            Action::PageDown => (self.row + PAGE).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    /// Puts the cursor on a row (the last one when past the end).
    pub fn select(&mut self, row: usize, count: usize) {
        self.row = row.min(count.saturating_sub(1));
    }

    /// Keeps the cursor on the list after it shrank.
    pub fn clamp(&mut self, count: usize) {
        self.row = self.row.min(count.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_within_the_list_and_ignores_other_actions() {
        let mut cursor = ListCursor::default();
        assert!(cursor.act(Action::Down, 3));
        assert!(cursor.act(Action::Down, 3));
        assert!(cursor.act(Action::Down, 3));
        assert_eq!(cursor.row(), 2, "stops on the last row");
        assert!(cursor.act(Action::PageUp, 3));
        assert_eq!(cursor.row(), 0);
        assert!(cursor.act(Action::Bottom, 25));
        assert_eq!(cursor.row(), 24);
        cursor.clamp(5);
        assert_eq!(cursor.row(), 4, "kept on a list that shrank");
        assert!(!cursor.act(Action::Add, 5), "not a list key");
        assert!(cursor.act(Action::Down, 0));
        assert_eq!(cursor.row(), 0, "an empty list has row 0");
    }
}
