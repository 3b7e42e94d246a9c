"""A new editor, following the guide: scaffold a deed, fill it, import a quarter from Excel,
see both in the live preview, and `pacesetter check` is clean."""

from __future__ import annotations

import subprocess
import sys

from openpyxl import load_workbook

from pacesetter.cli import main

from .conftest import ROOT
from .test_serve import _free_port, _get, _wait_for


def test_the_guide_from_scaffold_to_preview(base_data, tmp_path, capsys):
    # 1. pacesetter new deeds --name … --org …
    assert main(["new", "deeds", "--data", "data", "--name", "李四：社区服务的带头人", "--org", "sw-b"]) == 0
    deed = base_data.parent / capsys.readouterr().out.strip()
    assert main(["check", "--data", "data"]) == 1  # the 【待填写】 is still there
    deed.write_text(deed.read_text(encoding="utf-8").replace("【待填写】", "李四十年如一日为社区群众上门办税。"), encoding="utf-8")

    # 2. pacesetter export ratings … ; fill in Excel ; pacesetter import ratings …
    sheet_path = tmp_path / "2022Q4评星.xlsx"
    assert main(["export", "ratings", "--data", "data", "--quarter", "2022Q4", "--out", str(sheet_path)]) == 0
    workbook = load_workbook(sheet_path)
    workbook["评星"]["H3"] = "√"  # sw-b also meets 发挥作用 now
    workbook.save(sheet_path)
    assert main(["import", "ratings", str(sheet_path), "--data", "data", "--quarter", "2022Q4",
                 "--announced", "2022-12-26"]) == 0

    # 3. pacesetter check is clean
    assert main(["check", "--data", "data"]) == 0

    # 4. both in the live preview
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pacesetter.cli", "serve", "--data", str(base_data),
                               "--addr", f"127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert _wait_for(lambda: "李四十年如一日" in (_get(base + f"deeds/{deed.stem}/") or ""))
        assert "2022 年第四季度" in (_get(base + "orgs/sw-b/") or "")
        assert 'aria-label="2 星"' in (_get(base + "orgs/sw-b/") or "")
    finally:
        server.terminate()
        server.wait(timeout=10)
