//! `auskunft bench search`: a German-like synthetic knowledge base of N
//! entries next to the shipped one, its index build time, and latency
//! percentiles of the full search pipeline over a realistic query mix
//! (typos, prefixes, compounds, synonyms, question words).

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;

use crate::desk::{Desk, DeskConfig};
use crate::error::{Error, Result};
use crate::kb::KnowledgeBase;
use crate::kb::index::SearchIndex;

/// A small deterministic generator (xorshift64*), so a bench run is
/// repeatable without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator (0 is mapped to a fixed non-zero seed).
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const HEADS: &[&str] = &[
    "antrag",
    "ausweis",
    "bescheinigung",
    "gebühr",
    "erlaubnis",
    "zulassung",
    "anmeldung",
    "abmeldung",
    "genehmigung",
    "nachweis",
    "urkunde",
    "steuer",
    "beihilfe",
    "förderung",
    "beratung",
    "meldung",
    "karte",
    "schein",
    "termin",
    "auskunft",
    "zuschuss",
    "prüfung",
    "vertrag",
    "verfahren",
];
const MODIFIERS: &[&str] = &[
    "wohnungs",
    "gewerbe",
    "fahrzeug",
    "hunde",
    "kinder",
    "schul",
    "bau",
    "park",
    "garten",
    "wasser",
    "straßen",
    "sport",
    "kultur",
    "senioren",
    "familien",
    "umwelt",
    "abfall",
    "markt",
    "lärm",
    "baum",
    "grundstücks",
    "vereins",
    "jugend",
    "friedhofs",
    "feuer",
    "energie",
    "miet",
    "pflege",
    "reise",
    "fisch",
];
const SYLLABLES: &[&str] = &[
    "ber", "gen", "hof", "lan", "mer", "bur", "sta", "wen", "del", "rin", "kel", "tor", "sen",
    "mau", "fel", "dorf", "hau", "lin", "ker", "wald",
];
const FILLER: &[&str] = &[
    "bitte",
    "bringen",
    "Sie",
    "den",
    "gültigen",
    "Antrag",
    "mit",
    "die",
    "Bearbeitung",
    "dauert",
    "etwa",
    "Wochen",
    "nach",
    "Eingang",
    "aller",
    "Unterlagen",
    "im",
    "Bürgerbüro",
    "oder",
    "online",
    "über",
    "das",
    "Serviceportal",
    "Gebühr",
    "beträgt",
    "Euro",
    "für",
    "Nachweis",
    "erforderlich",
    "zuständig",
    "ist",
    "Stadt",
    "Bochum",
    "Termin",
    "vereinbaren",
    "schriftlich",
    "formlos",
    "Vollmacht",
    "Personalausweis",
    "Meldebescheinigung",
    "innerhalb",
    "Frist",
    "bei",
    "Änderungen",
];
const VERBS: &[&str] = &[
    "beantragen",
    "anmelden",
    "abmelden",
    "verlängern",
    "ändern",
    "melden",
    "ersetzen",
];

fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    (0..n).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng, topic: &str) -> String {
    let n = 8 + rng.below(10);
    let mut words: Vec<String> = (0..n)
        .map(|_| match rng.below(6) {
            0 => capitalised(&word(rng)),
            1 => topic.to_string(),
            _ => rng.pick(FILLER).to_string(),
        })
        .collect();
    if let Some(first) = words.first_mut() {
        *first = capitalised(first);
    }
    format!("{}.", words.join(" "))
}

