//! Moving house, told with a direction. "Wir ziehen von Herne nach
//! Bochum" is a Zuzug (register in Bochum), "nach Wattenscheid" or
//! "innerhalb Bochums" a move within the city (Ummeldung), "von Bochum
//! nach Essen" a Wegzug. The words alone do not say it: "ziehen" is in
//! the Abmeldung's "ins Ausland ziehen", "Herne" or "Dortmund" in
//! whichever entry names that town. So the direction is read here and
//! the places are taken out of the search.

/// Which way a caller moves, as far as the words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// From elsewhere to Bochum.
    Into,
    /// From one address in Bochum to another.
    Within,
    /// From Bochum to elsewhere.
    Away,
}

impl Move {
    /// The knowledge base's words for the move: the registration
    /// entries' own titles and names ("Zuzug nach Bochum", "Umzug
    /// innerhalb Bochums", "Wegzug ins Ausland").
    pub fn terms(self) -> &'static [&'static str] {
        match self {
            Move::Into => &["zuzug"],
            Move::Within => &["ummeldung", "umzug"],
            Move::Away => &["wegzug"],
        }
    }
}

/// A move read from a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveReading {
    /// Its direction.
    pub direction: Move,
    /// Positions of the words the reading stands for, left out of the
    /// search: the places ("herne", "bochum") say where, not what, and
    /// the moving word is what the direction's terms say better
    /// ("ziehen" alone finds the Abmeldung's "ins Ausland ziehen").
    pub covered: Vec<usize>,
}

/// Bochum and its Stadtteile, folded: a move to one of them stays in the
/// city.
const HOME: &[&str] = &[
    "bochum",
    "wattenscheid",
    "altenbochum",
    "bergen",
    "dahlhausen",
    "eppendorf",
    "gerthe",
    "grumme",
    "gunnigfeld",
    "hamme",
    "harpen",
    "hiltrop",
    "hontrop",
    "hofstede",
    "hordel",
    "kornharpen",
    "laer",
    "langendreer",
    "leithe",
    "linden",
    "querenburg",
    "riemke",
    "stiepel",
    "weitmar",
    "werne",
    "westenfeld",
    "wiemelhausen",
    "ehrenfeld",
];

/// Starts of the words that say someone moves house ("ziehe",
/// "umgezogen", "zuzug"); "beziehen" or "erziehung" do not start so.
const MOVING: &[&str] = &[
    "zieh",
    "umzieh",
    "zuzieh",
    "wegzieh",
    "herzieh",
    "hinzieh",
    "umzuzieh",
    "gezogen",
    "umgezogen",
    "zugezogen",
    "weggezogen",
    "hergezogen",
    "umzug",
    "zuzug",
    "wegzug",
];

/// Words between a preposition and its place that are not the place.
const ARTICLES: &[&str] = &["der", "die", "das", "dem", "den"];

/// English moving words, whole: agents type the caller's "moved from
/// spain" as they hear it.
const MOVING_EN: &[&str] = &[
    "move",
    "moved",
    "moving",
    "relocate",
    "relocated",
    "relocating",
];

fn is_moving(w: &str) -> bool {
    MOVING.iter().any(|m| w.starts_with(m)) || MOVING_EN.contains(&w) || w == "zog" || w == "zogen"
}

/// A moving word that says "to here": "hergezogen", "zugezogen", "zuzug".
fn is_hither(w: &str) -> bool {
    ["her", "zu"].iter().any(|p| w.starts_with(p))
}

/// A move a few doors on ("zwei straßen weiter", "ein haus weiter", "um
/// die ecke", "nebenan"): the caller stays in town. The positions of the
/// words that say so, which (like places) say where, not what.
fn nearby(words: &[String]) -> Option<Vec<usize>> {
    const UNITS: &[&str] = &[
        "strasse", "strassen", "haus", "hauser", "block", "ecke", "ecken",
    ];
    let at = |i: usize, w: &str| words.get(i).is_some_and(|x| x == w);
    (0..words.len()).find_map(|i| {
        if UNITS.contains(&words[i].as_str()) && at(i + 1, "weiter") {
            Some(vec![i, i + 1])
        } else if at(i, "um") && at(i + 1, "die") && at(i + 2, "ecke") {
            Some(vec![i + 2])
        } else if at(i, "nebenan") {
            Some(vec![i])
        } else {
            None
        }
    })
}

fn is_home(w: &str) -> bool {
    HOME.contains(&w)
}

/// The place after the preposition at `i`: its position. An article
/// may come between ("aus der ukraine") except after "nach": "nach dem
/// umzug" is a time, not a place.
fn place_after(words: &[String], i: usize) -> Option<usize> {
    let mut at = i + 1;
    if words
        .get(at)
        .is_some_and(|w| ARTICLES.contains(&w.as_str()))
    {
        if words[i] == "nach" {
            return None;
        }
        at += 1;
    }
    let w = words.get(at)?;
    (w.chars().count() >= 3 && !super::analysis::is_stop_word(w) && !is_moving(w)).then_some(at)
}

