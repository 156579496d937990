//! Typed ids: a milestone's id, a target's, a skill's and a habit's are
//! each their own type, so that one cannot be passed where another is
//! meant. Each is the id's text (a slug the loader has checked), serialised
//! as that string (the report's schema shows a plain string: the types are
//! inlined and carry no description of their own), and reads as `&str`
//! wherever text is wanted.

use serde::{Deserialize, Serialize};

macro_rules! id_types {
    ($($name:ident;)*) => {$(
        // A typed id (see the module documentation): no doc comment, which
        // the schema would show.
        #[derive(
            Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
            Serialize, Deserialize, schemars::JsonSchema,
        )]
        #[serde(transparent)]
        #[schemars(transparent, inline)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    )*};
}

id_types! {
    // A milestone's `id:`.
    MilestoneId;
    // A target's `id:` (unique across the roadmap).
    TargetId;
    // A skill's `id:`.
    SkillId;
    // A habit's `id:`.
    HabitId;
    // A skill group's name (`group:`, a slug).
    GroupId;
}
