import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve with a personal-data key that does not
# match the stored data (runserver and db_worker meet the same check as a system check).
from pdms.audit.keys import verify_personal_data_key  # noqa: E402

verify_personal_data_key()
