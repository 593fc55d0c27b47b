from django.contrib.auth import views as auth_views
from django.urls import include, path

from pdms.core.health import healthz

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("", include("pdms.core.urls")),
    path("accounts/", include(("pdms.accounts.urls", "accounts"))),
    path("organizations/", include(("pdms.organizations.urls", "organizations"))),
    path("members/", include(("pdms.members.urls", "members"))),
    path("indicators/", include(("pdms.indicators.urls", "indicators"))),
    path("imports/", include(("pdms.imports.urls", "imports"))),
    path("workdays/", include(("pdms.workdays.urls", "workdays"))),
    path("recruitment/", include(("pdms.recruitment.urls", "recruitment"))),
    path("targets/", include(("pdms.targets.urls", "targets"))),
    path("dashboard/", include(("pdms.dashboards.urls", "dashboards"))),
    path("followups/", include(("pdms.followups.urls", "followups"))),
    path("checks/", include(("pdms.checks.urls", "checks"))),
    path("reports/", include(("pdms.reporting.urls", "reporting"))),
]
