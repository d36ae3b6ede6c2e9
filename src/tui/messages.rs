//! How long a status-bar message stays. A message ("Saved …", a refusal) takes the place
//! of the key hints, so it must not stay: it gives way to the next key (`App::handle_key`)
//! or, untouched, to `SHOWN` seconds, whichever comes first. The event loop asks the
//! timer before each frame and wakes when the message is due to go. Each message is also
//! logged whole, since the status bar shows it on one line, shortened if need be.

use std::time::{Duration, Instant};

use super::protocol::MessageKind;

/// How long a message stays when no key is pressed.
pub const SHOWN: Duration = Duration::from_secs(4);

/// The message being timed, and since when.
#[derive(Debug, Default)]
pub struct MessageTimer {
    shown: Option<(MessageKind, String, Instant)>,
}

impl MessageTimer {
    /// Before each frame: a new message starts its time (and is logged whole); one shown
    /// for `SHOWN` or longer is cleared.
    pub fn tick(&mut self, message: &mut Option<(MessageKind, String)>, now: Instant) {
        let Some((kind, text)) = message.as_ref() else {
            self.shown = None;
            return;
        };
        match &self.shown {
            Some((shown_kind, shown_text, since)) if shown_kind == kind && shown_text == text => {
                if now.duration_since(*since) >= SHOWN {
                    *message = None;
                    self.shown = None;
                }
            }
            _ => {
                tracing::info!("status: {text}");
                self.shown = Some((*kind, text.clone(), now));
            }
        }
    }

    /// A key or a paste was handled: a key clears the message, so one shown now was set
    /// by it and has its whole time, even if it reads as the one before (`n` twice).
    pub fn restart(&mut self) {
        self.shown = None;
    }

    /// How long until the message shown goes, for the event loop to wake then.
    pub fn left(&self, now: Instant) -> Option<Duration> {
        self.shown
            .as_ref()
            .map(|(_, _, since)| SHOWN.saturating_sub(now.duration_since(*since)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_goes_after_its_time_and_a_new_one_starts_its_own() {
        let start = Instant::now();
        let mut timer = MessageTimer::default();
        let mut message = Some((MessageKind::Info, "Saved Front desk PC".to_string()));
        timer.tick(&mut message, start);
        assert_eq!(timer.left(start), Some(SHOWN));
        timer.tick(&mut message, start + Duration::from_secs(1));
        assert!(message.is_some(), "still within its time");
        // Another message: its own time from now.
        message = Some((MessageKind::Error, "Not exported".to_string()));
        timer.tick(&mut message, start + Duration::from_secs(3));
        timer.tick(&mut message, start + Duration::from_secs(5));
        assert!(message.is_some(), "two seconds into its own time");
        timer.tick(&mut message, start + Duration::from_secs(7));
        assert_eq!(message, None, "gone after its time");
        assert_eq!(timer.left(start + Duration::from_secs(7)), None);
        // The same words again after a key: their whole time again.
        message = Some((MessageKind::Info, "Every item has been reviewed".to_string()));
        timer.tick(&mut message, start + Duration::from_secs(8));
        timer.restart();
        timer.tick(&mut message, start + Duration::from_secs(11));
        timer.tick(&mut message, start + Duration::from_secs(14));
        assert!(message.is_some(), "three seconds into its second showing");
    }
}
