"""Read back what a flow run published, from the Prefect API the tests run against."""
from __future__ import annotations

import json
import uuid


def run_artifacts(flow_run_id: str) -> dict[str, object]:
    """The flow run's artifacts by key (the latest version of each)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[uuid.UUID(flow_run_id)])))
    return {a.key: a for a in found}


def table_columns(artifact) -> dict[str, list]:
    """A table artifact's data as {column: values}."""
    return json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
