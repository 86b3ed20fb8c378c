"""Every connection and variable the DAGs use is one the Airflow stack provides (platform_contract.json).

Usage is found in the source, not declared: keyword arguments named ``*conn_id``, ``get_connection(...)`` and
``Variable.get(...)`` calls (names resolved through the module's own constants), and ``var.value.<name>`` in
templates, including template files such as the SparkApplication.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from conftest import DAGS

TEMPLATE_VARIABLE = re.compile(r"var\.value\.([A-Za-z0-9_]+)")


def _value(node: ast.expr, namespace: dict) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and isinstance(namespace.get(node.id), str):
        return namespace[node.id]
    raise AssertionError(f"cannot tell which connection or variable {ast.unparse(node)} names; use a string or a module constant")


def usage(source: str, namespace: dict) -> tuple[set[str], set[str]]:
    """(connection ids, variable names) a module's source uses."""
    connections: set[str] = set()
    variables: set[str] = set(TEMPLATE_VARIABLE.findall(source))
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg and keyword.arg.endswith("conn_id"):
                connections.add(_value(keyword.value, namespace))
        function = node.func
        if isinstance(function, ast.Attribute) and node.args:
            if function.attr == "get_connection":
                connections.add(_value(node.args[0], namespace))
            if function.attr == "get" and isinstance(function.value, ast.Name) and function.value.id == "Variable":
                variables.add(_value(node.args[0], namespace))
    return connections, variables


def dag_sources() -> list[tuple[Path, dict]]:
    modules = []
    for path in sorted(DAGS.rglob("*.py")):
        relative = path.relative_to(DAGS)
        if relative.parts[0] == "tests":
            continue
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        modules.append((path, vars(importlib.import_module(name))))
    return modules


def all_usage() -> tuple[set[str], set[str]]:
    connections: set[str] = set()
    variables: set[str] = set()
    for path, namespace in dag_sources():
        used_connections, used_variables = usage(path.read_text(), namespace)
        connections |= used_connections
        variables |= used_variables
    for template in DAGS.rglob("*.yaml"):
        variables |= set(TEMPLATE_VARIABLE.findall(template.read_text()))
    return connections, variables


def test_dags_use_only_connections_the_stack_provides(contract):
    connections, _ = all_usage()
    assert connections, "the scan found no connection use at all"
    assert sorted(connections - set(contract["connections"])) == []


def test_dags_use_only_variables_the_stack_provides(contract):
    _, variables = all_usage()
    assert variables, "the scan found no variable use at all"
    assert sorted(variables - set(contract["variables"])) == []


def test_the_scan_catches_an_unknown_connection_and_variable(contract):
    source = (
        "CONN = 'mysql_legacy'\n"
        "op = Op(task_id='x', mysql_conn_id=CONN)\n"
        "BaseHook.get_connection('redis_cache')\n"
        "Variable.get('feature_flags')\n"
        "tmpl = '{{ var.value.region }}'\n"
    )
    connections, variables = usage(source, {"CONN": "mysql_legacy"})
    assert connections - set(contract["connections"]) == {"mysql_legacy", "redis_cache"}
    assert variables - set(contract["variables"]) == {"feature_flags", "region"}
