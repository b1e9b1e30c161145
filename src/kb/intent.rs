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

use std::collections::HashMap;

use super::SectionKey;
use super::analysis::{count_of, fold, folded_and_stemmed, osa_distance, typo_budget, words};

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

/// One cue: a phrase of folded words and how strongly it points at its
/// aspect. A trailing `*` allows inflected forms (up to
/// [`INFLECTION`] more letters: "kostet", "unterlagen", "montags"); a
/// trailing `+` any compound the word opens, for cue words whose
/// compounds still ask the same ("kostenlos", "öffnungszeiten",
/// "fristverlängerung", "onlineantrag"). Other cue words as a compound's
/// first part name a thing: "Dokumentenausgabebox", "Papiertonne",
/// "Adressänderung", "Daueraufenthalt" are topics, not aspects.
struct Cue {
    phrase: &'static [&'static str],
    aspect: Aspect,
    strength: f32,
    /// Counts only as its clause's last words (see [`last`]).
    last: bool,
}

const fn cue(phrase: &'static [&'static str], aspect: Aspect) -> Cue {
    Cue {
        phrase,
        aspect,
        strength: 1.0,
        last: false,
    }
}

/// Cues that ask only as the clause's last words after a topic, where a
/// German question puts its verb particle and agents put their question:
/// "hat das bürgerbüro heute auf", "sperrmüll anmelden wie", "bürgerbüro
/// wattenscheid straße". Elsewhere the same words are a weak cue or none:
/// "wie bekomme ich das wieder auf die straße" is a way back, "sperrmüll
/// an die straße stellen" a place.
const fn last(phrase: &'static [&'static str], aspect: Aspect) -> Cue {
    Cue {
        phrase,
        aspect,
        strength: 1.0,
        last: true,
    }
}

/// Weak cues: words that often, not always, ask for the aspect ("auf",
/// "zu" in "wann hat … auf/zu"; "beantragen" in any request).
const fn weak(phrase: &'static [&'static str], aspect: Aspect) -> Cue {
    Cue {
        phrase,
        aspect,
        strength: 0.5,
        last: false,
    }
}

use Aspect::{
    Address, Age, Amount, Cost, Deadline, Documents, Hours, Online, Procedure, Proxy, Today, When,
    WhoMay,
};

