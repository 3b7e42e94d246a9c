"""Sites, brands, deeds, pairings, achievements and news: a page each
(templates: site.html, brand.html, deed.html, pairing.html, achievement.html, news.html, list.html)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ... import entities as e
from ...model.column import SiteStatus
from ...terms import quarter_label
from .common import Around, Link, OrgLink, Photo, ViewsBase, url_of
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


class RecordViews(ViewsBase):
    def site(self, site_id: str, around: Around | None = None) -> SiteView:
        site = self.column.data.sites[site_id]
        haves = set(site.six_haves)
        return SiteView(
            site, url_of("sites", site_id), self.org_link(site.org), self.column.site_status(site_id),
            tuple((h, h in haves) for h in self.column.settings.six_haves), tuple(site.reviews),
            self.render(site.description), self.photos(site.photos, f"{self.column.orgs[site.org].name}示范点"), around,
        )

    def brand(self, brand_id: str, around: Around | None = None) -> BrandView:
        brand = self.column.data.brands[brand_id]
        system_url = self.system_url(brand.system) if brand.system in self.system_slugs else ""
        return BrandView(brand, url_of("brands", brand_id), self.org_link(brand.owner),
                         self.render(brand.description), self.photos(brand.photos, f"党建品牌“{brand.name}”"), around,
                         system_url)

    def deed(self, deed_id: str, around: Around | None = None) -> DeedView:
        deed = self.column.data.deeds[deed_id]
        subject = deed.person or self.column.orgs[deed.org].name
        return DeedView(deed, url_of("deeds", deed_id), self.org_link(deed.org), subject,
                        self.render(deed.story), self.photos(deed.photos, deed.title), around)

    def pairing(self, pairing_id: str, around: Around | None = None) -> PairingView:
        pairing = self.column.data.pairings[pairing_id]
        history = tuple((quarter_label(q), s) for q, s in self.column.star_history(pairing.learner) if s is not None)
        return PairingView(pairing, url_of("pairings", pairing_id), self.org_link(pairing.learner),
                           self.org_link(pairing.benchmark), history, around)

    def achievement(self, achievement_id: str, around: Around | None = None) -> AchievementView:
        achievement = self.column.data.achievements[achievement_id]
        return AchievementView(achievement, url_of("achievements", achievement_id), self.org_link(achievement.org),
                               self.render(achievement.body), around)

    def news(self, news_id: str, around: Around | None = None) -> NewsView:
        news = self.column.data.news[news_id]
        notice = Link(f"{quarter_label(news.notice)}评星定级结果公示", notice_url(news.notice)) if news.notice else None
        return NewsView(news, url_of("news", news_id), tuple(self.org_link(o) for o in news.orgs),
                        self.render(news.body), around, notice)
