//! Query understanding: which words of a question name the topic and which
//! say *what about* it.
//!
//! "was muss ich mitbringen wenn ich meinen hund anmelde" is about the dog
//! (topic) and asks for documents (aspect). The aspect words choose the
//! section of the answer; they must not decide which entry wins, or a rare
//! word like "mitbringen" outweighs "hund". This module holds the one
//! table of aspect cues (German and English), recognises them in a query,
//! longest phrase first, and says which words it took as aspect words; the
//! search lowers their weight, `ask` and the window open the section.
//!
//! Here: `Aspect`, `Understanding` and `understand`, which reads a query
//! clause by clause. The parts it uses: `cues` (the table and its
//! patterns, the evidence words of each aspect), `context` (where a cue
//! counts and where not, clause bounds), `question` (yes/no or a question
//! word), `guess` (a mistyped cue word read as the cue), `day` (the day a
//! question names, for the offices' cards).

mod context;
mod cues;
mod day;
mod guess;
mod question;

pub use context::is_participle;
pub use cues::{evidence_among, evidence_in};
pub use day::{DayRef, day_ref};
pub(super) use question::is_question_word;

use super::SectionKey;
use super::analysis::{fold, words};

use context::{
    AGE_ADVERBS, MEASURES, Placed, after_a_number, after_how_long, asks_a_size, callers_own_clause,
    clause_end, clause_ends, ends_clause, is_age, is_changed, is_missed, is_within, names_a_proof,
    names_a_street, not_a_payment, placed, spans_time,
};
use cues::{CUES, matches_word};
use guess::corrected;
use question::{W_WORDS, is_yes_no_clause};

/// What a question asks about an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// Fees.
    Cost,
    /// Documents to bring.
    Documents,
    /// Deadlines and processing times.
    Deadline,
    /// Who may apply (no section of its own: the section that says so).
    WhoMay,
    /// Whether someone else may do it for the caller (a proxy, a power of
    /// attorney): answered where the entry speaks of representation.
    Proxy,
    /// From or up to which age ("ab wie viel jahren", "bis welches
    /// alter"): answered where the entry names ages.
    Age,
    /// How much a benefit pays ("wie viel elterngeld bekommt man"): a cost
    /// question about money received, answered where amounts are named,
    /// not by the fees.
    Amount,
    /// Opening hours of the responsible office.
    Hours,
    /// A bare "wann" without a word of opening ("wann kommt die
    /// Müllabfuhr", "wann kann ich den neuen Perso beantragen"): at an
    /// office its hours, for a service its dates and deadlines. With an
    /// opening word anywhere in the question it counts as [`Aspect::Hours`].
    When,
    /// A day named from today ("heute", "morgen"): at an office, or with
    /// an opening word anywhere in the question, its hours ("hat das
    /// Bürgerbüro heute auf"); for a service it only dates the caller's
    /// story ("Vater heute Nacht gestorben", "Tonne heute stehen
    /// lassen") and asks for no section.
    Today,
    /// Where the responsible office is.
    Address,
    /// Whether and how it works online.
    Online,
    /// How it works, step by step.
    Procedure,
}

impl Aspect {
    /// Ties between aspects with equal evidence go to the earlier one.
    const PRIORITY: [Aspect; 13] = [
        Aspect::Proxy,
        Aspect::Age,
        Aspect::WhoMay,
        Aspect::Cost,
        Aspect::Amount,
        Aspect::Documents,
        Aspect::Deadline,
        Aspect::Hours,
        Aspect::When,
        Aspect::Today,
        Aspect::Address,
        Aspect::Online,
        Aspect::Procedure,
    ];

    /// The section that answers this aspect, where it has one.
    pub fn section(self) -> Option<SectionKey> {
        match self {
            Aspect::Cost => Some(SectionKey::Kosten),
            Aspect::Documents => Some(SectionKey::Unterlagen),
            Aspect::Deadline => Some(SectionKey::Fristen),
            Aspect::Hours => Some(SectionKey::Oeffnungszeiten),
            Aspect::Address => Some(SectionKey::Adresse),
            Aspect::Online => Some(SectionKey::Online),
            Aspect::Procedure => Some(SectionKey::Ablauf),
            // Where a When question is answered depends on the entry
            // (see `answer::focus_for`).
            Aspect::WhoMay
            | Aspect::Proxy
            | Aspect::Age
            | Aspect::Amount
            | Aspect::When
            | Aspect::Today => None,
        }
    }

