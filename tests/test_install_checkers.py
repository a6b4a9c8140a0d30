"""`.ci/install-checkers` installs what it needs from Debian (Java, Node.js, npm) when missing.

The script runs against stand-ins: a PATH without java, node or npm, an ``apt-get`` that
records its arguments and "installs" stand-in tools, and an ``npm`` that lays out the files
the real ``npm ci`` would. Before the fix it stopped with "'java' is not on PATH".
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).parent.parent
# The few real tools the script uses besides the stand-ins.
REAL_TOOLS = (
    "bash",
    "cat",
    "chmod",
    "cp",
    "dirname",
    "env",
    "mkdir",
    "mktemp",
    "mv",
    "rm",
    "sha256sum",
    "touch",
)

FAKE_APT_GET = """#!/bin/bash
echo "$*" >> "$APT_LOG"
if [[ "$1" == install ]]; then
  for package in "$@"; do
    case "$package" in
      default-jre-headless) tool=java ;;
      nodejs) tool=node ;;
      npm) tool=npm-real ;;
      *) continue ;;
    esac
    printf '#!/bin/bash\\nexit 0\\n' > "$FAKE_BIN/$tool"; chmod +x "$FAKE_BIN/$tool"
  done
  [[ -x "$FAKE_BIN/npm-real" ]] && mv "$FAKE_BIN/npm-real" "$FAKE_BIN/npm" && cp "$FAKE_NPM" "$FAKE_BIN/npm"
fi
exit 0
"""
FAKE_NPM = """#!/bin/bash
mkdir -p node_modules/vnu-jar/build/dist node_modules/axe-core
touch node_modules/vnu-jar/build/dist/vnu.jar node_modules/axe-core/axe.min.js
"""


def _stand_ins(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "install-checkers", repo / ".ci" / "install-checkers")
    for name in ("package.json", "package-lock.json"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, repo / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in REAL_TOOLS:
        found = shutil.which(tool)
        assert found is not None, tool
        (bin_dir / tool).symlink_to(found)
    for name, text in {"apt-get": FAKE_APT_GET, "id": "#!/bin/bash\necho 0\n"}.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    fake_npm = tmp_path / "npm"
    fake_npm.write_text(FAKE_NPM)
    fake_npm.chmod(0o755)
    log = tmp_path / "apt.log"
    env = {"PATH": str(bin_dir), "APT_LOG": str(log), "FAKE_BIN": str(bin_dir), "FAKE_NPM": str(fake_npm)}
    return repo, log, env


def _run(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = str(repo / ".ci" / "install-checkers")
    return subprocess.run([script], capture_output=True, text=True, env=env, check=False, timeout=60)


def test_install_checkers_installs_java_node_and_npm_when_missing(tmp_path: Path) -> None:
    repo, log, env = _stand_ins(tmp_path)
    result = subprocess.run(
        [str(repo / ".ci" / "install-checkers")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "update"
    install = calls[1].split()
    assert install[:3] == ["install", "-y", "--no-install-recommends"]
    assert {"default-jre-headless", "nodejs", "npm"} <= set(install)
    assert (repo / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar").exists()


def test_install_checkers_installs_nothing_when_everything_is_there(tmp_path: Path) -> None:
    repo, log, env = _stand_ins(tmp_path)
    for tool in ("java", "node"):
        path = Path(env["FAKE_BIN"]) / tool
        path.write_text("#!/bin/bash\nexit 0\n")
        path.chmod(0o755)
    shutil.copy(env["FAKE_NPM"], Path(env["FAKE_BIN"]) / "npm")
    result = subprocess.run(
        [str(repo / ".ci" / "install-checkers")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    if os.path.exists("/usr/bin/chromium"):
        assert not log.exists()  # no apt-get at all
