"""The WSGI entry point gunicorn loads: an application, with start-up objects frozen."""

import os
import subprocess
import sys


def test_wsgi_module_builds_the_app_and_freezes_start_up_objects(tmp_path):
    env = {**os.environ, "WSOA_VAR_DIR": str(tmp_path)}
    code = (
        "import gc, wsoa.config.wsgi as w; "
        "print(type(w.application).__name__, gc.get_freeze_count() > 1000)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["WSGIHandler", "True"]
