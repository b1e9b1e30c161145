//! German text analysis shared by indexing, querying and snippets.
//!
//! One chain, used on both sides so that what the agent types meets what the
//! editor wrote: split into words, lowercase, fold spellings (`ü`/`ue`/`u`,
//! `ß`/`ss`), drop stop and question words, stem with Snowball German, and
//! split compounds with a dictionary built from the knowledge base itself.

use std::collections::HashSet;

use rust_stemmers::{Algorithm, Stemmer};

/// A word of the original text with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word as written.
    pub text: &'a str,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
}

/// Splits text into words: runs of letters and digits. Everything else
/// (punctuation, hyphens, spaces) separates words, so "Kfz-Zulassung" gives
/// two words, as an agent typing "kfz zulassung" would expect.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip separators.
        let (start, _) = loop {
            let (i, c) = iter.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = iter.peek() {
            if c.is_alphanumeric() {
                iter.next();
            } else {
                end = i;
                break;
            }
        }
        Some(Word {
            text: &text[start..end],
            start,
            end,
        })
    })
}

/// Lowercases and folds German spelling variants to one form:
/// `ä`, `ae` → `a`; `ö`, `oe` → `o`; `ü`, `ue` → `u`; `ß` → `ss`; other
/// diacritics are dropped. "Bürgerbüro", "Buergerbuero" and "Burgerburo" all
/// become `burgerburo`. Folding `ue` also touches words like "Steuer"
/// (`steur`), but it does so on both sides, so it only merges, never misses.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'ß' => out.push_str("ss"),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'ç' | 'ć' => out.push('c'),
            'ñ' | 'ń' => out.push('n'),
            // Turkish and Polish letters, typed as heard or without them
            // ("kimlik kartı", "karti"; "prawo jazdy", "zgubiłem"): one
            // spelling for both. "İ" lowercases to "i" and a combining dot.
            'ı' => out.push('i'),
            'ş' | 'ś' => out.push('s'),
            'ğ' => out.push('g'),
            'ł' => out.push('l'),
            'ą' => out.push('a'),
            'ę' => out.push('e'),
            'ź' | 'ż' => out.push('z'),
            '\u{307}' => {}
            c => {
                // Digraph spellings: fold "ae"/"oe"/"ue" to the base vowel.
                if c == 'e'
                    && let Some(last) = out.chars().last()
                    && matches!(last, 'a' | 'o' | 'u')
                    && !ends_with_double_vowel(&out)
                {
                    continue;
                }
                out.push(c);
            }
        }
    }
    out
}

