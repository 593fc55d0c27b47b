"""The demo accounts: one list that ``seed_demo`` creates, ``demo_logins`` prints and the
README quotes. Their password is fixed and public: demo data only."""

from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.utils.translation import gettext as _

from pdms.accounts.models import Role, User
from pdms.accounts.passwords import DEMO_PASSWORD as PASSWORD
from pdms.accounts.services import user_create
from pdms.organizations.models import Organization


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    # Where it is bound: the province root, a new commune, a branch of that commune, or
    # nothing (the administrator).
    bound_to: str | None


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, "Trần Minh Quân", None),
    DemoAccount("tinh", Role.STAFF, "Nguyễn Thị Thu Hà", "province"),
    DemoAccount("xa", Role.STAFF, "Lê Văn Hùng", "commune"),
    DemoAccount("chibo", Role.SECRETARY, "A Thút", "branch"),
    DemoAccount("xem", Role.VIEWER, "Phạm Quốc Bảo", "province"),
)


def demo_accounts_create(*, province: Organization, commune: Organization, branch: Organization) -> list[User]:
    bindings = {"province": province, "commune": commune, "branch": branch, None: None}
    return [
        user_create(
            username=a.username,
            password=PASSWORD,
            role=a.role,
            organization=bindings[a.bound_to],
            actor=None,
            full_name=a.full_name,
        )
        for a in DEMO_ACCOUNTS
    ]


@dataclass(frozen=True)
class Login:
    username: str
    password: str  # the demo password, or why it cannot be shown
    role: str
    organization: str
    present: bool


def demo_logins() -> list[Login]:
    """One line per demo account, saying which are missing and which no longer have the
    demo password."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).select_related("organization")
    }
    lines = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        role = str(Role(account.role).label)
        if user is None:
            lines.append(Login(account.username, "", role, _("(missing)"), False))
            continue
        # The plain check: User.check_password would re-hash and save the account.
        password = PASSWORD if check_password(PASSWORD, user.password) else _("(changed)")
        where = user.organization.name if user.organization else _("The whole system")
        lines.append(Login(user.username, password, user.get_role_display(), where, True))
    return lines