/// Writes `n` synthetic service entries into `dir/services/`.
pub fn write_synthetic_kb(dir: &Path, n: usize, seed: u64) -> Result<()> {
    let services = dir.join("services");
    std::fs::create_dir_all(&services).map_err(|e| Error::io(&services, e))?;
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let topic = format!("{}{}", rng.pick(MODIFIERS), rng.pick(HEADS));
        let place = capitalised(&word(&mut rng));
        let verb = rng.pick(VERBS);
        let title = format!("{} {} ({place})", capitalised(&topic), verb);
        let mut body = String::new();
        for h in ["Unterlagen", "Kosten", "Fristen", "Ablauf", "Hinweise"] {
            body.push_str(&format!("## {h}\n"));
            for _ in 0..(2 + rng.below(3)) {
                body.push_str(&format!("- {}\n", sentence(&mut rng, &topic)));
            }
        }
        let text = format!(
            "+++\nid = \"syn-{i:05}\"\nkind = \"service\"\ntitle = \"{title}\"\nsummary = \"{}\"\nsynonyms = [\"{} {}\", \"{}\"]\nreviewed = 2026-11-01\nsource = \"https://example.invalid/{i}\"\n+++\n{body}",
            sentence(&mut rng, &topic),
            rng.pick(MODIFIERS),
            rng.pick(HEADS),
            word(&mut rng),
        );
        let path = services.join(format!("syn-{i:05}.md"));
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Queries as agents type them: whole phrases, question sentences,
/// compounds, colloquial words, typos, and half-typed last words.
const QUERIES: &[&str] = &[
    "hund anmelden",
    "hundesteuer",
    "personalausweis",
    "perso beantragen",
    "personalausweiss",
    "reisepas",
    "wohnsitz ummelden",
    "umzug melden",
    "anwohnerparkausweis",
    "parkausweis für anwohner",
    "auto abmelden",
    "kfz zulassung",
    "wunschkennzeichen",
    "geburtsurkunde",
    "sterbeurkunde bestellen",
    "wann hat das bürgerbüro wattenscheid auf",
    "buergerbuero mitte",
    "führungszeugnis",
    "sperrmüll",
    "kita platz",
    "wohngeld antrag",
    "gewerbe anmelden",
    "heiraten",
    "kirchenaustritt",
    "fundbüro",
    "führerschein umtauschen",
    "lappen umtauschen",
    "briefwahl",
    "einbürgerung",
    "meldebescheinigung",
    "hund anm",
    "personalaus",
    "bewohnerpark",
    "kfz abm",
    "geburtsurk",
    "wohngel",
    "gewerbe abm",
    "was kostet ein reisepass",
    "welche unterlagen brauche ich für die ummeldung",
    "baugenehmigung",
    "schwerbehindertenausweis",
    "elterngeld",
    "kindergarten",
    "nummernschild reservieren",
    "fahrzeug stilllegen",
    "wasserzuschuss",
    "parkgenehmigung",
    "baumerlaubnis",
    "familienberatung",
];

/// The outcome of a search benchmark.
#[derive(Debug, Clone)]
pub struct SearchBench {
    /// Entries indexed (synthetic plus shipped).
    pub entries: usize,
    /// Time to build the index from parsed entries.
    pub build: Duration,
    /// Time to open the desk over the existing index.
    pub reopen: Duration,
    /// Until the search tables the desk works out in the background after
    /// opening were ready ([`crate::kb::KnowledgeBase::prepare`]).
    pub prepare: Duration,
    /// The first search once they were: the first question of the day.
    pub first: Duration,
    /// Queries timed.
    pub queries: usize,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// The slowest queries of the mix by their median over the rounds,
    /// slowest first: where a profile should look.
    pub slowest: Vec<(Duration, String)>,
}

impl std::fmt::Display for SearchBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "entries={} build_ms={:.0} reopen_ms={:.0} prepare_ms={:.1} first_search_ms={:.1}",
            self.entries,
            ms(self.build),
            ms(self.reopen),
            ms(self.prepare),
            ms(self.first)
        )?;
        write!(
            f,
            "queries={} p50_ms={:.3} p99_ms={:.3}",
            self.queries,
            ms(self.p50),
            ms(self.p99)
        )?;
        for (t, q) in &self.slowest {
            write!(f, "\nslow_ms={:.3} query={q:?}", ms(*t))?;
        }
        Ok(())
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Copies the shipped knowledge base into `work`, adds `docs` synthetic
/// entries, builds the index, and times `rounds` passes over the query mix
/// (each query also with a typo and as a prefix).
pub fn run_search_bench(
    shipped_kb: &Path,
    work: &Path,
    docs: usize,
    rounds: usize,
) -> Result<SearchBench> {
    let kb_dir = work.join("kb");
    let data_dir = work.join("data");
    for d in [&kb_dir, &data_dir] {
        fresh_scratch_dir(d)?;
    }
    copy_dir(shipped_kb, &kb_dir)?;
    write_synthetic_kb(&kb_dir, docs, 42)?;
    let today = Utc::now().date_naive();
    let kb = KnowledgeBase::load(&kb_dir, today)?;
    let entries = kb.entries.len();
    let started = Instant::now();
    let (_index, _) = SearchIndex::open(&data_dir.join("index"), &kb);
    let build = started.elapsed();
    let started = Instant::now();
    let desk = Desk::open(DeskConfig {
        kb_dir: kb_dir.clone(),
        data_dir: data_dir.clone(),
    })?;
    let reopen = started.elapsed();
    let started = Instant::now();
    desk.prepare();
    let prepare = started.elapsed();
    let started = Instant::now();
    std::hint::black_box(desk.search(QUERIES[0], 10));
    let first = started.elapsed();
    let mut rng = Rng::new(7);
    let mut mix: Vec<String> = Vec::new();
    for q in QUERIES {
        mix.push(q.to_string());
        mix.push(with_typo(q, &mut rng));
    }
    // Warm-up pass: first touches load index pages from disk.
    for q in &mix {
        desk.search(q, 10);
    }
    let mut times = Vec::with_capacity(mix.len() * rounds);
    for _ in 0..rounds.max(1) {
        for q in &mix {
            let t = Instant::now();
            let hits = desk.search(q, 10);
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    let slowest = slowest_queries(&mix, &times, SLOWEST_SHOWN);
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Ok(SearchBench {
        entries,
        build,
        reopen,
        prepare,
        first,
        queries: times.len(),
        p50: pct(0.5),
        p99: pct(0.99),
        slowest,
    })
}

/// How many of the slowest queries the search bench names.
const SLOWEST_SHOWN: usize = 5;

/// The `n` queries of `mix` with the highest median time; `times` holds
/// the rounds one after another, each in the order of `mix`.
fn slowest_queries(mix: &[String], times: &[Duration], n: usize) -> Vec<(Duration, String)> {
    if mix.is_empty() {
        return Vec::new();
    }
    let mut medians: Vec<(Duration, String)> = mix
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let mut own: Vec<Duration> = times.iter().skip(i).step_by(mix.len()).copied().collect();
            own.sort();
            Some((*own.get(own.len() / 2)?, q.clone()))
        })
        .collect();
    medians.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    medians.truncate(n);
    medians
}

