"""What every Golden Thread record shares: history of every change, and change stamps."""

from django.db import models
from simple_history.models import HistoricalRecords


class TrackedModel(models.Model):
    """A record whose every change is kept with who and when (django-simple-history).

    `updated_at` also lets an edit form notice that someone else saved the record since
    it was opened.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
