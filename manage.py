#!/usr/bin/env python
import os
import sys

# Developer commands that never serve a request or send mail may run with the local settings when
# nothing is configured (a fresh checkout, a pre-commit check); explicit DEBUG=0 still wins.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "showmigrations", "sqlmigrate", "spectacular"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment_weeks.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
