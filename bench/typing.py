"""Search-as-you-type latency in the registry at 100,000 enterprises.

    python bench/typing.py            # last line: keystroke_p95_100k: X ms

The measurement lives in bench/_typing_bench.py. This file only starts it, because
its name is also the standard library's `typing`: any script run from bench/ has
bench/ first on sys.path, so `import typing` anywhere lands here. In that case this
module hands over the real standard module and does nothing else.
"""

import os
import sys

if __name__ == "typing":  # imported in place of the standard module
    import importlib.util

    _spec = importlib.util.spec_from_file_location(
        "typing", os.path.join(os.path.dirname(os.__file__), "typing.py")
    )
    _real = importlib.util.module_from_spec(_spec)
    sys.modules["typing"] = _real  # the import system returns what sys.modules holds
    _spec.loader.exec_module(_real)
elif __name__ == "__main__":
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here] + [_here]
    from _typing_bench import main

    main()