/// A phrase's words folded and joined by single spaces: "Führerschein
/// beantragen!" and "fuehrerschein  beantragen" are both
/// `fuhrerschein beantragen`.
pub fn folded_phrase(text: &str) -> String {
    words(text)
        .map(|w| fold(w.text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "aue" in "Trauer"? We keep the `e` after a doubled or diphthong vowel
/// ("au", "eu", "oo") so that "Trauer" stays `trauer`, not `traur`: those
/// words are not umlaut spellings.
fn ends_with_double_vowel(s: &str) -> bool {
    let mut rev = s.chars().rev();
    let last = rev.next();
    let before = rev.next();
    matches!(
        (before, last),
        (Some('a' | 'e' | 'o' | 'u' | 'i'), Some('a' | 'o' | 'u'))
    )
}

/// Words that carry no meaning for search: articles, pronouns, auxiliaries,
/// particles and the question words agents type from the caller's sentence
/// ("wann", "wo", "was", "wie"). Stored folded.
const STOP_WORDS: &[&str] = &[
    // Contractions of a preposition and "das" ("geht das übers internet").
    "ubers",
    "ums",
    "aufs",
    "ans",
    "durchs",
    "furs",
    "a",
    "ab",
    "aber",
    "alle",
    "allem",
    "allen",
    "aller",
    "alles",
    "als",
    "also",
    "am",
    "an",
    "ander",
    "andere",
    "anderen",
    "auch",
    "auf",
    "aus",
    "bei",
    "beim",
    "bin",
    "bis",
    "bist",
    "bitte",
    "da",
    "dabei",
    "dafur",
    "damit",
    "dann",
    "das",
    "dass",
    "dein",
    "deine",
    "dem",
    "den",
    "denn",
    "der",
    "des",
    "dich",
    "die",
    "dies",
    "diese",
    "diesem",
    "diesen",
    "dieser",
    "dir",
    "doch",
    "dort",
    "du",
    "durch",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "eines",
    "er",
    "es",
    "etwa",
    "etwas",
    "fur",
    "gibt",
    "hab",
    "habe",
    "haben",
    "hat",
    "hatte",
    "hier",
    "ich",
    "ihm",
    "ihn",
    "ihr",
    "ihre",
    "im",
    "in",
    "ins",
    "ist",
    "ja",
    "jetzt",
    "kann",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "konnen",
    "konnte",
    "man",
    "mein",
    "meine",
    "meinem",
    "meinen",
    "meiner",
    "mich",
    "mir",
    "mit",
    "muss",
    "mussen",
    "nach",
    "nicht",
    // Negations say that, not what ("hab die nie bekommen").
    "nie",
    "niemals",
    "noch",
    "nun",
    "nur",
    "ob",
    "oder",
    "ohne",
    "schon",
    "sein",
    "seine",
    "sich",
    "sie",
    "sind",
    "so",
    "soll",
    "sollte",
    "um",
    "und",
    "uns",
    "unser",
    "vom",
    "von",
    "vor",
    "war",
    "waren",
    "warum",
    "was",
    "weil",
    "welche",
    "welchem",
    "welchen",
    "welcher",
    "welches",
    "wenn",
    "wer",
    "werde",
    "werden",
    "wie",
    "wieso",
    "will",
    "wir",
    "wird",
    "wo",
    "wofur",
    "wohin",
    "woher",
    "wollen",
    "zu",
    "zum",
    "zur",
    "wann",
    "hallo",
    "guten",
    "tag",
    "gern",
    "gerne",
    "mal",
    // Fillers of a caller's sentence: "kann man da einfach ohne termin
    // hingehen" asks about a walk-in; "einfach" matched "einfachem Brief",
    // "hingehen" nothing of the topic.
    "einfach",
    "hingehen",
    "hinkommen",
    "vorbeikommen",
    "vorbeigehen",
    // Number words: "meine tochter ist fünf" is an age (read by the
    // intent), and as terms they met "fünf Tage", "fünf Kitas".
    "eins",
    "zwei",
    "drei",
    "vier",
    "funf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwolf",
    "eigentlich",
    "brauch",
    // Filler verbs of the caller's sentence ("was brauche ich", "ich möchte").
    "brauche",
    "brauchen",
    "braucht",
    "benotige",
    "benotigen",
    "mochte",
    "mochten",
    "darf",
    "durfen",
    "bekomme",
    "bekommt",
    "bekommst",
    "kriegt",
    "kriegst",
    "brauchst",
    "bekommen",
    "kriege",
    "kriegen",
    "mache",
    "machen",
    "macht",
    "wurde",
    "wurden",
    // The amount of "wie viel" ("hundesteuer wie viel"): it names no
    // topic, yet as a term it found "zu viel gezahlte Steuer".
    "viel",
    "viele",
    "vielen",
    "sei",
    // "jede weitere Urkunde", "jeden Tag": a determiner, no topic; as a
    // term it tied a party every night to "jedes Land" and "jede Wahl".
    "jede",
    "jeden",
    "jeder",
    "jedes",
    "jedem",
    "uber",
    "unter",
    "beantragen",
    "frage",
    // "lassen" only says someone else does it ("beglaubigen lassen",
    // "Geburt beurkunden lassen"): as a word it matched every title with
    // it, so "Geburtsurkunde beglaubigen lassen" found the birth's
    // registration instead of the certification.
    "lassen",
    "lasse",
    "lasst",
    "liess",
    // Possessives in the genitive and dative ("die geburt meines kindes").
    "meines",
    "meinem",
    "deines",
    "deinem",
    "deinen",
    "seines",
    "seinem",
    "seinen",
    "seiner",
    "ihres",
    "ihrem",
    "ihren",
    "ihrer",
    "unsere",
    "unseren",
    "unserem",
    "unserer",
    // The caller speaking to the centre ("wo sitzt eigentlich euer
    // servicecenter") and of someone there ("mit jemandem sprechen").
    "euer",
    "eure",
    "euren",
    "eurem",
    "eurer",
    "euch",
    "ihnen",
    "jemand",
    "jemanden",
    "jemandem",
    // Modal and auxiliary forms the list lacked ("ich musste meinen hund
    // ins tierheim geben").
    "musste",
    "mussten",
    "kannst",
    "hast",
    "habt",
    "seid",
    "sollen",
    // Particles and adverbs of a caller's sentence ("muss der führerschein
    // gegen die karte getauscht sein, sonst bußgeld", "geht das online").
    "gegen",
    "sonst",
    "ganz",
    "sehr",
    "trotzdem",
    "geht",
    "gehts",
    // Written abbreviations that carry no topic.
    "bzw",
    "ggf",
    "evtl",
    "usw",
    // English function words: agents type the words of callers who speak
    // English ("register my dog"); the German text has none of them, so
    // dropping them only removes noise (`languages.toml` maps the words
    // that carry meaning).
    "the",
    "my",
    "your",
    "our",
    "his",
    "her",
    "i",
    "me",
    "we",
    "you",
    "to",
    "of",
    "for",
    "and",
    "or",
    "is",
    "are",
    "be",
    "do",
    "does",
    "did",
    "can",
    "could",
    "how",
    "what",
    "where",
    "when",
    "who",
    "which",
    "want",
    "need",
    "get",
    "have",
    "has",
    "it",
    "this",
    "that",
    "with",
    "at",
    "on",
    "new",
    "please",
    "from",
    "must",
    "should",
    "would",
    "there",
    "if",
    "any",
    "by",
    "just",
    "near",
    "been",
    "got",
    "about",
    "already",
    "really",
    "here",
    "everything",
    "yesterday",
    // When the caller's matter arose or will ("läuft bald ab", "kam
    // vorgestern zur welt"): the story's time, not its topic.
    "bald",
    "demnachst",
    "gestern",
    "vorgestern",
    "neulich",
    "kurzlich",
    "vorhin",
    // "gehen" of the caller's sentence ("ich gehe wieder arbeiten"), as
    // "geht": the entries' "gehen mit" says nothing either.
    "gehe",
    "gehen",
    "ging",
    "gehst",
    // Adverbs of the caller's account ("seit der reform zahlen wir viel
    // mehr", "immer noch", "die extra breiten parkplätze"): they say how
    // much or since when, never what about.
    "seit",
    "mehr",
    "extra",
    "immer",
    "wirklich",
    "gerade",
    "eben",
    "genau",
    // "neben mein haus", and the spoken forms of a hurried note ("gibts",
    // "nen", "grad", "irgendwo"): none names a topic. ("wegen" was
    // measured too and lost a blind answer: it stays a word.)
    "neben",
    "hinter",
    "hinterm",
    "gibts",
    "nen",
    "nem",
    "grad",
    "selber",
    "irgendwo",
    "irgendwie",
    "irgendwas",
    "irgendwer",
    "irgendwann",
    "irgendein",
    "irgendeine",
    "irgendeinen",
    "irgendeinem",
    "irgendwelche",
];

/// Whether a folded word is a stop or question word. Section detection in
/// `ask` reads the raw words before this filter, so "wann" still means
/// opening hours there.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_SET.with(|s| s.contains(folded))
}

thread_local! {
    static STOP_SET: HashSet<&'static str> = STOP_WORDS.iter().copied().collect();
}

/// Each word of `text`, folded, with its stem: what the answer's section
/// choice compares question words and cue stems against.
pub fn folded_and_stemmed(text: &str) -> Vec<(String, String)> {
    words(text)
        .map(|w| {
            let f = fold(w.text);
            let s = stem(&f);
            (f, s)
        })
        .collect()
}

/// A count typed in digits or said in words ("3", "drei").
pub fn count_of(folded: &str) -> Option<u32> {
    folded.parse::<u32>().ok().or_else(|| number_value(folded))
}

/// The value of a German number word, folded ("sechzehn" → 16,
/// "dreissig" → 30): callers say ages and counts in words, and agents
/// type what they hear, while the entries write digits ("ab 16 Jahren").
/// Not "ein", "eine": they are articles far more often than numbers.
pub fn number_value(folded: &str) -> Option<u32> {
    const UNITS: &[&str] = &[
        "null", "eins", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn",
        "elf", "zwolf",
    ];
    const TEENS: &[&str] = &[
        "dreizehn", "vierzehn", "funfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn",
    ];
    const TENS: &[&str] = &[
        "zwanzig", "dreissig", "vierzig", "funfzig", "sechzig", "siebzig", "achtzig", "neunzig",
    ];
    let at = |list: &[&str]| list.iter().position(|w| *w == folded);
    if let Some(n) = at(UNITS) {
        return Some(n as u32);
    }
    if let Some(n) = at(TEENS) {
        return Some(13 + n as u32);
    }
    if let Some(n) = at(TENS) {
        return Some(20 + 10 * n as u32);
    }
    (folded == "hundert").then_some(100)
}

/// The months, folded: "heiraten im juli" dates the wedding, and must
/// not find the entry that says "seit Juli 2024".
const MONTHS: &[&str] = &[
    "januar",
    "februar",
    "marz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

/// Whether the word at `i` is part of a point in time like "nächste
/// Woche", "letzten Monat", "dieses Jahr" or a month: when something
/// happens, not what ("wir ziehen nächste woche um" found entries with
/// "Wochen").
pub fn is_point_in_time(words: &[String], i: usize) -> bool {
    const WHICH: &[&str] = &[
        "nachst",
        "ubernachst",
        "letzt",
        "vorletzt",
        "dies",
        "kommend",
        "vorig",
        "vergangen",
    ];
    const SPANS: &[&str] = &["woche", "wochenende", "monat", "jahr"];
    let which = |w: &String| {
        WHICH
            .iter()
            .any(|p| w.starts_with(p) && w.len() <= p.len() + 2)
    };
    let span = |w: &String| {
        SPANS
            .iter()
            .any(|p| w.starts_with(p) && w.len() <= p.len() + 2)
    };
    let at = |j: usize| words.get(j);
    // After "das" or "der" the phrase names a thing ("ist das
    // letzte Jahr im Kindergarten beitragsfrei"), not when.
    let names_a_thing = |which_at: usize| {
        which_at
            .checked_sub(1)
            .and_then(at)
            .is_some_and(|a| matches!(a.as_str(), "das" | "der"))
    };
    MONTHS.contains(&words[i].as_str())
        || (span(&words[i]) && i > 0 && at(i - 1).is_some_and(which) && !names_a_thing(i - 1))
        || (which(&words[i]) && at(i + 1).is_some_and(span) && !names_a_thing(i))
}

/// The age a folded "-jährig" word states ("dreijahrigen" → 3,
/// "14jahrige" → 14), or, for the word after a number ("1 jährigen"), the
/// age with that number. Callers name a child by its age far more often
/// than by "Kind".
pub fn stated_age(folded: &str, before: Option<&str>) -> Option<u32> {
    let at = folded.find("jahrig")?;
    let number = &folded[..at];
    let value = |n: &str| match n {
        // "einjährig": here "ein" is the number, not the article.
        "ein" => Some(1),
        _ => n.parse::<u32>().ok().or_else(|| number_value(n)),
    };
    if number.is_empty() {
        before.and_then(value)
    } else {
        value(number)
    }
}

/// Snowball German stemming of an already folded word.
pub fn stem(folded: &str) -> String {
    let s = STEMMER.with(|s| s.stem(folded).into_owned());
    for (word, merged) in KEPT_APART {
        if s == *merged && folded.starts_with(word) {
            return (*word).to_string();
        }
    }
    s
}

/// Words the stemmer would merge with another word of different meaning,
/// and that other word's stem: "Ausländer" (the Ausländerbehörde's
/// word) stems to "ausland", so "muss morgen ins Ausland" found the
/// Ausländerbehörde. Bump the index's schema version when this changes.
const KEPT_APART: &[(&str, &str)] = &[("auslander", "ausland")];

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::German);
}

/// Typo budget by word length: none under 5 letters, 1 from 5, 2 from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal string alignment distance (Levenshtein with adjacent
/// transpositions counting 1), on chars.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// [`osa_distance`] on chars if it is at most `max`; stops as soon as a
/// row shows it is more (the typo table measures its candidates with a
/// small `max`).
pub fn osa_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let m = b.len();
    let mut before: Vec<usize> = (0..=m).collect();
    let mut prev: Vec<usize> = before.clone();
    let mut row = vec![0; m + 1];
    for i in 1..=a.len() {
        row[0] = i;
        let mut least = row[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            row[j] = v;
            least = least.min(v);
        }
        if least > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

/// Linking elements (Fugenelemente) allowed between compound parts:
/// "Geburt-s-urkunde", "Wohnung-s-geber".
const LINKS: &[&str] = &["es", "en", "s", "n", "e", ""];

/// Shortest part a compound is split into; shorter parts ("amt", "tag")
/// split too eagerly and match everything.
pub const MIN_PART: usize = 4;

/// Shortest word that is tried for splitting (two parts of [`MIN_PART`]).
const MIN_COMPOUND: usize = 2 * MIN_PART;

/// The compound dictionary: folded words and their stems that occur on
/// their own in the knowledge base. Built from the entries, so it knows
/// "bewohner" and "parkausweis" because editors wrote them.
#[derive(Debug, Default, Clone)]
pub struct CompoundDictionary {
    /// Folded words as written.
    words: HashSet<String>,
    /// Their stems.
    stems: HashSet<String>,
}

impl CompoundDictionary {
    /// Builds the dictionary from the texts of all entries.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words = HashSet::new();
        let mut stems = HashSet::new();
        for text in texts {
            for w in self::words(text) {
                let f = fold(w.text);
                if f.chars().count() >= MIN_PART && !f.chars().any(|c| c.is_ascii_digit()) {
                    stems.insert(stem(&f));
                    words.insert(f);
                }
            }
        }
        Self { words, stems }
    }

    /// Whether a folded word, or its stem, is a word of the dictionary: a
    /// typed word it knows is no typo.
    pub fn knows(&self, folded: &str) -> bool {
        self.words.contains(folded) || self.stems.contains(&stem(folded))
    }

    /// Number of distinct forms in the dictionary.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the dictionary is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// A stable fingerprint, stored with the index: if the vocabulary
    /// changes, compounds in unchanged entries may split differently, so the
    /// index is rebuilt rather than patched.
    pub fn fingerprint(&self) -> String {
        let mut sorted: Vec<&String> = self.words.iter().collect();
        sorted.sort();
        let mut hasher = blake3::Hasher::new();
        for w in sorted {
            hasher.update(w.as_bytes());
            hasher.update(b"\n");
        }
        hasher.finalize().to_hex()[..16].to_string()
    }

    /// A modifier (any part but the last) must be a word editors wrote as
    /// such: matching stems here splits "führerschein" into "fuhr" (from
    /// "führen") + "erschein" (from "erscheinen").
    fn knows_modifier(&self, part: &str) -> bool {
        part.len() >= MIN_PART && self.words.contains(part)
    }

    /// The head (last part) inflects: "…ausweise" ends in a form of
    /// "Ausweis", so its stem counts too.
    fn knows_head(&self, part: &str) -> bool {
        part.len() >= MIN_PART && (self.words.contains(part) || self.stems.contains(&stem(part)))
    }

    /// The longest known head of a folded compound ("urkunde" of
    /// "eheurkunde", "tagen" of "feiertagen"), leaving at least two
    /// letters before it.
    pub fn head_of(&self, folded: &str) -> Option<String> {
        if !folded.is_ascii() {
            return None;
        }
        (2..folded.len())
            .map(|i| &folded[i..])
            .find(|h| self.knows_head(h))
            .map(str::to_string)
    }

    /// Splits a folded word into known parts, longest parts first, or
    /// returns `None` when it is not a compound of known words. The whole
    /// word is never part of the result: callers keep it themselves.
    pub fn split(&self, folded: &str) -> Option<Vec<String>> {
        if folded.len() < MIN_COMPOUND || !folded.is_ascii() {
            return None;
        }
        self.split_rec(folded, 0)
    }

    fn split_rec(&self, word: &str, depth: usize) -> Option<Vec<String>> {
        if depth > 3 {
            return None;
        }
        // Longest modifier first, so the head stays as short as the
        // dictionary allows and the parts are the words editors used.
        let n = word.len();
        for cut in (MIN_PART..=n.saturating_sub(MIN_PART)).rev() {
            let (left, right) = word.split_at(cut);
            for link in LINKS {
                let Some(stemless) = left.strip_suffix(link) else {
                    continue;
                };
                if !self.knows_modifier(stemless) {
                    continue;
                }
                if self.knows_head(right) {
                    return Some(vec![stemless.to_string(), right.to_string()]);
                }
                if let Some(mut rest) = self.split_rec(right, depth + 1) {
                    rest.insert(0, stemless.to_string());
                    return Some(rest);
                }
            }
        }
        None
    }
}

/// One analysed token: the folded surface form and its stem, plus the byte
/// range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded surface form ("anmeldung").
    pub folded: String,
    /// Stem of the folded form ("anmeld").
    pub stem: String,
    /// Byte offset in the original text.
    pub start: usize,
    /// Byte offset after the word.
    pub end: usize,
}

