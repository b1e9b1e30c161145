//! `kb check` problems: each kind of error with its exact `path:line`.

use std::path::Path;

use auskunft::kb::{CheckOptions, KnowledgeBase, Severity};
use chrono::NaiveDate;

use crate::common::{service, write};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

const LOCATION: &str = "+++
id = \"amt\"
kind = \"location\"
title = \"Amt\"
summary = \"Ein Amt.\"
synonyms = [\"Behörde\"]
address = \"Straße 1, 44787 Bochum\"
appointment = \"none\"
reviewed = 2026-11-01
source = \"https://www.bochum.de/\"

[hours]
mo = [\"08:00-12:00\"]
+++
## Leistungen
- Alles.
";

/// Loads a knowledge base made of the given files and returns its problems
/// as `file:line: severity: message` with paths relative to the root.
fn problems(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    for (name, text) in files {
        write(&dir.path().join(name), text);
    }
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    rendered(&kb, dir.path())
}

/// The problems as `kb check` prints them, with paths relative to `root`
/// (a folder's problem has no line: `locations: error: …`).
fn rendered(kb: &KnowledgeBase, root: &Path) -> Vec<String> {
    kb.problems
        .iter()
        .map(|p| {
            let rel = match p.path.strip_prefix(root) {
                Ok(r) if r.as_os_str().is_empty() => Path::new("."),
                Ok(r) => r,
                Err(_) => Path::new("?"),
            };
            let sev = if p.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            match p.line {
                0 => format!("{}: {sev}: {}", rel.display(), p.message),
                n => format!("{}:{n}: {sev}: {}", rel.display(), p.message),
            }
        })
        .collect()
}

fn check(files: &[(&str, &str)], expected: &[&str]) {
    let got = problems(files);
    assert_eq!(got, expected, "\ngot:\n{}", got.join("\n"));
}

#[test]
fn a_valid_entry_has_no_problems() {
    check(
        &[(
            "services/a.md",
            &service("a", "A", "locations = [\"amt\"]\n", "## Kosten\n- 5 Euro\n"),
        )],
        &[],
    );
}

#[test]
fn toml_syntax_error_names_the_line() {
    let text = "+++\nid = \"a\"\ntitle = \"unclosed\n+++\n## Kosten\n";
    let got = problems(&[("services/a.md", text)]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("services/a.md:3: error: TOML syntax"),
        "{got:?}"
    );
}

#[test]
fn missing_front_matter() {
    check(
        &[("services/a.md", "## Kosten\n")],
        &["services/a.md:1: error: the file must start with a line `+++` (TOML front matter)"],
    );
    check(
        &[("services/a.md", "+++\nid = \"a\"\n")],
        &["services/a.md:1: error: the front matter is not closed by a line `+++`"],
    );
}

#[test]
fn required_fields_and_wrong_types() {
    let text = "+++\nid = \"a\"\nkind = \"service\"\ntitle = 5\nsummary = \"s\"\nsynonyms = [\"x\"]\nsource = \"https://www.bochum.de/\"\n+++\n";
    check(
        &[("services/a.md", text)],
        &[
            "services/a.md:4: error: `title` must be a string, not integer",
            "services/a.md:1: error: required field `reviewed` is missing",
        ],
    );
}

#[test]
fn id_must_match_the_file_name() {
    check(
        &[("services/b.md", &service("a", "A", "", ""))],
        &["services/b.md:2: error: id \"a\" differs from the file name \"b\""],
    );
}

#[test]
fn duplicate_ids_keep_the_first_file() {
    let got = problems(&[("services/amt.md", &service("amt", "Doppelt", "", ""))]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("services/amt.md:1: error: id \"amt\" is already used by "),
        "{got:?}"
    );
    assert!(got[0].ends_with("locations/amt.md"), "{got:?}");
}

#[test]
fn unknown_location_link_portal_service_and_section() {
    let text = service(
        "a",
        "A",
        "locations = [\"nirgendwo\"]\nportal_service = \"raketenstart\"\n",
        "## Kosten\n- 5 Euro\n## Sonstiges\n- x\n",
    );
    check(
        &[("services/a.md", &text)],
        &[
            "services/a.md:10: error: unknown portal_service \"raketenstart\" (known: personenstandsurkunde, wunschkennzeichen, bewohnerparkausweis, kfz-abmeldung, kfz-wiederzulassung)",
            "services/a.md:14: error: unknown section `## Sonstiges` (allowed: Unterlagen, Kosten, Fristen, Ablauf, Online, Hinweise, Rechtsgrundlage)",
        ],
    );
}

#[test]
fn broken_location_link_is_reported_with_the_line() {
    let text = service(
        "a",
        "A",
        "locations = [\"nirgendwo\"]\n",
        "## Kosten\n- 5 Euro\n",
    );
    check(
        &[("services/a.md", &text)],
        &["services/a.md:9: error: locations: \"nirgendwo\" is not a location entry"],
    );
}

#[test]
fn invalid_hours_are_reported_with_the_line() {
    let text = LOCATION
        .replace("id = \"amt\"", "id = \"amt2\"")
        .replace("mo = [\"08:00-12:00\"]", "mo = [\"08:00-12:00\"]\ndi = [\"12:00-08:00\"]\nxx = [\"08:00-09:00\"]\n\n[[exceptions]]\ndate = \"13-45\"\nclosed = true");
    check(
        &[("locations/amt2.md", &text)],
        &[
            "locations/amt2.md:15: error: hours: unknown day `xx` (use mo di mi do fr sa so)",
            "locations/amt2.md:14: error: hours.di: time range \"12:00-08:00\" ends before it starts",
            "locations/amt2.md:17: error: exceptions: date \"13-45\" is neither MM-DD nor YYYY-MM-DD",
        ],
    );
}

#[test]
fn stale_and_synonym_free_entries_are_warnings() {
    let text = service("a", "A", "", "## Kosten\n- 5 Euro\n")
        .replace("reviewed = 2026-11-01", "reviewed = 2025-01-10")
        .replace("synonyms = [\"x\"]\n", "");
    check(
        &[("services/a.md", &text)],
        &[
            "services/a.md:6: warning: not reviewed for 12 months (reviewed 2025-01-10)",
            "services/a.md:1: warning: no synonyms: add the words callers use",
        ],
    );
}

#[test]
fn a_broken_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    write(
        &dir.path().join("services/gut.md"),
        &service("gut", "Gut", "", "## Kosten\n- 1 Euro\n"),
    );
    write(&dir.path().join("services/kaputt.md"), "+++\nid = \n+++\n");
    std::fs::write(dir.path().join("services/binaer.md"), [0xff, 0xfe, 0x00]).expect("write");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(kb.entries.keys().collect::<Vec<_>>(), ["amt", "gut"]);
    assert_eq!(
        kb.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count(),
        2
    );
}

/// Regression: an empty folder (typically a wrong `--kb`) passed with 0
/// entries.
#[test]
fn an_empty_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            ".: error: no entries (services/ is missing, locations/ is missing): is this the knowledge-base folder?"
        ]
    );
    assert!(
        kb.problems[0]
            .to_string()
            .starts_with(&format!("{}: error: no entries", dir.path().display())),
        "{}",
        kb.problems[0]
    );
    write(&dir.path().join("services/notizen.txt"), "x");
    write(&dir.path().join("locations/kaputt.md"), "## Kosten\n");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            ".: error: no entries (services/ has no .md file, locations/ has 1 .md file, none usable): is this the knowledge-base folder?",
            "locations/kaputt.md:1: error: the file must start with a line `+++` (TOML front matter)",
        ]
    );
}