/// The move a query tells, if it tells one with a direction. `words` are
/// the query's folded words.
pub fn read(words: &[String]) -> Option<MoveReading> {
    if !words.iter().any(|w| is_moving(w)) {
        return None;
    }
    let mut from = None;
    let mut to = None;
    let mut within = false;
    for (i, w) in words.iter().enumerate() {
        match w.as_str() {
            "von" | "aus" | "from" if from.is_none() => from = place_after(words, i),
            "nach" if to.is_none() => to = place_after(words, i),
            // English "to" is an infinitive's too ("how to register"):
            // only a place of the city counts.
            "to" if to.is_none() => {
                to = place_after(words, i).filter(|&p| is_home(&words[p]));
            }
            "innerhalb" | "in" | "im" | "within" => {
                within |= place_after(words, i).is_some_and(|p| is_home(&words[p]));
            }
            _ => {}
        }
    }
    let home = |p: Option<usize>| p.map(|p| is_home(&words[p]));
    let direction = match (home(from), home(to)) {
        (Some(true), Some(true)) => Move::Within,
        (Some(false), Some(true)) => Move::Into,
        // "nach bochum" alone comes from elsewhere; a Stadtteil alone is
        // a move within the city.
        (None, Some(true)) => {
            if to.is_some_and(|p| words[p] == "bochum") {
                Move::Into
            } else {
                Move::Within
            }
        }
        (Some(true) | None, Some(false)) => Move::Away,
        (Some(true), None) if words.iter().any(|w| w == "weg") => Move::Away,
        // "aus dortmund hergezogen", "zuzug aus herne": a move toward here.
        (Some(false), None) if words.iter().any(|w| is_moving(w) && is_hither(w)) => Move::Into,
        // "moved from spain": English says where from, the desk is here.
        (Some(false), None) if words.iter().any(|w| MOVING_EN.contains(&w.as_str())) => Move::Into,
        _ if within || nearby(words).is_some() => Move::Within,
        _ => return None,
    };
    let moving = words
        .iter()
        .enumerate()
        .filter(|(_, w)| is_moving(w))
        .map(|(i, _)| i);
    let mut covered: Vec<usize> = [from, to]
        .into_iter()
        .flatten()
        .chain(moving)
        .chain(nearby(words).unwrap_or_default())
        .collect();
    covered.sort_unstable();
    Some(MoveReading { direction, covered })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direction(q: &str) -> Option<Move> {
        let words: Vec<String> = q.split(' ').map(str::to_string).collect();
        read(&words).map(|r| r.direction)
    }

    #[test]
    fn the_direction_decides_which_registration() {
        assert_eq!(
            direction("wir ziehen von herne nach bochum"),
            Some(Move::Into)
        );
        assert_eq!(direction("ziehe nach bochum"), Some(Move::Into));
        assert_eq!(direction("umzug nach bochum"), Some(Move::Into));
        assert_eq!(direction("ich ziehe nach wattenscheid"), Some(Move::Within));
        assert_eq!(
            direction("umzug von weitmar nach gerthe"),
            Some(Move::Within)
        );
        assert_eq!(direction("umzug innerhalb bochum"), Some(Move::Within));
        assert_eq!(direction("umzug von bochum nach essen"), Some(Move::Away));
        assert_eq!(direction("ich ziehe nach spanien"), Some(Move::Away));
        assert_eq!(direction("ziehe aus bochum weg"), Some(Move::Away));
        assert_eq!(
            direction("aus dortmund hergezogen wohnung melden"),
            Some(Move::Into)
        );
        assert_eq!(direction("zuzug aus herne"), Some(Move::Into));
        // English, as the agent types the caller's words.
        assert_eq!(direction("moved from spain"), Some(Move::Into));
        assert_eq!(direction("moved to bochum from munich"), Some(Move::Into));
        assert_eq!(direction("moving within bochum"), Some(Move::Within));
        assert_eq!(direction("moving from bochum to essen"), None);
        assert_eq!(direction("how to move my car"), None);
        // A few doors on stays in town.
        assert_eq!(
            direction("ich ziehe nur zwei strassen weiter"),
            Some(Move::Within)
        );
        assert_eq!(direction("wir ziehen um die ecke"), Some(Move::Within));
        assert_eq!(direction("zwei strassen weiter"), None, "no moving word");
        // Where from alone says no direction.
        assert_eq!(direction("umzug aus herne"), None);
        // "nach dem umzug" is a time; the place comes after.
        assert_eq!(
            direction("bis wann nach dem umzug nach bochum anmelden"),
            Some(Move::Into)
        );
        assert_eq!(
            direction("wir kommen aus der ukraine umzug nach bochum"),
            Some(Move::Into)
        );
    }

    #[test]
    fn without_a_moving_word_or_a_direction_nothing_is_read() {
        assert_eq!(direction("bus nach bochum"), None);
        assert_eq!(direction("erziehungsgeld in bochum"), None);
        assert_eq!(direction("ich bin umgezogen"), None);
        assert_eq!(direction("umzug melden"), None);
    }

    #[test]
    fn the_places_and_the_moving_word_are_left_out_of_the_search() {
        let words: Vec<String> = "wir ziehen von der herne nach bochum"
            .split(' ')
            .map(str::to_string)
            .collect();
        assert_eq!(read(&words).map(|r| r.covered), Some(vec![1, 4, 6]));
    }
}
