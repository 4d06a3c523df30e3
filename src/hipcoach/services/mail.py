"""Sending an email through the server named by ``HIPCOACH_SMTP_URL``, with the standard library only."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from hipcoach.settings import SMTP_SCHEMES

SMTP_TIMEOUT_S = 20.0
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class MailError(Exception):
    """The mail server could not be reached or refused the message."""


@dataclass(frozen=True)
class MailServer:
    scheme: str
    host: str
    port: int
    user: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> MailServer:
        parts = urlsplit(url)
        if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
            raise MailError("the mail server's address must look like smtp://user:pass@host:587")
        return cls(
            scheme=parts.scheme,
            host=parts.hostname,
            port=parts.port or DEFAULT_PORTS[parts.scheme],
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(body)
    return mail


def send(url: str, mail: EmailMessage) -> None:
    """Send one message; MailError with the reason when it cannot be sent."""
    server = MailServer.from_url(url)
    context = ssl.create_default_context()
    try:
        if server.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                server.host, server.port, timeout=SMTP_TIMEOUT_S, context=context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_S)
        with client:
            client.ehlo()
            if server.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif server.scheme == "smtp" and server.user:
                # A password is never sent where anyone on the way could read it.
                raise MailError(f"{server.host} does not offer STARTTLS; the login is not sent unencrypted")
            if server.user:
                client.login(server.user, server.password or "")
            client.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"could not send mail through {server.host}:{server.port}: {error}") from error
