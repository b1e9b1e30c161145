//! Euro amounts in German text ("46 Euro", "27,60 €", "EUR 1.000") and in
//! the English summary ("27.60 euros"), for the check that a summary's fees
//! agree with the entry's `## Kosten`.
//! Deliberately simple: it finds numbers, not meaning, so what it finds
//! is only ever a warning.

/// An amount in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cents(u64);

impl std::fmt::Display for Cents {
    /// German style: "46 Euro", "27,60 Euro", "1.000 Euro".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (euros, cents) = (self.0 / 100, self.0 % 100);
        let digits = euros.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        if cents == 0 {
            write!(f, "{grouped} Euro")
        } else {
            write!(f, "{grouped},{cents:02} Euro")
        }
    }
}

/// Words that mark a number as euros right after it ("46 Euro"; "46
/// euros" in `summary_en`).
const CURRENCY_AFTER: [&str; 4] = ["Euro", "EUR", "€", "euro"];

/// Signs that mark a number as euros right before it ("€ 46"); "Euro 46"
/// is not written, and "… 10 Euro, 20 Personen" must not count the 20.
const CURRENCY_BEFORE: [&str; 2] = ["EUR", "€"];

/// Words that make an amount approximate ("rund 25 Euro" for 25,30).
const APPROXIMATE: [&str; 10] = [
    "rund",
    "etwa",
    "ca.",
    "circa",
    "zirka",
    "ungefähr",
    "knapp",
    "about",
    "around",
    "approximately",
];

/// How far an approximate amount may lie from the exact one, in percent.
const APPROXIMATE_PERCENT: u64 = 5;

/// An amount a text names in euros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// The value.
    pub value: Cents,
    /// Written as "rund", "etwa", "ca." …: a rounded figure.
    pub approximate: bool,
}

impl Amount {
    /// Whether one of `listed` is this amount: the same, or for an
    /// approximate amount within [`APPROXIMATE_PERCENT`].
    pub fn agrees_with(&self, listed: &[Cents]) -> bool {
        listed.iter().any(|l| {
            l.0 == self.value.0
                || (self.approximate
                    && l.0.abs_diff(self.value.0) * 100 <= self.value.0 * APPROXIMATE_PERCENT)
        })
    }
}

/// Amounts marked as euros, in text order, each once.
pub fn euro_amounts(text: &str) -> Vec<Amount> {
    let mut out: Vec<Amount> = Vec::new();
    for n in numbers(text) {
        let before = text[..n.start].trim_end_matches(is_space);
        let after = text[n.end..]
            .trim_start_matches(",-")
            .trim_start_matches(is_space);
        let marked = CURRENCY_AFTER.iter().any(|c| after.starts_with(c))
            || CURRENCY_BEFORE.iter().any(|c| before.ends_with(c));
        let word_before = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        let approximate = APPROXIMATE.contains(&word_before.as_str());
        if marked && !out.iter().any(|a| a.value == n.value) {
            out.push(Amount {
                value: n.value,
                approximate,
            });
        }
    }
    out
}

/// Every number in the text, in text order, each once: the fees of a
/// `## Kosten` section are often written "10 bis 20 Euro", where only the
/// second is marked.
pub fn all_amounts(text: &str) -> Vec<Cents> {
    let mut out: Vec<Cents> = Vec::new();
    for n in numbers(text) {
        if !out.contains(&n.value) {
            out.push(n.value);
        }
    }
    out
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

struct Number {
    start: usize,
    end: usize,
    value: Cents,
}

/// Numbers written the German way: `46`, `46,00`, `27,60`, `1.000`,
/// `2.500,50`. A trailing `.` or `,` is punctuation, not part of it.
fn numbers(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < bytes.len()
            && (bytes[end].is_ascii_digit()
                || ((bytes[end] == b'.' || bytes[end] == b',')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
        {
            end += 1;
        }
        if let Some(value) = parse_number(&text[start..end]) {
            out.push(Number { start, end, value });
        }
        i = end.max(i + 1);
    }
    out
}

/// `1.000` is a thousand, `27,60` and `27.60` are 27 euros 60.
fn parse_number(s: &str) -> Option<Cents> {
    let (whole, frac) = match s.rsplit_once(',') {
        Some((w, f)) => (w.replace('.', ""), f.to_string()),
        None => match s.rsplit_once('.') {
            // Groups of three after a dot are thousands.
            Some((_, last)) if last.len() == 3 => (s.replace('.', ""), String::new()),
            Some((w, f)) => (w.replace('.', ""), f.to_string()),
            None => (s.to_string(), String::new()),
        },
    };
    if whole.contains(',') || frac.len() > 2 || whole.len() > 12 {
        return None;
    }
    let euros: u64 = whole.parse().ok()?;
    let cents: u64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    euros.checked_mul(100)?.checked_add(cents).map(Cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(v: Vec<Cents>) -> Vec<String> {
        v.into_iter().map(|c| c.to_string()).collect()
    }

    fn shown_euros(v: Vec<Amount>) -> Vec<String> {
        shown(v.into_iter().map(|a| a.value).collect())
    }

    #[test]
    fn euro_amounts_in_the_english_summary() {
        assert_eq!(
            shown_euros(euro_amounts(
                "It costs 46 euros from 24 and 27.60 euros under 24."
            )),
            ["46 Euro", "27,60 Euro"]
        );
        let about = euro_amounts("The fee is about 45 euros.");
        assert!(about[0].approximate, "{about:?}");
    }

    #[test]
    fn euro_amounts_in_german_spellings() {
        for (text, want) in [
            ("Er kostet 46 Euro.", &["46 Euro"][..]),
            ("46,00 Euro und 27,60 €", &["46 Euro", "27,60 Euro"]),
            (
                "EUR 1.000 oder 2.500,50 EUR",
                &["1.000 Euro", "2.500,50 Euro"],
            ),
            ("10 bis 20 Euro", &["20 Euro"]),
            ("5,- Euro, 7\u{a0}€", &["5 Euro", "7 Euro"]),
            ("ab 16 Jahren, seit 2026, Anlage 3", &[]),
            ("12,5 Euro; 12.50 Euro", &["12,50 Euro"]),
            ("A4 Euro", &[]),
            ("10 Euro, 20 Personen", &["10 Euro"]),
        ] {
            assert_eq!(shown_euros(euro_amounts(text)), want, "{text}");
        }
    }

    #[test]
    fn rounded_amounts_agree_within_five_percent() {
        let listed = [Cents(2530), Cents(16000)];
        for (text, agrees) in [
            ("rund 25 Euro", true),
            ("Rund 25 Euro", true),
            ("ca. 160 Euro", true),
            ("etwa 150 Euro", false),
            ("25 Euro", false),
        ] {
            let said = euro_amounts(text);
            assert_eq!(said.len(), 1, "{text}");
            assert_eq!(said[0].agrees_with(&listed), agrees, "{text}");
        }
    }

    #[test]
    fn all_amounts_keep_unmarked_numbers() {
        assert_eq!(
            shown(all_amounts("10 bis 20 Euro, 1.000.")),
            ["10 Euro", "20 Euro", "1.000 Euro"]
        );
    }

    #[test]
    fn absurd_numbers_are_skipped_not_panicked_on() {
        assert!(euro_amounts("99999999999999999999999 Euro").is_empty());
        assert!(euro_amounts("1,234 Euro").is_empty());
        assert!(euro_amounts("€").is_empty());
    }
}
