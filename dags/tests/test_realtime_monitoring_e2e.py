"""realtime_monitoring end to end: dag.test() against a real Prometheus and Alertmanager started here.

Prometheus (Debian's ``prometheus``) scrapes three fixture exporters standing in for pipeline components, every
second; a Watchdog rule fires into Alertmanager (Debian's ``prometheus-alertmanager``). The DAG reads its
variables from the platform contract (real thresholds and queries), with the URLs pointed at these servers, and
its Slack failure notification goes to a local sink. Everything listens on 127.0.0.1 and is stopped at the end.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

INSTALL_HINT = "run `npm run setup-tools` (it installs Debian's prometheus and prometheus-alertmanager)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; {INSTALL_HINT}")
    return path


class Exporter:
    """A component's /metrics, whose text the test changes; stop() makes the component go down."""

    def __init__(self, component: str):
        self.component = component
        self.port = free_port()
        self.lag_seconds = 20.0
        self.error_ratio = 0.01
        self._server: ThreadingHTTPServer | None = None

    def text(self) -> str:
        labels = f'{{component="{self.component}"}}'
        return (
            f"pipeline_processing_lag_seconds{labels} {self.lag_seconds}\npipeline_error_rate_ratio{labels} {self.error_ratio}\n"
        )

    def start(self) -> None:
        exporter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                body = exporter.text().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class WebhookSink:
    """Records what the Slack failure notifier posts."""

    def __init__(self):
        self.messages: list[dict] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                sink.messages.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/T000/B000/test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def wait_until(what: str, check: Callable[[], bool], timeout: float = 60, describe: Callable[[], str] = lambda: "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}\n{describe()}")


class Stack:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.exporters = {name: Exporter(name) for name in ("kafka", "clickhouse", "spark")}
        self.prometheus_port = free_port()
        self.alertmanager_port = free_port()
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    @property
    def prometheus_url(self) -> str:
        return f"http://127.0.0.1:{self.prometheus_port}"

    @property
    def alertmanager_url(self) -> str:
        return f"http://127.0.0.1:{self.alertmanager_port}"

    def _spawn(self, name: str, args: list[str]) -> None:
        log = self.workdir / f"{name}.log"
        self.logs.append(log)
        self.processes.append(subprocess.Popen(args, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=self.workdir))

    def output(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in self.logs if log.exists())

    def start(self) -> None:
        for exporter in self.exporters.values():
            exporter.start()
        (self.workdir / "alertmanager.yml").write_text(
            yaml.safe_dump({"route": {"receiver": "null", "group_wait": "1s"}, "receivers": [{"name": "null"}]})
        )
        (self.workdir / "rules.yml").write_text(
            yaml.safe_dump(
                {
                    "groups": [
                        {"name": "meta", "rules": [{"alert": "Watchdog", "expr": "vector(1)", "labels": {"severity": "none"}}]}
                    ]
                }
            )
        )
        (self.workdir / "prometheus.yml").write_text(
            yaml.safe_dump(
                {
                    "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "900ms"},
                    "rule_files": ["rules.yml"],
                    "alerting": {"alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{self.alertmanager_port}"]}]}]},
                    "scrape_configs": [
                        {"job_name": name, "static_configs": [{"targets": [f"127.0.0.1:{exporter.port}"]}]}
                        for name, exporter in self.exporters.items()
                    ],
                }
            )
        )
        self._spawn(
            "alertmanager",
            [
                binary("prometheus-alertmanager"),
                f"--config.file={self.workdir / 'alertmanager.yml'}",
                f"--storage.path={self.workdir / 'alertmanager-data'}",
                f"--web.listen-address=127.0.0.1:{self.alertmanager_port}",
                "--cluster.listen-address=",
            ],
        )
        self._spawn(
            "prometheus",
            [
                binary("prometheus"),
                f"--config.file={self.workdir / 'prometheus.yml'}",
                f"--storage.tsdb.path={self.workdir / 'prometheus-data'}",
                f"--web.listen-address=127.0.0.1:{self.prometheus_port}",
                # Alerts fired before Prometheus has found Alertmanager are re-sent after this, not after the default minute.
                "--rules.alert.resend-delay=2s",
            ],
        )
        wait_until(
            "all three targets up", lambda: self.up() == {"kafka": 1.0, "clickhouse": 1.0, "spark": 1.0}, describe=self.output
        )
        wait_until("the Watchdog alert in Alertmanager", self.watchdog_active, describe=self.output)

    def up(self) -> dict[str, float]:
        body = requests.get(f"{self.prometheus_url}/api/v1/query", params={"query": "up"}, timeout=5).json()
        return {item["metric"]["job"]: float(item["value"][1]) for item in body["data"]["result"]}

    def value(self, promql: str) -> dict[str, float]:
        body = requests.get(f"{self.prometheus_url}/api/v1/query", params={"query": promql}, timeout=5).json()
        return {item["metric"].get("component", ""): float(item["value"][1]) for item in body["data"]["result"]}

    def watchdog_active(self) -> bool:
        alerts = requests.get(f"{self.alertmanager_url}/api/v2/alerts", timeout=5).json()
        return any(alert["labels"].get("alertname") == "Watchdog" for alert in alerts)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for exporter in self.exporters.values():
            exporter.stop()


