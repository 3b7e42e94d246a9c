"""The ``pacesetter`` MkDocs plugin: checks the data and hands the column model to the site."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ..contract import DataError
from ..model import Column, load_column
from .config import PacesetterConfig

log = get_plugin_logger(__name__)


class PacesetterPlugin(BasePlugin[PacesetterConfig]):
    column: Column | None = None
    data_dir: Path | None = None

    def on_config(self, config):
        if not self.config.enabled:
            return config
        base = Path(config.config_file_path or ".").parent
        self.data_dir = (base / self.config.data_dir).resolve()
        try:
            self.column = load_column(self.data_dir)
        except DataError as exc:
            raise PluginError(f"数据有误，站点未构建：\n{exc.report.format()}\n{exc.report.summary()}") from None
        # Sitemaps and compressed files carry a build date; the data's own date makes
        # two builds of the same data byte-identical.
        if "SOURCE_DATE_EPOCH" not in os.environ:
            as_of = self.column.as_of
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(dt.datetime(as_of.year, as_of.month, as_of.day).timetuple()))
        return config

    def on_serve(self, server, config, builder):
        if self.config.enabled and self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server