/// The cue table: German first, then English (callers with little German
/// and agents typing their words). Words are folded (`ä` → `a`, `ß` →
/// `ss`). A phrase's evidence is its strength times its length, so
/// "wann muss" (deadline, 2) beats "wann" (hours, 1), and "bis wann hat"
/// (hours, 3) beats "bis wann" (deadline, 2).
const CUES: &[Cue] = &[
    // Fees.
    cue(&["was", "kost+"], Cost),
    cue(&["wie", "viel"], Cost),
    cue(&["wieviel"], Cost),
    cue(&["wie", "teuer"], Cost),
    cue(&["kost+"], Cost),
    cue(&["gebuhr+"], Cost),
    // A reduced fee is a fee ("perso ermäßigung").
    cue(&["ermassig+"], Cost),
    cue(&["preis*"], Cost),
    cue(&["teuer"], Cost),
    cue(&["euro"], Cost),
    cue(&["bezahl*"], Cost),
    // Not "zahl*": "eine vierstellige Zahl" is a number, not a payment.
    cue(&["zahlen"], Cost),
    cue(&["zahle"], Cost),
    cue(&["zahlt"], Cost),
    cue(&["zahlst"], Cost),
    cue(&["zahlung*"], Cost),
    cue(&["aufpreis*"], Cost),
    cue(&["zuzahl*"], Cost),
    cue(&["beitrag"], Cost),
    cue(&["beitrage"], Cost),
    cue(&["hohe"], Cost),
    cue(&["wie", "hoch"], Cost),
    cue(&["was", "nehmen"], Cost),
    cue(&["was", "verlangen"], Cost),
    cue(&["gunstig*"], Cost),
    cue(&["umsonst"], Cost),
    cue(&["gratis"], Cost),
    cue(&["how", "much"], Cost),
    cue(&["cost*"], Cost),
    cue(&["fee"], Cost),
    cue(&["fees"], Cost),
    cue(&["price"], Cost),
    cue(&["pay"], Cost),
    // "is it free", "free of charge": whether it costs.
    cue(&["free"], Cost),
    cue(&["charge"], Cost),
    // Documents.
    cue(&["was", "muss", "ich", "mitbring*"], Documents),
    cue(&["was", "brauch*"], Documents),
    cue(&["was", "benotig*"], Documents),
    cue(&["welche", "unterlag*"], Documents),
    cue(&["welche", "papier*"], Documents),
    cue(&["unterlag*"], Documents),
    cue(&["dokument*"], Documents),
    cue(&["mitbring*"], Documents),
    cue(&["mitzubring*"], Documents),
    // Alone weak: "kinder mitnehmen" takes people along; "was muss ich
    // mitnehmen" asks for documents.
    weak(&["mitnehm*"], Documents),
    cue(&["was", "mitnehm*"], Documents),
    cue(&["was", "muss", "ich", "mitnehm*"], Documents),
    cue(&["was", "muss", "man", "mitnehm*"], Documents),
    cue(&["was", "soll", "ich", "mitnehm*"], Documents),
    cue(&["papier*"], Documents),
    cue(&["nachweis*"], Documents),
    cue(&["vorleg*"], Documents),
    cue(&["einreich*"], Documents),
    // The form the caller or someone else fills in is a document to bring
    // ("was muss mir der vermieter ausfüllen").
    cue(&["ausfull*"], Documents),
    cue(&["vorzeig*"], Documents),
    cue(&["was", "muss", "mit"], Documents),
    cue(&["welche", "urkunden"], Documents),
    // Weak alone: "braucht man als EU-Bürger einen Aufenthaltstitel" asks
    // whether, not what; "was brauche ich" is the documents' phrase.
    weak(&["brauch*"], Documents),
    weak(&["benotig*"], Documents),
    cue(&["what", "do", "i", "need"], Documents),
    cue(&["documents"], Documents),
    cue(&["document"], Documents),
    cue(&["papers"], Documents),
    cue(&["bring"], Documents),
    weak(&["need"], Documents),
    // Deadlines and processing times.
    cue(&["bis", "wann"], Deadline),
    cue(&["wann", "muss"], Deadline),
    cue(&["wann", "mussen"], Deadline),
    cue(&["wie", "fruh"], Deadline),
    cue(&["wie", "oft"], Deadline),
    cue(&["ruckwirkend*"], Deadline),
    cue(&["fallig*"], Deadline),
    cue(&["wann", "spatestens"], Deadline),
    cue(&["wie", "lange"], Deadline),
    // "wie viel zeit habe ich": a span of time, not a fee.
    cue(&["wie", "viel", "zeit"], Deadline),
    cue(&["wieviel", "zeit"], Deadline),
    cue(&["wie", "viele", "tage"], Deadline),
    cue(&["wie", "viele", "wochen"], Deadline),
    cue(&["wie", "viele", "monate"], Deadline),
    cue(&["wie", "lang"], Deadline),
    cue(&["wie", "schnell"], Deadline),
    // "brauche schnell einen pass": how fast it can be had.
    cue(&["schnell"], Deadline),
    cue(&["schneller"], Deadline),
    cue(&["zu", "spat"], Deadline),
    cue(&["frist+"], Deadline),
    cue(&["dauer*"], Deadline),
    cue(&["dauert"], Deadline),
    cue(&["spatest*"], Deadline),
    cue(&["zeitraum"], Deadline),
    cue(&["wartezeit*"], Deadline),
    cue(&["bearbeitungszeit*"], Deadline),
    // When the document is ready asks the processing time: "fertig" must
    // not decide the entry ("expresspass … wann fertig" is the passport,
    // not the office that hands out "fertige Dokumente").
    cue(&["fertig*"], Deadline),
    cue(&["abholbereit*"], Deadline),
    // "innerhalb von zwei wochen", not "innerhalb bochum" (a place):
    // these count only before a span of time (`spans_time`).
    weak(&["innerhalb", "von"], Deadline),
    cue(&["innerhalb", "einer"], Deadline),
    cue(&["innerhalb", "eines"], Deadline),
    cue(&["innerhalb", "der", "frist"], Deadline),
    cue(&["ab", "wann"], Deadline),
    cue(&["wann", "fruhestens"], Deadline),
    cue(&["fruhestens"], Deadline),
    cue(&["rechtzeitig"], Deadline),
    cue(&["verspatet"], Deadline),
    cue(&["how", "long"], Deadline),
    cue(&["how", "soon"], Deadline),
    cue(&["by", "when"], Deadline),
    cue(&["until", "when"], Deadline),
    cue(&["deadline*"], Deadline),
    // Who may apply.
    cue(&["wer", "darf"], WhoMay),
    // "wer meldet das", "wer stellt den Antrag": who does it is told by
    // the procedure; "wer darf/kann/bekommt" (below, longer) is who may.
    cue(&["wer"], Procedure),
    cue(&["wer", "kann"], WhoMay),
    cue(&["wer", "bekommt"], WhoMay),
    cue(&["wer", "kriegt"], WhoMay),
    cue(&["wer", "hat", "anspruch"], WhoMay),
    cue(&["anspruch+"], WhoMay),
    // The conditions of a service are who may have it.
    cue(&["voraussetzung*"], WhoMay),
    cue(&["bedingung*"], WhoMay),
    cue(&["ab", "welchem", "alter"], Age),
    cue(&["welchem", "alter"], Age),
    cue(&["welches", "alter"], Age),
    cue(&["bis", "welches", "alter"], Age),
    cue(&["ab", "wieviel", "jahren"], Age),
    cue(&["ab", "wie", "viel", "jahren"], Age),
    cue(&["ab", "wie", "vielen", "jahren"], Age),
    cue(&["bis", "wie", "viel", "jahren"], Age),
    cue(&["wie", "alt"], Age),
    cue(&["altersgrenze*"], Age),
    cue(&["mindestalter"], Age),
    cue(&["how", "old"], Age),
    cue(&["what", "age"], Age),
    cue(&["wer", "durf*"], WhoMay),
    cue(&["darf", "ich"], WhoMay),
    cue(&["darf", "mein*"], WhoMay),
    cue(&["berechtigt*"], WhoMay),
    cue(&["antragsberechtigt*"], WhoMay),
    cue(&["who", "can"], WhoMay),
    cue(&["who", "may"], WhoMay),
    // Someone else for the caller: longer than "darf mein*" so that "darf
    // meine frau … für mich" asks about representation.
    cue(&["fur", "mich"], Proxy),
    cue(&["fur", "uns"], Proxy),
    cue(&["vollmacht*"], Proxy),
    cue(&["bevollmacht+"], Proxy),
    cue(&["vertret*"], Proxy),
    cue(&["stellvertret*"], Proxy),
    cue(&["jemand", "anders"], Proxy),
    cue(&["jemand", "anderes"], Proxy),
    cue(&["andere", "person"], Proxy),
    cue(&["on", "behalf"], Proxy),
    cue(&["for", "me"], Proxy),
    cue(&["someone", "else"], Proxy),
    // Opening hours.
    cue(&["bis", "wann", "hat"], Hours),
    cue(&["bis", "wann", "ist"], Hours),
    cue(&["bis", "wann", "offen"], Hours),
    cue(&["bis", "wann", "geoffnet"], Hours),
    // A phone line's hours: "bis wann (telefonisch) erreichbar".
    cue(&["bis", "wann", "erreichbar"], Hours),
    cue(&["wie", "viel", "uhr"], Hours),
    // A bare "wann" asks when; only with an opening word (above and
    // below) is it about an office's hours.
    cue(&["wann"], When),
    cue(&["offn+"], Hours),
    // Spelled out, so that a mistyped "öfnungszeiten" is read as it.
    cue(&["offnungszeit*"], Hours),
    cue(&["geoffnet"], Hours),
    cue(&["offen"], Hours),
    cue(&["geschlossen"], Hours),
    cue(&["sprechzeit*"], Hours),
    cue(&["telefonzeit*"], Hours),
    cue(&["servicezeit*"], Hours),
    cue(&["geschaftszeit*"], Hours),
    cue(&["erreichbarkeit"], Hours),
    cue(&["uhrzeit*"], Hours),
    // "bürgerbüro langendreer zeiten": the bare plural is the agent's
    // short "Öffnungszeiten" (compounds such as "Wartezeiten" are other
    // words; "wie viel zeit" asks a duration by its longer cue).
    cue(&["zeiten"], Hours),
    cue(&["heute"], Today),
    cue(&["morgen"], Today),
    cue(&["ubermorgen"], Today),
    // Days and times of day, like a bare "wann": an office's hours at an
    // office or with an opening word ("samstags geöffnet"); for a service
    // its times ("Rasen mähen sonntags", "Abfuhr nach Feiertagen").
    cue(&["montag*"], When),
    cue(&["dienstag*"], When),
    cue(&["mittwoch*"], When),
    cue(&["donnerstag*"], When),
    cue(&["freitag*"], When),
    cue(&["samstag*"], When),
    cue(&["sonntag*"], When),
    cue(&["vormittag*"], When),
    cue(&["nachmittag*"], When),
    cue(&["uhr"], When),
    cue(&["feiertag*"], When),
    weak(&["auf"], Hours),
    weak(&["zu"], Hours),
    // The particle of "aufhaben", "zuhaben", "aufmachen" ending the
    // clause: "hat das bürgerbüro querenburg auf" asks for the hours as
    // surely as "geöffnet" does.
    last(&["auf"], Hours),
    last(&["zu"], Hours),
    cue(&["opening", "hours"], Hours),
    cue(&["opening", "times"], Hours),
    cue(&["opening"], Hours),
    cue(&["open"], Hours),
    cue(&["when"], When),
    cue(&["closed"], Hours),
    // Address.
    cue(&["wo"], Address),
    // "wo sitzt das bauamt": where the office is.
    cue(&["wo", "sitzt"], Address),
    cue(&["wo", "sitzen"], Address),
    // "wo ist das gewerbeamt, ich will meine unterlagen vorbeibringen":
    // where the office is, before the errand's words ask anything.
    cue(&["wo", "ist"], Address),
    cue(&["wo", "sind"], Address),
    cue(&["wo", "befindet"], Address),
    cue(&["wo", "finde", "ich"], Address),
    cue(&["where", "is"], Address),
    // "wie erreiche ich den usb": its phone and e-mail on the card.
    cue(&["wie", "erreiche", "ich"], Address),
    cue(&["wohin"], Address),
    cue(&["adress*"], Address),
    cue(&["anschrift*"], Address),
    cue(&["standort*"], Address),
    cue(&["hinkomm*"], Address),
    cue(&["wie", "komme", "ich"], Address),
    cue(&["wie", "kommt", "man"], Address),
    cue(&["anfahrt*"], Address),
    cue(&["welche", "strasse"], Address),
    cue(&["welcher", "strasse"], Address),
    // A bare "straße" ending a note asks for the street ("bürgerbüro
    // wattenscheid straße"); after an adjective in -er it ends a street's
    // name ("wertstoffhof havkenscheider straße", see [`names_a_street`]).
    last(&["strasse"], Address),
    // How to reach the office: its card has phone and e-mail. Not
    // "telefonisch": "briefwahl telefonisch beantragen" asks about a way
    // of applying, not for a number.
    cue(&["telefon"], Address),
    cue(&["telefonnummer*"], Address),
    // The office card gives its e-mail address with its street and phone.
    cue(&["mail"], Address),
    cue(&["email*"], Address),
    cue(&["mailadresse*"], Address),
    cue(&["telefonnr*"], Address),
    cue(&["rufnummer*"], Address),
    cue(&["durchwahl*"], Address),
    cue(&["kontakt+"], Address),
    // Whom to turn to: the office's card (or, without offices, where the
    // entry says where to go).
    cue(&["wen", "ruf*"], Address),
    // "wo bekomme ich die grüne Plakette": the way to get it (at the
    // Zulassungsstelle, TÜV or a garage), which the procedure tells; the
    // offices' cards stand under every answer anyway.
    cue(&["wo", "bekomm*"], Procedure),
    cue(&["wo", "krieg*"], Procedure),
    cue(&["wo", "erhalt*"], Procedure),
    cue(&["an", "wen"], Address),
    cue(&["wer", "ist", "zustandig"], Address),
    // Which office is responsible: the office's card, not an entry that
    // happens to say "Amt" or "zuständig" ("welches amt ist für wohngeld
    // zuständig" found Bildung und Teilhabe, "an welche stelle wende ich
    // mich wegen hundesteuer" the Hundekot).
    cue(&["welches", "amt"], Address),
    cue(&["welche", "stelle"], Address),
    cue(&["welche", "behorde"], Address),
    cue(&["welche", "dienststelle"], Address),
    cue(&["zustandig*"], Address),
    cue(&["wen", "kann", "ich"], Address),
    // "wann telefonisch erreichbar" asks for hours; "wie erreiche ich"
    // (a contact) stays with the address by "kontakt", "telefon".
    weak(&["erreichbar*"], Hours),
    last(&["wieder", "auf"], Hours),
    cue(&["wieder", "offen"], Hours),
    cue(&["wieder", "geoffnet"], Hours),
    cue(&["where"], Address),
    cue(&["address"], Address),
    cue(&["phone*"], Address),
    cue(&["contact"], Address),
    // Online.
    cue(&["online+"], Online),
    cue(&["internet"], Online),
    cue(&["digital*"], Online),
    cue(&["website"], Online),
    // Procedure.
    cue(&["wie", "geht"], Procedure),
    cue(&["wie", "funktioniert"], Procedure),
    cue(&["wie", "lauft"], Procedure),
    cue(&["was", "muss", "ich", "tun"], Procedure),
    cue(&["was", "muss", "ich", "machen"], Procedure),
    cue(&["was", "muss", "ich", "jetzt"], Procedure),
    cue(&["was", "mache", "ich"], Procedure),
    cue(&["was", "tun"], Procedure),
    cue(&["was", "kann", "ich", "tun"], Procedure),
    cue(&["was", "kann", "man", "tun"], Procedure),
    cue(&["was", "konnen", "wir", "tun"], Procedure),
    // "was bekommt man dafür": what the service pays the caller (the
    // poll worker's allowance), as "wie viel bekommt man".
    cue(&["bekomm*", "man", "dafur"], Amount),
    cue(&["bekomm*", "ich", "dafur"], Amount),
    cue(&["krieg*", "man", "dafur"], Amount),
    cue(&["krieg*", "ich", "dafur"], Amount),
    // "wie bekomme ich …" asks the way to it; "wie viel bekomme ich"
    // (longer at "wie") asks an amount.
    cue(&["wie", "bekomm*"], Procedure),
    cue(&["wie", "krieg*"], Procedure),
    cue(&["wie", "erhalt*"], Procedure),
    cue(&["ablauf*"], Procedure),
    cue(&["vorgehen"], Procedure),
    cue(&["what", "to", "do"], Procedure),
    cue(&["what", "do", "i", "do"], Procedure),
    cue(&["what", "should", "i", "do"], Procedure),
    cue(&["what", "now"], Procedure),
    cue(&["procedure"], Procedure),
    cue(&["how", "do", "i"], Procedure),
    cue(&["how", "to"], Procedure),
    // "wie melde ich mich an", "wie stelle man den antrag": how to do it
    // (weak, so "wie viel zahle ich" and "wie lange muss ich" keep their
    // stronger cue).
    weak(&["wie", "+", "ich"], Procedure),
    weak(&["wie", "+", "man"], Procedure),
    weak(&["wie", "+", "wir"], Procedure),
    cue(&["how", "can", "i"], Procedure),
    cue(&["how", "can", "we"], Procedure),
    cue(&["how", "do", "we"], Procedure),
    // Agents' English drops the rest ("how book appointment"); "how much",
    // "how long", "how old" are longer cues and win.
    cue(&["how"], Procedure),
    weak(&["wie"], Procedure),
    // A "wie" that ends a note after its topic ("sperrmüll anmelden wie",
    // "pin zurücksetzen wie") is the agent's shorthand for "how does it
    // work"; inside a sentence "wie" opens many questions and stays weak.
    last(&["wie"], Procedure),
    weak(&["beantrag*"], Procedure),
    weak(&["apply"], Procedure),
];

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
}