/// Regression: without locations/ every link was an error of its own (111
/// on the shipped base) and none named the folder.
#[test]
fn a_missing_locations_folder_is_reported_once_and_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let links = |ids: &str| format!("locations = [{ids}]\n");
    write(
        &dir.path().join("services/a.md"),
        &service(
            "a",
            "A",
            &links("\"amt\", \"amt2\""),
            "## Kosten\n- 5 Euro\n",
        ),
    );
    write(
        &dir.path().join("services/b.md"),
        &service("b", "B", &links("\"amt\""), "## Kosten\n- 5 Euro\n"),
    );
    write(
        &dir.path().join("services/c.md"),
        &service("c", "C", "", "## Kosten\n- 5 Euro\n"),
    );
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            "locations: error: the folder is missing: 3 links of 2 services to offices cannot be checked"
        ]
    );
    // The folder exists, but no office loads: still one error, before the
    // broken file's own.
    write(&dir.path().join("locations/amt.md"), "+++\nid = \"amt\"\n");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            "locations: error: no location entry loaded: 3 links of 2 services to offices cannot be checked",
            "locations/amt.md:1: error: the front matter is not closed by a line `+++`",
        ]
    );
}

/// Regression: two exceptions for one day were accepted and the first won.
#[test]
fn two_exceptions_for_one_day_are_an_error_with_the_line() {
    let text = LOCATION.replace("id = \"amt\"", "id = \"amt2\"").replace(
        "mo = [\"08:00-12:00\"]",
        "mo = [\"08:00-12:00\"]\n\n[[exceptions]]\ndate = \"12-24\"\nclosed = true\n\n[[exceptions]]\ndate = \"2026-12-24\"\nhours = [\"08:00-10:00\"]\n\n[[exceptions]]\ndate = \"12-24\"\nhours = [\"08:00-10:00\"]\n\n[[exceptions]]\ndate = 2026-12-24\nclosed = true",
    );
    check(
        &[("locations/amt2.md", &text)],
        &[
            "locations/amt2.md:23: error: exceptions: 12-24 is already given at line 15 (one exception per day)",
            "locations/amt2.md:27: error: exceptions: 2026-12-24 is already given at line 19 (one exception per day)",
        ],
    );
}

