//! Calendar arithmetic used by every stage that reads dates: milestone windows, budget
//! periods aligned to a milestone start, and calendar habit periods.

pub(crate) use super::day_number;
use super::{Budget, Every, Milestone, Per, Roadmap, Span, Window};
use crate::model::time_off::OffDays;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

/// Days from `a` to `b` (positive when `b` is later).
pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    day_number(b) - day_number(a)
}

/// `d` moved by `n` days, held at the calendar's ends (`Date::MIN`,
/// `Date::MAX`) when it would leave them, however large `n` is.
pub(crate) fn add_days(d: Date, n: i64) -> Date {
    jiff::Span::new()
        .try_days(n)
        .and_then(|span| d.checked_add(span))
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// A milestone's concrete window, both ends inclusive.
pub(crate) fn window(m: &Milestone, roadmap_start: Date) -> (Date, Date) {
    match &m.window {
        Window::Dates { start, end } => (*start, *end),
        Window::Relative { after, duration } => {
            let start = after.add_to(roadmap_start).unwrap_or(Date::MAX);
            let end = duration
                .add_to(start)
                .map_or(Date::MAX, |next| add_days(next, -1));
            (start, end)
        }
    }
}

/// The start of budget period `k` of a milestone starting on `start`.
fn period_start(start: Date, per: Per, k: i64) -> Date {
    match per {
        Per::Day => add_days(start, k),
        Per::Week => add_days(start, 7 * k),
        Per::Month => Span {
            n: k as u32,
            unit: crate::model::Unit::Month,
        }
        .add_to(start)
        .unwrap_or(Date::MAX),
    }
}

/// One budget period of a milestone, cut to its window: the days it covers
/// and the hours it plans for them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Period {
    /// First day of the full period.
    pub start: Date,
    /// Last day of the full period (may lie past the window end).
    pub end: Date,
    /// Days of the full period.
    pub days: i64,
    /// Hours the full period plans.
    pub hours: f64,
}

impl Period {
    /// Planned hours for the days of this period from its start through
    /// `last` (inclusive), prorated by day.
    #[cfg(test)]
    pub(crate) fn planned_through(&self, last: Date) -> f64 {
        if last < self.start {
            return 0.0;
        }
        let covered = days_between(self.start, last.min(self.end)) + 1;
        self.hours * covered as f64 / self.days as f64
    }

    /// `planned_through` when some days are off: only the period's days
    /// that are not off plan their share (SPEC §3 "Time off").
    pub(crate) fn planned_through_off(&self, last: Date, off: &OffDays) -> f64 {
        if last < self.start {
            return 0.0;
        }
        let covered = off.working(self.start, last.min(self.end));
        self.hours * covered as f64 / self.days as f64
    }
}

/// A budget as a rate: hours per period. A `total_hours` budget is spread
/// evenly over the window's days that are not off: each plans
/// `total_hours / working_days` (nothing when every day is off).
fn rate(budget: &Budget, start: Date, end: Date, off: &OffDays) -> (f64, Per) {
    match *budget {
        Budget::Total { hours } => {
            let working = off.working(start, end);
            let each = if working > 0 {
                hours / working as f64
            } else {
                0.0
            };
            (each, Per::Day)
        }
        Budget::Rate { hours, per } => (hours, per),
    }
}

/// Budget period `k` of a window starting on `start`.
fn period(start: Date, per: Per, hours: f64, k: i64) -> Period {
    let s = period_start(start, per, k);
    let e = add_days(period_start(start, per, k + 1), -1).max(s);
    Period {
        start: s,
        end: e,
        days: days_between(s, e) + 1,
        hours,
    }
}

/// The budget periods of a window, aligned to its start. `off` matters
/// only to a `total_hours` budget's daily share.
pub(crate) fn periods(budget: &Budget, start: Date, end: Date, off: &OffDays) -> Vec<Period> {
    let (hours, per) = rate(budget, start, end, off);
    let mut out: Vec<Period> = Vec::new();
    let mut k = 0;
    loop {
        let p = period(start, per, hours, k);
        if p.start > end || out.last().is_some_and(|q| q.start >= p.start) {
            break;
        }
        out.push(p);
        k += 1;
    }
    out
}

/// The budget period of the window `start..=end` that holds `d`.
pub(crate) fn period_at(
    budget: &Budget,
    start: Date,
    end: Date,
    d: Date,
    off: &OffDays,
) -> Option<Period> {
    if d < start || d > end {
        return None;
    }
    let (hours, per) = rate(budget, start, end, off);
    let k = match per {
        Per::Day => days_between(start, d),
        Per::Week => days_between(start, d) / 7,
        Per::Month => {
            let months = (i64::from(d.year()) - i64::from(start.year())) * 12
                + i64::from(d.month())
                - i64::from(start.month());
            // Month k starts in the k-th calendar month after the start's,
            // on or before the start's day of month.
            if period_start(start, per, months) > d {
                months - 1
            } else {
                months
            }
        }
    };
    Some(period(start, per, hours, k))
}