/// First words that make a question a yes/no question.
const YES_NO_OPENERS: &[&str] = &[
    "kann", "konnen", "darf", "durfen", "muss", "mussen", "brauch*", "benotig*", "geht", "gibt",
    "ist", "sind", "bekomm*", "krieg*", "hab*", "soll*", "wird", "werden", "gilt", "can", "do",
    "does", "is", "are", "must", "may",
];

/// Openers in the first person singular: without "ich" after them they
/// tell, with the subject left out as in a note ("brauche nen neuen
/// perso", "hab die PIN vergessen"); "brauche ich …" asks.
const FIRST_PERSON: &[&str] = &["brauche", "benotige", "bekomme", "kriege", "habe", "hab"];

/// Subjects after an inverted verb ("muss *ich*", "kann *man*").
const SUBJECTS: &[&str] = &[
    "ich", "man", "wir", "du", "er", "sie", "der", "die", "das", "mein*", "i", "we", "you",
];

/// Personal pronouns: a subject before its verb makes a statement.
const PRONOUNS: &[&str] = &["ich", "wir", "du", "er", "sie", "man", "i", "we", "you"];

/// Question words: a clause with one before its verb asks something
/// other than yes or no ("was muss ich mitbringen").
const W_WORDS: &[&str] = &[
    "was", "wann", "wo", "wie", "wer", "wen", "wem", "welch*", "warum", "wieso", "weshalb",
    "woher", "wohin", "what", "when", "where", "how", "who", "which",
];

