"""The local AWS: moto's threaded server, with DynamoDB requests applied one at a time.

moto's DynamoDB is not thread-safe (a transaction deep-copies tables while another request changes them), but
real DynamoDB applies every request atomically. Serialising DynamoDB requests, and only those, gives moto that
same semantics: concurrent clients still race between requests, exactly as they would against AWS, while SQS
long polls and S3 transfers stay concurrent.

moto also backs up a transaction by deep-copying each table it touches once per transaction item, so a
100-item transaction against a 10,000-item table copies a million items, and a payment run's cost grows with
the square of the claims. Since DynamoDB requests here are applied one at a time, a transaction's backup only
needs the items it names: the backup is the table's item index copied one level deep, with deep copies of those
items alone, taken once per table per transaction. A failed transaction still restores exactly the state before
it; only the cost changes.
"""

from __future__ import annotations

import copy
import threading
from collections import defaultdict
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server


def _one_dynamodb_request_at_a_time(app):
    lock = threading.Lock()

    def application(environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            with lock:
                return list(app(environ, start_response))
        return app(environ, start_response)

    return application


class _TransactionBackups(threading.local):
    """The transaction being applied in this thread: the keys it names per table, and the backups taken."""

    def __init__(self) -> None:
        self.keys: dict[str, set[tuple[DynamoType, DynamoType | None]]] | None = None
        self.backups: dict[int, Table] = {}


_current = _TransactionBackups()


def _named_keys(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]):
    keys: dict[str, set[tuple[DynamoType, DynamoType | None]]] = defaultdict(set)
    for entry in transact_items:
        for op in entry.values():
            table = backend.tables.get(op.get("TableName", ""))
            if table is None:
                continue
            attributes = op.get("Key") or op.get("Item") or {}
            if table.hash_key_attr not in attributes:
                continue
            range_key = attributes.get(table.range_key_attr) if table.range_key_attr else None
            keys[table.name].add(
                (DynamoType(attributes[table.hash_key_attr]), DynamoType(range_key) if range_key is not None else None)
            )
    return keys


def _backup(table: Table, keys: set[tuple[DynamoType, DynamoType | None]]) -> Table:
    backup = object.__new__(type(table))  # not through moto's instance tracker: most backups are dropped
    backup.__dict__.update(table.__dict__)
    items = defaultdict(dict)
    for hash_key, held in table.items.items():
        items[hash_key] = dict(held) if table.range_key_attr else held
    for hash_key, range_key in keys:
        if table.range_key_attr:
            if range_key in table.items.get(hash_key, {}):
                items[hash_key][range_key] = copy.deepcopy(table.items[hash_key][range_key])
        elif hash_key in table.items:
            items[hash_key] = copy.deepcopy(table.items[hash_key])
    backup.items = items
    return backup


def _table_deepcopy(table: Table, memo: dict[int, Any]) -> Table:
    if _current.keys is not None and table.name in _current.keys:
        if id(table) not in _current.backups:
            _current.backups[id(table)] = _backup(table, _current.keys[table.name])
        return _current.backups[id(table)]
    clone = type(table).__new__(type(table))  # any other copy (a backup, a restore) stays a full deep copy
    memo[id(table)] = clone
    for name, value in table.__dict__.items():
        clone.__dict__[name] = copy.deepcopy(value, memo)
    return clone


def _transact_write_items(original):
    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        _current.keys, _current.backups = _named_keys(self, transact_items), {}
        try:
            return original(self, transact_items)
        finally:
            _current.keys, _current.backups = None, {}

    transact_write_items.cheap_backups = True
    return transact_write_items


if not getattr(DynamoDBBackend.transact_write_items, "cheap_backups", False):
    DynamoDBBackend.transact_write_items = _transact_write_items(DynamoDBBackend.transact_write_items)
    Table.__deepcopy__ = _table_deepcopy


class LocalAwsServer(ThreadedMotoServer):
    def _server_entry(self) -> None:
        app = _one_dynamodb_request_at_a_time(DomainDispatcherApplication(create_backend_app))
        from moto.moto_server.threaded_moto_server import MotoRequestHandler

        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        # Closing must not wait for request threads: a client's keep-alive connection (a poller still finishing
        # its batch) would hold the stop open until that client lets go.
        self._server.block_on_close = False
        self._server_ready_event.set()
        self._server.serve_forever()
