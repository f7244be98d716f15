//! Text cut to fit a message: one way to shorten, one ellipsis, for every message that quotes what
//! a person wrote (a link's bad value, an imported file's bad field).

/// How many characters of a value a message quotes: a pasted novel should not fill the banner.
pub const QUOTED_MAX_CHARS: usize = 40;

/// `s` as it is when it has at most `max_chars` characters; otherwise its first `max_chars - 1`
/// and `…`, so the result is never longer than `max_chars`. Counts characters, not bytes, so a
/// Korean or emoji value is never cut inside a character.
pub fn shorten(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        None => s.to_string(),
        Some(_) => {
            let cut: String = s.chars().take(max_chars.saturating_sub(1)).collect();
            format!("{cut}…")
        }
    }
}

/// A value as messages quote it: [`shorten`] to [`QUOTED_MAX_CHARS`].
pub fn quoted(s: &str) -> String {
    shorten(s, QUOTED_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_ends_in_an_ellipsis_within_the_limit() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("한국어 값입니다", 4).chars().count(), 4);
        assert_eq!(quoted(&"x".repeat(100)).chars().count(), QUOTED_MAX_CHARS);
    }
}