/// Whether a folded word is a question word ([`W_WORDS`]).
pub(super) fn is_question_word(word: &str) -> bool {
    W_WORDS.iter().any(|w| matches_word(w, word))
}

/// Words that make a statement a yes/no question wherever they stand
/// ("kirchenaustritt im bürgerbüro möglich", "biotonne plastiktüte
/// erlaubt", "geht das").
const YES_NO_MARKERS: &[&[&str]] = &[
    &["moglich"],
    &["erlaubt"],
    &["zulassig"],
    &["geht", "das"],
    &["gehts"],
    &["is", "it", "possible"],
];

/// Whether a clause asks yes or no: it opens with a verb ("kann ich …"),
/// has a marker ("… möglich"), or has an inverted verb and subject with
/// no question word before them ("ziehe innerhalb bochum um muss ich den
/// hund abmelden"; not "was muss ich mitbringen").
fn is_yes_no_clause(clause: &str) -> bool {
    let w: Vec<String> = words(clause).map(|w| fold(w.text)).collect();
    let is = |table: &[&str], word: &str| table.iter().any(|p| matches_word(p, word));
    // A first-person verb without "ich" after it tells ([`FIRST_PERSON`]).
    let tells =
        |i: usize| FIRST_PERSON.contains(&w[i].as_str()) && w.get(i + 1).is_none_or(|n| n != "ich");
    if w.first().is_some_and(|first| is(YES_NO_OPENERS, first)) && !tells(0) {
        return true;
    }
    if YES_NO_MARKERS
        .iter()
        .any(|m| (0..w.len()).any(|i| matches_at(m, &w[i..])))
    {
        return true;
    }
    for i in 1..w.len() {
        if is(W_WORDS, &w[i - 1]) {
            return false;
        }
        // "ich hab meinen ausweis verloren" tells: the subject stands
        // before the verb, so "hab meinen" is no inversion.
        let told = i >= 2 && is(PRONOUNS, &w[i - 2]);
        if is(YES_NO_OPENERS, &w[i - 1]) && is(SUBJECTS, &w[i]) && !told && !tells(i - 1) {
            return true;
        }
    }
    false
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
        let after = folded.get(i + 1).map(String::as_str);
        let a_measure = after.is_some_and(|a| MEASURES.iter().any(|m| a.starts_with(m)));
        // "seit acht jahren hier", "vor 3 jahren", "alle 10 jahre": a
        // span of time, not a person's age.
        let a_span = matches!(
            before,
            Some("seit" | "vor" | "in" | "fur" | "alle" | "nach" | "innerhalb")
        );
        if (matches!(before, Some("ist" | "bin" | "wird" | "werde" | "sind")) && !a_measure)
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

/// "wie lang dürfen die äste sein", "wie hoch darf die hecke sein": a size
/// with "sein" at the clause's end asks what is allowed, not a duration
/// or a fee.
fn asks_a_size(phrase: &[&str], clause_last: &str) -> bool {
    const SIZES: &[&str] = &[
        "lang", "lange", "hoch", "gross", "breit", "schwer", "dick", "tief",
    ];
    phrase.len() == 2
        && phrase[0] == "wie"
        && SIZES.contains(&phrase[1])
        && matches!(clause_last, "sein" | "werden")
}

/// "wie lange darf ich …", "wie oft darf man …": the question asks for a
/// span or a count; the "darf" after it is the permission that span is
/// about, not who may. ("wann darf ich" and "wie viel darf ich" stay
/// who-may: measured, they lost two blind answers.)
fn after_how_long(folded: &[String], i: usize) -> bool {
    folded[i] == "darf"
        && i.checked_sub(1)
            .is_some_and(|j| matches!(folded[j].as_str(), "lange" | "lang" | "oft"))
}

/// "bis 3 uhr gefeiert", "um 10 uhr einen termin": a time of day in the
/// caller's story, not a question when ("wie viel uhr" is its own cue).
fn after_a_number(folded: &[String], i: usize) -> bool {
    i.checked_sub(1)
        .is_some_and(|j| count_of(&folded[j]).is_some())
}

/// Units after a number that make it no age ("die tonne ist 60 liter").
const MEASURES: &[&str] = &[
    "euro", "liter", "prozent", "cm", "meter", "kg", "km", "uhr", "minute", "stunde", "tag",
    "woche", "monat", "stuck", "mal",
];

/// A number that can be a person's age.
fn is_age(w: &str) -> bool {
    count_of(w).is_some_and(|n| (1..=99).contains(&n))
}

/// A past participle: "geleert", "gekommen", "abgeholt", "umgezogen"
/// ("ge" at the start or after a separable prefix, ending in t or en).
pub fn is_participle(w: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "", "ab", "an", "auf", "aus", "ein", "mit", "um", "vor", "zu", "weg", "zuruck",
    ];
    w.chars().count() >= 6
        && (w.ends_with('t') || w.ends_with("en"))
        && PREFIXES
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(|r| r.starts_with("ge")))
}

