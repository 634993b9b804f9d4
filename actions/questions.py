"""One `action_ask_<slot>` per intake question, asked in the person's language (texts in bot/questions.py)."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.questions import QUESTIONS

from . import common


class _AskQuestion(Action, metaclass=ABCMeta):
    @property
    @abstractmethod
    def slot(self) -> str:
        """The Profile field this question asks for (set by each subclass)."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(**QUESTIONS[self.slot].as_message(common.lang(tracker)))
        return []


# rasa_sdk registers every Action subclass it finds, so each question gets its own small class.
ASK_ACTIONS = [type(f"ActionAsk_{slot}", (_AskQuestion,), {"slot": slot}) for slot in QUESTIONS]
