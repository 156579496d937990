//! Durations as people write them: `45m`, `45 min`, `1h30m`, `2h`, `1.5h`
//! or plain minutes (`90`). Used by `pacenote log` and by the hint for an
//! entry whose `minutes:` is written as a duration.

/// The whole number of minutes `text` stands for.
pub(crate) fn parse(text: &str) -> Result<u32, String> {
    let t: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bad = || format!("`{}` is not a duration", text.trim());
    if t.is_empty() {
        return Err("empty duration".into());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().map_err(|_| bad());
    }
    // Exact arithmetic: each number as whole digits over a power of ten
    // (at most 8 characters, so `digits × 60` fits easily).
    let mut total: u64 = 0;
    let mut rest = t.as_str();
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (num, tail) = rest.split_at(split);
        if num.is_empty() || num.len() > 8 {
            return Err(bad());
        }
        let (whole, fraction) = num.split_once('.').unwrap_or((num, ""));
        let digits: u64 = format!("{whole}{fraction}").parse().map_err(|_| bad())?;
        let (factor, after) = if let Some(a) = tail.strip_prefix("min") {
            (1, a)
        } else if let Some(a) = tail.strip_prefix('m') {
            (1, a)
        } else if let Some(a) = tail.strip_prefix('h') {
            (60, a)
        } else {
            return Err(bad());
        };
        let scaled = digits * factor;
        let scale = 10u64.pow(fraction.len() as u32);
        if !scaled.is_multiple_of(scale) {
            return Err(format!(
                "`{}` is not a whole number of minutes",
                text.trim()
            ));
        }
        total += scaled / scale;
        rest = after;
    }
    u32::try_from(total).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn durations() {
        assert_eq!(parse("45m"), Ok(45));
        assert_eq!(parse("45 min"), Ok(45));
        assert_eq!(parse("1h30m"), Ok(90));
        assert_eq!(parse("1h 30m"), Ok(90));
        assert_eq!(parse("2h"), Ok(120));
        assert_eq!(parse("1.5h"), Ok(90));
        assert_eq!(parse("90"), Ok(90));
        assert!(parse("soon").is_err());
        assert!(parse("1h30").is_err());
        assert!(parse("h").is_err());
        assert!(parse("0.1m").is_err());
        assert!(parse("").is_err());
        assert_eq!(parse("0.1h"), Ok(6));
        assert_eq!(parse(".5h"), Ok(30));
        assert!(parse("0.01h").is_err());
        assert!(parse("1.2.3m").is_err());
        assert!(parse(".m").is_err());
        // At most 8 characters a number; at most u32::MAX minutes in all.
        assert_eq!(parse("12345678m"), Ok(12_345_678));
        assert!(parse("123456789m").is_err());
        assert_eq!(parse("71582788h15m"), Ok(u32::MAX));
        assert!(parse("71582788h16m").is_err());
        assert!(parse("99999999h").is_err());
    }
}