/// Numerals before "zahlen" make it the noun ("WAT und vier Zahlen"), and
/// a "nicht" after it someone else's failure to pay ("Vater zahlt
/// nicht"): neither asks what the caller pays.
fn not_a_payment(folded: &[String], i: usize) -> bool {
    const NUMERALS: &[&str] = &[
        "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "paar",
    ];
    let w = folded[i].as_str();
    if !w.starts_with("zahl") {
        return false;
    }
    let after_numeral = i > 0
        && (NUMERALS.contains(&folded[i - 1].as_str())
            || folded[i - 1].chars().all(|c| c.is_ascii_digit()));
    // "zahlt nicht", "zahlt keinen unterhalt", "zahlt seit monaten nix".
    let refused = folded.iter().skip(i + 1).take(3).any(|n| {
        matches!(
            n.as_str(),
            "nicht" | "nichts" | "nix" | "nie" | "kein" | "keine" | "keinen"
        )
    });
    after_numeral || refused
}

/// Whether the cue of `len` words at `i` names a thing to change: a German
/// verb after it ("adresse sperren lassen", "anschrift ändern") or a word
/// before it ("change address", "neue adresse") makes the
/// address the caller's topic, not a question where something is.
fn is_changed(folded: &[String], i: usize, len: usize) -> bool {
    const CHANGE_VERBS: &[&str] = &[
        "andern",
        "andert",
        "geandert",
        "sperren",
        "sperrt",
        "gesperrt",
        "ummelden",
        "melden",
        "mitteilen",
        "angeben",
        "eintragen",
        "berichtigen",
        "korrigieren",
        "loschen",
        "aktualisieren",
    ];
    // "neue adresse", "alte anschrift": the address that changes.
    const CHANGING: &[&str] = &[
        "change", "changed", "update", "new", "block", "hide", "neue", "neuen", "neuer", "alte",
        "alten", "alter",
    ];
    let after = folded.get(i + len).map(String::as_str);
    let before = i.checked_sub(1).map(|j| folded[j].as_str());
    after.is_some_and(|w| CHANGE_VERBS.contains(&w))
        || before.is_some_and(|w| CHANGING.contains(&w))
}