/// Analyses text into tokens without stop words. Used for snippets and the
/// query; indexing adds compound parts on top (see [`index_terms`]).
pub fn tokens(text: &str) -> Vec<Token> {
    words(text)
        .filter_map(|w| {
            let folded = fold(w.text);
            if is_stop_word(&folded) {
                return None;
            }
            let stem = stem(&folded);
            Some(Token {
                folded,
                stem,
                start: w.start,
                end: w.end,
            })
        })
        .collect()
}

/// Words that join the parts of a suspended compound list.
const LIST_WORDS: &[&str] = &["und", "oder", "bzw", "sowie"];

/// Suspended compounds ("Geburts- oder Eheurkunde", "Sonn- und
/// Feiertagen", "Haupt- und Nebenwohnung"): a word written with a
/// trailing hyphen borrows the head of the next full word of its list. A
/// caller asking for a "Geburtsurkunde" means the text that says so this
/// way. Returns the byte offset of each such word with its completed,
/// folded compound; nothing when the head is not a known word.
pub fn suspended_compounds(text: &str, dict: &CompoundDictionary) -> Vec<(usize, String)> {
    let ws: Vec<Word<'_>> = words(text).collect();
    let suspended = |w: &Word<'_>| {
        let mut after = text[w.end..].chars();
        after.next() == Some('-') && after.next().is_none_or(|c| !c.is_alphanumeric())
    };
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !suspended(w) || w.text.chars().count() < 2 {
            continue;
        }
        // The list's full word: within a few words, past the joiners and
        // the other suspended words ("Geburts-, Heirats- und
        // Sterbeurkunden").
        let carrier = ws[i + 1..]
            .iter()
            .take(6)
            .find(|n| !suspended(n) && !LIST_WORDS.contains(&fold(n.text).as_str()));
        let Some(head) = carrier.and_then(|c| dict.head_of(&fold(c.text))) else {
            continue;
        };
        out.push((w.start, format!("{}{head}", fold(w.text))));
    }
    out
}

