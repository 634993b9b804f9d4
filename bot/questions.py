"""The intake questions, with answer buttons. A button sends its label as plain text, which the free-text
understanding handles like anything typed (so no button can force an intent)."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Text


@dataclass(frozen=True)
class Question:
    text: Text
    buttons: tuple[Text, ...] = ()

    def as_message(self, lang: str) -> dict[str, object]:
        return {"text": self.text.get(lang),
                "buttons": [{"title": b.get(lang), "payload": b.get(lang)} for b in self.buttons]}


def _b(*pairs: tuple[str, str]) -> tuple[Text, ...]:
    return tuple(Text(nl, en) for nl, en in pairs)


QUESTIONS: dict[str, Question] = {
    "education": Question(
        Text("Welke school of opleiding heb je (gehad)?", "What school or education do you have (or are you in now)?"),
        _b(("vmbo basis", "vmbo basic"), ("vmbo kader", "vmbo kader"), ("vmbo gl/tl (mavo)", "vmbo gl/tl (mavo)"),
           ("havo/vwo", "havo/vwo"), ("mbo-diploma", "mbo diploma"), ("geen diploma", "no diploma"),
           ("diploma uit het buitenland", "foreign diploma"))),
    "vmbo_profile": Question(
        Text("Welk profiel heb je op het vmbo? Bijvoorbeeld PIE, BWI, Zorg en welzijn of Economie.",
             "Which vmbo profile do you have? For example PIE, BWI, Zorg en welzijn (care) or Economie (economics)."),
        _b(("PIE", "PIE"), ("BWI", "BWI"), ("Mobiliteit en transport", "Mobiliteit en transport"), ("MVI", "MVI"),
           ("Zorg en welzijn", "Zorg en welzijn"), ("Economie en ondernemen", "Economie en ondernemen"),
           ("Horeca, bakkerij en recreatie", "Horeca, bakkerij en recreatie"), ("Groen", "Groen"))),
    "has_math_or_science": Question(
        Text("Zit wiskunde of NaSk1 (natuur- en scheikunde) in je examenpakket? Dat is nodig om naar techniek te gaan.",
             "Is maths or science (NaSk1) one of your exam subjects? You need one of them for a technical course."),
        _b(("ja", "yes"), ("nee", "no"), ("weet ik niet", "I don't know"))),
    "age": Question(Text("Hoe oud ben je?", "How old are you?")),
    "interests_text": Question(
        Text("Wat doe je graag? Vertel het in je eigen woorden, bijvoorbeeld 'sleutelen aan scooters', 'gamen en computers' of 'buiten bouwen'.",
             "What do you like doing? Tell me in your own words, for example 'fixing scooters', 'gaming and computers' or 'building things outside'."),
        _b(("iets met auto's", "something with cars"), ("elektriciteit", "electricity"),
           ("computers en ICT", "computers and IT"), ("bouwen en hout", "building and wood"),
           ("metaal en lassen", "metal and welding"))),
    "route": Question(
        Text("Wil je vooral naar school (BOL), of werken en leren tegelijk, met loon (BBL)? Vraag gerust 'wat is bbl?'.",
             "Do you want to go to school full-time (BOL), or work and learn at the same time, with pay (BBL)? Feel free to ask 'what is BBL?'."),
        _b(("BOL: vooral school", "BOL: mostly school"), ("BBL: werken en leren", "BBL: work and learn"),
           ("maakt niet uit", "doesn't matter"))),
    "place": Question(Text("In welke plaats woon je? Dan zoek ik scholen in de buurt.",
                           "Which town do you live in? Then I look for schools nearby.")),
    "start_wish": Question(
        Text("Wanneer wil je beginnen?", "When do you want to start?"),
        _b(("zo snel mogelijk", "as soon as possible"), ("september", "september"), ("februari", "february"),
           ("maakt niet uit", "doesn't matter"))),
    "dutch_level": Question(
        Text("Hoe goed spreek je Nederlands?", "How well do you speak Dutch?"),
        _b(("een beetje", "a little"), ("redelijk", "reasonably"), ("goed", "well"), ("moedertaal", "native"))),
}