    /// Stems (prefixes of folded words) that show a section's text answers
    /// this aspect; used when the entry has no section of the aspect's own
    /// ("wer darf …" is answered where the entry says "berechtigt sind").
    pub fn evidence(self) -> &'static [&'static str] {
        match self {
            Aspect::WhoMay => &[
                "berechtigt",
                "antragsberechtigt",
                "darf",
                "durf",
                "anspruch",
                "voraussetz",
            ],
            Aspect::Proxy => &["vertret", "vollmacht", "bevollmacht", "personlich"],
            Aspect::Age => &[
                "jahr",
                "alter",
                "lebensjahr",
                "minderjahr",
                "volljahr",
                "geburtstag",
            ],
            Aspect::Amount => &["euro", "prozent", "hochstens", "mindestens", "betrag"],
            Aspect::Deadline => &[
                "frist",
                "innerhalb",
                "spatest",
                "bearbeitungszeit",
                "dauert",
            ],
            Aspect::Cost => &["gebuhr", "kostenlos", "kostenfrei", "gebuhrenfrei", "euro"],
            Aspect::Documents => &["mitbring", "unterlag", "nachweis", "vorleg"],
            Aspect::Online => &["online", "portal", "internet"],
            // Matched anywhere in a word: streets are compounds
            // ("Universitätsstraße"). Used for entries without offices.
            Aspect::Address => &["strasse", "standort", "anschrift", "adresse"],
            Aspect::Procedure | Aspect::Hours | Aspect::When | Aspect::Today => &[],
        }
    }

    /// Whether the aspect asks for a rule of the service (who may, a
    /// proxy, an age): fees are never its answer, even where they are
    /// graded by age or say who is exempt ("0 bis 5 Jahre",
    /// "Anspruch auf Befreiung").
    pub fn about_rules(self) -> bool {
        matches!(self, Aspect::WhoMay | Aspect::Proxy | Aspect::Age)
    }

    /// Name for `--explain` and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Cost => "cost",
            Aspect::Documents => "documents",
            Aspect::Deadline => "deadline",
            Aspect::WhoMay => "who-may",
            Aspect::Proxy => "proxy",
            Aspect::Age => "age",
            Aspect::Amount => "amount",
            Aspect::Hours => "hours",
            Aspect::When => "when",
            Aspect::Today => "today",
            Aspect::Address => "address",
            Aspect::Online => "online",
            Aspect::Procedure => "procedure",
        }
    }
}

/// What the query says beyond its topic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Understanding {
    /// The aspect asked about, if any cue named one.
    pub aspect: Option<Aspect>,
    /// Every aspect with enough evidence, strongest first (`aspect` is
    /// the first): when an entry cannot answer the first ("wie lange
    /// samstags auf" at an office has no deadlines), the next is asked.
    pub aspects: Vec<Aspect>,
    /// Per word of the query (in [`words`] order): whether it was taken as
    /// an aspect word.
    pub aspect_words: Vec<bool>,
    /// The phrases recognised, as typed (folded), with their aspect.
    pub cues: Vec<(String, Aspect)>,
    /// The evidence behind each of `aspects` (a cue's strength times its
    /// length): "was muss ich mitbringen" says more than a bare "brauche".
    pub evidence: Vec<f32>,
    /// The query's words, folded, in [`words`] order.
    pub words: Vec<String>,
    /// A yes/no question ("kann ich …", "braucht man …", "muss ich …"):
    /// when no section is named, its answer is usually a special case.
    pub yes_no: bool,
    /// Whether the query asks with a question word ("wie viele stunden
    /// …"), though no cue says about what.
    pub w_question: bool,
    /// The day the question asks about ("morgen", "am 29.12."), if it
    /// names one: the offices' cards say how that day looks.
    pub day: Option<DayRef>,
}

/// Words that make a "wie viel" question one about money received.
const RECEIVE_WORDS: &[&str] = &["bekomm*", "krieg*", "erhalt*", "get", "receive*"];

impl Understanding {
    /// Whether the `i`-th word of the query is an aspect word.
    pub fn is_aspect_word(&self, i: usize) -> bool {
        self.aspect_words.get(i).copied().unwrap_or(false)
    }
}

/// Reads the aspect of a query: cues are matched left to right, the
/// longest phrase at each position first, without overlaps; the aspect
/// with the most evidence wins.
pub fn understand(query: &str) -> Understanding {
    understand_with(query, &|_| true)
}

