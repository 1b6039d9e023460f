import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
application = get_asgi_application()

from hotline.startup import settle  # noqa: E402

settle()  # as hotline.wsgi (issue 16)