/// Whether the documents word at `i` names the paper the caller wants,
/// by what it proves: "einen nachweis, wo ich wohne", "nachweis dass ich
/// nichts angestellt habe". That is the certificate asked for (the
/// Meldebescheinigung, the Führungszeugnis), not the documents some other
/// service wants. ("Papier" stays a documents word: as a topic it finds
/// the Fahrzeugpapiere and the Papierführerschein.)
fn names_a_proof(folded: &[String], i: usize) -> bool {
    folded[i] == "nachweis"
        && folded
            .get(i + 1)
            .is_some_and(|n| matches!(n.as_str(), "dass" | "wo" | "uber" | "von" | "daruber"))
}

/// Whether the clause from `i` to `end` says a deadline was missed
/// ("frist verpasst", "zu spät … versäumt"): the caller knows the deadline
/// and asks what follows, which entries tell in their notes, so the
/// deadline word does not ask for the Fristen.
fn is_missed(folded: &[String], i: usize, end: usize) -> bool {
    const MISSED: &[&str] = &[
        "verpasst",
        "versaumt",
        "verschlafen",
        "verpennt",
        "uberschritten",
        "missed",
    ];
    folded
        .get(i..=end)
        .is_some_and(|clause| clause.iter().any(|w| MISSED.contains(&w.as_str())))
}