/// The terms a folded word contributes to the index: the word and its
/// stem, and separately the parts of a compound and their stems. Parts go
/// to their own field with a lower weight, so "Reisepass" ranks the
/// Reisepass article above the Kinderreisepass one, while a search for
/// "reisepass" still finds both.
pub fn index_terms(folded: &str, dict: &CompoundDictionary) -> (Vec<String>, Vec<String>) {
    let mut whole = vec![folded.to_string()];
    let s = stem(folded);
    if s != folded {
        whole.push(s);
    }
    let mut parts: Vec<String> = Vec::new();
    for p in dict.split(folded).unwrap_or_default() {
        let s = stem(&p);
        if !parts.contains(&s) {
            parts.push(s);
        }
        if !parts.contains(&p) {
            parts.push(p);
        }
    }
    (whole, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_folds_word_by_word_and_drops_punctuation() {
        let want = "fuhrerschein beantragen";
        assert_eq!(folded_phrase("Führerschein beantragen"), want);
        assert_eq!(folded_phrase("  fuehrerschein,  BEANTRAGEN! "), want);
        assert_eq!(folded_phrase("Kfz-Zulassung"), "kfz zulassung");
        assert_eq!(folded_phrase("?!"), "");
    }

    #[test]
    fn a_suspended_compound_borrows_the_head_of_its_list() {
        let dict = CompoundDictionary::from_texts([
            "urkunde eheurkunde geburt tage feiertage wohnung nebenwohnung",
        ]);
        let text = "Geburts-, Heirats- oder Eheurkunde; Sonn- und Feiertage; Kfz-Zulassung";
        let found: Vec<String> = suspended_compounds(text, &dict)
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(
            found,
            vec!["geburtsurkunde", "heiratsurkunde", "sonntage"],
            "Kfz-Zulassung is one word, not a list"
        );
        assert!(suspended_compounds("Haupt-", &dict).is_empty());
        assert!(suspended_compounds("- und -", &dict).is_empty());
    }

    #[test]
    fn folding_merges_umlaut_spellings() {
        assert_eq!(fold("Bürgerbüro"), "burgerburo");
        assert_eq!(fold("Buergerbuero"), "burgerburo");
        assert_eq!(fold("Burgerburo"), "burgerburo");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Strasse"), "strasse");
        assert_eq!(fold("Führerschein"), fold("Fuehrerschein"));
        assert_eq!(fold("Trauung"), "trauung");
        // Turkish and Polish callers' letters, with or without them.
        assert_eq!(fold("kimlik kartı"), fold("kimlik karti"));
        assert_eq!(fold("İkamet"), "ikamet");
        assert_eq!(fold("değiştirme"), "degistirme");
        assert_eq!(fold("zgubiłem"), "zgubilem");
        assert_eq!(fold("umówić wizytę"), "umowic wizyte");
    }

    #[test]
    fn stems_merge_inflections() {
        assert_eq!(stem(&fold("anmelden")), stem(&fold("Anmeldung")));
        assert_eq!(stem(&fold("Urkunden")), stem(&fold("Urkunde")));
    }

    #[test]
    fn a_foreigner_is_not_abroad() {
        assert_ne!(stem(&fold("Ausländer")), stem(&fold("Ausland")));
        assert_eq!(stem(&fold("Ausländern")), stem(&fold("Ausländer")));
        assert_eq!(stem(&fold("Auslands")), stem(&fold("Ausland")));
    }

    #[test]
    fn number_words_have_their_values() {
        assert_eq!(number_value("sechzehn"), Some(16));
        assert_eq!(number_value("zwolf"), Some(12));
        assert_eq!(number_value("dreissig"), Some(30));
        assert_eq!(number_value("zwei"), Some(2));
        assert_eq!(number_value("ein"), None);
        assert_eq!(number_value("zehntel"), None);
    }

    #[test]
    fn a_jaehrig_word_states_an_age() {
        assert_eq!(stated_age("dreijahrigen", None), Some(3));
        assert_eq!(stated_age("einjahrige", None), Some(1));
        assert_eq!(stated_age("14jahriger", None), Some(14));
        assert_eq!(stated_age("jahrigen", Some("2")), Some(2));
        assert_eq!(stated_age("jahrigen", Some("alle")), None);
        assert_eq!(stated_age("langjahrigen", None), None);
        assert_eq!(stated_age("jahre", Some("3")), None);
    }

    #[test]
    fn words_split_on_hyphens_and_punctuation() {
        let w: Vec<&str> = words("Kfz-Zulassung, bitte!").map(|w| w.text).collect();
        assert_eq!(w, ["Kfz", "Zulassung", "bitte"]);
    }

    #[test]
    fn stop_and_question_words_are_dropped() {
        let t: Vec<String> = tokens("Wann hat das Bürgerbüro Wattenscheid auf?")
            .into_iter()
            .map(|t| t.folded)
            .collect();
        assert_eq!(t, ["burgerburo", "wattenscheid"]);
        let t: Vec<String> = tokens("Geburtsurkunde beglaubigen lassen")
            .into_iter()
            .map(|t| t.folded)
            .collect();
        assert_eq!(
            t,
            ["geburtsurkunde", "beglaubigen"],
            "lassen is an auxiliary"
        );
    }

    #[test]
    fn compounds_split_with_the_dictionary_and_links() {
        let dict =
            CompoundDictionary::from_texts(["Parkausweis für Bewohner", "Geburt und Urkunde"]);
        assert_eq!(
            dict.split("bewohnerparkausweis"),
            Some(vec!["bewohner".into(), "parkausweis".into()])
        );
        assert_eq!(
            dict.split("geburtsurkunde"),
            Some(vec!["geburt".into(), "urkunde".into()])
        );
        assert_eq!(dict.split("hundesteuer"), None);
    }
}