/// The same query with one typo (swap, drop or double a letter) in its
/// longest word.
pub fn with_typo(q: &str, rng: &mut Rng) -> String {
    let words: Vec<&str> = q.split(' ').collect();
    let Some((i, w)) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.chars().count())
    else {
        return q.to_string();
    };
    let mut chars: Vec<char> = w.chars().collect();
    if chars.len() < 5 {
        return q.to_string();
    }
    let at = 1 + rng.below(chars.len() - 2);
    match rng.below(3) {
        0 => chars.swap(at, at + 1),
        1 => {
            chars.remove(at);
        }
        _ => chars.insert(at, chars[at]),
    }
    let typo: String = chars.into_iter().collect();
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[i] = typo;
    out.join(" ")
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
    let read = std::fs::read_dir(from).map_err(|e| Error::io(from, e))?;
    for item in read.flatten() {
        let p = item.path();
        let target = to.join(item.file_name());
        if p.is_dir() {
            copy_dir(&p, &target)?;
        } else {
            std::fs::copy(&p, &target).map_err(|e| Error::io(&p, e))?;
        }
    }
    Ok(())
}

/// The file that marks a folder as a benchmark's own scratch folder.
pub const SCRATCH_MARKER: &str = ".auskunft-bench";

/// Makes `dir` an empty scratch folder for a benchmark. A folder left by
/// an earlier run (it holds [`SCRATCH_MARKER`]) is deleted with all it
/// holds; a folder that is not ours and not empty is refused and left as
/// it is, so `--data ~/somefolder` never deletes what a person put there.
pub fn fresh_scratch_dir(dir: &Path) -> Result<()> {
    if dir.join(SCRATCH_MARKER).is_file() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    } else if let Ok(mut listing) = std::fs::read_dir(dir)
        && listing.next().is_some()
    {
        return Err(Error::io(
            dir,
            std::io::Error::other(
                "the folder holds files a benchmark did not write; nothing was deleted \
                 (move them away, or choose another data folder)",
            ),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let marker = dir.join(SCRATCH_MARKER);
    std::fs::write(
        &marker,
        b"made by auskunft bench; deleted by the next run\n",
    )
    .map_err(|e| Error::io(&marker, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slowest_queries_are_those_with_the_highest_median() {
        let mix: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let ms = Duration::from_millis;
        // Three rounds; "a" has one slow outlier, "b" is slow in two.
        let times = [
            [ms(9), ms(5), ms(1)],
            [ms(1), ms(5), ms(1)],
            [ms(1), ms(1), ms(2)],
        ]
        .concat();
        let slow = slowest_queries(&mix, &times, 2);
        assert_eq!(
            slow,
            vec![(ms(5), "b".to_string()), (ms(1), "a".to_string())]
        );
        assert!(slowest_queries(&[], &[], 3).is_empty());
    }
}
