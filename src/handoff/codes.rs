//! Syntax of the vehicle and payment codes the forms ask for. Each type
//! parses what an agent typed (spaces and case do not matter) into its
//! canonical form, or says in German what is wrong.

use std::fmt;

use crate::error::{quote, quote_char};

/// Declares a code held in canonical form, (de)serialised as that string;
/// deserialising checks it, so a typed form never holds a malformed code.
macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The canonical form: upper case, no spaces.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

code_type!(
    /// Vehicle identification number (FIN/VIN, ISO 3779): 17 characters,
    /// digits and letters without I, O and Q.
    Vin
);
code_type!(
    /// IBAN of a SEPA country, checksum verified (ISO 13616, mod 97).
    Iban
);
code_type!(
    /// eVB number: the insurer's electronic confirmation of cover, 7
    /// letters or digits.
    Evb
);
code_type!(
    /// Number of the Zulassungsbescheinigung Teil II (Fahrzeugbrief): two
    /// letters and seven digits.
    Zb2Number
);
code_type!(
    /// Security code under the sticker on the Zulassungsbescheinigung
    /// Teil I, needed to de-register online: 7 letters or digits.
    Zb1SecurityCode
);
code_type!(
    /// Code under the seal (Stempelplakette) of one number plate: 3
    /// letters or digits.
    SealCode
);

/// Upper case without any whitespace: how codes are compared and stored.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// `len` ASCII letters or digits, or the German reason why not.
fn alphanumeric(input: &str, len: usize, what: &str) -> Result<String, String> {
    let code = compact(input);
    if code.is_empty() {
        return Err(format!("{what} fehlt."));
    }
    if let Some(c) = code.chars().find(|c| !c.is_ascii_alphanumeric()) {
        return Err(format!(
            "{what}: {} ist nicht erlaubt, nur Buchstaben und Ziffern.",
            quote_char(c)
        ));
    }
    let have = code.chars().count();
    if have != len {
        return Err(format!("{what} hat {len} Zeichen, nicht {have}."));
    }
    Ok(code)
}

impl Vin {
    /// Parses a VIN.
    pub fn parse(input: &str) -> Result<Vin, String> {
        let code = alphanumeric(input, 17, "Die Fahrzeug-Identifizierungsnummer (FIN)")?;
        if let Some(c) = code.chars().find(|c| matches!(c, 'I' | 'O' | 'Q')) {
            // `c` is one of I, O, Q: nothing to escape.
            return Err(format!(
                "Die FIN enthält kein {c}: I, O und Q gibt es nicht (meist ist 1 oder 0 gemeint)."
            ));
        }
        Ok(Vin(code))
    }
}

impl Evb {
    /// Parses an eVB number.
    pub fn parse(input: &str) -> Result<Evb, String> {
        alphanumeric(input, 7, "Die eVB-Nummer").map(Evb)
    }
}

impl Zb1SecurityCode {
    /// Parses the ZB I security code.
    pub fn parse(input: &str) -> Result<Zb1SecurityCode, String> {
        alphanumeric(
            input,
            7,
            "Der Sicherheitscode der Zulassungsbescheinigung Teil I",
        )
        .map(Zb1SecurityCode)
    }
}

impl SealCode {
    /// Parses a plate seal code.
    pub fn parse(input: &str) -> Result<SealCode, String> {
        alphanumeric(input, 3, "Der Code der Stempelplakette").map(SealCode)
    }
}

impl Zb2Number {
    /// Parses a ZB II number.
    pub fn parse(input: &str) -> Result<Zb2Number, String> {
        let code = alphanumeric(input, 9, "Die Nummer der Zulassungsbescheinigung Teil II")?;
        let (letters, digits) = code.split_at(2);
        if !letters.chars().all(|c| c.is_ascii_uppercase())
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(
                "Die Nummer der Zulassungsbescheinigung Teil II besteht aus zwei Buchstaben und sieben Ziffern, z. B. AB1234567."
                    .into(),
            );
        }
        Ok(Zb2Number(code))
    }
}

