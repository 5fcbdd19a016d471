"""deploy/kubernetes/ is valid for the Kubernetes release councils' managed clusters run
(checked offline against the API's schemas by kubernetes-validate, since no cluster runs
here), and says what the app needs: probes on /readyz and /healthz, migrations as a Job, one
beat, an autoscaled web, disruption budgets, and workers that hand a job back when stopped."""

import copy
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "deploy" / "kubernetes"
# The release the manifests are written for, and the newest the validator knows.
KUBERNETES_VERSIONS = ["1.33.0", "1.37.0"]


def documents() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(FOLDER.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                found.append((path.name, doc))
    return found


def resource(kind: str, name: str) -> dict:
    for _, doc in documents():
        if doc["kind"] == kind and doc["metadata"]["name"] == name:
            return doc
    raise AssertionError(f"no {kind} {name} in deploy/kubernetes")


def container(deployment: str) -> dict:
    (only,) = resource("Deployment", deployment)["spec"]["template"]["spec"]["containers"]
    return only


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize(
    ("filename", "doc"), documents(), ids=[f"{f}:{d['kind']}" for f, d in documents()]
)
def test_each_manifest_is_valid_for_the_kubernetes_release(filename, doc, version):
    kubernetes_validate.validate(doc, version, strict=True)


def test_web_is_ready_on_readyz_and_alive_on_healthz():
    web = container("golden-thread-web")
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert web["command"] == ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py"]
    service = resource("Service", "golden-thread-web")
    assert (
        service["spec"]["selector"]
        == resource("Deployment", "golden-thread-web")["spec"]["selector"]["matchLabels"]
    )


def test_the_web_scales_on_cpu_and_keeps_one_pod_through_a_drain():
    hpa = resource("HorizontalPodAutoscaler", "golden-thread-web")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "golden-thread-web",
    }
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    assert resource("PodDisruptionBudget", "golden-thread-web")["spec"]["minAvailable"] == 1


def test_beat_is_one_pod_never_two():
    beat = resource("Deployment", "golden-thread-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert container("golden-thread-beat")["command"][:4] == ["celery", "-A", "config", "beat"]


def test_workers_hand_a_job_back_within_their_grace_period():
    worker = resource("Deployment", "golden-thread-worker")
    env = {item["name"]: item["value"] for item in container("golden-thread-worker")["env"]}
    assert env["REMAP_SIGTERM"] == "SIGQUIT"
    settings = resource("ConfigMap", "golden-thread")["data"]
    grace = worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert int(settings["WORKER_SHUTDOWN_SECONDS"]) + 15 <= grace
    assert container("golden-thread-worker")["command"][:4] == ["celery", "-A", "config", "worker"]


def test_migrations_run_as_a_job_with_the_same_settings():
    job = resource("Job", "golden-thread-migrate")
    (migrate,) = job["spec"]["template"]["spec"]["containers"]
    assert "manage.py migrate --no-input" in " ".join(migrate["command"])
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    sources = {next(iter(ref.values()))["name"] for ref in migrate["envFrom"]}
    assert sources == {"golden-thread"}


def test_every_app_pod_reads_the_configmap_and_secret_and_runs_as_the_image_user():
    for name in ("golden-thread-web", "golden-thread-worker", "golden-thread-beat"):
        spec = resource("Deployment", name)["spec"]["template"]["spec"]
        refs = [list(ref)[0] for ref in spec["containers"][0]["envFrom"]]
        assert refs == ["configMapRef", "secretRef"]
        assert spec["securityContext"]["runAsUser"] == 10001


def test_the_example_secret_names_the_settings_the_app_needs_and_no_real_value():
    secret = resource("Secret", "golden-thread")["stringData"]
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN"} <= set(secret)
    assert all("change-me" in value or "example" in value for value in secret.values())


def test_compose_checks_the_web_on_healthz_and_workers_hand_jobs_back():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in check
    assert compose["services"]["worker"]["environment"]["REMAP_SIGTERM"] == "SIGQUIT"


def test_files_go_to_the_bucket_so_no_pod_mounts_a_files_volume():
    settings = resource("ConfigMap", "golden-thread")["data"]
    assert settings["STORAGE_BUCKET"]
    secret = resource("Secret", "golden-thread")["stringData"]
    assert {"STORAGE_ACCESS_KEY_ID", "STORAGE_SECRET_ACCESS_KEY"} <= set(secret)
    for name in ("golden-thread-web", "golden-thread-worker", "golden-thread-beat"):
        spec = resource("Deployment", name)["spec"]["template"]["spec"]
        claims = [v for v in spec.get("volumes", []) if "persistentVolumeClaim" in v]
        assert claims == [], name


def json_patched(doc: dict, patch: list[dict]) -> dict:
    """`kubectl patch --type json` for the "add" operations the optional patch uses."""
    doc = copy.deepcopy(doc)
    for operation in patch:
        assert operation["op"] == "add"
        *parents, last = operation["path"].strip("/").split("/")
        target = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if last == "-":
            target.append(operation["value"])
        else:
            target[last] = operation["value"]
    return doc


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_optional_shared_volume_mounts_on_web_and_worker(version):
    optional = FOLDER / "shared-volume"
    (claim,) = yaml.safe_load_all((optional / "media-pvc.yaml").read_text())
    kubernetes_validate.validate(claim, version, strict=True)
    patch = yaml.safe_load((optional / "mount-media.yaml").read_text())
    for name in ("golden-thread-web", "golden-thread-worker"):
        patched = json_patched(resource("Deployment", name), patch)
        kubernetes_validate.validate(patched, version, strict=True)
        spec = patched["spec"]["template"]["spec"]
        assert {"name": "media", "persistentVolumeClaim": {"claimName": "golden-thread-media"}} in (
            spec["volumes"]
        )
        mounts = spec["containers"][0]["volumeMounts"]
        assert {"name": "media", "mountPath": "/app/media"} in mounts
    assert claim["metadata"]["name"] == "golden-thread-media"
