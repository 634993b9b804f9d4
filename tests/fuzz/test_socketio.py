"""Fuzz the socket.io channel (Rasa's protocol) of the running bot; skipped while credentials.yml has none."""

from __future__ import annotations

import asyncio

import pytest
from botkit import SocketChat, socketio_channel
from hypothesis import given
from hypothesis import strategies as st

from .cases import JSON_VALUES, NON_STRINGS, bounded, good_reply, texts

CHANNEL = socketio_channel()
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        CHANNEL is None,
        reason="no socket.io channel in credentials.yml (a key containing 'socketio'); "
        "these tests run once one is configured",
    ),
]


def chat(base: str, *payloads, first: float = 15.0):
    """Open a conversation, send each payload, return the replies to each and whether the socket stayed up;
    `first`: how long to wait for the first reply to the first payload (an odd one may get none)."""

    async def run():
        async with SocketChat(base, CHANNEL) as conversation:
            replies = [await conversation.say(payloads[0], first=first)]
            replies += [await conversation.say(p) for p in payloads[1:]]
            return replies, conversation.connected

    return asyncio.run(run())


@bounded(25)
@given(text=texts())
def test_every_socket_message_gets_a_reply(live_bot, text):
    (replies,), connected = chat(live_bot.base, text)
    assert connected
    assert good_reply(replies), replies


@bounded(12)
@given(
    payload=st.one_of(
        NON_STRINGS,
        texts(max_size=20).map(lambda t: [t]),
        st.fixed_dictionaries({"message": NON_STRINGS}, optional={"session_id": JSON_VALUES}),
        st.fixed_dictionaries({"message": texts(max_size=40)}, optional={"metadata": JSON_VALUES}),
        st.fixed_dictionaries({"message": texts(max_size=40), "session_id": st.text(max_size=300)}),
    )
)
def test_odd_socket_payloads_do_not_break_the_conversation(live_bot, payload):
    """Whatever the client emits, the socket stays up and the next ordinary message is answered."""
    (_, after), connected = chat(live_bot.base, payload, "hoi", first=1.5)
    assert connected
    assert good_reply(after), after
