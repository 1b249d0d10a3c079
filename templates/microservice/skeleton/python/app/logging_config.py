"""JSON logs on stdout, one object per line."""

import json
import logging
import sys
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = ("request_id", "method", "path", "route", "status", "duration_ms")
        for key in (*fields, "queue", "attempt", "attempts", "delay_ms", "error"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
{%- if values.queue == 'rabbitmq' %}
    # pika logs each failed connection attempt as several errors; the queue
    # adapter logs the loss, every reconnect attempt and the recovery itself
    logging.getLogger("pika").setLevel(logging.CRITICAL)
{%- endif %}
