from django.urls import path

from . import views

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("<int:user_id>/", views.account_detail, name="detail"),
    path("<int:user_id>/active/", views.account_set_active, name="set_active"),
    path("<int:user_id>/password/", views.account_password_reset, name="password_reset"),
    path("<int:user_id>/two-factor/reset/", views.account_two_factor_reset, name="two_factor_reset"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
