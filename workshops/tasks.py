"""Celery discovers this module; the tasks live beside the code they serve."""

from .certificates import issue_certificates_task  # noqa: F401
from .exports import build_export_task  # noqa: F401
from .importing import send_invitations_task  # noqa: F401
