"""Uploaded files and the transaction around them.

A FileField writes its file to storage when it is assigned, not when the row commits. So a service
that stores a file inside a transaction removes it again if the transaction fails, and deletes a file
it replaced only once the change has committed (a rolled-back change must still find its file).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.db import models, transaction


@contextmanager
def new_file_discarded_on_error(instance: models.Model, field: str) -> Iterator[None]:
    """Around the writes that store ``instance.<field>``: if anything in the block raises, a file
    stored there since the block began is deleted (the one it replaced is left alone)."""
    before = getattr(instance, field).name
    try:
        yield
    except BaseException:
        file = getattr(instance, field)
        if file.name and file.name != before:
            file.storage.delete(file.name)
        raise


def delete_file_on_commit(storage: Storage, name: str) -> None:
    """Delete a replaced or removed file once the change commits; never if it rolls back."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
