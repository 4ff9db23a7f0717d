"""The local AWS: moto's threaded server, with DynamoDB requests applied one at a time.

moto's DynamoDB is not thread-safe (a transaction deep-copies tables while another request changes them), but
real DynamoDB applies every request atomically. Serialising DynamoDB requests, and only those, gives moto that
same semantics: concurrent clients still race between requests, exactly as they would against AWS, while SQS
long polls and S3 transfers stay concurrent.
"""

from __future__ import annotations

import threading

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
