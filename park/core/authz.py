"""The one authorisation mechanism.

Every "may this user do this to this object?" is a policy function in its feature's
``policy.py`` taking ``(user, *objects)`` and returning a bool. Views ask through
``authorize`` (which aborts), routes declare their entry check with ``guard`` (which the
route-inventory test reads), and templates ask through the ``can`` global.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from park.extensions import login_manager

Policy = Callable[..., bool]

_policies: dict[str, Policy] = {}


def policy(function: Policy) -> Policy:
    """Register a policy function under "<feature>.<name>" so templates can ask for it."""
    feature = function.__module__.split(".")[-2]
    _policies[f"{feature}.{function.__name__}"] = function
    return function


def resolve(rule: str | Policy) -> Policy:
    if callable(rule):
        return rule
    try:
        return _policies[rule]
    except KeyError:
        raise LookupError(f"no policy named {rule!r}") from None


def allowed(rule: str | Policy, *objects) -> bool:
    # The user itself, not Flask-Login's proxy: a policy reads several attributes of it, and
    # each read through the proxy looks the user up again.
    return bool(resolve(rule)(current_user._get_current_object(), *objects))


def authorize(rule: str | Policy, *objects) -> None:
    """Abort unless the current user passes `rule`: anonymous users go to log in, others get 403."""
    if allowed(rule, *objects):
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    abort(403)


def guard(rule: str | Policy):
    """Route decorator: the entry check that runs before the view touches anything."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            authorize(rule)
            return view(*args, **kwargs)

        guarded.park_policy = resolve(rule)
        return guarded

    return decorate
