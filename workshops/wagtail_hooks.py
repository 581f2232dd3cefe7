"""Certificate issue and revocation in the admin's audit log (Laporan → Riwayat situs)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    @actions.register_action("bimtek.certificate.issue")
    class IssueFormatter(LogFormatter):
        label = _("Sertifikat diterbitkan")

        def format_message(self, log_entry):
            return _("Sertifikat %(number)s diterbitkan (%(jp)s JP)") % {
                "number": log_entry.data.get("number"),
                "jp": log_entry.data.get("jp"),
            }

    @actions.register_action("bimtek.certificate.revoke")
    class RevokeFormatter(LogFormatter):
        label = _("Sertifikat dicabut")

        def format_message(self, log_entry):
            return _("Sertifikat %(number)s dicabut: %(reason)s") % {
                "number": log_entry.data.get("number"),
                "reason": log_entry.data.get("reason"),
            }