/// [`understand`], reading a mistyped cue word as the cue: a word of five
/// letters or more that `known` does not know (no entry has it) and that
/// is within the search's typo budget of a cue word ("gebüren" for
/// "gebühren", "mitbrigen" for "mitbringen", "öfnungszeiten").
pub fn understand_with(query: &str, known: &dyn Fn(&str) -> bool) -> Understanding {
    let folded: Vec<String> = words(query)
        .map(|w| {
            let f = fold(w.text);
            corrected(&f, known).unwrap_or(f)
        })
        .collect();
    let mut out = Understanding {
        aspect_words: vec![false; folded.len()],
        day: day_ref(query),
        ..Understanding::default()
    };
    let mut evidence = [0f32; Aspect::PRIORITY.len()];
    let ends = clause_ends(query);
    // The last word of the clause that word `i` stands in.
    let clause_last = |i: usize| folded.get(clause_end(&ends, i)).map_or("", String::as_str);
    // Words already read as part of a cue that ended further on (the verb
    // at a clause's end, see `bracketed`).
    let mut taken = vec![false; folded.len()];
    let mut i = 0;
    while i < folded.len() {
        if taken[i] {
            i += 1;
            continue;
        }
        let end = clause_end(&ends, i);
        let best = CUES
            .iter()
            .filter_map(|c| placed(c.phrase, &folded, i, end, &taken).map(|p| (c, p)))
            .filter(|(c, _)| !(c.aspect == Aspect::Cost && not_a_payment(&folded, i)))
            .filter(|(c, _)| {
                !(c.aspect == Aspect::Address && is_changed(&folded, i, c.phrase.len()))
            })
            .filter(|(c, _)| !(c.aspect == Aspect::Deadline && is_missed(&folded, i, end)))
            .filter(|(c, _)| !(c.aspect == Aspect::Documents && names_a_proof(&folded, i)))
            .filter(|(c, _)| !(c.aspect == Aspect::WhoMay && after_how_long(&folded, i)))
            .filter(|(c, _)| !(c.phrase == ["uhr"] && after_a_number(&folded, i)))
            .filter(|(c, _)| !is_within(c.phrase) || spans_time(&folded, i + 2))
            .filter(|(c, p)| !c.last || ends_clause(c.phrase, *p, i, end))
            .filter(|(c, _)| !(c.last && names_a_street(c.phrase, &folded, i)))
            .filter(|(c, _)| {
                !(c.last && c.aspect == Aspect::Hours && callers_own_clause(&folded, &ends, i))
            })
            .max_by(|(a, _), (b, _)| {
                (a.phrase.len() as f32 * a.strength)
                    .total_cmp(&(b.phrase.len() as f32 * b.strength))
            });
        match best {
            Some((c, placement)) => {
                let n = c.phrase.len();
                let aspect = if asks_a_size(c.phrase, clause_last(i)) {
                    Aspect::WhoMay
                } else {
                    c.aspect
                };
                evidence[slot(aspect)] += c.strength * n as f32;
                // The words read here; a bracket's verb is taken at the
                // clause's end, so the words between stay topic words.
                let (here, verb) = match placement {
                    Placed::Here => (n, None),
                    Placed::VerbAt(at) => (n - 1, Some(at)),
                };
                let mut typed = folded[i..i + here].to_vec();
                for flag in &mut out.aspect_words[i..i + here] {
                    *flag = true;
                }
                if let Some(at) = verb {
                    typed.push(folded[at].clone());
                    out.aspect_words[at] = true;
                    taken[at] = true;
                }
                i += here;
                out.cues.push((typed.join(" "), aspect));
            }
            None => i += 1,
        }
    }
    // An age stated ("mein sohn ist 16", "ich werde 18", "16 jahre"):
    // the question is what holds from that age.
    for (i, w) in folded.iter().enumerate() {
        if out.aspect_words[i] || !is_age(w) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| folded[j].as_str());
        // The verb may stand before an adverb of time: "wird bald 16",
        // "ist jetzt 16", "ist erst 15".
        let verb_before = match before {
            Some(b) if AGE_ADVERBS.contains(&b) => i.checked_sub(2).map(|j| folded[j].as_str()),
            b => b,
        };
        let after = folded.get(i + 1).map(String::as_str);
        let a_measure = after.is_some_and(|a| MEASURES.iter().any(|m| a.starts_with(m)));
        // "seit acht jahren hier", "vor 3 jahren", "alle 10 jahre": a
        // span of time, not a person's age.
        let a_span = matches!(
            before,
            Some("seit" | "vor" | "in" | "fur" | "alle" | "nach" | "innerhalb")
        );
        if (matches!(verb_before, Some("ist" | "bin" | "wird" | "werde" | "sind")) && !a_measure)
            || (!a_span
                && matches!(
                    after,
                    Some("jahre" | "jahren" | "jahrig" | "jahrige" | "jahrigen")
                ))
        {
            evidence[slot(Aspect::Age)] += 1.0;
            out.cues.push((w.clone(), Aspect::Age));
        }
    }
    // Something that did not happen ("tonne nicht geleert", "pass nicht
    // angekommen"): the caller asks what to do now.
    for pair in folded.windows(2) {
        if matches!(pair[0].as_str(), "nicht" | "nie") && is_participle(&pair[1]) {
            evidence[slot(Aspect::Procedure)] += 1.0;
            out.cues.push((pair.join(" "), Aspect::Procedure));
        }
    }
    // "wann" with a word of opening ("wann hat … auf", "wann geöffnet")
    // asks for the office's hours.
    // So does a day named from today ("hat das bürgerbüro heute auf").
    let hours = slot(Aspect::Hours);
    if evidence[hours] > 0.0 {
        for a in [Aspect::When, Aspect::Today] {
            evidence[hours] += evidence[slot(a)];
            evidence[slot(a)] = 0.0;
        }
        for (_, a) in &mut out.cues {
            if matches!(*a, Aspect::When | Aspect::Today) {
                *a = Aspect::Hours;
            }
        }
    }
    // "termin zulassungsstelle morgen wo ist die": with a "wo" the day
    // dates the visit; the office's address is asked, not its hours that
    // day (with an opening word the day went to the hours above).
    if evidence[slot(Aspect::Address)] >= 1.0 {
        evidence[slot(Aspect::Today)] = 0.0;
    }
    // Weak cues alone ask nothing: "personalausweis beantragen" names the
    // topic; "wie beantrage ich …" (two weak cues) asks how it works.
    if evidence.iter().all(|e| *e < 1.0) {
        out.aspect_words.iter_mut().for_each(|w| *w = false);
        out.cues.clear();
    }
    let mut ranked: Vec<(usize, f32)> = evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| **e >= 1.0)
        .map(|(slot, e)| (slot, *e))
        .collect();
    // Strongest first; ties in priority order (the sort is stable); the
    // first is the aspect asked about.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    // "wie viel … bekommt man" asks what a benefit pays, not its fee.
    let receives = folded
        .iter()
        .enumerate()
        .any(|(i, w)| !out.aspect_words[i] && RECEIVE_WORDS.iter().any(|p| matches_word(p, w)));
    for (slot, e) in ranked {
        let mut aspect = Aspect::PRIORITY[slot];
        if aspect == Aspect::Cost && receives {
            aspect = Aspect::Amount;
        }
        out.aspects.push(aspect);
        out.evidence.push(e);
    }
    out.aspect = out.aspects.first().copied();
    out.yes_no = query.split([',', ';', '.', '?', '!']).any(is_yes_no_clause);
    out.w_question = folded
        .iter()
        .any(|w| W_WORDS.iter().any(|p| matches_word(p, w)));
    out.words = folded;
    out
}

