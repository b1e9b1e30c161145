//! The one table of aspect cues, German and English, and the matching of
//! its patterns (`*` an inflection, `+` any continuation); the evidence
//! words that show a section answers an aspect.

use crate::kb::analysis::folded_and_stemmed;

use super::Aspect;

/// One cue: a phrase of folded words and how strongly it points at its
/// aspect. A trailing `*` allows inflected forms (up to
/// [`INFLECTION`] more letters: "kostet", "unterlagen", "montags"); a
/// trailing `+` any compound the word opens, for cue words whose
/// compounds still ask the same ("kostenlos", "öffnungszeiten",
/// "fristverlängerung", "onlineantrag"). Other cue words as a compound's
/// first part name a thing: "Dokumentenausgabebox", "Papiertonne",
/// "Adressänderung", "Daueraufenthalt" are topics, not aspects.
pub(super) struct Cue {
    pub(super) phrase: &'static [&'static str],
    pub(super) aspect: Aspect,
    pub(super) strength: f32,
    /// Counts only as its clause's last words (see [`last`]).
    pub(super) last: bool,
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
pub(super) const CUES: &[Cue] = &[
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

/// Most letters a `*` word of the tables may add: an inflection
/// ("kosten", "unterlagen", "montags"), not a compound's second part.
const INFLECTION: usize = 4;

/// Whether a folded word matches a table word (a trailing `*` allows an
/// inflection, a trailing `+` any continuation; see [`Cue`]).
pub(super) fn matches_word(pattern: &str, word: &str) -> bool {
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

/// Whether the words from the start of `words` match `phrase`, word by
/// word.
pub(super) fn matches_at(phrase: &[&str], words: &[String]) -> bool {
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
