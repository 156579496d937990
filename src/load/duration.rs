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
    let mut total = 0f64;
    let mut rest = t.as_str();
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (num, tail) = rest.split_at(split);
        if num.is_empty() || num.len() > 8 {
            return Err(bad());
        }
        let value: f64 = num.parse().map_err(|_| bad())?;
        let (factor, after) = if let Some(a) = tail.strip_prefix("min") {
            (1.0, a)
        } else if let Some(a) = tail.strip_prefix('m') {
            (1.0, a)
        } else if let Some(a) = tail.strip_prefix('h') {
            (60.0, a)
        } else {
            return Err(bad());
        };
        total += value * factor;
        rest = after;
    }
    if total.fract().abs() > 1e-9 {
        return Err(format!(
            "`{}` is not a whole number of minutes",
            text.trim()
        ));
    }
    if total > f64::from(u32::MAX) {
        return Err(bad());
    }
    Ok(total as u32)
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
    }
}
