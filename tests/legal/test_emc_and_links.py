"""EMC only when set (footer, script, policy), and the public-service and related links."""

from __future__ import annotations

import pytest

from tests.support.sites import Site, output_text
from wardportal.csp import CONTENT_SECURITY_POLICY, MAP_PATH, policy_of_site

EMC = {
    "EMC_SCRIPT_URL": "https://emc.example.gov.vn/emc/script.js?id=42",
    "EMC_BADGE_LINK": "https://emc.example.gov.vn/site/42",
    "EMC_BADGE_IMAGE": "https://badge.example.gov.vn/emc.png",
}


def external_requests(site: Site, url: str) -> list[str]:
    """What a page loads by itself from anywhere: scripts, images, styles."""
    page = site.html(url)
    found = [tag.get("src", "") for tag in page.select("script[src], img[src]")]
    found += [tag["href"] for tag in page.select("link[rel=stylesheet], link[rel=icon]")]
    return [ref for ref in found if ref.startswith(("http:", "https:", "//"))]


def test_without_emc_nothing_is_loaded_from_other_sites(site: Site):
    site.article("a", "Bài")
    site.build()
    assert external_requests(site, "/") == []
    assert site.html("/").select(".emc-badge") == []
    assert policy_of_site(site.output) == CONTENT_SECURITY_POLICY
    assert "emc" not in (site.output / MAP_PATH).read_text(encoding="utf-8")


def test_with_emc_the_footer_loads_its_script_and_the_policy_names_its_hosts(site: Site):
    site.article("a", "Bài")
    site.build(settings=site.settings("conf", **EMC))
    page = site.html("/")
    script = page.select_one("footer script")
    assert script["src"] == EMC["EMC_SCRIPT_URL"] and script.has_attr("async")
    assert script.get_text() == "", "external only: nothing inline"
    assert all(tag.has_attr("src") for tag in page.select("script"))
    badge = page.select_one("footer .emc-badge a")
    assert badge["href"] == EMC["EMC_BADGE_LINK"]
    assert badge.img["src"] == EMC["EMC_BADGE_IMAGE"] and badge.img["alt"]
    assert external_requests(site, "/") == [EMC["EMC_BADGE_IMAGE"], EMC["EMC_SCRIPT_URL"]]
    policy = dict(directive.split(" ", 1) for directive in policy_of_site(site.output).split("; "))
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval' https://emc.example.gov.vn"
    assert policy["connect-src"] == "'self' https://emc.example.gov.vn"
    assert policy["img-src"] == "'self' https://emc.example.gov.vn https://badge.example.gov.vn"
    assert policy["default-src"] == "'self'" and "unsafe-inline" not in str(policy)


@pytest.mark.parametrize(
    "changes",
    [
        {"EMC_SCRIPT_URL": "http://emc.example.gov.vn/a.js"},
        {"EMC_SCRIPT_URL": "https://emc.example.gov.vn/a.js'; script-src *"},
        {"EMC_SCRIPT_URL": "emc.example.gov.vn/a.js"},
        {"EMC_BADGE_IMAGE": "https://badge.example.gov.vn/a.png"},
    ],
)
def test_an_emc_address_that_cannot_be_right_stops_the_build(site: Site, changes: dict):
    site.article("a", "Bài")
    result = site.build(settings=site.settings("conf", **changes), ok=False)
    assert "EMC_" in output_text(result)
    assert not site.output.exists()


def test_the_footer_links_the_service_portals_and_related_agencies(site: Site):
    site.article("a", "Bài")
    site.build()
    footer = site.html("/").select_one("footer")
    services = footer.select_one('nav[aria-labelledby="chan-dich-vu-cong"]')
    hrefs = [a["href"] for a in services.select("a")]
    assert hrefs[0] == "https://dichvucong.gov.vn/"
    assert "https://dichvucong.ninhbinh.gov.vn/" in hrefs
    assert hrefs[-1] == "/dich-vu-cong/"
    related = footer.select_one('nav[aria-labelledby="chan-lien-ket"]')
    assert "https://chinhphu.vn/" in [a["href"] for a in related.select("a")]
    page = site.html("/dich-vu-cong/")
    procedures = [a.get_text() for a in page.select("main .link-list")[1].select("a")]
    assert "Đăng ký khai sinh" in procedures


def test_services_and_links_follow_the_settings(site: Site):
    site.article("a", "Bài")
    conf = site.settings(
        "conf",
        SERVICE_PORTALS=(("Cổng A", "https://a.example.vn/"),),
        SERVICE_PROCEDURES=(),
        RELATED_LINKS=(),
    )
    site.build(settings=conf)
    footer = site.html("/").select_one("footer")
    assert [a["href"] for a in footer.select('nav[aria-labelledby="chan-dich-vu-cong"] a')] == [
        "https://a.example.vn/"
    ]
    assert footer.select('nav[aria-labelledby="chan-lien-ket"]') == []
    assert not site.exists("/dich-vu-cong/"), "no procedures, no page"


@pytest.mark.parametrize(
    "links",
    [(("Cổng A", "a.example.vn"),), (("Cổng A",),), ("https://a.example.vn/",)],
)
def test_a_malformed_link_list_stops_the_build(site: Site, links):
    site.article("a", "Bài")
    result = site.build(settings=site.settings("conf", RELATED_LINKS=links), ok=False)
    assert "RELATED_LINKS có mục" in output_text(result)
