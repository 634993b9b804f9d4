"""The simulated person in a conversation: reads each bot reply (text and buttons only) and answers it.

Agenda-based: the agenda is the goal's facts. Asked a question, the person answers that fact from the goal in
their style; asked something they cannot place, they say something plausible from the goal (as people do) and
never crash. Every decision uses the person's own seeded random generator, so a conversation replays exactly
as long as the bot answers the same.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections import Counter
from typing import Any

from . import phrases, questions, styles
from .phrases import AGE, DUTCH, EDUCATION, INTERESTS, MATH, PLACE, PROFILE, ROUTE, START
from .population import FIELDS, MBO_GRADUATE, PARENT, PLACES, ROUTES, STARTS, Goal, Person
from .questions import CHOICE, CONFIRM, HAVO_PASSED, Asked, Button

# Facts a "weet niet" person may not know or not want to say; nobody says "weet niet" to their age or town.
MAY_NOT_KNOW = (PROFILE, MATH, INTERESTS, ROUTE, START, DUTCH)
# The order in which a person volunteers facts nobody asked for.
VOLUNTEER_ORDER = (EDUCATION, AGE, INTERESTS, ROUTE, PLACE, START)
# Facts whose answer a person may take back ("bol ... nee wacht, toch bbl").
CHANGEABLE = (ROUTE, INTERESTS, PLACE)

_NOT_UNDERSTOOD = re.compile(
    r"sorry|snap|begrijp|understand|anders zeggen|rephrase|say that again|"
    r"probeer het|try again|lukt me niet|can't follow",
    re.IGNORECASE,
)
_GO_ON_BUTTON = re.compile(r"zoek|search|advies|advice|verder|continue|go on|opleidingen|courses", re.IGNORECASE)

# Which button title fits a fact of the goal (matched case-insensitively, first hit wins).
_EDU_BUTTON = {
    "vmbo_bb": r"basis|basic",
    "vmbo_kb": r"kader",
    "vmbo_gl": r"\bgl\b",
    "vmbo_tl": r"\btl\b",
    "havo": r"havo",
    "vwo": r"vwo",
    "mbo2": r"\bmbo",
    "mbo3": r"\bmbo",
    "mbo4": r"\bmbo",
    "none": r"geen diploma|no diploma",
    "foreign": r"buitenland|foreign",
}
_PROFILE_BUTTON = {
    "PIE": r"\bpie\b",
    "BWI": r"\bbwi\b",
    "MVI": r"\bmvi\b",
    "MT": r"mobiliteit|mobility",
    "MaT": r"maritie|maritime",
    "ZW": r"zorg|care",
    "EO": r"economie|economics",
    "HBR": r"horeca",
    "DP": r"dienstverlening|\bd&p\b",
    "GR": r"groen|green",
}
_FIELD_BUTTON = {
    "cars": r"auto|\bcar",
    "electrical": r"elektr|electric",
    "ict": r"computer|\bict\b|\bit\b",
    "construction": r"bouw|build|hout|wood",
    "metal": r"metaal|metal|lassen|weld",
    "installation": r"installat|warmte|heat",
    "process": r"\blab|proces|process",
}
_ROUTE_BUTTON = {"bol": r"\bbol\b", "bbl": r"\bbbl\b", "either": r"maakt niet uit|doesn'?t matter|either|allebei"}
_START_BUTTON = {
    "asap": r"zo snel|soon|asap",
    "september": r"sept",
    "february": r"febr",
    "any": r"maakt niet uit|doesn'?t matter|whenever",
}
_DUTCH_BUTTON = {
    "A2": r"beetje|little",
    "B1": r"redelijk|reasonabl",
    "B2": r"^goed|^well|good",
    None: r"moedertaal|native",
}

# How well a choice item's option fits each interest field: (pattern in the option, {field: weight}).
_AFFINITY: tuple[tuple[re.Pattern[str], dict[str, float]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), {k: float(v) for k, v in w.items()})
    for p, w in (
        # doing things with one's hands: every hands-on field, process work (watching a plant) a little less
        (
            r"repar|fix|sleutel|maken|make|handen|hands|monteren|assembl",
            {"cars": 1, "electrical": 1, "installation": 1, "construction": 1, "metal": 1, "process": 0.3},
        ),
        (
            r"zelf aan de slag|getting on with|get on with",
            {"cars": 0.5, "electrical": 0.5, "construction": 0.5, "metal": 0.5, "process": 0.5},
        ),
        (r"computer|\bict\b|program|software|digit|scherm|screen|code|gam|netwerk|network", {"ict": 2.5}),
        (r"ontwerp|design|teken|draw|bedenk|creat|invent", {"ict": 1, "construction": 0.5}),
        (
            r"uitzoek|onderzo|research|find out|finding out|hoe iets werkt|how (?:some)?things? works?|meten|measur|"
            r"analy|\blab|experiment|proef|test",
            {"process": 2, "electrical": 1, "ict": 0.5},
        ),
        (r"buiten|outside|outdoor", {"construction": 2, "installation": 1, "electrical": 0.5}),
        (r"binnen|inside|indoor", {"cars": 1, "metal": 1, "ict": 1, "process": 1}),
        (
            r"\bbouw|construct|huizen|houses|metsel|brick|timmer|carpent|beton|concrete|hout|wood",
            {"construction": 2, "installation": 1, "electrical": 0.5},
        ),
        (r"afwerk|finish|tegel|tile|stuc|plaster|schilder|paint", {"construction": 1}),
        (r"fabriek|factory|werkplaats|workshop", {"metal": 1.5, "process": 1.5, "cars": 1, "electrical": 0.5}),
        (r"machine", {"metal": 1, "process": 1, "cars": 0.5}),
        (r"voertu|vehicle|\bauto|\bcar|motor|engine|fiets|bike|brommer|scooter|vracht|truck", {"cars": 2.5}),
        (r"stroom|elektr|electr", {"electrical": 2.5}),
        (r"metaal|metal|lass|weld|draai|turning|frees|milling", {"metal": 3}),
        (r"installat", {"installation": 2, "electrical": 1}),
        (
            r"verwarm|heating|warmte|heat|\bcv\b|boiler|energie|energy|duurza|sustainab|zonne|solar|klimaat|climate",
            {"installation": 2.5, "electrical": 0.5},
        ),
        (r"mensen|people|helpen|help|klant|customer", {"installation": 0.5, "ict": 0.5}),
        (
            r"volgens plan|to a plan|regel|organis|plannen|orde|order|precie|precis|nauwkeur|accura",
            {"process": 1, "metal": 0.5},
        ),
    )
)
_DONT_KNOW_OPTION = re.compile(r"weet (?:ik )?niet|geen idee|don'?t know|no idea|not sure", re.IGNORECASE)


class Agent:
    """One simulated person talking: `opening()` once, then `reply(messages)` for each bot reply."""

    def __init__(self, person: Person) -> None:
        self.person = person
        self.goal: Goal = person.goal
        self.style = person.style
        self.lang = person.language
        self.rng = random.Random(person.seed)
        self.told: set[str] = set()  # facts said at least once (in any words)
        self.dont_know: set[str] = set()  # facts answered with "weet niet": not revealed to the bot
        self.asked: Counter[str] = Counter()  # question key -> times asked
        self.last_fact: str | None = None
        self.last_answer = ""
        self.pending_correction: str | None = None  # change mind: the fact to correct in the next message
        self.changed = False
        self.deflections = 2 if self.style == styles.OTHER_QUESTION else 0
        self.dont_knows = self.rng.choice((2, 3)) if self.style == styles.DONT_KNOW else 0
        self.choices: list[tuple[str, str]] = []  # (choice item, what the person chose)
        self.child = ("daughter", "son")[person.seed // 4 % 2] if PARENT in person.tags else None

    # --- speaking --------------------------------------------------------------------------------------------
    def opening(self) -> str:
        """The first message: a greeting, or a greeting with facts (several facts), a diploma statement (mbo
        graduates) or a question about what the bot can do."""
        g, rng = self.goal, self.rng
        if self.child is not None:
            return self._parent_opening()
        if self.style == styles.ENGLISH:
            return rng.choice(("hi", "hi", "hello, I'm looking for a course"))
        greeting = rng.choice(("hoi", "hallo", "hey", "goedemiddag"))
        if self.style == styles.SEVERAL:
            facts = [EDUCATION, AGE] + ([PROFILE] if g.vmbo_profile and rng.random() < 0.5 else []) + [INTERESTS]
            return f"{greeting}, " + self._join([self._say(f, terse=False) for f in facts])
        if g.kind == MBO_GRADUATE and self.style in (styles.FULL, styles.SIDE_QUESTION) and rng.random() < 0.5:
            return self._say(EDUCATION, terse=False)
        if self.style == styles.SIDE_QUESTION and rng.random() < 0.3:
            return rng.choice(("hoi, wat kun jij allemaal?", "hallo, kun je me helpen een opleiding te kiezen?"))
        if self.style == styles.TYPOS:
            return rng.choice((greeting, "hallo ik zoek n opleidng"))
        return greeting

    def _parent_opening(self) -> str:
        """ "hallo, ik zoek een opleiding voor mijn dochter" (with facts, for several facts)."""
        assert self.child is not None
        greeting = self.rng.choice(("hallo", "goedemiddag", "hoi"))
        said = phrases.PARENT_OPENING[self.lang].format(greeting=greeting, child=phrases.CHILD[(self.lang, self.child)])
        if self.style == styles.SEVERAL:
            said = self._join([said, *[self._say(f, terse=False) for f in (EDUCATION, AGE, INTERESTS)]])
        return said

    def reply(self, messages: list[dict[str, Any]]) -> str:
        """The answer to one bot reply."""
        asked = questions.read(messages)
        self.asked[asked.key] += 1
        correction = self._correction()
        answer = self._answer(asked)
        self.last_answer = answer
        return f"{correction}. {answer}" if correction else answer

    # --- what to say -----------------------------------------------------------------------------------------
    def _answer(self, asked: Asked) -> str:
        if asked.kind == CHOICE:
            return self._choose(asked)
        if asked.kind == CONFIRM:
            return self._confirm(asked)
        if asked.kind == HAVO_PASSED:
            return ("ja, " if self.lang == "nl" else "yes, ") + self._say(EDUCATION, terse=False)
        if asked.kind in phrases.FACTS:
            return self._answer_fact(asked.kind, asked)
        return self._plausible(asked)

    def _answer_fact(self, fact: str, asked: Asked) -> str:
        style, rng = self.style, self.rng
        self.last_fact = fact
        if fact in self.dont_know:
            return self._dont_know()
        if self.asked[asked.key] >= 3:
            return self._rephrase(fact, asked, self.asked[asked.key])
        if style == styles.BUTTONS:
            button = self.button_for(fact, asked.buttons)
            if button:
                self.told.add(fact)
                return button.payload
        if (
            self.dont_knows
            and fact in MAY_NOT_KNOW
            and fact not in self.told
            and rng.random() < 0.6
            and not (fact == INTERESTS and self.goal.field is None)
        ):
            self.dont_knows -= 1
            self.dont_know.add(fact)
            return self._dont_know()
        if self.deflections and self.asked[asked.key] == 1 and rng.random() < 0.6:
            other = next((f for f in VOLUNTEER_ORDER if f != fact and f not in self.told), None)
            if other:
                self.deflections -= 1
                if other == INTERESTS and self.goal.field is None:
                    # an undecided person's "weet ik nog niet echt" reads as "don't know" to the question asked
                    self.dont_know.add(fact)
                return self._say(other, terse=False)
        if (
            style == styles.CHANGE_MIND
            and not self.changed
            and fact in CHANGEABLE
            and fact not in self.told
            and not (fact == INTERESTS and self.goal.field is None)
        ):
            self.changed = True
            self.pending_correction = fact
            self.told.add(fact)
            return self._say(fact, terse=False, goal=self._decoy(fact))
        answer = self._say(fact, terse=style == styles.TERSE or (style == styles.TYPOS and rng.random() < 0.5))
        if fact == INTERESTS and self.goal.field is None:
            self.dont_know.add(INTERESTS)
        if style == styles.SEVERAL:
            extra = [f for f in VOLUNTEER_ORDER if f != fact and f not in self.told]
            rng.shuffle(extra)
            answer = self._join([answer] + [self._say(f, terse=False) for f in extra[: rng.choice((1, 2))]])
        if style == styles.SIDE_QUESTION and rng.random() < 0.6:
            answer = f"{answer}, {styles.side_question(fact, self.lang, rng)}"
        if style == styles.TYPOS:
            answer = styles.typo(answer, rng, keep=(self.goal.place,))
        return answer

    def _rephrase(self, fact: str, asked: Asked, times: int) -> str:
        """Asked the same thing a third time or more, a person tries other words: the short form, then the
        button that fits (whatever their style), then the two forms in turn."""
        if times == 4:
            button = self.button_for(fact, asked.buttons)
            if button:
                return button.payload
        said = self._say(fact, terse=times % 2 == 1)
        return styles.typo(said, self.rng, keep=(self.goal.place,)) if self.style == styles.TYPOS else said

    def _choose(self, asked: Asked) -> str:
        """An either/or item: the option that fits the goal's field; undecided people pick at random or say
        they don't know (so do "weet niet" people, sometimes)."""
        rng = self.rng
        options = [o for o in asked.options if not _DONT_KNOW_OPTION.search(o)]
        undecided = self.goal.field is None
        if not options or (undecided and rng.random() < 0.3) or (self.style == styles.DONT_KNOW and rng.random() < 0.3):
            self.choices.append((asked.question, "?"))
            return self._dont_know()
        if undecided:
            pick = rng.choice(options)
        else:
            scores = [self.fit(option, self.goal.field) for option in options]
            best = max(scores)
            pick = rng.choice([o for o, s in zip(options, scores) if s == best])
        self.choices.append((asked.question, pick))
        button = next((b for b in asked.buttons if b.title == pick), None)
        if button and self.style == styles.BUTTONS:
            return button.payload
        said = pick.lower().rstrip("?. ")
        if self.style in (styles.FULL, styles.SEVERAL, styles.SIDE_QUESTION):
            said = rng.choice((f"liever {said}", f"{said} denk ik"))
        elif self.style == styles.ENGLISH:
            said = f"{said}, I think"
        return styles.typo(said, rng) if self.style == styles.TYPOS else said

    def _confirm(self, asked: Asked) -> str:
        """ "Klopt het dat je 16 bent?": yes when it names something of the goal, else no."""
        yes = any(token and token.lower() in asked.question.lower() for token in self._goal_tokens())
        if self.lang == "en":
            return "yes" if yes else "no"
        return "ja" if yes else "nee"

    def _plausible(self, asked: Asked) -> str:
        """A reply the person cannot place: after "sorry, I didn't get that" they say the last thing again in a
        full sentence; otherwise they tell the next thing they haven't told yet (or tap a way-on button)."""
        if self.style == styles.BUTTONS:
            button = next((b for b in asked.buttons if _GO_ON_BUTTON.search(b.title)), None)
            if button:
                return button.payload
        if _NOT_UNDERSTOOD.search(asked.text) and self.last_fact:
            if self.last_fact in self.dont_know:
                return self._dont_know()
            return self._say(self.last_fact, terse=False)
        fact = next((f for f in VOLUNTEER_ORDER if f not in self.told), self.last_fact or EDUCATION)
        self.last_fact = fact
        return self._say(fact, terse=False)

    def _correction(self) -> str:
        fact, self.pending_correction = self.pending_correction, None
        if fact is None:
            return ""
        template = self.rng.choice(styles.CHANGE_MIND_SAYS[self.lang])
        return template.format(new=self._say(fact, terse=False))

    # --- helpers ---------------------------------------------------------------------------------------------
    def _say(self, fact: str, terse: bool, goal: Goal | None = None) -> str:
        if goal is None:
            self.told.add(fact)
        said = phrases.say(fact, goal or self.goal, self.lang, terse, self.rng)
        return phrases.as_parent(said, self.lang, self.child) if self.child is not None else said

    def _dont_know(self) -> str:
        return self.rng.choice(styles.DONT_KNOW_SAYS[self.lang])

    def _join(self, parts: list[str]) -> str:
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return "".join(parts)
        return ", ".join(parts[:-1]) + (" en " if self.lang == "nl" else " and ") + parts[-1]

    def _decoy(self, fact: str) -> Goal:
        """The goal with a different value for `fact`: what the person says before changing their mind."""
        g, rng = self.goal, self.rng
        if fact == ROUTE:
            return dataclasses.replace(g, route=rng.choice([r for r in ROUTES if r != g.route]))
        if fact == START:
            return dataclasses.replace(g, start=rng.choice([s for s in STARTS if s != g.start]))
        if fact == PLACE:
            return dataclasses.replace(g, place=rng.choice([p for p in PLACES if p != g.place]))
        return dataclasses.replace(g, field=rng.choice([f for f in FIELDS if f != g.field]), past_job=False)

    def _goal_tokens(self) -> list[str]:
        g = self.goal
        return [
            str(g.age),
            g.place,
            g.education.replace("_", " "),
            g.vmbo_profile or "",
            g.mbo_diploma or "",
            *(re.findall(r"\w{4,}", phrases.interests(g, self.lang == "nl", True, random.Random(0)))),
        ]

    @staticmethod
    def fit(option: str, field: str | None) -> float:
        """How well a choice option fits an interest field (0 when nothing in it speaks to the field)."""
        if field is None:
            return 0.0
        return sum(weights.get(field, 0.0) for pattern, weights in _AFFINITY if pattern.search(option))

    def button_for(self, fact: str, buttons: tuple[Button, ...]) -> Button | None:
        """The button a person taps to answer `fact` from their goal, if one fits."""
        g = self.goal
        pattern = {
            EDUCATION: _EDU_BUTTON.get(g.education),
            PROFILE: _PROFILE_BUTTON.get(g.vmbo_profile or ""),
            INTERESTS: _FIELD_BUTTON.get(g.field or ""),
            ROUTE: _ROUTE_BUTTON[g.route],
            START: _START_BUTTON[g.start],
            DUTCH: _DUTCH_BUTTON.get(g.dutch_level),
            MATH: (r"^(?:ja|yes)\b" if g.has_math_or_science is not False else r"^(?:nee|no)\b"),
        }.get(fact)
        if not pattern:
            return None
        return next((b for b in buttons if re.search(pattern, b.title, re.IGNORECASE)), None)
