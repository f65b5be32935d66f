"""Outgoing e-mail, rendered in the recipient's language."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMessage


def send_mail(to: str, subject, template: str, locale: str = "en", **context) -> None:
    """Render templates/email/<template>.txt in `locale` and send it.

    `subject` is a lazy string so it too is translated in the recipient's language.
    """
    with force_locale(locale):
        body = render_template(f"email/{template}.txt", **context)
        # One line: a subject carries names and titles people typed, and a line break in a
        # header is refused by the mail library (and would be header injection if it were not).
        subject_text = " ".join(str(subject).split())
    message = EmailMessage(
        subject=subject_text,
        body=body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
    )
    message.send()
