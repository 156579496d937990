//! The statuses of SPEC §3 as values: a milestone's status and a budget's
//! adherence status. Each has one name (what the JSON report and the
//! templates see) and one tone (how every output colours it), so that no
//! code compares status words as text.

use serde::Serialize;

/// How an output colours a status: good (green), warn (yellow), bad (red)
/// or neutral (plain).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Neutral,
}

/// A milestone's status (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum MilestoneStatus {
    /// T is before the window.
    #[serde(rename = "upcoming")]
    Upcoming,
    /// Every target done by the end (or the window is over and it has no
    /// targets).
    #[serde(rename = "done")]
    Done,
    /// Every target done, the last after the end.
    #[serde(rename = "done late")]
    DoneLate,
    /// The window is over with targets left.
    #[serde(rename = "late")]
    Late,
    #[serde(rename = "on track")]
    OnTrack,
    /// Completion trails the share of time gone by more than the policy's
    /// `at_risk_tolerance`.
    #[serde(rename = "at risk")]
    AtRisk,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 6] = [
        MilestoneStatus::Upcoming,
        MilestoneStatus::Done,
        MilestoneStatus::DoneLate,
        MilestoneStatus::Late,
        MilestoneStatus::OnTrack,
        MilestoneStatus::AtRisk,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MilestoneStatus::Upcoming => "upcoming",
            MilestoneStatus::Done => "done",
            MilestoneStatus::DoneLate => "done late",
            MilestoneStatus::Late => "late",
            MilestoneStatus::OnTrack => "on track",
            MilestoneStatus::AtRisk => "at risk",
        }
    }

    pub fn parse(name: &str) -> Option<MilestoneStatus> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Done, in time or late.
    pub fn is_done(self) -> bool {
        matches!(self, MilestoneStatus::Done | MilestoneStatus::DoneLate)
    }

    pub fn tone(self) -> Tone {
        match self {
            MilestoneStatus::Done | MilestoneStatus::OnTrack => Tone::Good,
            MilestoneStatus::DoneLate | MilestoneStatus::AtRisk => Tone::Warn,
            MilestoneStatus::Late => Tone::Bad,
            MilestoneStatus::Upcoming => Tone::Neutral,
        }
    }
}

impl std::fmt::Display for MilestoneStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// A budget's adherence status (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum BudgetStatus {
    /// Nothing is planned yet.
    #[serde(rename = "not started")]
    NotStarted,
    /// Adherence below 0.9.
    #[serde(rename = "behind")]
    Behind,
    /// Adherence from 0.9 through 1.25.
    #[serde(rename = "on budget")]
    OnBudget,
    /// Adherence above 1.25.
    #[serde(rename = "over")]
    Over,
}

impl BudgetStatus {
    pub const ALL: [BudgetStatus; 4] = [
        BudgetStatus::NotStarted,
        BudgetStatus::Behind,
        BudgetStatus::OnBudget,
        BudgetStatus::Over,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BudgetStatus::NotStarted => "not started",
            BudgetStatus::Behind => "behind",
            BudgetStatus::OnBudget => "on budget",
            BudgetStatus::Over => "over",
        }
    }

    pub fn parse(name: &str) -> Option<BudgetStatus> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn tone(self) -> Tone {
        match self {
            BudgetStatus::OnBudget => Tone::Good,
            BudgetStatus::Behind | BudgetStatus::Over => Tone::Warn,
            BudgetStatus::NotStarted => Tone::Neutral,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON name of every status is its `name()`, and `parse` reads it
    /// back.
    #[test]
    fn every_status_serialises_as_its_name_and_parses_back() {
        for s in MilestoneStatus::ALL {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.name().into()));
            assert_eq!(MilestoneStatus::parse(s.name()), Some(s));
        }
        for s in BudgetStatus::ALL {
            assert_eq!(serde_json::to_value(s).ok(), Some(s.name().into()));
            assert_eq!(BudgetStatus::parse(s.name()), Some(s));
        }
    }

    #[test]
    fn tones_follow_the_status_whatever_names_it() {
        assert_eq!(Tone::of_name("on track"), Tone::Good);
        assert_eq!(Tone::of_name("on_track"), Tone::Good);
        assert_eq!(Tone::of_name("over"), Tone::Warn);
        assert_eq!(Tone::of_name("late"), Tone::Bad);
        assert_eq!(Tone::of_name("off_track"), Tone::Bad);
        assert_eq!(Tone::of_name("upcoming"), Tone::Neutral);
        assert_eq!(Tone::of_name("surprise"), Tone::Neutral);
    }
}
