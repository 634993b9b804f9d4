"""WhatsApp through Twilio at /webhooks/whatsapp/webhook, through the edge.

Differences from Rasa's stock Twilio channel: every request must carry a valid `X-Twilio-Signature`
over the public URL Twilio called (`KANSRIJK_PUBLIC_URL`, since behind a proxy the server sees
another URL), else 403; Twilio's `MessageSid` de-duplicates re-deliveries; messages are sent with
Twilio's asynchronous client (the stock one blocks the server while it talks to Twilio); buttons
become numbered choices and a reply "2" is read as button 2 of the bot's last message, looked up
in the tracker store; recommendation cards become text blocks within Twilio's 1,600 characters.

Settings (credentials.yml key, else environment variable): account_sid / TWILIO_ACCOUNT_SID,
auth_token / TWILIO_AUTH_TOKEN, twilio_number / TWILIO_WHATSAPP_NUMBER ("whatsapp:+14155238886"),
public_url / KANSRIJK_PUBLIC_URL; optional api_url / TWILIO_API_URL (another API base, for tests).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput
from sanic import response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from . import chat_apps, render_text
from .edge import Edge

logger = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@dataclass(frozen=True)
class WhatsAppSettings:
    account_sid: str
    auth_token: str
    number: str
    public_url: str
    api_url: str = ""

    @classmethod
    def load(cls, credentials: Mapping[str, Any] | None) -> WhatsAppSettings:
        number = chat_apps.setting(credentials, "twilio_number", "TWILIO_WHATSAPP_NUMBER")
        if number and not number.startswith("whatsapp:"):
            number = "whatsapp:" + number
        return cls(
            account_sid=chat_apps.setting(credentials, "account_sid", "TWILIO_ACCOUNT_SID"),
            auth_token=chat_apps.setting(credentials, "auth_token", "TWILIO_AUTH_TOKEN"),
            number=number,
            public_url=chat_apps.setting(credentials, "public_url", chat_apps.PUBLIC_URL_ENV),
            api_url=chat_apps.setting(credentials, "api_url", "TWILIO_API_URL"),
        )

    def complete(self) -> bool:
        return chat_apps.report_settings(
            "WhatsApp",
            {
                "TWILIO_ACCOUNT_SID": self.account_sid,
                "TWILIO_AUTH_TOKEN": self.auth_token,
                "TWILIO_WHATSAPP_NUMBER": self.number,
                chat_apps.PUBLIC_URL_ENV: self.public_url,
            },
            chat_apps.public_url(self.public_url, "/webhooks/whatsapp/webhook"),
        )

    def client(self) -> Client:
        """Twilio's client with its asynchronous HTTP client (the stock channel blocks the server while sending)."""
        client = Client(self.account_sid, self.auth_token, http_client=AsyncTwilioHttpClient())
        if self.api_url:
            client.api.base_url = self.api_url.rstrip("/")
        return client


class WhatsAppOutput(chat_apps.ChatAppOutput):
    channel = "whatsapp"

    def __init__(self, settings: WhatsAppSettings) -> None:
        super().__init__(settings.client, render_text.WHATSAPP_LIMIT, numbered=True)
        self.settings = settings

    async def deliver(self, recipient_id: str, part: render_text.Part) -> None:
        await self.client().messages.create_async(to=recipient_id, from_=self.settings.number, body=part.text)


def form_parameters(request: Request) -> RequestParameters:
    """The form as Twilio signed it: Sanic's `request.form` drops empty fields, which breaks the signature."""
    return RequestParameters(parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True))


class KansrijkWhatsApp(chat_apps.ChatAppInput, TwilioInput):
    title = "WhatsApp"
    settings_type = WhatsAppSettings

    def __init__(self, settings: WhatsAppSettings) -> None:
        super().__init__(settings.account_sid, settings.auth_token, settings.number, debug_mode=False)
        self.configure(settings, WhatsAppOutput(settings))
        self.validator = RequestValidator(settings.auth_token) if self.enabled else None

    def signed(self, request: Request, form: RequestParameters) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = chat_apps.public_url(self.settings.public_url, request.path, request.query_string)
        return bool(signature) and self.validator is not None and self.validator.validate(url, form, signature)

    def accept(self, request: Request) -> tuple[Any, HTTPResponse | None]:
        form = form_parameters(request)
        if not self.signed(request, form):
            return None, chat_apps.forbidden(self.title, "missing or invalid X-Twilio-Signature")
        return form, None

    def acknowledge(self) -> HTTPResponse:
        return response.text(EMPTY_TWIML, content_type="text/xml")

    async def text_for(self, body: str, sender_id: str, agent: Any) -> str:
        """A reply '2' to numbered choices becomes button 2's payload; anything else stays as it is."""
        number = render_text.choice_number(body)
        if number is None:
            return body
        buttons = chat_apps.latest_turn_buttons(chat_apps.events_of(await chat_apps.load_tracker(agent, sender_id)))
        return buttons[number - 1]["payload"] if 1 <= number <= len(buttons) else body

    async def handle(
        self, form: RequestParameters, agent: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Any:
        sender_id = form.get("From") or ""
        body = form.get("Body") or ""
        if not body.strip():  # a photo, voice note, location or sticker without words
            await chat_apps.kind_reply(self.output, agent, self.name(), sender_id, chat_apps.TEXT_ONLY)
            return None
        return await Edge.shared().handle(
            channel=self.name(),
            sender_id=sender_id,
            text=await self.text_for(body, sender_id, agent),
            client=self.name(),  # every request comes from Twilio: the per-sender limit is the one that counts
            output=self.output,
            on_new_message=on_new_message,
            agent=agent,
            client_message_id=form.get("MessageSid") or None,
        )
