"""Celery discovers this module; the tasks live beside the code they serve."""
