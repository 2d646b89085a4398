from __future__ import annotations

from pathlib import Path

import pytest

from rolecall.errors import ConfigError
from rolecall.feeds.sources import load_sources, parse_sources


def test_each_kind_becomes_a_feed_with_its_api_url() -> None:
    src = parse_sources(
        {
            "greenhouse": ["quillworks"],
            "lever": ["lanternfish"],
            "ashby": "marigold",
            "jsonld": ["https://careers.example/jobs/1"],
        }
    )
    assert src.errors == []
    assert [(f.key, f.url) for f in src.feeds] == [
        ("greenhouse:quillworks", "https://boards-api.greenhouse.io/v1/boards/quillworks/jobs?content=true"),
        ("lever:lanternfish", "https://api.lever.co/v0/postings/lanternfish?mode=json"),
        ("ashby:marigold", "https://api.ashbyhq.com/posting-api/job-board/marigold?includeCompensation=true"),
        ("jsonld:https://careers.example/jobs/1", "https://careers.example/jobs/1"),
    ]
    assert [f.fmt for f in src.feeds] == ["greenhouse", "lever", "ashby", None]


def test_new_ats_kinds_get_their_documented_endpoints() -> None:
    src = parse_sources(
        {
            "smartrecruiters": ["QuarryBots"],
            "workday": ["tidewater.wd1/Careers"],
            "personio": ["lindenhof"],
            "workable": ["fernhill"],
            "recruitee": ["kestrelfreight"],
            "teamtailor": ["https://careers.birchway.example/"],
            "usajobs": ["Keyword=oceanographer&LocationName=Norfolk"],
        }
    )
    assert src.errors == []
    assert [f.url for f in src.feeds] == [
        "https://api.smartrecruiters.com/v1/companies/QuarryBots/postings",
        "https://tidewater.wd1.myworkdayjobs.com/wday/cxs/tidewater/Careers/jobs",
        "https://lindenhof.jobs.personio.de/xml?language=en",
        "https://apply.workable.com/api/v1/widget/accounts/fernhill?details=true",
        "https://kestrelfreight.recruitee.com/api/offers/",
        "https://careers.birchway.example/jobs.json",
        "https://data.usajobs.gov/api/search?Keyword=oceanographer&LocationName=Norfolk",
    ]
    assert [f.paged for f in src.feeds] == [True, True, False, False, False, False, True]


def test_base_urls_point_feeds_elsewhere() -> None:
    src = parse_sources({"greenhouse": ["q"], "base_urls": {"greenhouse": "http://127.0.0.1:9/gh/"}})
    assert src.feeds[0].url == "http://127.0.0.1:9/gh/q/jobs?content=true"


def test_bad_entries_are_reported_and_the_rest_kept() -> None:
    src = parse_sources(
        {
            "greenhouse": ["ok-board", "../etc/passwd", "ok-board"],
            "jsonld": ["ftp://nope"],
            "workday": ["x"],
            "monster": ["x"],
            "base_urls": {"lever": "not a url"},
        },
        where="feeds.yml",
    )
    assert [f.key for f in src.feeds] == ["greenhouse:ok-board"]
    joined = "\n".join(src.errors)
    assert "'../etc/passwd' is not a board name" in joined
    assert "ftp://nope" in joined and "unknown key 'monster'" in joined and "base_urls.lever" in joined
    assert "'x' is not a 'tenant.wdN/site' board" in joined
    assert all(e.startswith("feeds.yml") for e in src.errors)


def test_unreadable_or_invalid_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing\.yml"):
        load_sources(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("greenhouse: [unclosed\n")
    with pytest.raises(ConfigError, match=r"bad\.yml: not valid YAML"):
        load_sources(bad)
    assert load_sources(None).feeds == []
