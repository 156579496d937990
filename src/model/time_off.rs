//! Off days (SPEC §3 "Time off"): the days of the roadmap's `time_off`
//! ranges that apply to the figure at hand, as sorted, merged day ranges.

use super::{day_number, Roadmap};
use jiff::civil::Date;

/// The off days of one reading of the figures: the team's (ranges that name
/// no author) or one person's (those and the ranges naming that person).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct OffDays {
    /// Disjoint, sorted, non-adjacent inclusive ranges of day numbers.
    ranges: Vec<(i64, i64)>,
}

impl OffDays {
    /// No day off.
    #[cfg(test)]
    pub(crate) fn none() -> OffDays {
        OffDays::default()
    }

    /// The off days for a figure that describes `who`: `None` for the team
    /// (a figure without `--author`), `Some(name)` for one person.
    pub(crate) fn of(roadmap: &Roadmap, who: Option<&str>) -> OffDays {
        let mut ranges: Vec<(i64, i64)> = roadmap
            .time_off
            .iter()
            .filter(|t| t.applies_to(who))
            .map(|t| (day_number(t.start), day_number(t.end)))
            .filter(|(a, b)| a <= b)
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        OffDays { ranges: merged }
    }

    /// Whether day number `n` is off.
    pub(crate) fn is_off_n(&self, n: i64) -> bool {
        let i = self.ranges.partition_point(|r| r.1 < n);
        self.ranges.get(i).is_some_and(|r| r.0 <= n)
    }

    /// Whether `d` is an off day: the hook every figure uses.
    pub(crate) fn is_off(&self, d: Date) -> bool {
        self.is_off_n(day_number(d))
    }

    /// Off days in `a..=b` (0 when `a > b`).
    pub(crate) fn count(&self, a: Date, b: Date) -> i64 {
        self.count_n(day_number(a), day_number(b))
    }

    /// Off days among the day numbers `a..=b`.
    pub(crate) fn count_n(&self, a: i64, b: i64) -> i64 {
        if a > b {
            return 0;
        }
        let first = self.ranges.partition_point(|r| r.1 < a);
        self.ranges[first..]
            .iter()
            .take_while(|r| r.0 <= b)
            .map(|r| r.1.min(b) - r.0.max(a) + 1)
            .sum()
    }

    /// Days in `a..=b` that are not off (0 when `a > b`).
    pub(crate) fn working(&self, a: Date, b: Date) -> i64 {
        let (x, y) = (day_number(a), day_number(b));
        if x > y {
            return 0;
        }
        y - x + 1 - self.count_n(x, y)
    }

    /// Whether every day of `a..=b` is off (false for an empty span).
    pub(crate) fn all_off(&self, a: Date, b: Date) -> bool {
        a <= b && self.working(a, b) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeOff;
    use jiff::civil::date;

    fn off(s: Date, e: Date, author: Option<&str>) -> TimeOff {
        TimeOff {
            start: s,
            end: e,
            reason: None,
            author: author.map(str::to_string),
            author_at: None,
        }
    }

    #[test]
    fn ranges_merge_and_count_by_person() {
        let r = Roadmap {
            time_off: vec![
                off(date(2026, 1, 10), date(2026, 1, 12), None),
                off(date(2026, 1, 12), date(2026, 1, 14), None),
                off(date(2026, 1, 20), date(2026, 1, 21), Some("bob")),
            ],
            ..Roadmap::practice_only()
        };
        let team = OffDays::of(&r, None);
        assert_eq!(team.count(date(2026, 1, 1), date(2026, 1, 31)), 5);
        assert!(team.is_off(date(2026, 1, 14)));
        assert!(!team.is_off(date(2026, 1, 15)));
        assert!(!team.is_off(date(2026, 1, 20)));
        let bob = OffDays::of(&r, Some("bob"));
        assert_eq!(bob.count(date(2026, 1, 1), date(2026, 1, 31)), 7);
        assert_eq!(bob.working(date(2026, 1, 11), date(2026, 1, 21)), 5);
        assert!(bob.all_off(date(2026, 1, 20), date(2026, 1, 21)));
        assert_eq!(OffDays::of(&r, Some("alice")), team);
    }
}
