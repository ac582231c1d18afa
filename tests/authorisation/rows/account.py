"""The user's own account page, password change and two-factor sign-in (issue 12, item 6).

Everything here concerns the signed-in user alone, so every signed-in persona gets the same
answer (the outsider included); anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from tests.authorisation.matrix import LOGIN, Case, everyone, members
from tests.personas import PASSWORD

NEW_PASSWORD = "a-different-long-passphrase-7"

ROUTES: dict[str, Case] = {
    # Without a password step in this session, the code step sends everyone to the login page.
    "accounts:login_verify": Case(everyone(LOGIN), method="post", data=lambda p: {"code": "123456"}),
    "accounts:account": Case(members(200)),
    "accounts:password_change": Case(
        members(302),
        method="post",
        data=lambda p: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    "accounts:two_factor_setup": Case(members(200)),
    # Without two-factor sign-in these redirect back to the account page with a message.
    "accounts:recovery_codes": Case(members(302), method="post"),
    "accounts:two_factor_disable": Case(members(302)),
}