/// "innerhalb von/einer/eines": a deadline only before a span of time.
fn is_within(phrase: &[&str]) -> bool {
    phrase.len() == 2 && phrase[0] == "innerhalb"
}

/// Whether a time span follows at `from` ("innerhalb von *zwei wochen*",
/// "innerhalb eines *monats*"), not a place ("innerhalb von bochum
/// umgezogen"): a number or a unit of time within the next two words.
fn spans_time(folded: &[String], from: usize) -> bool {
    const SPAN: &[&str] = &[
        "ein*", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "zehn", "vierzehn",
        "tag*", "woche*", "monat*", "jahr*", "stunde*", "frist*", "wenig*", "kurz*", "14",
    ];
    folded
        .iter()
        .skip(from)
        .take(2)
        .any(|w| w.chars().all(|c| c.is_ascii_digit()) || SPAN.iter().any(|p| matches_word(p, w)))
}

/// The index (in [`words`] order) of the last word of each clause.
fn clause_ends(query: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut seen = 0;
    for clause in query.split([',', ';', '.', '?', '!']) {
        let n = words(clause).count();
        if n > 0 {
            seen += n;
            ends.push(seen - 1);
        }
    }
    ends
}

/// Where a cue matched: its words in a row at the position looked at, or
/// all but its verb there and the verb at the clause's end.
#[derive(Debug, Clone, Copy)]
enum Placed {
    Here,
    VerbAt(usize),
}

/// Whether a phrase placed at `i` ends at the clause's last word `end`,
/// after a topic: alone ("wie", "straße") it asks nothing.
fn ends_clause(phrase: &[&str], placed: Placed, i: usize, end: usize) -> bool {
    i > 0
        && match placed {
            Placed::Here => i + phrase.len() - 1 == end,
            Placed::VerbAt(at) => at == end,
        }
}

/// Whether the clause of word `i` tells what the caller does ("ich",
/// "wir"): its particle at the end is the caller's verb ("ich höre mit
/// meinem kiosk auf" is "aufhören", "wir machen den laden zu" closing a
/// business), not an office's opening ("wann hat das amt auf",
/// "bürgerbüro zu?").
fn callers_own_clause(folded: &[String], ends: &[usize], i: usize) -> bool {
    let end = clause_end(ends, i).min(folded.len() - 1);
    let start = ends.iter().rev().find(|&&e| e < i).map_or(0, |&e| e + 1);
    let clause = &folded[start..=end];
    clause.iter().any(|w| matches!(w.as_str(), "ich" | "wir"))
        && !clause.iter().any(|w| {
            matches!(
                w.as_str(),
                "hat" | "haben" | "hatte" | "hatten" | "macht" | "ist" | "sind" | "wann"
            )
        })
}

/// Whether "straße" at `i` ends a street's name: after an adjective in -er
/// ("havkenscheider straße", "castroper straße"), not after a place's
/// name ("bürgerbüro wattenscheid straße").
fn names_a_street(phrase: &[&str], folded: &[String], i: usize) -> bool {
    phrase == ["strasse"] && i.checked_sub(1).is_some_and(|j| folded[j].ends_with("er"))
}

/// How `phrase` matches at `i` (`end`: the clause's last word), if at all.
/// A verb already taken by another cue is not taken again.
fn placed(
    phrase: &[&str],
    folded: &[String],
    i: usize,
    end: usize,
    taken: &[bool],
) -> Option<Placed> {
    match bracketed(phrase, folded, i, end) {
        Some(at) if !taken[at] => Some(Placed::VerbAt(at)),
        _ if matches_at(phrase, &folded[i..]) => Some(Placed::Here),
        _ => None,
    }
}

/// Most words between a question's opening and its verb at the clause's
/// end that still make one phrase ("was muss ich *zum termin im
/// bürgerbüro* mitbringen").
const BRACKET_GAP: usize = 4;

/// The German verb bracket: "was muss ich zum amt mitnehmen" is the cue
/// "was muss ich mitnehmen" with the verb moved to the clause's end. A
/// phrase of three or more words that opens with a question word ("bis
/// wann" too) matches when all but its last word stand at `i` and the last
/// is the clause's last word, at most [`BRACKET_GAP`] words later. Returns
/// that word's position. Contiguous phrases are matched as they are, not
/// here.
fn bracketed(phrase: &[&str], folded: &[String], i: usize, end: usize) -> Option<usize> {
    let n = phrase.len();
    if n < 3 {
        return None;
    }
    // "bis wann … erreichbar": a preposition before the question word
    // opens the question as well.
    let opening = if phrase[0] == "bis" {
        phrase[1]
    } else {
        phrase[0]
    };
    if !W_WORDS.iter().any(|w| matches_word(w, opening)) {
        return None;
    }
    let open = i + n - 1;
    let gap = end.checked_sub(open)?;
    ((1..=BRACKET_GAP).contains(&gap)
        && matches_at(&phrase[..n - 1], &folded[i..])
        && matches_word(phrase[n - 1], &folded[end]))
    .then_some(end)
}

/// The position of the last word of the clause that word `i` stands in.
fn clause_end(ends: &[usize], i: usize) -> usize {
    ends.iter().copied().find(|e| *e >= i).unwrap_or(i)
}

