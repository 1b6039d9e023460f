import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
application = get_wsgi_application()

from hotline.startup import settle  # noqa: E402

settle()  # views loaded, the startup heap frozen out of the full collections (issue 16)