/// Regression: a 6 MB article loaded without a word.
#[test]
fn big_files_warn_and_files_above_the_cap_are_refused_unread() {
    let long = service(
        "lang",
        "Lang",
        "",
        &format!(
            "## Hinweise\n{}",
            "- Ein langer Satz zum Vorlesen.\n".repeat(8_000)
        ),
    );
    let huge = service(
        "riesig",
        "Riesig",
        "",
        &format!(
            "## Hinweise\n{}",
            "- Ein langer Satz zum Vorlesen.\n".repeat(200_000)
        ),
    );
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    write(&dir.path().join("services/lang.md"), &long);
    write(&dir.path().join("services/riesig.md"), &huge);
    // A file that never ends: reading it whole would never return, so this
    // proves that no more than the cap is read.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("services/endlos.md"))
        .expect("symlink");
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    let mut want = vec![
        "services/lang.md:1: warning: the file has 250 KB; above 200 KB an entry is too long to use during a call: shorten or split it",
        "services/riesig.md:1: error: the file is larger than 2048 KB: not loaded (an entry is a page or two of text)",
    ];
    if cfg!(unix) {
        want.insert(0, "services/endlos.md:1: error: the file is larger than 2048 KB: not loaded (an entry is a page or two of text)");
    }
    assert_eq!(rendered(&kb, dir.path()), want);
    assert_eq!(kb.entries.keys().collect::<Vec<_>>(), ["amt", "lang"]);
}

#[test]
fn sources_must_be_http_urls() {
    let text = service(
        "a",
        "A",
        "sources = [{ url = \"ftp://bochum.de/a\" }, { url = \"https://www.bochum.de/b\", read = 2026-11-01 }, { url = \"https://\" }]\n",
        "## Kosten\n- 5 Euro\n",
    )
    .replace("source = \"https://www.bochum.de/\"", "source = \"www.bochum.de\"");
    check(
        &[("services/a.md", &text)],
        &[
            "services/a.md:8: error: source \"www.bochum.de\" is not an http(s) address like \"https://www.bochum.de/…\"",
            "services/a.md:9: error: sources: url \"ftp://bochum.de/a\" is not an http(s) address like \"https://www.bochum.de/…\"",
            "services/a.md:9: error: sources: url \"https://\" is not an http(s) address like \"https://www.bochum.de/…\"",
        ],
    );
    let ok = service(
        "b",
        "B",
        "sources = [{ url = \"http://www.bochum.de/b\" }]\n",
        "",
    );
    check(&[("services/b.md", &ok)], &[]);
}