/// Most letters a `*` word of the tables may add: an inflection
/// ("kosten", "unterlagen", "montags"), not a compound's second part.
const INFLECTION: usize = 4;

/// An aspect's place in [`Aspect::PRIORITY`] and in the evidence array.
fn slot(aspect: Aspect) -> usize {
    Aspect::PRIORITY
        .iter()
        .position(|a| *a == aspect)
        .unwrap_or(0)
}

/// Whether a folded word matches a table word (a trailing `*` allows an
/// inflection, a trailing `+` any continuation; see [`Cue`]).
/// The cue word a mistyped word stands for, if it is one: see
/// [`understand_with`]. Only cue words of five letters or more are
/// guessed, with their own typo budget and their first letter as typed;
/// for a pattern of a word's start ("gebuhr+", "dauer*") the typed word's
/// start is compared and its rest kept, so "geburen" reads as "gebuhren".
fn corrected(word: &str, known: &dyn Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let first = *chars.first()?;
    if typo_budget(word) == 0 {
        return None;
    }
    let candidates = GUESSABLE.get(&first)?;
    if candidates.iter().any(|g| matches_word(g.pattern, word)) {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for g in candidates {
        // Where the typed word's part that stands for the cue word may
        // end: one letter more or less for a word's start.
        let ends = if g.open {
            g.len.saturating_sub(1)..=(g.len + 1).min(chars.len())
        } else if chars.len().abs_diff(g.len) <= g.budget {
            chars.len()..=chars.len()
        } else {
            continue;
        };
        for end in ends {
            let head: String = chars[..end].iter().collect();
            let d = osa_distance(&head, g.literal);
            if d == 0 || d > g.budget || best.as_ref().is_some_and(|(b, _)| *b <= d) {
                continue;
            }
            let rest: String = chars[end..].iter().collect();
            // A word that goes on past an open cue's start is read as
            // that cue only for one slip: two edits there make another
            // compound ("telefonservice" is no "telefonnr…").
            if g.open && !rest.is_empty() && d > 1 {
                continue;
            }
            let fixed = format!("{}{rest}", g.literal);
            if matches_word(g.pattern, &fixed) {
                best = Some((d, fixed));
            }
        }
    }
    // Asked last: most words are near no cue word at all.
    best.filter(|_| !known(word)).map(|(_, w)| w)
}

/// A cue word that a typo may stand for.
struct Guessable {
    /// The table's pattern ("gebuhr+").
    pattern: &'static str,
    /// Its letters without the pattern's mark ("gebuhr").
    literal: &'static str,
    /// Its length in letters.
    len: usize,
    /// Whether it is a word's start (`*` or `+`).
    open: bool,
    /// Its typo budget, by its own length.
    budget: usize,
}

/// The cue words of five letters or more, by first letter, worked out once.
static GUESSABLE: std::sync::LazyLock<HashMap<char, Vec<Guessable>>> =
    std::sync::LazyLock::new(|| {
        let mut by_first: HashMap<char, Vec<Guessable>> = HashMap::new();
        for &pattern in CUES.iter().flat_map(|c| c.phrase.iter()) {
            let (literal, open) = match (pattern.strip_suffix('*'), pattern.strip_suffix('+')) {
                (Some(l), _) | (_, Some(l)) => (l, true),
                _ => (pattern, false),
            };
            let budget = usize::from(typo_budget(literal));
            let Some(first) = literal.chars().next() else {
                continue;
            };
            let list = by_first.entry(first).or_default();
            if budget > 0 && !list.iter().any(|g| g.pattern == pattern) {
                list.push(Guessable {
                    pattern,
                    literal,
                    len: literal.chars().count(),
                    open,
                    budget,
                });
            }
        }
        by_first
    });

fn matches_word(pattern: &str, word: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix('*') {
        return word
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.chars().count() <= INFLECTION);
    }
    match pattern.strip_suffix('+') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern,
    }
}

fn matches_at(phrase: &[&str], words: &[String]) -> bool {
    phrase.len() <= words.len() && phrase.iter().zip(words).all(|(p, w)| matches_word(p, w))
}

/// Whether a section's text shows it answers `aspect`: a word of it starts
/// with one of the aspect's evidence stems. Returns how many of those
/// stems it has, so the section that says most can be chosen.
pub fn evidence_in(text: &str, aspect: Aspect) -> usize {
    evidence_among(&folded_and_stemmed(text), aspect)
}

/// [`evidence_in`] over words already analysed with
/// [`folded_and_stemmed`]. Counts distinct evidence, not occurrences: a
/// fee list by age says "Jahren" four times and still says less about who
/// may apply from which age than the note "selbst beantragen kann man ab
/// 18 Jahren".
pub fn evidence_among(found: &[(String, String)], aspect: Aspect) -> usize {
    aspect
        .evidence()
        .iter()
        .filter(|c| {
            found.iter().any(|(f, s)| {
                f.starts_with(*c)
                    || s.starts_with(*c)
                    || (aspect == Aspect::Address && f.contains(*c))
            })
        })
        .count()
}

#[cfg(test)]
mod tests {
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
