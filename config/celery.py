"""The Celery application: background jobs (report builds, uploads) run by a worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("goldenthread")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