#[test]
fn the_stale_age_is_configurable_and_stale_lists_oldest_first() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("locations/amt.md"), LOCATION);
    for (id, reviewed) in [
        ("a", "2026-04-01"),
        ("b", "2026-02-01"),
        ("c", "2026-10-01"),
    ] {
        write(
            &dir.path().join(format!("services/{id}.md")),
            &service(id, id, "", "").replace("2026-11-01", reviewed),
        );
    }
    let options = CheckOptions {
        stale_after_months: 6,
    };
    let kb = KnowledgeBase::load_with(dir.path(), today(), options).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            "services/a.md:7: warning: not reviewed for 6 months (reviewed 2026-04-01)",
            "services/b.md:7: warning: not reviewed for 6 months (reviewed 2026-02-01)",
        ]
    );
    let stale: Vec<&str> = kb.stale(today()).iter().map(|e| e.id.as_str()).collect();
    assert_eq!(stale, ["b", "a"]);
    // The default stays 12 months, and an age beyond the calendar makes
    // nothing stale.
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(rendered(&kb, dir.path()), Vec::<String>::new());
    let forever = CheckOptions {
        stale_after_months: u32::MAX,
    };
    let kb = KnowledgeBase::load_with(dir.path(), today(), forever).expect("loads");
    assert!(kb.stale(today()).is_empty());
}

#[test]
fn a_summary_amount_missing_from_kosten_is_a_warning_naming_both() {
    let with = |summary: &str, kosten: &str| {
        service(
            "a",
            "A",
            "",
            &format!("## Unterlagen\n- Ausweis\n\n## Kosten\n{kosten}"),
        )
        .replace("summary = \"Kurz.\"", &format!("summary = \"{summary}\""))
    };
    check(
        &[(
            "services/a.md",
            &with(
                "Die Gebühr beträgt 168 Euro, ermäßigt 27,60 €.",
                "- 160 Euro\n- 192,00 Euro mit Express\n- ermäßigt 27,60 EUR\n",
            ),
        )],
        &[
            "services/a.md:5: warning: summary says 168 Euro, but `## Kosten` (line 13) lists only 160 Euro, 192 Euro, 27,60 Euro",
        ],
    );
    check(
        &[(
            "services/a.md",
            &with("Es kostet 10 Euro.", "- gebührenfrei\n"),
        )],
        &[
            "services/a.md:5: warning: summary says 10 Euro, but `## Kosten` (line 13) lists no Euro amount",
        ],
    );
    // Agreeing amounts in other spellings, a range and a summary without
    // amounts are fine.
    for (summary, kosten) in [
        ("Er kostet 46 Euro.", "- 46,00 Euro\n"),
        ("Er kostet rund 25 Euro.", "- 25,30 Euro\n"),
        ("Bis zu 1.000 Euro.", "- 1000 €\n"),
        (
            "Zwischen 10 und 20 Euro.",
            "- 10 bis 20 Euro je nach Fall\n",
        ),
        ("EUR 5,50 oder 8 Euro.", "- 5,50 Euro\n- 8 Euro\n"),
        ("Kostenlos.", "- 5 Euro\n"),
    ] {
        check(&[("services/a.md", &with(summary, kosten))], &[]);
    }
}

#[test]
fn an_office_without_hours_used_by_a_service_is_a_warning() {
    let office = |id: &str, appointment: &str| {
        LOCATION
            .replace("id = \"amt\"", &format!("id = \"{id}\""))
            .replace(
                "appointment = \"none\"",
                &format!("appointment = \"{appointment}\""),
            )
            .replace("[hours]\nmo = [\"08:00-12:00\"]\n", "")
    };
    let user = service(
        "a",
        "A",
        "locations = [\"ohne\", \"termin\"]\n",
        "## Kosten\n- 5 Euro\n",
    );
    let other = service(
        "b",
        "B",
        "locations = [\"ohne\"]\n",
        "## Kosten\n- 5 Euro\n",
    );
    check(
        &[
            ("locations/ohne.md", &office("ohne", "recommended")),
            ("locations/termin.md", &office("termin", "required")),
            ("locations/ungenutzt.md", &office("ungenutzt", "none")),
            ("services/a.md", &user),
            ("services/b.md", &other),
        ],
        &[
            "locations/ohne.md:8: warning: no opening hours and appointment = \"recommended\": the desk cannot say when the office is open (used by a, b); add [hours] or set appointment = \"required\"",
        ],
    );
}

