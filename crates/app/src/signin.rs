//! Signing in under attack (decision 0015): failures are counted per client address and per
//! name *at* that address, so a stranger's wrong guesses never lock the real owner out; and
//! password hashing (argon2, deliberately slow) runs one at a time off the async threads, so a
//! flood of sign-ins leaves the other core to the pages.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed for one name from one address in the window.
pub const NAME_FAILURES: usize = 5;
/// Failures allowed from one address, whatever the names, in the window.
pub const ADDRESS_FAILURES: usize = 20;
/// The window.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a sign-in waits for the password checker before it is told to try again.
pub const HASH_WAIT: Duration = Duration::from_secs(3);
/// Most tracked keys kept; past it the oldest entries go (bounded memory under a flood).
const MAX_KEYS: usize = 100_000;

/// A user name as it is matched: trimmed and in lower case, decided once here.
pub fn normalise_name(name: &str) -> String {
    name.trim().to_lowercase()
}

/// What failures are counted by: a name at an address, or an address (name `None`).
type Key = (Option<String>, Option<IpAddr>);

/// Recent failures by address and by (name, address).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

impl Throttle {
    fn keys(name: &str, client: Option<IpAddr>) -> [Key; 2] {
        [(Some(normalise_name(name)), client), (None, client)]
    }

    /// Whether a sign-in for `name` from `client` is refused for now.
    pub fn limited(&self, name: &str, client: Option<IpAddr>, now: Instant) -> bool {
        let mut f = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let [by_name, by_address] = Self::keys(name, client);
        let mut count = |k| {
            f.get_mut(&k).map_or(0, |list: &mut Vec<Instant>| {
                list.retain(|t| now.duration_since(*t) < WINDOW);
                list.len()
            })
        };
        count(by_name) >= NAME_FAILURES || count(by_address) >= ADDRESS_FAILURES
    }

    /// Records a failure.
    pub fn failed(&self, name: &str, client: Option<IpAddr>, now: Instant) {
        let mut f = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if f.len() >= MAX_KEYS {
            f.retain(|_, list| list.iter().any(|t| now.duration_since(*t) < WINDOW));
            if f.len() >= MAX_KEYS {
                f.clear();
            }
        }
        for k in Self::keys(name, client) {
            f.entry(k).or_default().push(now);
        }
    }

    /// Clears a name's failures from an address after it signed in.
    pub fn succeeded(&self, name: &str, client: Option<IpAddr>) {
        let mut f = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let [by_name, _] = Self::keys(name, client);
        f.remove(&by_name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strangers_failures_do_not_lock_the_owner_out() {
        let t = Throttle::default();
        let now = Instant::now();
        let stranger: Option<IpAddr> = "203.0.113.9".parse().ok();
        let owner: Option<IpAddr> = "198.51.100.4".parse().ok();
        for name in ["PROBE2", " probe2", "probe2 ", "Probe2", "probe2"] {
            t.failed(name, stranger, now);
        }
        // The five spellings are one name: the stranger is stopped for it…
        assert!(t.limited("probe2", stranger, now));
        // …and the owner, from their own address, is not.
        assert!(!t.limited("probe2", owner, now));
        // The window passes.
        assert!(!t.limited("probe2", stranger, now + WINDOW));
    }

    #[test]
    fn an_address_trying_many_names_is_stopped() {
        let t = Throttle::default();
        let now = Instant::now();
        let flood: Option<IpAddr> = "203.0.113.10".parse().ok();
        for i in 0..ADDRESS_FAILURES {
            assert!(!t.limited(&format!("user{i}"), flood, now), "{i}");
            t.failed(&format!("user{i}"), flood, now);
        }
        assert!(t.limited("someone-new", flood, now));
        assert!(!t.limited("someone-new", "203.0.113.11".parse().ok(), now));
    }

    #[test]
    fn success_clears_only_that_name() {
        let t = Throttle::default();
        let now = Instant::now();
        let a: Option<IpAddr> = "192.0.2.1".parse().ok();
        for _ in 0..4 {
            t.failed("jo", a, now);
        }
        t.succeeded("JO", a);
        for _ in 0..4 {
            t.failed("jo", a, now);
        }
        assert!(!t.limited("jo", a, now), "4 since the success");
    }
}