/// The first day of the calendar period of kind `every` that contains `d`.
pub(crate) fn habit_period_start(every: Every, d: Date, week_start: Weekday) -> Date {
    match every {
        Every::Day => d,
        Every::Week => {
            let back = i64::from(d.weekday().since(week_start));
            add_days(d, -back)
        }
        Every::Month => d.first_of_month(),
        Every::Quarter => {
            let m = (d.month() - 1) / 3 * 3 + 1;
            Date::new(d.year(), m, 1).unwrap_or(d)
        }
    }
}

/// The first day of the next calendar period after the one starting on `p`.
pub(crate) fn next_habit_period(every: Every, p: Date) -> Date {
    match every {
        Every::Day => add_days(p, 1),
        Every::Week => add_days(p, 7),
        Every::Month => p.checked_add(1.month()).unwrap_or(Date::MAX),
        Every::Quarter => p.checked_add(3.months()).unwrap_or(Date::MAX),
    }
}

/// The calendar periods of kind `every` from the one holding `first` to
/// the one holding `last`, as their first days.
pub(crate) fn habit_periods(
    every: Every,
    first: Date,
    last: Date,
    week_start: Weekday,
) -> Vec<Date> {
    let mut out = Vec::new();
    let stop = habit_period_start(every, last, week_start);
    let mut p = habit_period_start(every, first, week_start);
    while p <= stop {
        out.push(p);
        let next = next_habit_period(every, p);
        if next <= p {
            break;
        }
        p = next;
    }
    out
}

/// The roadmap's start: `start:` when given, else the earliest entry's
/// date, else `today`.
pub(crate) fn roadmap_start(roadmap: &Roadmap, earliest_entry: Option<Date>, today: Date) -> Date {
    roadmap.start.or(earliest_entry).unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Unit, Window};
    use jiff::civil::date;

    fn span(n: u32, unit: Unit) -> Span {
        Span { n, unit }
    }

    fn ms(after: Span, duration: Span) -> Milestone {
        Milestone {
            id: "m".into(),
            title: "m".into(),
            window: Window::Relative { after, duration },
            budget: None,
            targets: vec![],
        }
    }

    #[test]
    fn add_days_saturates_at_the_calendars_ends() {
        assert_eq!(add_days(date(2026, 1, 31), 1), date(2026, 2, 1));
        assert_eq!(add_days(date(2026, 3, 1), -1), date(2026, 2, 28));
        assert_eq!(add_days(Date::MAX, 0), Date::MAX);
        assert_eq!(add_days(Date::MAX, 1), Date::MAX);
        assert_eq!(add_days(Date::MIN, -1), Date::MIN);
        assert_eq!(add_days(date(2026, 1, 1), i64::MAX), Date::MAX);
        assert_eq!(add_days(date(2026, 1, 1), i64::MIN), Date::MIN);
        // One day short of an end still moves.
        assert_eq!(add_days(Date::MAX, -1), date(9999, 12, 30));
        assert_eq!(add_days(Date::MIN, 1), date(-9999, 1, 2));
    }

    #[test]
    fn month_windows_end_the_day_before() {
        let m = ms(span(0, Unit::Day), span(1, Unit::Month));
        assert_eq!(
            window(&m, date(2026, 1, 5)),
            (date(2026, 1, 5), date(2026, 2, 4))
        );
        // A 31st start: one month later is clamped to the month's last day.
        assert_eq!(
            window(&m, date(2026, 1, 31)),
            (date(2026, 1, 31), date(2026, 2, 27))
        );
        let w = ms(span(52, Unit::Week), span(52, Unit::Week));
        assert_eq!(
            window(&w, date(2026, 1, 5)),
            (date(2027, 1, 4), date(2028, 1, 2))
        );
    }

    #[test]
    fn week_periods_are_cut_by_the_window() {
        let p = periods(
            &Budget::Rate {
                hours: 7.0,
                per: Per::Week,
            },
            date(2026, 1, 1),
            date(2026, 1, 10),
            &OffDays::none(),
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].start, date(2026, 1, 8));
        assert!((p[1].planned_through(date(2026, 1, 10)) - 3.0).abs() < 1e-9);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(days_between(date(2024, 2, 28), date(2024, 3, 1)), 2);
        assert_eq!(days_between(date(2026, 12, 31), date(2027, 1, 1)), 1);
        assert_eq!(days_between(date(2026, 1, 5), date(2026, 2, 4)), 30);
    }

    #[test]
    fn habit_periods() {
        // 2026-11-24 is a Tuesday.
        let d = date(2026, 11, 24);
        assert_eq!(
            habit_period_start(Every::Week, d, Weekday::Monday),
            date(2026, 11, 23)
        );
        assert_eq!(
            habit_period_start(Every::Week, d, Weekday::Sunday),
            date(2026, 11, 22)
        );
        assert_eq!(
            habit_period_start(Every::Quarter, d, Weekday::Monday),
            date(2026, 10, 1)
        );
        assert_eq!(
            next_habit_period(Every::Quarter, date(2026, 10, 1)),
            date(2027, 1, 1)
        );
    }
}