/// IBAN lengths of the SEPA countries; the tax office collects the motor
/// vehicle tax only from an account in the SEPA area.
const SEPA_IBAN_LENGTHS: [(&str, usize); 37] = [
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

impl Iban {
    /// Parses an IBAN and verifies its check digits.
    pub fn parse(input: &str) -> Result<Iban, String> {
        let code = compact(input);
        if code.is_empty() {
            return Err("Die IBAN fehlt.".into());
        }
        if let Some(c) = code.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(format!(
                "Die IBAN enthält {}; erlaubt sind nur Buchstaben und Ziffern.",
                quote_char(c)
            ));
        }
        let country = code.get(..2).unwrap_or("");
        let Some(&(_, len)) = SEPA_IBAN_LENGTHS.iter().find(|(c, _)| *c == country) else {
            return Err(format!(
                "{} ist kein Land des SEPA-Raums; die IBAN beginnt mit dem Länderkürzel, z. B. DE.",
                quote(country)
            ));
        };
        let have = code.len();
        if have != len {
            return Err(format!(
                "Eine IBAN aus {country} hat {len} Zeichen, nicht {have}."
            ));
        }
        if !code[2..4].chars().all(|c| c.is_ascii_digit()) {
            return Err("Nach dem Länderkürzel folgen zwei Prüfziffern.".into());
        }
        if mod97(&code) != 1 {
            return Err(
                "Die Prüfziffern der IBAN stimmen nicht: bitte Ziffer für Ziffer vergleichen."
                    .into(),
            );
        }
        Ok(Iban(code))
    }

    /// Grouped in fours, as it is read out: `DE89 3704 0044 0532 0130 00`.
    pub fn grouped(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(4)
            .map(|chunk| chunk.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to
/// the end and letters as 10..35. Digit by digit, so no big integers.
/// Expects ASCII letters and digits only.
fn mod97(iban: &str) -> u32 {
    let rotated = iban[4..].chars().chain(iban[..4].chars());
    let mut rest = 0u32;
    for c in rotated {
        let value = c.to_digit(36).unwrap_or(0);
        rest = if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        };
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: fmt::Display>(
        parse: fn(&str) -> Result<T, String>,
        table: &[(&str, Result<&str, &str>)],
    ) {
        for (input, expected) in table {
            let got = parse(input).map(|v| v.to_string());
            match (expected, &got) {
                (Ok(want), Ok(have)) => assert_eq!(have, want, "{input:?}"),
                (Err(want), Err(have)) => {
                    assert!(
                        have.contains(want),
                        "{input:?}: {have:?} should contain {want:?}"
                    )
                }
                _ => panic!("{input:?}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn vin_table() {
        check(
            Vin::parse,
            &[
                ("WVWZZZ1JZXW000001", Ok("WVWZZZ1JZXW000001")),
                ("wvwzzz1jzxw000001", Ok("WVWZZZ1JZXW000001")),
                ("WVW ZZZ 1JZ XW0 00001", Ok("WVWZZZ1JZXW000001")),
                ("1HGCM82633A004352", Ok("1HGCM82633A004352")),
                ("WVWZZZ1JZXW00000", Err("hat 17 Zeichen, nicht 16")),
                ("WVWZZZ1JZXW0000012", Err("hat 17 Zeichen, nicht 18")),
                ("WVWZZZ1JZXWO00001", Err("enthält kein O")),
                ("WVWZZZIJZXW000001", Err("enthält kein I")),
                ("QVWZZZ1JZXW000001", Err("enthält kein Q")),
                ("WVWZZZ1JZXW-00001", Err("„-“ ist nicht erlaubt")),
                ("", Err("fehlt")),
            ],
        );
    }

    #[test]
    fn iban_table() {
        check(
            Iban::parse,
            &[
                ("DE89370400440532013000", Ok("DE89370400440532013000")),
                ("DE89 3704 0044 0532 0130 00", Ok("DE89370400440532013000")),
                ("de02120300000000202051", Ok("DE02120300000000202051")),
                ("DE44500105175407324931", Ok("DE44500105175407324931")),
                ("NL91ABNA0417164300", Ok("NL91ABNA0417164300")),
                ("AT611904300234573201", Ok("AT611904300234573201")),
                // The same IBANs with one digit wrong: mod 97 catches every
                // single substitution.
                (
                    "DE89370400440532013001",
                    Err("Prüfziffern der IBAN stimmen nicht"),
                ),
                (
                    "DE88370400440532013000",
                    Err("Prüfziffern der IBAN stimmen nicht"),
                ),
                (
                    "DE02120300000000202052",
                    Err("Prüfziffern der IBAN stimmen nicht"),
                ),
                (
                    "DE44500105175407324932",
                    Err("Prüfziffern der IBAN stimmen nicht"),
                ),
                (
                    "DE44500105175407334931",
                    Err("Prüfziffern der IBAN stimmen nicht"),
                ),
                ("DE8937040044053201300", Err("hat 22 Zeichen, nicht 21")),
                ("US12345678901234567890", Err("kein Land des SEPA-Raums")),
                ("DEXX370400440532013000", Err("zwei Prüfziffern")),
                ("DE89-3704-0044-0532-0130-00", Err("„-“")),
                ("", Err("fehlt")),
            ],
        );
    }

    #[test]
    fn evb_table() {
        check(
            Evb::parse,
            &[
                ("A1B2C3D", Ok("A1B2C3D")),
                ("a1b 2c3d", Ok("A1B2C3D")),
                ("1234567", Ok("1234567")),
                ("A1B2C3", Err("hat 7 Zeichen, nicht 6")),
                ("A1B2C3D4", Err("hat 7 Zeichen, nicht 8")),
                ("A1B2C3Ä", Err("„Ä“ ist nicht erlaubt")),
                ("", Err("fehlt")),
            ],
        );
    }

    #[test]
    fn zb_and_seal_tables() {
        check(
            Zb2Number::parse,
            &[
                ("AB1234567", Ok("AB1234567")),
                ("ab 1234567", Ok("AB1234567")),
                ("A11234567", Err("zwei Buchstaben und sieben Ziffern")),
                ("AB123456X", Err("zwei Buchstaben und sieben Ziffern")),
                ("AB123456", Err("hat 9 Zeichen, nicht 8")),
            ],
        );
        check(
            Zb1SecurityCode::parse,
            &[
                ("X7K2M9P", Ok("X7K2M9P")),
                ("X7K2M9", Err("hat 7 Zeichen, nicht 6")),
            ],
        );
        check(
            SealCode::parse,
            &[
                ("k3x", Ok("K3X")),
                ("K3", Err("hat 3 Zeichen, nicht 2")),
                ("K3X9", Err("hat 3 Zeichen, nicht 4")),
            ],
        );
    }

    #[test]
    fn iban_grouped_for_reading_out() {
        let iban = Iban::parse("DE89370400440532013000").unwrap();
        assert_eq!(iban.grouped(), "DE89 3704 0044 0532 0130 00");
    }

    #[test]
    fn codes_deserialize_only_when_valid() {
        let vin: Vin = serde_json::from_value(serde_json::json!("WVWZZZ1JZXW000001")).unwrap();
        assert_eq!(vin.as_str(), "WVWZZZ1JZXW000001");
        assert!(
            serde_json::from_value::<Iban>(serde_json::json!("DE89370400440532013001")).is_err()
        );
    }
}
