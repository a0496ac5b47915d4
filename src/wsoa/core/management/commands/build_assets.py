"""`wsoa build_assets`: compile the page styles (GOV.UK Frontend + sass) into static/build/."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wsoa.core.assets import BUILD_DIR, AssetBuildError, build_assets


class Command(BaseCommand):
    help = "Build the front-end assets (needs Node.js and npm)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Rebuild even if built.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            built = build_assets(out=self.stdout, force=options["force"])
        except AssetBuildError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Assets {'built' if built else 'already built'} in {BUILD_DIR}")
