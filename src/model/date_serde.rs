//! Serde for a calendar date in the caches: year, month and day as numbers
//! (jiff's own serde writes and parses ISO text). A date that does not
//! exist is refused, never replaced.

use jiff::civil::Date;
use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

// serde's `with` calls this with a reference to the field.
#[allow(clippy::trivially_copy_pass_by_ref)]
pub(crate) fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    (d.year(), d.month(), d.day()).serialize(s)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let (y, m, day) = <(i16, i8, i8)>::deserialize(d)?;
    Date::new(y, m, day).map_err(D::Error::custom)
}