@pytest.fixture(scope="module")
def stack():
    workdir = Path(tempfile.mkdtemp(prefix="realtime-monitoring-e2e-"))
    running = Stack(workdir)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def sink():
    webhook = WebhookSink()
    yield webhook
    webhook.close()


@pytest.fixture(scope="module")
def run_dag(stack, sink, contract, airflow_db, tmp_path_factory, dagbag):
    """dag.test() of realtime_monitoring with the platform's variables, pointed at the local servers."""
    files = tmp_path_factory.mktemp("dag-test")
    variables = {**contract["variables"], "prometheus_url": stack.prometheus_url, "alertmanager_url": stack.alertmanager_url}
    (files / "variables.json").write_text(json.dumps(variables))
    (files / "connections.json").write_text(
        json.dumps({"slack_pipeline_alerts": {"conn_type": "slackwebhook", "password": sink.url}})
    )
    dag = dagbag.dags["realtime_monitoring"]

    def run():
        dag_run = dag.test(variable_file_path=str(files / "variables.json"), conn_file_path=str(files / "connections.json"))
        states = {ti.task_id: ti.state for ti in dag_run.get_task_instances()}
        return dag_run.state, states

    return run


def test_healthy_platform_succeeds(run_dag, stack):
    state, tasks = run_dag()
    assert (state, tasks) == ("success", {"health_check": "success", "performance_check": "success", "alert_check": "success"})


def test_component_down_fails_health_check_naming_it(run_dag, stack, sink, capfd):
    stack.exporters["spark"].stop()
    try:
        wait_until("spark down in Prometheus", lambda: stack.up().get("spark") == 0.0, describe=stack.output)
        sink.messages.clear()
        state, tasks = run_dag()
        output = capfd.readouterr()
    finally:
        stack.exporters["spark"].start()
        wait_until("spark back up", lambda: stack.up().get("spark") == 1.0, describe=stack.output)
    assert state == "failed"
    assert tasks["health_check"] == "failed"
    assert tasks["performance_check"] == "upstream_failed"
    assert f"components down: spark (127.0.0.1:{stack.exporters['spark'].port})" in output.out + output.err
    assert any("realtime_monitoring" in m.get("text", "") and "health_check" in m.get("text", "") for m in sink.messages), (
        sink.messages
    )


def test_lag_over_threshold_fails_performance_check_naming_the_component(run_dag, stack, contract, capfd):
    threshold = json.loads(contract["variables"]["pipeline_thresholds"])["processingLagSeconds"]
    stack.exporters["kafka"].lag_seconds = threshold + 100
    try:
        wait_until(
            "kafka lag over the threshold in Prometheus",
            lambda: stack.value("pipeline_processing_lag_seconds").get("kafka", 0) > threshold,
        )
        state, tasks = run_dag()
        output = capfd.readouterr()
    finally:
        stack.exporters["kafka"].lag_seconds = 20.0
    assert state == "failed"
    assert tasks["health_check"] == "success"
    assert tasks["performance_check"] == "failed"
    assert f"processing lag over {threshold:g} s: kafka at {threshold + 100:g}" in output.out + output.err


def test_lag_at_the_threshold_passes(run_dag, stack, contract):
    threshold = json.loads(contract["variables"]["pipeline_thresholds"])["processingLagSeconds"]
    stack.exporters["clickhouse"].lag_seconds = threshold
    try:
        wait_until(
            "clickhouse lag at the threshold",
            lambda: stack.value("pipeline_processing_lag_seconds").get("clickhouse") == threshold,
        )
        state, _ = run_dag()
    finally:
        stack.exporters["clickhouse"].lag_seconds = 20.0
    assert state == "success"
