//! The one reader of decimal numbers of the core and the page ([`parse`]): the link's numbers, the
//! JSON reader's ([`crate::json`]) and the page's number fields.
//!
//! Why not `str::parse::<f64>`: its tables (128-bit powers of five for Eisel–Lemire, the big-decimal
//! fallback) are 16.5 KB gzip of the page (docs/weight.md, measured by leaving them out). This
//! reader is exact too, the slow way: a number that one `f64` division cannot read exactly is read
//! with whole-number arithmetic on a few hundred limbs, which takes microseconds for the handful of
//! numbers a link or a file holds.

/// `text` as the nearest `f64` (ties to even), as `str::parse::<f64>` reads it, for the decimal
/// forms: an optional sign, digits with at most one point (at least one digit), an optional
/// exponent (`e` or `E`, an optional sign, digits). Anything else (`inf`, `NaN`, spaces, `1e`) is
/// `None`; a number too large for an `f64` is infinite, as with `str::parse`.
pub fn parse(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut at = 0;
    let negative = match b.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    // The significant digits, and the power of ten of the last one.
    let mut digits: Vec<u8> = Vec::new();
    let mut exponent: i64 = 0;
    let (mut seen, mut point) = (false, false);
    while at < b.len() {
        match b[at] {
            d @ b'0'..=b'9' => {
                seen = true;
                if !(digits.is_empty() && d == b'0') {
                    digits.push(d - b'0');
                }
                if point {
                    exponent -= 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        at += 1;
    }
    if !seen {
        return None;
    }
    if at < b.len() {
        if !matches!(b[at], b'e' | b'E') {
            return None;
        }
        at += 1;
        let sign = match b.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let start = at;
        let mut e: i64 = 0;
        while let Some(d @ b'0'..=b'9') = b.get(at) {
            e = (e * 10 + i64::from(d - b'0')).min(1 << 40);
            at += 1;
        }
        if at == start || at < b.len() {
            return None;
        }
        exponent += sign * e;
    }
    let magnitude = magnitude(&digits, exponent);
    Some(if negative { -magnitude } else { magnitude })
}

/// The nearest `f64` to `0.DIGITS… × 10^…`: the integer `digits` (most significant first, no
/// leading zero) times 10^`exponent`.
fn magnitude(digits: &[u8], exponent: i64) -> f64 {
    // Trailing zeros are only a power of ten.
    let kept = digits.iter().rposition(|&d| d != 0).map_or(0, |p| p + 1);
    let exponent = exponent + (digits.len() - kept) as i64;
    let digits = &digits[..kept];
    if digits.is_empty() {
        return 0.0;
    }
    // Out of range at either end whatever the digits (an `f64` is below 1.8e308 and the least
    // is 4.9e-324).
    let magnitude_10 = digits.len() as i64 + exponent;
    if magnitude_10 > 310 {
        return f64::INFINITY;
    }
    if magnitude_10 < -330 {
        return 0.0;
    }
    // One correctly rounded operation on exact operands (Clinger's fast path): an integer below
    // 2^53 and a power of ten at most 10^22 are both exact in an `f64`.
    if digits.len() <= 15 && exponent.abs() <= 22 {
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        // 10^k is exact in an `f64` for k <= 22, and so is every product on the way.
        let p = (0..exponent.unsigned_abs()).fold(1.0, |p, _| p * 10.0);
        return if exponent < 0 { m / p } else { m * p };
    }
    // Exactly: the value is num / den; find the binary exponent `e` at which the quotient
    // num / (den × 2^e) has 53 bits, divide, and round the remainder.
    let mut num = Big::from_digits(digits);
    let mut den = Big::one();
    if exponent >= 0 {
        num.mul_pow10(exponent as u32);
    } else {
        den.mul_pow10(exponent.unsigned_abs() as u32);
    }
    const MIN_E: i64 = -1074;
    let mut e = (num.bits() as i64 - den.bits() as i64 - 53).max(MIN_E);
    loop {
        let (mut n, mut d) = (num.clone(), den.clone());
        if e < 0 {
            n.shl(e.unsigned_abs() as u32);
        } else {
            d.shl(e as u32);
        }
        let (q, rest) = n.div_small_quotient(&d);
        if q >= 1 << 53 {
            e += 1;
            continue;
        }
        if q < 1 << 52 && e > MIN_E {
            e -= 1;
            continue;
        }
        // Round half to even: compare twice the remainder with the divisor.
        let mut twice = rest;
        twice.shl(1);
        let up = match twice.cmp(&d) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => q & 1 == 1,
            std::cmp::Ordering::Less => false,
        };
        let (mut q, mut e) = (q + u64::from(up), e);
        if q == 1 << 53 {
            q >>= 1;
            e += 1;
        }
        return if q < 1 << 52 {
            // Subnormal (e is the least exponent): the bits are the quotient.
            f64::from_bits(q)
        } else if e + 52 + 1023 >= 2047 {
            f64::INFINITY
        } else {
            f64::from_bits((((e + 52 + 1023) as u64) << 52) | (q - (1 << 52)))
        };
    }
}

/// A whole number in 32-bit limbs, least significant first: only what [`magnitude`] needs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(vec![0]);
        for &d in digits {
            b.mul_add(10, u32::from(d));
        }
        b
    }

    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut n: u32) {
        while n > 0 {
            let k = n.min(9);
            self.mul_add(10u32.pow(k), 0);
            n -= k;
        }
    }

    fn trim(&mut self) {
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bits(&self) -> u32 {
        let top = self.0.last().copied().unwrap_or(0);
        (self.0.len() as u32 - 1) * 32 + (32 - top.leading_zeros())
    }

    fn shl(&mut self, n: u32) {
        let (limbs, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
        self.trim();
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// `self -= other` (other ≤ self).
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            *limb = v.rem_euclid(1 << 32) as u32;
        }
        self.trim();
    }

    /// The quotient (below 2^55) and the remainder of `self / d`, by binary long division.
    fn div_small_quotient(mut self, d: &Big) -> (u64, Big) {
        let mut q = 0u64;
        for bit in (0..55).rev() {
            let mut shifted = d.clone();
            shifted.shl(bit);
            if self.cmp(&shifted) != std::cmp::Ordering::Less {
                self.sub(&shifted);
                q |= 1 << bit;
            }
        }
        (q, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(text: &str) -> Result<(), TestCaseError> {
        let ours = parse(text).map(f64::to_bits);
        let std = text.parse::<f64>().ok().map(f64::to_bits);
        prop_assert_eq!(ours, std, "{}", text);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Every `f64` written shortest, in full or with an exponent, reads back as itself.
        #[test]
        fn reads_every_float_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            same(&format!("{x}"))?;
            same(&format!("{x:e}"))?;
            same(&format!("{x:.30e}"))?;
        }

        /// Any digits at any power of ten read as `str::parse` reads them: long ones, halfway
        /// ones, tiny and huge ones.
        #[test]
        fn reads_as_std_does(int in "[0-9]{0,25}", frac in "[0-9]{0,40}", e in -400i32..400, sign in "[-+]?") {
            prop_assume!(!(int.is_empty() && frac.is_empty()));
            same(&format!("{sign}{int}.{frac}e{e}"))?;
            same(&format!("{sign}{int}{frac}"))?;
            same(&format!("{int}.{frac}"))?;
        }

        /// Exactly halfway between two neighbouring floats ((2m + 1) / 2^k, written exactly as
        /// (2m + 1) × 5^k × 10^-k), and a digit either side.
        #[test]
        fn halfway_cases_round_to_even(m in (1u64 << 52)..(1 << 53), k in 0u32..=30, nudge in prop::sample::select(vec!["", "0000001", "9"])) {
            let mid = (2 * u128::from(m) + 1) * 5u128.pow(k);
            if nudge == "9" {
                same(&format!("{}e-{k}", mid - 1))?;
            } else {
                same(&format!("{mid}{nudge}e-{}", k as usize + nudge.len()))?;
            }
        }
    }

    #[test]
    fn edges_and_refusals() {
        for t in [
            "0",
            "-0",
            "0.0",
            "1",
            "1.",
            ".5",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4e-324",
            "2.5e-324",
            "1.7976931348623157e308",
            "1.8e308",
            "1e400",
            "1e-400",
            "9007199254740993",
            "0.1e1",
            "00012.5000",
        ] {
            same(t).unwrap();
        }
        for t in ["", "-", ".", "e5", "1e", "1e+", "1.2.3", " 1", "1 ", "inf", "NaN", "0x10", "1_000"] {
            assert_eq!(parse(t), None, "{t}");
        }
    }
}
