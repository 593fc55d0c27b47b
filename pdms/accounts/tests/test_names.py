"""Users' names are written the Vietnamese way, family name first."""

from pdms.accounts.services import user_create


def test_a_users_full_name_puts_the_family_name_first(admin_user, tree):
    user = user_create(
        username="hung", password="Mat-khau-dai-2025", role="staff", organization=tree.province, actor=admin_user,
        full_name="Lê Văn Hùng",
    )
    user.refresh_from_db()
    assert (user.get_full_name(), str(user), user.get_short_name()) == ("Lê Văn Hùng", "Lê Văn Hùng", "Hùng")


def test_a_one_word_name_is_written_alone(admin_user, tree):
    user = user_create(
        username="hung", password="Mat-khau-dai-2025", role="staff", organization=tree.province, actor=admin_user,
        full_name="Hùng",
    )
    assert user.get_full_name() == "Hùng"
