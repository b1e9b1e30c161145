//! Places callers name, and what the entries call them. The entries do
//! not list countries or towns: they say "im Ausland" and "innerhalb
//! Deutschlands". So a named place is read as that, both when searching
//! ("in polen gekauft" finds "Auto aus dem Ausland") and when choosing
//! the section that answers ("ich ziehe nach münchen, muss ich mich
//! abmelden": the notes say a move within Germany needs none).

use super::moving::{self, Move};

/// Countries and places abroad callers name, folded, in German and in
/// English (callers who speak English name their country in it: "licence
/// from india"). The entries do not list countries; they say "Ausland".
const COUNTRIES: &[&str] = &[
    "afghanistan",
    "agypten",
    "albania",
    "albanien",
    "algeria",
    "algerien",
    "america",
    "amerika",
    "argentinien",
    "armenien",
    "aserbaidschan",
    "athiopien",
    "australien",
    "austria",
    "bangladesch",
    "bangladesh",
    "belarus",
    "belgien",
    "bosnia",
    "bosnien",
    "brasilien",
    "brazil",
    "britain",
    "bulgaria",
    "bulgarien",
    "china",
    "colombia",
    "croatia",
    "czechia",
    "danemark",
    "denmark",
    "egypt",
    "england",
    "eritrea",
    "estland",
    "ethiopia",
    "finnland",
    "france",
    "frankreich",
    "gambia",
    "georgia",
    "georgien",
    "ghana",
    "greece",
    "griechenland",
    "grossbritannien",
    "guinea",
    "holland",
    "hungary",
    "india",
    "indien",
    "indonesia",
    "indonesien",
    "irak",
    "iran",
    "iraq",
    "irland",
    "israel",
    "italien",
    "italy",
    "japan",
    "jemen",
    "jordanien",
    "kamerun",
    "kanada",
    "kasachstan",
    "kenia",
    "kolumbien",
    "kosovo",
    "kroatien",
    "kuba",
    "lebanon",
    "lettland",
    "libanon",
    "litauen",
    "luxemburg",
    "macedonia",
    "mallorca",
    "marokko",
    "mazedonien",
    "mexico",
    "mexiko",
    "moldau",
    "montenegro",
    "morocco",
    "netherlands",
    "niederlande",
    "nigeria",
    "norwegen",
    "osterreich",
    "pakistan",
    "philippinen",
    "philippines",
    "poland",
    "polen",
    "portugal",
    "romania",
    "rumanien",
    "russia",
    "russland",
    "schweden",
    "schweiz",
    "senegal",
    "serbia",
    "serbien",
    "slowakei",
    "slowenien",
    "somalia",
    "spain",
    "spanien",
    "sudan",
    "sweden",
    "switzerland",
    "syria",
    "syrien",
    "thailand",
    "tschechien",
    "tunesien",
    "tunisia",
    "turkei",
    "turkey",
    "ukraine",
    "ungarn",
    "usa",
    "usbekistan",
    "vietnam",
    "weissrussland",
    "zypern",
];

/// Whether the folded word names a country abroad.
pub fn is_country(w: &str) -> bool {
    COUNTRIES.contains(&w)
}

/// The entries' word for abroad.
pub const ABROAD: &str = "ausland";

/// The entries' word for the places of a move within the country.
pub const HOME_COUNTRY: &str = "deutschland";

/// What the entries call the place the question names, as a stem:
/// "ausland" for a country abroad, "deutschland" for a move from Bochum to
/// a town that is not abroad ("ziehe nach dortmund"); none where the
/// caller typed "Ausland" already. `words` are the question's folded words.
pub fn entry_word(words: &[String]) -> Option<&'static str> {
    if words.iter().any(|w| is_country(w)) {
        return Some(ABROAD);
    }
    if words.iter().any(|w| w.starts_with(ABROAD)) {
        return None;
    }
    moving::read(words)
        .is_some_and(|m| m.direction == Move::Away)
        .then_some(HOME_COUNTRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> Option<&'static str> {
        let words: Vec<String> = q.split(' ').map(str::to_string).collect();
        entry_word(&words)
    }

    #[test]
    fn a_country_is_abroad_and_a_town_moved_to_is_at_home() {
        assert_eq!(read("pass verloren in spanien"), Some(ABROAD));
        assert_eq!(read("lost my id card in italy"), Some(ABROAD));
        assert_eq!(
            read("ich ziehe nach munchen muss ich mich abmelden"),
            Some(HOME_COUNTRY)
        );
        assert_eq!(read("zieh nach dortmund"), Some(HOME_COUNTRY));
        // A move abroad is abroad, whether it names the country or not.
        assert_eq!(read("ich ziehe nach spanien"), Some(ABROAD));
        assert_eq!(read("ich ziehe ins ausland"), None, "typed already");
        // Moving into Bochum or within it names no place of the entries.
        assert_eq!(read("ziehe von herne nach bochum"), None);
        assert_eq!(read("umzug von weitmar nach gerthe"), None);
        assert_eq!(read("bus nach dortmund"), None, "no move");
    }
}
