"""Test setup: a throw-away Airflow home with a SQLite metadata database, set before Airflow is imported.

The platform contract (dags/tests/platform_contract.json) is what the Airflow stack provides the DAGs — its
variables (thresholds, URLs, images) and connection ids; jest checks it against the synthesized stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1]
CONTRACT_FILE = Path(__file__).with_name("platform_contract.json")

_home = Path(tempfile.mkdtemp(prefix="airflow-dag-tests-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_home / 'airflow.db'}",
        "AIRFLOW__LOGGING__COLORED_CONSOLE_LOG": "False",
    }
)
sys.path.insert(0, str(DAGS))


def load_contract() -> dict:
    return json.loads(CONTRACT_FILE.read_text())


@pytest.fixture(scope="session")
def contract() -> dict:
    return load_contract()


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(str(DAGS))


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """A migrated metadata database (dag.test() records its run there)."""
    airflow = Path(sys.executable).with_name("airflow")
    result = subprocess.run([str(airflow), "db", "migrate"], capture_output=True, text=True, env=os.environ.copy(), check=False)
    if result.returncode != 0:
        raise RuntimeError(f"airflow db migrate failed:\n{result.stdout}\n{result.stderr}")
    return _home
