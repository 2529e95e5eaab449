"""Write a file whole or not at all: a temporary file beside it, renamed into place.

Every file the library writes (tables, reports, figures) goes through :func:`replacing`:
the content is written to a hidden temporary file in the same folder
(``.NAME.XXXXXXXX.partial``), which is renamed over the target only when it is complete.
So an interrupt (Ctrl-C, ``SIGTERM``), a full disk or an error half-way leaves the old
file as it was (or no file), and of two processes writing the same path the one that
finishes last wins with its whole file — never a mixture that reads back as a table.

The target must be a regular file or not exist yet: a folder, a FIFO, a device
(``/dev/full``, ``/dev/stdout``) or a socket is refused before any work, since renaming
over it would replace it and writing into it cannot be undone (standard output is asked
for with ``-o -`` on the command line, or ``path=None``). A symbolic link is followed: the
file it points to is replaced.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with replacing(folder / "out.txt") as partial:
...     _ = partial.write_text("whole")
>>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
('whole', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from integreringslov._text.i18n import tr
from integreringslov._text.privacy import redact
from integreringslov.errors import InvalidInputError, Problem

__all__ = ["check_writable", "replacing", "stop_writing"]

_STOPPED: list[type[BaseException]] = []
"""Why files are no longer put in place (:func:`stop_writing`); empty while they are."""


def stop_writing(reason: type[BaseException] | None) -> None:
    """From now on, a file of :func:`replacing` is not put in place: its block raises ``reason``.

    The command line's Ctrl-C and ``SIGTERM`` handlers call it before they raise, so a
    signal whose exception was lost on its way (raised where Python must ignore it, in a
    weakref callback, or cleared by a library's C code) still keeps the output out: the
    work goes on to its end, and the file is not renamed into place. ``None`` puts files in
    place again.
    """
    _STOPPED.clear()
    if reason is not None:
        _STOPPED.append(reason)


def check_writable(path: str | os.PathLike[str]) -> Path:
    """The file ``path`` names, checked to be one that can be replaced whole.

    :raises InvalidInputError: When it is a folder, a FIFO, a device or a socket.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError:
        return target  # e.g. a folder without search permission: writing will say why
    if stat.S_ISREG(mode):
        return target
    kind = (
        tr("a folder")
        if stat.S_ISDIR(mode)
        else tr("a FIFO")
        if stat.S_ISFIFO(mode)
        else tr("a device or socket")
    )
    raise InvalidInputError(
        [
            Problem(
                message=tr(
                    "the output is {kind}, not a file; name a file (or '-' for standard output)",
                    kind=kind,
                ),
                source=redact(path),
                expected=tr("a regular file or a new name"),
                check="output_not_a_file",
            )
        ],
        what=redact(path),
    )


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary file beside ``path``; rename it over ``path`` when the block ends.

    When the block raises (anything, ``KeyboardInterrupt`` too) the temporary file is
    removed and ``path`` is left as it was. The new file gets the mode the old one had, or
    the one a new file gets (``0o666`` less the umask). See the module.

    :raises InvalidInputError: When ``path`` is not a regular file (:func:`check_writable`).
    """
    target = check_writable(path)
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except OSError as exc:  # say the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, redact(path)) from None
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(partial, mode)
        if _STOPPED:  # a signal came, and its exception was lost on the way
            raise _STOPPED[0]
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
