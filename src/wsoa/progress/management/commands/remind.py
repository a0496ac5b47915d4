"""`wsoa remind`: e-mail owners who still owe an update, one digest each; safe to run often."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.core.management.today import add_today_option, today_from
from wsoa.progress.reminders import send_all


class Command(BaseCommand):
    help = (
        "Send reminders before reporting periods close and chasers after, one e-mail per "
        "owner. Run it from cron or a systemd timer; running it twice sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_today_option(parser)
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        outcome = send_all(today, dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Sent"
        self.stdout.write(
            f"{verb} {outcome.sent} message{'s' if outcome.sent != 1 else ''} "
            f"({outcome.reminders} reminder{'s' if outcome.reminders != 1 else ''}, "
            f"{outcome.chasers} chaser{'s' if outcome.chasers != 1 else ''}); "
            f"{outcome.already} already sent before."
        )
        for name in outcome.no_email:
            self.stdout.write(f"Not sent to {name}: the account has no e-mail address.")
        for failure in outcome.failed:
            self.stderr.write(f"Could not send to {failure}; it will be tried on the next run.")
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} message(s) could not be sent.")