/// An aspect's place in [`Aspect::PRIORITY`] and in the evidence array.
fn slot(aspect: Aspect) -> usize {
    Aspect::PRIORITY
        .iter()
        .position(|a| *a == aspect)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::Aspect::{
        Address, Age, Cost, Deadline, Documents, Hours, Procedure, Today, When, WhoMay,
    };
    use super::*;

    fn aspect(q: &str) -> Option<Aspect> {
        understand(q).aspect
    }

    #[test]
    fn phrases_beat_single_cues() {
        assert_eq!(
            aspect("wann muss ich die geburt meines kindes melden"),
            Some(Deadline)
        );
        assert_eq!(
            aspect("wann hat das bürgerbüro wattenscheid auf"),
            Some(Hours)
        );
        assert_eq!(aspect("bis wann hat das standesamt offen"), Some(Hours));
        assert_eq!(aspect("115 bis wann telefonisch erreichbar"), Some(Hours));
        assert_eq!(aspect("bis wann muss ich mich ummelden"), Some(Deadline));
        assert_eq!(aspect("wie lange dauert ein reisepass"), Some(Deadline));
        assert_eq!(aspect("wann ist mein pass fertig"), Some(Deadline));
        assert_eq!(
            aspect("wer darf eine sterbeurkunde bestellen"),
            Some(WhoMay)
        );
        assert_eq!(aspect("was brauche ich für den perso"), Some(Documents));
        assert_eq!(
            aspect("was muss mir der vermieter für die anmeldung ausfüllen"),
            Some(Documents)
        );
        assert_eq!(aspect("wo ist das standesamt"), Some(Address));
        // Which office is responsible is asked for its card.
        assert_eq!(
            aspect("welches amt ist für wohngeld zuständig"),
            Some(Address)
        );
        assert_eq!(
            aspect("an welche stelle wende ich mich wegen hundesteuer"),
            Some(Address)
        );
        assert_eq!(
            aspect("wen kann ich wegen sperrmüll anrufen"),
            Some(Address)
        );
        // Ages in words; a span of years is no age.
        assert_eq!(aspect("mein sohn wird sechzehn"), Some(Age));
        assert_eq!(aspect("seit acht jahren hier, einbürgern"), None);
        assert_eq!(aspect("seit 8 jahren hier einbürgern"), None);
        // The errand after the question asks nothing of its own.
        assert_eq!(
            aspect("wo ist das gewerbeamt ich will meine unterlagen vorbeibringen"),
            Some(Address)
        );
        assert_eq!(
            aspect("wie erreiche ich den usb wegen meiner tonne"),
            Some(Address)
        );
        assert_eq!(
            aspect("wie viel hundesteuer zahle ich für zwei hunde"),
            Some(Cost)
        );
        assert_eq!(aspect("hund anmelden"), None);
        assert_eq!(aspect("wann ist die grundsteuer fällig"), Some(Deadline));
        assert_eq!(
            aspect("bürgerbüro wattenscheid freitags bis wie viel uhr"),
            Some(Hours)
        );
        assert_eq!(aspect("was nehmen die fürs auto abmelden"), Some(Cost));
        assert_eq!(
            understand("wertstoffhof wie lange samstags auf").aspects,
            vec![Deadline, Hours]
        );
        assert_eq!(aspect("personalausweis beantragen"), None);
        assert_eq!(
            aspect("wie beantrage ich einen personalausweis"),
            Some(Procedure)
        );
        assert_eq!(aspect("wie komme ich zum wertstoffhof"), Some(Address));
    }

    #[test]
    fn a_bare_wann_asks_when_and_an_opening_word_makes_it_hours() {
        assert_eq!(aspect("wann kommt die müllabfuhr"), Some(When));
        assert_eq!(aspect("wann ist das fundbüro geöffnet"), Some(Hours));
        assert_eq!(aspect("wann hat das bürgerbüro auf"), Some(Hours));
        assert_eq!(aspect("when is the office open"), Some(Hours));
        assert_eq!(aspect("nachbar mäht sonntags rasen"), Some(When));
        assert_eq!(aspect("zentralbücherei samstags geöffnet"), Some(Hours));
    }

    #[test]
    fn a_mistyped_cue_word_nobody_wrote_is_read_as_the_cue() {
        let only = |words: &'static [&'static str]| move |w: &str| words.contains(&w);
        let with = |q: &str, known: &dyn Fn(&str) -> bool| understand_with(q, known).aspect;
        let topic: &[&str] = &["reisepass", "personalausweis", "alte", "couch"];
        assert_eq!(with("reisepass gebüren", &only(topic)), Some(Cost));
        assert_eq!(
            with("personalausweis mitbrigen", &only(topic)),
            Some(Documents)
        );
        assert_eq!(with("öfnungszeiten rathaus", &only(topic)), Some(Hours));
        // Far from every cue, or with another first letter: no guess.
        assert_eq!(with("alte couch loswerden", &only(topic)), None);
        // A compound that only starts near an open cue ("telefonnr…", two
        // edits away) is another word.
        assert_eq!(with("telefonservice stadt", &only(topic)), None);
        assert_eq!(with("telefonnumer standesamt", &only(topic)), Some(Address));
        // A word the knowledge base has is meant as typed.
        assert_eq!(understand("reisepass gebüren").aspect, None);
    }

    #[test]
    fn how_do_i_asks_the_procedure_unless_a_stronger_cue_says_more() {
        assert_eq!(
            aspect("wie melde ich mich bei der vhs für einen deutschkurs an"),
            Some(Procedure)
        );
        assert_eq!(aspect("how can i renew my german id card"), Some(Procedure));
        assert_eq!(aspect("wie viel zahle ich für zwei hunde"), Some(Cost));
        assert_eq!(aspect("wie lange muss ich warten"), Some(Deadline));
        assert_eq!(aspect("wie komme ich zum wertstoffhof"), Some(Address));
    }

    #[test]
    fn an_email_is_asked_at_the_office_and_a_reduction_is_a_fee() {
        assert_eq!(aspect("zulassungsstelle mail"), Some(Address));
        assert_eq!(aspect("standesamt e-mail"), Some(Address));
        assert_eq!(aspect("perso ermäßigung"), Some(Cost));
    }

    #[test]
    fn within_is_a_deadline_only_before_a_span_of_time() {
        assert_eq!(aspect("bin innerhalb von bochum umgezogen was jetzt"), None);
        assert_eq!(aspect("innerhalb von zwei wochen anmelden"), Some(Deadline));
        assert_eq!(aspect("innerhalb eines monats melden"), Some(Deadline));
        assert_eq!(
            aspect("erbe ausschlagen wie viel zeit hab ich"),
            Some(Deadline)
        );
        assert_eq!(aspect("wie viel kostet das"), Some(Cost));
    }

    #[test]
    fn a_question_word_is_seen_without_a_cue() {
        assert!(understand("ehrenamtskarte wie viele stunden").w_question);
        assert!(!understand("ehrenamtskarte stunden").w_question);
    }

    #[test]
    fn a_day_from_today_is_hours_only_with_an_opening_word() {
        // The answer turns it into hours at an office (see answer.rs).
        assert_eq!(aspect("bürgerbüro wattenscheid heute"), Some(Today));
        assert_eq!(aspect("hat das bürgerbüro heute auf"), Some(Hours));
        assert_eq!(aspect("ist das standesamt morgen geöffnet"), Some(Hours));
        assert_eq!(
            aspect("vater heute nacht gestorben was müssen wir erledigen"),
            Some(Today)
        );
    }

    #[test]
    fn a_proof_named_by_what_it_proves_is_the_topic() {
        let u = understand("brauche einen nachweis dass ich nichts angestellt habe");
        assert_eq!(u.aspect, None);
        assert!(!u.is_aspect_word(2));
        assert!(!understand("einen nachweis wo ich wohne").is_aspect_word(1));
        // Documents asked for stay the documents.
        assert_eq!(aspect("welche nachweise brauche ich"), Some(Documents));
        assert_eq!(aspect("wohngeld nachweis einkommen"), Some(Documents));
    }

    #[test]
    fn who_does_it_is_the_procedure_and_who_may_is_not() {
        assert_eq!(
            aspect("vater verstorben wer meldet das beim standesamt"),
            Some(Procedure)
        );
        assert_eq!(aspect("wer darf die urkunde bestellen"), Some(WhoMay));
        assert_eq!(aspect("wer zahlt den krankentransport"), Some(Cost));
    }

    #[test]
    fn a_cue_word_opening_a_compound_names_a_thing() {
        let u = understand("dokumentenausgabebox wie lange liegt das da");
        assert!(!u.is_aspect_word(0), "{u:?}");
        assert_eq!(aspect("papiertonne voll"), None);
        assert_eq!(aspect("adressänderung fahrzeugschein"), None);
        // Inflections and the compounds that still ask the aspect.
        assert_eq!(aspect("welche unterlagen"), Some(Documents));
        assert_eq!(aspect("ist das kostenlos"), Some(Cost));
        assert_eq!(aspect("öffnungszeiten bürgerbüro"), Some(Hours));
        // A way of applying is not a request for a number.
        assert_eq!(aspect("briefwahl telefonisch beantragen"), None);
        assert_eq!(aspect("telefonnummer standesamt"), Some(Address));
    }

    #[test]
    fn mitnehmen_alone_takes_people_along_and_with_was_asks_for_documents() {
        assert_eq!(aspect("sozialticket kinder mitnehmen"), None);
        assert_eq!(
            aspect("neuwagen zulassen was muss ich mitnehmen"),
            Some(Documents)
        );
        assert_eq!(aspect("perso beantragen was mitnehmen"), Some(Documents));
        assert_eq!(aspect("welche unterlagen mitnehmen"), Some(Documents));
    }

    #[test]
    fn a_verb_at_the_clause_end_closes_the_question_it_opened() {
        // The verb bracket: "was muss ich … mitnehmen".
        let u = understand("neue wohnung was muss ich zum amt mitnehmen");
        assert_eq!(u.aspect, Some(Documents));
        assert_eq!(
            u.cues,
            vec![("was muss ich mitnehmen".to_string(), Documents)]
        );
        // The phrase's words are aspect words, the words between are not.
        assert!(u.is_aspect_word(2) && u.is_aspect_word(7));
        assert!(!u.is_aspect_word(5) && !u.is_aspect_word(6));
        assert_eq!(
            aspect("was soll ich zum termin im bürgerbüro mitnehmen"),
            Some(Documents)
        );
        // Only up to the clause's end, and not across too many words.
        assert_eq!(aspect("was muss ich, die kinder mitnehmen"), None);
        assert_eq!(
            aspect("was muss ich mit dem alten ausweis vom amt machen mitnehmen"),
            None
        );
    }

    #[test]
    fn someone_else_for_the_caller_is_a_proxy_question() {
        assert_eq!(
            aspect("darf meine frau das führungszeugnis für mich beantragen"),
            Some(Aspect::Proxy)
        );
        assert_eq!(aspect("geht das mit vollmacht"), Some(Aspect::Proxy));
        assert_eq!(aspect("darf mein sohn das beantragen"), Some(WhoMay));
    }

    #[test]
    fn how_much_one_receives_is_an_amount_not_a_fee() {
        assert_eq!(
            aspect("wie viel elterngeld bekommt man"),
            Some(Aspect::Amount)
        );
        assert_eq!(aspect("wie viel kostet ein reisepass"), Some(Cost));
        // "wer kriegt" is the cue itself, not money received.
        assert_eq!(aspect("wer kriegt wohngeld"), Some(WhoMay));
    }

    #[test]
    fn a_question_opening_with_a_verb_is_a_yes_no_question() {
        assert!(understand("kann ich meinen pass behalten").yes_no);
        assert!(understand("zieh nach dortmund, muss ich mich abmelden").yes_no);
        assert!(understand("ziehe innerhalb bochum um muss ich den hund abmelden").yes_no);
        assert!(understand("kirchenaustritt im bürgerbüro möglich").yes_no);
        assert!(understand("kinderreisepass verlängern geht das noch").yes_no);
        assert!(!understand("was muss ich mitbringen").yes_no);
        assert!(!understand("personalausweis wann muss ich den verlängern").yes_no);
        assert!(understand("braucht man als eu bürger einen titel").yes_no);
        assert!(!understand("wo ist das bürgerbüro").yes_no);
        assert!(!understand("hund anmelden").yes_no);
    }

    #[test]
    fn a_first_person_verb_without_ich_tells_and_does_not_ask() {
        assert!(!understand("brauche nen neuen perso").yes_no);
        assert!(!understand("hab meinen ausweis verloren").yes_no);
        assert!(understand("brauche ich einen neuen perso").yes_no);
        assert!(understand("bekomme ich mein altes kennzeichen wieder").yes_no);
        // Not the first person: a noun subject still asks.
        assert!(understand("darf biomüll in die braune tonne").yes_no);
    }

    #[test]
    fn a_note_ending_in_wie_asks_how_it_works() {
        assert_eq!(aspect("sperrmüll anmelden wie"), Some(Procedure));
        assert_eq!(aspect("pin zurücksetzen wie"), Some(Procedure));
        // Inside a note "wie" alone still asks nothing.
        assert_eq!(aspect("wie personalausweis"), None);
        assert_eq!(aspect("wie"), None);
        // The clause's end, after the topic, asks as the note's end does.
        assert_eq!(aspect("hund anmelden, wie?"), Some(Procedure));
        // A longer cue ending the note keeps its own aspect.
        assert_eq!(aspect("reisepass kosten wie viel"), Some(Cost));
    }

    #[test]
    fn a_street_asked_for_is_an_address_and_a_street_named_is_not() {
        assert_eq!(aspect("bürgerbüro wattenscheid straße"), Some(Address));
        assert_eq!(aspect("standesamt welche straße"), Some(Address));
        assert_eq!(aspect("wertstoffhof havkenscheider straße"), None);
        assert_eq!(aspect("sperrmüll an die straße stellen"), None);
    }

    #[test]
    fn wieder_auf_asks_for_hours_only_at_the_clause_end() {
        assert_eq!(aspect("hat das bürgerbüro mitte wieder auf"), Some(Hours));
        assert_ne!(
            aspect("abgemeldetes auto gekauft wie bekomme ich das wieder auf die straße"),
            Some(Hours)
        );
    }

    #[test]
    fn a_day_with_wo_dates_the_visit_and_the_address_is_asked() {
        assert_eq!(
            aspect("termin zulassungsstelle morgen wo ist die"),
            Some(Address)
        );
        assert_eq!(aspect("hat die zulassungsstelle morgen auf"), Some(Hours));
    }

    #[test]
    fn the_bare_plural_zeiten_asks_for_hours() {
        assert_eq!(aspect("langendreer bürgerbüro zeiten"), Some(Hours));
        assert_eq!(
            aspect("wie viel zeit braucht die ummeldung"),
            Some(Deadline)
        );
        // A compound is another word: waiting times are a duration.
        assert_eq!(aspect("wartezeiten bürgerbüro"), Some(Deadline));
    }

    #[test]
    fn english_cues_name_the_same_aspects() {
        assert_eq!(aspect("how much is a passport"), Some(Cost));
        assert_eq!(aspect("what do i need to register my dog"), Some(Documents));
        assert_eq!(aspect("opening hours citizens office"), Some(Hours));
        assert_eq!(aspect("how long does a passport take"), Some(Deadline));
        assert_eq!(aspect("who can order a birth certificate"), Some(WhoMay));
        assert_eq!(aspect("lost my passport what to do"), Some(Procedure));
        assert_eq!(aspect("recycling yard opening times"), Some(Hours));
        assert_eq!(aspect("bulky waste pick up is it free"), Some(Cost));
        // A bare "how" is how it works; longer "how" cues keep their aspect.
        assert_eq!(aspect("how book appointment"), Some(Procedure));
        assert_eq!(aspect("how old must a child be"), Some(Age));
    }

    #[test]
    fn aspect_words_are_marked_and_topic_words_are_not() {
        let u = understand("was muss ich mitbringen wenn ich meinen hund anmelde");
        let marked: Vec<usize> = (0..9).filter(|&i| u.is_aspect_word(i)).collect();
        assert_eq!(marked, vec![0, 1, 2, 3], "{u:?}");
        assert!(!u.is_aspect_word(7), "hund is the topic");
        assert_eq!(
            u.cues,
            vec![("was muss ich mitbringen".to_string(), Documents)]
        );
    }

    #[test]
    fn evidence_counts_the_words_that_answer_an_aspect() {
        assert_eq!(
            evidence_in("Berechtigt sind die Person selbst und Ehegatten.", WhoMay),
            1
        );
        assert_eq!(evidence_in("Register liegen beim Standesamt.", WhoMay), 0);
        assert_eq!(evidence_in("anything", Hours), 0);
    }

    #[test]
    fn a_clause_ending_in_auf_or_zu_asks_for_the_hours() {
        assert_eq!(aspect("hat das bürgerbüro querenburg auf"), Some(Hours));
        assert_eq!(aspect("hat das standesamt heute zu"), Some(Hours));
        // "auf" elsewhere stays weak: a topic word, not a question.
        assert_eq!(aspect("auf antrag befreien"), None);
        assert_eq!(aspect("bürgerbüro zu?"), Some(Hours));
        assert_eq!(aspect("hat das amt auf, ich komme gleich"), Some(Hours));
        // The caller's own verb: "aufhören", closing a business.
        assert_ne!(
            aspect("ich höre mit meinem kiosk auf, was muss ich melden"),
            Some(Hours)
        );
        assert_ne!(aspect("wir machen den laden zu"), Some(Hours));
    }

    #[test]
    fn phone_times_conditions_and_ways_to_get_are_aspects() {
        assert_eq!(aspect("wahlamt telefonzeiten"), Some(Hours));
        assert_eq!(aspect("blauer parkausweis voraussetzungen"), Some(WhoMay));
        assert_eq!(aspect("pin vergessen was kann ich tun"), Some(Procedure));
        assert_eq!(
            aspect("wie bekommen wir das gemeinsame sorgerecht"),
            Some(Procedure)
        );
        assert_eq!(aspect("wie hoch ist das elterngeld"), Some(Cost));
        // "wie viel" is longer at "wie": an amount, not a way.
        assert_eq!(
            aspect("wie viel elterngeld bekomme ich"),
            Some(Aspect::Amount)
        );
    }

    #[test]
    fn an_address_to_change_is_the_topic_not_a_question_where() {
        assert_eq!(aspect("ex stalkt mich adresse sperren lassen"), None);
        assert_eq!(aspect("anschrift ändern nach umzug"), None);
        assert_eq!(aspect("adresse vom bürgerbüro mitte"), Some(Address));
        assert_eq!(aspect("change address car"), None);
        assert_eq!(aspect("fahrzeugschein neue adresse"), None);
        assert_eq!(aspect("alte anschrift im ausweis"), None);
        assert_eq!(aspect("address of the town hall"), Some(Address));
    }

    #[test]
    fn a_missed_deadline_asks_what_follows_not_the_deadline() {
        assert_eq!(aspect("ummeldung frist verpasst"), None);
        assert_eq!(aspect("bis wann muss ich mich ummelden"), Some(Deadline));
        // Only in its own clause.
        assert_eq!(
            aspect("termin verpasst, wie lange dauert ein neuer"),
            Some(Deadline)
        );
    }

    #[test]
    fn what_one_gets_for_it_is_an_amount() {
        assert_eq!(
            aspect("wahlhelfer was bekommt man dafür"),
            Some(Aspect::Amount)
        );
        assert_eq!(aspect("was krieg ich dafür"), Some(Aspect::Amount));
    }

    #[test]
    fn numbers_and_refusals_are_not_payments() {
        assert_eq!(aspect("wunschkennzeichen mit wat und vier zahlen"), None);
        assert_eq!(aspect("kennzeichen mit 3 zahlen"), None);
        assert_eq!(aspect("unterhaltsvorschuss vater zahlt nicht"), None);
        assert_eq!(aspect("vater zahlt keinen unterhalt"), None);
        assert_eq!(aspect("der kindsvater zahlt seit monaten nix"), None);
        assert_eq!(aspect("muss ich hundesteuer zahlen"), Some(Cost));
    }

    #[test]
    fn a_subject_before_the_verb_makes_a_statement() {
        assert!(!understand("ich hab meinen ausweis verloren").yes_no);
        assert!(!understand("ich brauche meinen pass morgen").yes_no);
        assert!(understand("kann mein sohn alleine kommen").yes_no);
        assert!(understand("habe ich anspruch").yes_no);
    }

    #[test]
    fn a_size_with_sein_asks_what_is_allowed() {
        assert_eq!(
            aspect("grünschnitt äste wie lang dürfen die sein"),
            Some(WhoMay)
        );
        assert_eq!(aspect("wie hoch darf die hecke sein"), Some(WhoMay));
        // A duration and a fee stay what they are.
        assert_eq!(aspect("wie lange dauert das"), Some(Deadline));
        assert_eq!(aspect("wie hoch ist die gebühr"), Some(Cost));
    }

    #[test]
    fn how_long_one_may_asks_the_span_and_a_clock_time_tells_the_story() {
        assert_eq!(
            aspect("wie lange darf ich mit einem kurzzeitkennzeichen fahren"),
            Some(Deadline)
        );
        assert_eq!(aspect("darf ich mit 17 alleine fahren"), Some(WhoMay));
        assert_eq!(aspect("über mir wird jede nacht bis 3 uhr gefeiert"), None);
        assert_eq!(aspect("bis wie viel uhr hat das amt auf"), Some(Hours));
        assert_eq!(aspect("wann ist das amt auf"), Some(Hours));
    }

    #[test]
    fn a_stated_age_asks_what_holds_from_it() {
        assert_eq!(
            aspect("mein sohn ist 16 braucht der jetzt einen ausweis"),
            Some(Aspect::Age)
        );
        assert_eq!(
            aspect("tochter 17 jahre alt führerschein"),
            Some(Aspect::Age)
        );
        // An adverb of time may stand between the verb and the age.
        assert_eq!(
            aspect("mein sohn wird bald 16, braucht er einen personalausweis"),
            Some(Aspect::Age)
        );
        assert_eq!(aspect("die tonne ist jetzt 60 liter"), None);
        // A number with a unit is no age.
        assert_eq!(aspect("die tonne ist 60 liter"), None);
    }

    #[test]
    fn something_that_did_not_happen_asks_what_to_do() {
        assert_eq!(aspect("meine tonne wurde nicht geleert"), Some(Procedure));
        assert_eq!(aspect("der pin brief ist nie angekommen"), Some(Procedure));
        assert_eq!(aspect("tonne nicht groß genug"), None);
        // Whom to call is a contact; where to get a thing, the way to it.
        assert_eq!(aspect("wen rufe ich an"), Some(Address));
        assert_eq!(
            understand("grüne plakette wo bekommt man die").aspects,
            vec![Procedure]
        );
    }
}
