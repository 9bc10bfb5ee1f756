"""Download recruiting cancer trials from the ClinicalTrials.gov API v2, page by page, into the store.

Paginated with `pageToken`; the token of the next page is saved in the store after each page is written, so
an interrupted update resumes where it stopped. The HTTP client is passed in (tests use a recorded response
through `httpx.MockTransport`; nothing here opens a connection on its own). Offline → `UpdateOffline`, and the
store keeps what it had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from oncotailor.trials.importers import to_trial
from oncotailor.trials.store import TrialStore

API = "https://clinicaltrials.gov/api/v2/studies"
TOKEN_KEY = "ctgov_update_page_token"
DEFAULT_PARAMS = {
    "query.cond": "cancer OR neoplasm OR tumor OR carcinoma OR lymphoma OR leukemia OR myeloma OR sarcoma",
    "filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING",
    "format": "json",
}


class UpdateOffline(Exception):
    """The API could not be reached (no network, DNS, timeout, HTTP error)."""


@dataclass
class UpdateResult:
    pages: int = 0
    studies: int = 0
    added: int = 0
    updated: int = 0
    resumed: bool = False
    complete: bool = False


def run_update(store: TrialStore, client: httpx.Client, *, page_size: int = 100, max_pages: int | None = None,
               progress: Callable[[int, int | None], None] | None = None) -> UpdateResult:
    """Fetch pages until the last one (or max_pages); each page is written in its own transaction."""
    res = UpdateResult()
    token = store.get_meta(TOKEN_KEY)
    res.resumed = token is not None
    total: int | None = None
    while max_pages is None or res.pages < max_pages:
        params: dict[str, str | int] = {**DEFAULT_PARAMS, "pageSize": page_size, "countTotal": "true"}
        if token:
            params["pageToken"] = token
        try:
            r = client.get(API, params=params, timeout=30.0)
            r.raise_for_status()
            page = r.json()
        except (httpx.TransportError, httpx.HTTPStatusError, ValueError) as e:
            raise UpdateOffline(f"{type(e).__name__}: {str(e)[:160]}") from None
        total = page.get("totalCount", total)
        trials = [to_trial(s, file=API, index=i) for i, s in enumerate(page.get("studies") or [])]
        written = store.upsert(trials)
        res.pages += 1
        res.studies += len(trials)
        res.added += written.added
        res.updated += written.updated
        token = page.get("nextPageToken")
        store.set_meta(TOKEN_KEY, token)
        if progress:
            progress(len(trials), total)
        if not token:
            res.complete = True
            break
    return res