#[test]
fn the_shipped_knowledge_base_has_no_errors_and_every_eval_id() {
    let kb = KnowledgeBase::load(&crate::common::shipped_kb(), today()).expect("loads");
    let errors: Vec<String> = kb
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let topics = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/topics.tsv"),
    )
    .expect("topics");
    for line in topics
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (id, kind) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
        let e = kb
            .entries
            .get(id)
            .unwrap_or_else(|| panic!("entry {id} missing"));
        assert_eq!(e.kind.as_str(), kind, "{id}");
    }
}

/// A closed office (title says "geschlossen", no hours and no
/// appointments, so the desk shows it as closed) must never be where a
/// service sends a caller. (Offices reached only by phone or post, such as
/// the Beitragsservice, also have no hours; the title tells them apart.) Regression: five services
/// named the Bürgerbüro Querenburg, closed since 2023.
#[test]
fn no_service_names_a_closed_office_as_the_place_to_go() {
    use auskunft::hours::Appointment;
    let kb = KnowledgeBase::load(&crate::common::shipped_kb(), today()).expect("loads");
    let closed: Vec<&str> = kb
        .entries
        .values()
        .filter_map(|e| {
            let info = e.location.as_ref()?;
            let no_hours = info.schedule.weekly.iter().all(Vec::is_empty);
            (no_hours && info.appointment == Appointment::None && e.title.contains("geschlossen"))
                .then_some(e.id.as_str())
        })
        .collect();
    assert!(
        closed.contains(&"buergerbuero-querenburg"),
        "Querenburg is closed and must read as closed: {closed:?}"
    );
    let offenders: Vec<String> = kb
        .entries
        .values()
        .flat_map(|e| {
            e.locations
                .iter()
                .filter(|l| closed.contains(&l.as_str()))
                .map(move |l| format!("{} → {l}", e.id))
        })
        .collect();
    assert!(offenders.is_empty(), "closed offices named: {offenders:?}");
}

#[test]
fn languages_toml_problems_name_their_line() {
    check(
        &[
            (
                "services/a.md",
                &service(
                    "a",
                    "Ausweis für Baby",
                    "locations = [\"amt\"]\n",
                    "## Kosten\n- 5 Euro\n",
                ),
            ),
            (
                "languages.toml",
                "# comment\n[[word]]\nlang = \"en\"\nsays = [\"dog\"]\nmeans = [\"hund\"]\n\n\
                 [[word]]\nlang = \"en\"\nsays = [\"baby\", \"newborn\"]\nmeans = [\"geburt\"]\n\n\
                 [[word]]\nlang = \"xx\"\nsays = [\"a\"]\nmeans = [\"b\"]\n",
            ),
        ],
        &[
            "languages.toml:12: error: lang = \"xx\" is not one of en, tr, ar, ru, uk, pl",
            "languages.toml:7: warning: `baby` is also a German word here (title or synonyms of a): German \
             questions with it would be searched as geburt too; drop it from `says`",
        ],
    );
}

#[test]
fn a_broken_languages_toml_is_an_error_at_its_line() {
    check(
        &[(
            "languages.toml",
            "[[word]]\nlang = \"en\"\nsays = [\"dog\"]\nmeans = [\"hund\"]\n\n[[word]]\nlang = \"en\"\nsays = [\"cat\"]\n",
        )],
        &["languages.toml:6: error: TOML: missing field `means`"],
    );
}

#[test]
fn abbreviations_toml_problems_name_their_line() {
    check(
        &[
            (
                "services/a.md",
                &service(
                    "a",
                    "Pass verloren",
                    "locations = [\"amt\"]\n",
                    "## Kosten\n- 5 Euro\n",
                ),
            ),
            (
                "abbreviations.toml",
                "# comment\n[[abbreviation]]\nshort = [\"rp\", \"pass\"]\nlong = \"reisepass\"\n\n\
                 [[abbreviation]]\nshort = [\"tel nr\"]\nlong = \"telefonnummer\"\n",
            ),
        ],
        &[
            "abbreviations.toml:6: error: `tel nr` is not one word: a short form is one word as typed \
             (\"öffnz\", \"stva\")",
            "abbreviations.toml:2: warning: `pass` is also a word of the title or synonyms of a: every question \
             with it would be searched as \"reisepass\"; drop it from `short`",
        ],
    );
}

#[test]
fn a_broken_abbreviations_toml_is_an_error_at_its_line() {
    check(
        &[(
            "abbreviations.toml",
            "[[abbreviation]]\nshort = [\"adr\"]\nlong = \"adresse\"\n\n[[abbreviation]]\nshort = [\"bb\"]\n",
        )],
        &["abbreviations.toml:5: error: TOML: missing field `long`"],
    );
}

