//! Text cut to fit a message: one way to shorten, one ellipsis, for every message that quotes what
//! a person wrote (a link's bad value, an imported file's bad field). And numbers as text: every
//! `f64` the core and the page write goes through [`plain`] or [`fixed`], so that `core::fmt`'s float
//! formatting (Grisu, Dragon and their tables, 5 KB gzip of the page) is not in the page at all.

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

/// `x` with the fewest digits that read back as `x`, as a plain decimal (never an exponent), in
/// the style of `format!("{x}")`. The digits come from `zmij` (already in the page as serde_json's
/// float writer, so a number exported here and by serde_json reads the same); only the decimal
/// point is placed here. Where two shortest texts read back as `x` (the exact value halfway
/// between them, as for -1559047791806169.25), zmij and `{}` may pick different last digits: both
/// are shortest and both read back as `x`. A number people typed (at most 15 significant digits)
/// has one shortest text, so it comes back as typed.
pub fn plain(x: f64) -> String {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format(x);
    if !x.is_finite() {
        return text.to_string();
    }
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().expect("zmij writes a whole exponent")),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The value is 0.DIGITS × 10^point.
    let digits = format!("{whole}{fraction}");
    let mut point = whole.len() as i32 + exponent;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    point -= lead as i32;
    let digits = digits[lead..].trim_end_matches('0');
    let mut out = String::from(sign);
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
    } else {
        let (a, b) = digits.split_at(point as usize);
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    }
    out
}

/// `x` rounded to `places` decimals (at most 9; halves away from zero), for what people read and
/// for SVG and CSS lengths: `fixed(12.345, 1)` is `"12.3"`, `fixed(2.0, 2)` is `"2.00"`. Rounds
/// `x × 10^places` to an integer, so that only integers are formatted.
pub fn fixed(x: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    let n = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && n > 0 { "-" } else { "" };
    let (whole, fraction) = (n / scale, n % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `plain` writes a shortest text in `{}`'s style that reads back as the number (every
        /// finite `f64`, every probability, tiny and huge ones), and exactly `{}`'s text for a
        /// number as people type it.
        #[test]
        fn plain_is_shortest_and_reads_back(bits in any::<u64>(), p in 0.0..=1.0f64, m in 1u64..1_000_000_000_000, places in 0i32..30) {
            for x in [f64::from_bits(bits), p] {
                if x.is_finite() {
                    prop_assert_eq!(plain(x).parse::<f64>().map(f64::to_bits), Ok(x.to_bits()), "{}", plain(x));
                    prop_assert_eq!(plain(x).len(), format!("{x}").len(), "{} vs {}", plain(x), x);
                } else {
                    prop_assert_eq!(plain(x), format!("{x}"));
                }
            }
            let typed = m as f64 / 10f64.powi(places);
            prop_assert_eq!(plain(typed), format!("{typed}"));
        }

        /// `fixed` writes what `{:.N}` writes, but for halves (which it rounds away from zero).
        #[test]
        fn fixed_is_precision_text(x in -1.0e6..1.0e6f64, places in 0u32..4) {
            let scaled = x.abs() * 10f64.powi(places as i32);
            prop_assume!((scaled - scaled.trunc() - 0.5).abs() > 1e-6);
            prop_assert_eq!(fixed(x, places), format!("{:.*}", places as usize, x));
        }
    }

    /// The halfway case that showed zmij and `{}` may choose different last digits:
    /// -1559047791806169.25 lies between the shortest texts ….2 and ….3, and either reads back.
    #[test]
    fn plain_reads_back_where_two_shortest_texts_tie() {
        let x = -1_559_047_791_806_169.25f64;
        assert_eq!(plain(x).parse::<f64>(), Ok(x));
        assert_eq!(plain(x).len(), format!("{x}").len());
    }

    #[test]
    fn plain_and_fixed_edges() {
        for x in
            [0.0, -0.0, 1.0, 0.1, 1e-7, 5e-324, f64::MIN_POSITIVE, 1e21, 123456789.0, f64::MAX, f64::NAN, f64::INFINITY]
        {
            assert_eq!(plain(x), format!("{x}"));
        }
        assert_eq!(fixed(12.345, 1), "12.3");
        assert_eq!(fixed(2.0, 2), "2.00");
        assert_eq!(fixed(-0.001, 1), "0.0");
        assert_eq!(fixed(-1.25, 1), "-1.3");
    }

    #[test]
    fn a_long_value_ends_in_an_ellipsis_within_the_limit() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("한국어 값입니다", 4).chars().count(), 4);
        assert_eq!(quoted(&"x".repeat(100)).chars().count(), QUOTED_MAX_CHARS);
    }
}
