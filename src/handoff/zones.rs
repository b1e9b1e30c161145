//! Bochum's residents' parking zones, read from `parkzonen.toml` (compiled
//! in, see that file's header for why).

use std::sync::LazyLock;

use serde::Deserialize;

use crate::kb::analysis::fold;

/// One residents' parking zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkingZone {
    /// What the form sends, e.g. `ehrenfeld`.
    pub id: String,
    /// What the agent sees, e.g. "Ehrenfeld".
    pub name: String,
    #[serde(default)]
    streets: Vec<String>,
    #[serde(default)]
    parts: Vec<StreetPart>,
}

/// A street that is split between zones: house numbers `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct StreetPart {
    street: String,
    from: u32,
    to: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneFile {
    #[allow(dead_code)] // Read so that the file's flag is part of its schema.
    unconfirmed: bool,
    #[allow(dead_code)]
    source: String,
    zone: Vec<ParkingZone>,
}

static ZONES: LazyLock<Result<Vec<ParkingZone>, String>> = LazyLock::new(|| {
    toml::from_str::<ZoneFile>(include_str!("parkzonen.toml"))
        .map(|file| file.zone)
        .map_err(|e| format!("src/handoff/parkzonen.toml: {e}"))
});

/// All zones; an error names the broken data file (a unit test keeps it
/// from ever shipping broken, and validation reports it instead of
/// panicking).
pub fn zones() -> Result<&'static [ParkingZone], &'static str> {
    match &*ZONES {
        Ok(zones) => Ok(zones),
        Err(message) => Err(message),
    }
}

/// The zone with this id.
pub fn zone(id: &str) -> Option<&'static ParkingZone> {
    zones().ok()?.iter().find(|z| z.id == id)
}

impl ParkingZone {
    /// Whether `street` `house_number` lies in this zone. Street names are
    /// compared folded ("Straße", "Strasse", "Str." alike; umlauts either
    /// way); a house number like `12a` counts as 12.
    pub fn contains(&self, street: &str, house_number: &str) -> bool {
        let wanted = street_key(street);
        if self.streets.iter().any(|s| street_key(s) == wanted) {
            return true;
        }
        let number = leading_number(house_number);
        self.parts.iter().any(|part| {
            street_key(&part.street) == wanted
                && number.is_some_and(|n| (part.from..=part.to).contains(&n))
        })
    }

    /// Whether the street appears in this zone at all, whatever the number.
    pub fn has_street(&self, street: &str) -> bool {
        let wanted = street_key(street);
        self.streets
            .iter()
            .chain(self.parts.iter().map(|p| &p.street))
            .any(|s| street_key(s) == wanted)
    }
}

/// `Oskar-Hoffmann-Straße`, `oskar hoffmann str.` → `oskarhoffmannstr`.
fn street_key(street: &str) -> String {
    let folded: String = fold(street)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match folded.strip_suffix("strasse") {
        Some(stem) => format!("{stem}str"),
        None => folded,
    }
}

fn leading_number(house_number: &str) -> Option<u32> {
    let digits: String = house_number
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_data_parses_with_unique_ids() {
        let zones = zones().unwrap();
        assert!(zones.len() >= 5);
        let mut ids: Vec<&str> = zones.iter().map(|z| z.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), zones.len(), "zone ids must be unique");
        for zone in zones {
            for part in &zone.parts {
                assert!(
                    part.from <= part.to,
                    "{}: {} {}..{}",
                    zone.id,
                    part.street,
                    part.from,
                    part.to
                );
            }
        }
    }

    #[test]
    fn zone_membership_table() {
        let table = [
            ("ehrenfeld", "Oskar-Hoffmann-Straße", "12", true),
            ("ehrenfeld", "oskar hoffmann str.", "12a", true),
            ("ehrenfeld", "Oskar-Hoffmann-Strasse", "3", true),
            ("ehrenfeld", "Königsallee", "99", true),
            ("ehrenfeld", "Koenigsallee", "5", true),
            ("ehrenfeld", "Königsallee", "100", false),
            ("wiemelhausen", "Königsallee", "100", true),
            ("ehrenfeld", "Königsallee", "", false),
            ("ehrenfeld", "Kortumstraße", "1", false),
            ("innenstadt-nord", "Kortumstraße", "1", true),
            ("wattenscheid-mitte", "Bußmannstraße", "4", true),
            ("wattenscheid-mitte", "Bussmannstr.", "4", true),
        ];
        for (id, street, number, expected) in table {
            let zone = zone(id).unwrap();
            assert_eq!(
                zone.contains(street, number),
                expected,
                "{id}: {street} {number}"
            );
        }
        assert!(zone("ehrenfeld").unwrap().has_street("Königsallee"));
        assert!(zone("mond").is_none());
    }
}
