"""`wsoa remind_advice`: e-mail each advice giver one digest of their late and due advice."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.casework.portal_digest import DEFAULT_DAYS, send_all
from wsoa.core.management.today import add_today_option, today_from


class Command(BaseCommand):
    help = (
        "E-mail each advice giver one digest of their service's advice requests due within N "
        "days or late. Run it daily from cron; running it twice on a day sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="Due within this many days."
        )
        add_today_option(parser)
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        if options["days"] < 0:
            raise CommandError("--days cannot be negative.")
        outcome = send_all(today, days=options["days"], dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Sent"
        plural = "s" if outcome.sent != 1 else ""
        self.stdout.write(
            f"{verb} {outcome.sent} digest{plural}; {outcome.already} already sent today."
        )
        for name in outcome.no_email:
            self.stdout.write(f"Not sent to {name}: the account has no e-mail address.")
        for failure in outcome.failed:
            self.stderr.write(f"Could not send to {failure}; it will be tried on the next run.")
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} digest(s) could not be sent.")
