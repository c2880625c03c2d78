"""The format's validators, kept between runs as Python keeps a module's compiled code.

Building the validators of the format's models is pydantic generating their core
schema, in Python: about 17 ms of CPU, every start, for a tree of some 1,200 nodes.
What comes out is plain data: pydantic-core's ``SchemaValidator`` pickles as its
schema, which names our classes and functions by where they live, never their code.
So the validators of the models that files are read into (``ROOTS``) are kept in
this package's ``__pycache__`` folder and loaded at import in about a millisecond;
the models themselves are built lazily (``defer_build`` in ``strict.py``), and any
other use of them (a serializer, the JSON Schema, another model's validator) builds
what it needs the usual way.

A kept entry is used only when it was made from these very models: its name holds a
digest of the Python, pydantic and pydantic-core versions and of the bytes of every
module of this package, so an edit or an upgrade makes a new one (and the old ones are
removed when it is written). Like Python's compiled modules it is read when it is
there, written unless Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``),
and an entry that cannot be read, or a folder that cannot be written, only costs the
time of building. Like them it is trusted: it lives beside the code it stands for.
"""

import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

import pydantic
import pydantic_core

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "__pycache__"
PREFIX = f"validators.{sys.implementation.cache_tag}-"  # one per Python, as compiled modules are
STALE_AFTER = 60.0  # seconds: an unfinished entry older than this was left by a killed run


def digest() -> str:
    """What the kept validators depend on: the versions that build them and our models' sources."""
    h = hashlib.sha256()
    h.update(f"{sys.version_info[:2]}|{pydantic.VERSION}|{pydantic_core.__version__}|{pickle.HIGHEST_PROTOCOL}".encode())
    for source in sorted(HERE.glob("*.py")):
        h.update(source.name.encode())
        h.update(source.read_bytes())
    return h.hexdigest()[:20]


def install(roots: dict[str, type[pydantic.BaseModel]], folder: Path = FOLDER) -> bool:
    """Give each root model its validator from the kept entry; build and keep them when there is none.

    Returns True when the kept entry was used.
    """
    entry = folder / f"{PREFIX}{digest()}.pickle"
    try:
        kept = pickle.loads(entry.read_bytes())
        validators = {name: kept[name] for name in roots}
        if not all(isinstance(v, pydantic_core.SchemaValidator) for v in validators.values()):
            raise TypeError("not validators")
    except Exception:  # noqa: BLE001 - missing, damaged or from elsewhere: build them
        _build_and_keep(roots, entry)
        return False
    for name, model in roots.items():
        model.__pydantic_validator__ = validators[name]
    return True


def _build_and_keep(roots: dict[str, type[pydantic.BaseModel]], entry: Path) -> None:
    for model in roots.values():
        model.model_rebuild()
    if sys.dont_write_bytecode:
        return
    partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        data = pickle.dumps({name: model.__pydantic_validator__ for name, model in roots.items()}, pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, entry)  # whole or not at all, also with runs side by side
        for old in entry.parent.glob(f"{PREFIX}*"):
            if old.suffix == ".pickle" and old != entry:
                old.unlink(missing_ok=True)  # made from other sources or versions
            elif old.suffix == ".tmp" and old != partial and time.time() - old.stat().st_mtime > STALE_AFTER:
                old.unlink(missing_ok=True)  # left by a run killed between writing and renaming
    except Exception:  # noqa: BLE001 - an unwritable folder, a full disk, a validator that does not pickle
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
