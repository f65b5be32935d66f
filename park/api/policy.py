"""Who may hold and revoke personal API tokens."""

from park.core.authz import policy
from park.core.policy import signed_in


@policy
def can_manage_api_tokens(user) -> bool:
    """Everyone signed in may make tokens: a token acts as its person, with their rights."""
    return signed_in(user)


@policy
def can_revoke_api_token(user, token) -> bool:
    return signed_in(user) and token.user_id == user.id
