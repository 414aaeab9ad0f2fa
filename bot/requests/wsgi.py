"""Production entry for gunicorn: `gunicorn bot.requests.wsgi:application` (what `python -m bot serve` runs)."""

from bot.runtime import build_wsgi, settings_or_exit

application = build_wsgi(settings_or_exit("serve"))