#[test]
fn an_english_summarys_fee_must_be_in_kosten_too() {
    check(
        &[(
            "services/a.md",
            &service(
                "a",
                "A",
                "locations = [\"amt\"]\nsummary_en = \"It costs 7 euros, about 5 euros for children.\"\n",
                "## Kosten\n- 5 Euro\n",
            ),
        )],
        &[
            "services/a.md:10: warning: summary_en says 7 Euro, but `## Kosten` (line 12) lists only 5 Euro",
        ],
    );
}

/// The city's closures: a broken block is an error at its line, the good
/// ones close every office that follows the city, and in December the
/// editors are reminded of the season not yet entered; the desk's card
/// says why an office is closed, or that an open day is still in doubt.
#[test]
fn city_closures_close_following_offices_and_name_their_problems() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        &dir.path().join("locations/amt.md"),
        &LOCATION.replace(
            "appointment = \"none\"\n",
            "appointment = \"none\"\ncity_closures = true\n",
        ),
    );
    write(
        &dir.path().join("locations/gericht.md"),
        &LOCATION.replace("id = \"amt\"", "id = \"gericht\""),
    );
    // Seen only by appointment, no hours: closed on the city's days too.
    write(
        &dir.path().join("locations/termin.md"),
        &LOCATION
            .replace("id = \"amt\"", "id = \"termin\"")
            .replace(
                "appointment = \"none\"\n",
                "appointment = \"required\"\ncity_closures = true\n",
            )
            .replace("\n[hours]\nmo = [\"08:00-12:00\"]\n", "\n"),
    );
    write(
        &dir.path().join("closures.toml"),
        "# Schließtage\n\n[[closure]]\nfrom = \"2025-12-24\"\nto = \"2026-01-02\"\nnote = \"Stadtverwaltung geschlossen\"\n\n[[closure]]\nfrom = \"2026-12-24\"\nto = \"2026-12-20\"\nnote = \"zu\"\n",
    );
    let december = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let kb = KnowledgeBase::load(dir.path(), december).expect("loads");
    assert_eq!(
        rendered(&kb, dir.path()),
        [
            "closures.toml:8: error: `to` 2026-12-20 lies before `from` 2026-12-24",
            "closures.toml:1: warning: no closure for 2026/27 between the years: once the city \
             announces its closing days, enter them here; until then the desks show the offices \
             open on those days with a caution",
        ]
    );
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("instant")
            .with_timezone(&chrono::Utc)
    };
    let card = |id: &str, s: &str| {
        auskunft::kb::answer::location_status(kb.entry(id).expect("entry"), at(s), None)
            .expect("a location")
            .label
    };
    // Monday 29 December 2025: the office that follows the city is closed
    // and says why; the court, which does not, is open.
    assert_eq!(
        card("amt", "2025-12-29T10:00:00+01:00"),
        "Geschlossen – öffnet Mo, 05.01., 08:00 · heute: Stadtverwaltung geschlossen"
    );
    assert_eq!(
        card("gericht", "2025-12-29T10:00:00+01:00"),
        "Geöffnet bis 12:00"
    );
    assert_eq!(
        card("termin", "2025-12-29T10:00:00+01:00"),
        "Nur nach Terminvereinbarung · heute: Stadtverwaltung geschlossen"
    );
    assert_eq!(
        card("termin", "2025-12-22T10:00:00+01:00"),
        "Nur nach Terminvereinbarung"
    );
    // Monday 28 December 2026: nothing entered for 2026/27 (the broken
    // block was left out), so open by the table, with the caution.
    assert_eq!(
        card("amt", "2026-12-28T10:00:00+01:00"),
        "Geöffnet bis 12:00 · zwischen den Jahren: Schließtage der Stadt noch nicht eingetragen, \
         vor Zusage prüfen"
    );
    assert_eq!(
        card("gericht", "2026-12-28T10:00:00+01:00"),
        "Geöffnet bis 12:00"
    );
    // In November nobody is reminded yet.
    let kb = KnowledgeBase::load(dir.path(), today()).expect("loads");
    assert_eq!(rendered(&kb, dir.path()).len(), 1);
}
