"""Sites, brands, deeds, pairings, achievements and news: a page each
(templates: site.html, brand.html, deed.html, pairing.html, achievement.html, news.html, list.html)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup

from ... import entities as e
from ...model.column import SiteStatus
from ...terms import quarter_label
from .common import Around, Link, OrgLink, Pager, Photo, ViewsBase, url_of
from .notices import notice_url

@dataclass(frozen=True)
class SiteView:
    site: e.Site
    url: str
    org: OrgLink
    status: SiteStatus
    six_haves: tuple[tuple[str, bool], ...]
    reviews: tuple[e.Review, ...]
    description: Markup | None
    photos: tuple[Photo, ...]
    around: Around | None = None


@dataclass(frozen=True)
class BrandView:
    brand: e.Brand
    url: str
    owner: OrgLink
    description: Markup | None
    photos: tuple[Photo, ...]
    around: Around | None = None
    system_url: str = ""  # the page of the system whose brand it is


@dataclass(frozen=True)
class DeedView:
    deed: e.Deed
    url: str
    org: OrgLink
    subject: str  # the person, or the organization for a collective deed
    story: Markup | None
    photos: tuple[Photo, ...]
    around: Around | None = None


@dataclass(frozen=True)
class PairingView:
    pairing: e.Pairing
    url: str
    learner: OrgLink
    benchmark: OrgLink
    learner_history: tuple[tuple[str, int | None], ...]
    around: Around | None = None


@dataclass(frozen=True)
class AchievementView:
    achievement: e.Achievement
    url: str
    org: OrgLink
    body: Markup | None
    around: Around | None = None


@dataclass(frozen=True)
class NewsView:
    news: e.News
    url: str
    orgs: tuple[OrgLink, ...]
    body: Markup | None
    around: Around | None = None
    notice: Link | None = None  # the quarter's notice the item announces


@dataclass(frozen=True)
class SiteRow:
    link: Link
    level: str
    year: str  # the year it was named, or applied for while it waits
    status: SiteStatus


@dataclass(frozen=True)
class SitesView:
    """A page of the sites' list, filterable by level, year and status; or one year's namings."""

    title: str
    intro: str
    rows: tuple[SiteRow, ...]
    levels: tuple[str, ...]
    years: tuple[str, ...]
    statuses: tuple[tuple[str, str], ...]  # key, label
    pager: Pager | None = None
    this_year: Link | None = None  # the page of the year's namings


SITE_STATUSES = (("active", "有效"), ("rectifying", "限期整改中"), ("revoked", "已取消命名"), ("applied", "已申报"))


class RecordViews(ViewsBase):
    def site(self, site_id: str, around: Around | None = None) -> SiteView:
        site = self.column.data.sites[site_id]
        haves = set(site.six_haves)
        return SiteView(
            site, url_of("sites", site_id), self.org_link(site.org), self.column.site_status(site_id),
            tuple((h, h in haves) for h in self.column.settings.six_haves), tuple(site.reviews),
            self.markdown(site.description), self.photos(site.photos, f"{self.column.orgs[site.org].name}示范点"), around,
        )

    def brand(self, brand_id: str, around: Around | None = None) -> BrandView:
        brand = self.column.data.brands[brand_id]
        system_url = self.system_url(brand.system) if brand.system in self.system_slugs else ""
        return BrandView(brand, url_of("brands", brand_id), self.org_link(brand.owner),
                         self.markdown(brand.description), self.photos(brand.photos, f"党建品牌“{brand.name}”"), around,
                         system_url)

    def deed(self, deed_id: str, around: Around | None = None) -> DeedView:
        deed = self.column.data.deeds[deed_id]
        subject = deed.person or self.column.orgs[deed.org].name
        return DeedView(deed, url_of("deeds", deed_id), self.org_link(deed.org), subject,
                        self.markdown(deed.story), self.photos(deed.photos, deed.title), around)

    def pairing(self, pairing_id: str, around: Around | None = None) -> PairingView:
        pairing = self.column.data.pairings[pairing_id]
        history = tuple((quarter_label(q), s) for q, s in self.column.star_history(pairing.learner) if s is not None)
        return PairingView(pairing, url_of("pairings", pairing_id), self.org_link(pairing.learner),
                           self.org_link(pairing.benchmark), history, around)

    def achievement(self, achievement_id: str, around: Around | None = None) -> AchievementView:
        achievement = self.column.data.achievements[achievement_id]
        return AchievementView(achievement, url_of("achievements", achievement_id), self.org_link(achievement.org),
                               self.markdown(achievement.body), around)

    def news(self, news_id: str, around: Around | None = None) -> NewsView:
        news = self.column.data.news[news_id]
        notice = Link(f"{quarter_label(news.notice)}评星定级结果公示", notice_url(news.notice)) if news.notice else None
        return NewsView(news, url_of("news", news_id), tuple(self.org_link(o) for o in news.orgs),
                        self.markdown(news.body), around, notice)

    def _site_rows(self, sites: list[e.Site], links) -> SitesView:
        column = self.column
        rows = tuple(SiteRow(link, site.level, str(e.site_date(site).year), column.site_status(site.id))
                     for site, link in zip(sites, links))
        everything = column.data.sites.values()
        return SitesView("", "", rows, tuple(level for level in column.settings.levels if any(s.level == level for s in everything)),
                         tuple(sorted({str(e.site_date(s).year) for s in everything}, reverse=True)),
                         tuple((k, label) for k, label in SITE_STATUSES
                               if any(column.site_status(s.id).key == k for s in everything)))

    def site_list(self, sites: list[e.Site], links, pager: Pager | None) -> SitesView:
        year = self.column.as_of.year
        view = self._site_rows(sites, links)
        return replace(view, title="示范点", intro="各级命名的示范点，以及已申报、待命名的。已取消命名的仍然列出，并注明状态。",
                       pager=pager, this_year=Link(f"{year} 年命名的示范点", "sites/this-year/"))

    def sites_of_the_year(self) -> SitesView:
        column = self.column
        year = column.as_of.year
        sites = sorted((s for s in column.data.sites.values() if s.named and s.named.year == year),
                       key=lambda s: (s.named, s.id), reverse=True)
        links = [Link(f"{column.orgs[s.org].name}：{s.level}{s.title}", url_of("sites", s.id), s.named,
                      column.site_status(s.id).label) for s in sites]
        view = self._site_rows(sites, links)
        return replace(view, title=f"{year} 年命名的示范点",
                       intro=f"{year} 年内命名的示范点，共 {len(sites)} 个，最近命名的在前。")
