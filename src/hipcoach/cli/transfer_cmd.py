"""`hipcoach export`, and reading its file back (`hipcoach import`): a profile's whole history as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from hipcoach.cli.common import ProfileOption, console, fail, opened, profile_for


def export(
    profile: ProfileOption = None,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write; default: standard output."
    ),
) -> None:
    """Export a profile's whole history (screenings, programs, sessions, check-ins, decisions) as JSON."""
    from hipcoach.services.transfer import export_profile

    with opened() as app:
        runner = profile_for(app, profile)
        text = json.dumps(export_profile(app, runner.id), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            typer.echo(text, nl=False)
            return
        tmp = output.with_name(output.name + ".partial")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(output)  # never leave a half-written export under the real name
        except OSError as error:
            raise fail(f"could not write {output}: {error.strerror}") from None
        console.print(f"Exported {runner.name} to {output}.")


def import_profile_file(path: Path, as_name: str | None) -> None:
    """Import a profile from an export file; nothing is written unless the whole file is valid."""
    from hipcoach.services.transfer import MAX_IMPORT_BYTES, import_profile

    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise fail(f"{path} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; not a hipcoach export")
        raw = path.read_bytes()
    except OSError as error:
        raise fail(f"could not read {path}: {error.strerror}") from None
    with opened() as app:
        created = import_profile(app, raw, as_name)
        console.print(f"Imported profile [bold]{created.name}[/].")
