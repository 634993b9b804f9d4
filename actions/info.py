"""BBL, pay and costs: sourced facts from bot/facts.py for this person's age and route."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot import followups

from . import common, side


class ActionExplainBbl(Action):
    def name(self) -> str:
        return "action_explain_bbl"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return side.own_answer(dispatcher, tracker, "bbl", lambda: side.explain_route(dispatcher, tracker))


class ActionExplainPay(Action):
    def name(self) -> str:
        return "action_explain_pay"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return side.own_answer(  # "what do they earn after?" is the job's pay, not the BBL wage
            dispatcher,
            tracker,
            "pay",
            lambda: dispatcher.utter_message(text=followups.pay(common.profile(tracker).age, common.lang(tracker))),
        )


class ActionCosts(Action):
    def name(self) -> str:
        return "action_costs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if (events := side.misread(dispatcher, tracker, "costs")) is not None:
            return events
        dispatcher.utter_message(text=followups.costs(common.profile(tracker), common.lang(tracker)))
        return common.go_on(tracker)
