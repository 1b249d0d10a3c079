"""Entry point: JSON logs, uvicorn, graceful shutdown on SIGTERM."""

import os

import uvicorn

from . import logging_config
from .main import app_from_env

if __name__ == "__main__":
    logging_config.configure()
    uvicorn.run(
        app_from_env(),
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "${{ values.port }}")),
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=20,
    )
